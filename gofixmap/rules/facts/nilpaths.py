"""Which constructions leave a map field nil, and which of them can reach a
given write: the structs that hold the owner by value (a literal of the
holder that omits the owner's field leaves it zero), minus the values made
before use (``x := &T{}; x.f = make(...)``, an initialising method called
on the value), a value whose only uses are methods that never reach the
writing method, and test constructions for production writes.

The module is longer than 600 lines because "made before use" and "can
reach the write" each follow a value through its statements, its callers'
arguments and (for a package variable) package initialisation, and both
must agree on what a construction is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import Field
from gofixmap.codemod.syntax import norm
from gofixmap.rules.facts import optional
from gofixmap.rules.facts.constructions import Construction, Constructions, func_name
from gofixmap.rules.facts.interfaces import Asserted
from gofixmap.rules.facts.lifecycle import initialises
from gofixmap.rules.facts.serial import self_decoders
from gofixmap.rules.facts.startup import is_init_function
from gofixmap.rules.facts.testonly import TestOnly
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node


def value_paths(types: TypeResolver, owner: str) -> list[tuple[str, tuple[str, ...]]]:
    """Structs S holding ``owner`` by value, with the field path from S to it.

    ``(owner, ())`` comes first.
    """
    result: list[tuple[str, tuple[str, ...]]] = [(owner, ())]
    frontier: list[tuple[str, tuple[str, ...]]] = [(owner, ())]
    for _ in range(4):
        nxt: list[tuple[str, tuple[str, ...]]] = []
        for inner, path in frontier:
            for decl in types.pkg.types.values():
                if not decl.is_struct or decl.type_params:
                    continue
                for f in decl.fields:
                    if f.type_text.strip() == inner and not _embedded_pointer(decl.file, f):
                        item = (decl.name, (f.name, *path))
                        if all(r[0] != decl.name for r in result):
                            result.append(item)
                            nxt.append(item)
        frontier = nxt
    return result


def nil_paths(
    info: Constructions, owner: str, field_name: str, tail: tuple[str, ...] = ()
) -> list[tuple[Construction, bool]]:
    """Constructions that leave ``owner.field_name`` nil, with ``direct``:
    True when the construction is a literal of ``owner`` itself that omits it.
    With ``tail``, ``field_name`` holds a dependency's struct by value and the
    map is ``field_name.tail...``: the paths that leave that struct zero."""
    types = info.types
    result: list[tuple[Construction, bool]] = []
    owner_decl = types.pkg.struct(owner)
    if owner_decl is None:
        return result
    for holder, path in value_paths(types, owner):
        full = (*path, field_name, *tail)
        first = full[0]
        decl = types.pkg.struct(holder)
        if decl is None:
            continue
        for c in info.constructions.get(holder, ()):
            if c.kind == "literal":
                if c.keys is None:
                    if path:
                        continue  # positional: sets the value field
                    position = next(
                        (i for i, f in enumerate(decl.fields) if f.name == field_name), -1
                    )
                    if position not in c.nil_positions:
                        continue
                elif first in c.keys:
                    continue
                elif first not in {f.name for f in decl.fields}:
                    continue  # promoted, set through an embedded literal
            if made_later(info, c, full):
                continue
            if c.kind == "decoded" and _decoded_by_own_method(types, c, holder, full):
                continue
            result.append((c, c.kind == "literal" and not path))
    return result


def _decoded_by_own_method(
    types: TypeResolver, c: Construction, holder: str, full: tuple[str, ...]
) -> bool:
    """The decoder of ``c`` calls a method of ``holder`` (``UnmarshalJSON``,
    ``UnmarshalXML``, ``UnmarshalYAML``, ``UnmarshalText``...) instead of
    filling its fields, and every such method ``holder`` has makes the map
    ``full`` on every path that returns a nil error: a value decoded without
    an error has it made (a failed decode is no value to write into)."""
    names = self_decoders(types.pkg, c.file, c.node)
    methods = [m for m in types.pkg.methods(holder) if m.name in names]
    return bool(methods) and all(initialises(m, ".".join(full), made=True) for m in methods)


def made_later(info: Constructions, c: Construction, full: tuple[str, ...]) -> bool:
    """``x := &T{}; x.f = make(...)``: the variable gets the field before use;
    ``xs := make([]T, n)`` followed by a loop that sets the field of every
    element (:func:`_filled_by_range`)."""
    if c.kind == "make":
        return _filled_by_range(c, full)
    if not c.var:
        return False
    types = info.types
    # (file, root, the byte every node must start at or after)
    scope: list[tuple[src.SourceFile, Node, int]] = []
    after = c.node.end_byte
    if c.func is not None:
        scope.append((c.file, c.func, after))
    else:
        scope.extend((f, f.root, after) for f in types.pkg.files if f.path == c.file.path)
        scope.extend(_other_inits(types, c.file))
    bases = {c.var}
    head, _, last = c.var.rpartition(".")
    if head and last == c.type_name:
        bases.add(head)  # ``p.E = new(E)`` with E embedded: ``p.f`` is ``p.E.f``
    prefixes = {
        norm(".".join((base, *full[:n]))) for base in bases for n in range(1, len(full) + 1)
    }
    init_methods: set[str] = set()
    for name in full:
        init_methods |= info.initialisers.get(name, set())
    init_methods = info.calls.calling_methods(init_methods)
    # ``lv.m.reset()`` makes ``lv.m.f``: receivers along the path
    receivers = {norm(".".join((base, *full[:n]))) for base in bases for n in range(0, len(full))}
    for file, root, start in scope:
        for node in src.of_types(root, ("assignment_statement", "call_expression")):
            if node.start_byte < start:
                continue
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                if left is None or right is None:
                    continue
                values = right.named_children
                for i, target in enumerate(left.named_children):
                    text = norm(file.text(target))
                    value = values[i] if i < len(values) else None
                    if text in prefixes and (value is None or value.type != "nil"):
                        return True
                    if text == c.var and c.kind == "var":
                        return True  # the variable is replaced
            elif node.type == "call_expression" and init_methods:
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    operand = fn.child_by_field_name("operand")
                    method = fn.child_by_field_name("field")
                    if (
                        operand is not None
                        and method is not None
                        and norm(file.text(operand)) in receivers
                        and file.text(method) in init_methods
                    ):
                        return True
    return False


def _other_inits(
    types: TypeResolver, declared: src.SourceFile
) -> list[tuple[src.SourceFile, Node, int]]:
    """The ``func init()`` of the package's other files (production files
    only, unless ``declared`` is a test file: a _test.go init runs only in
    the test binary) that run before any code of the package can use a
    package variable of ``declared``. Package initialisation runs the
    package-level variable initialisers, then every ``init`` in the order
    the files are given to the compiler (sorted by name) and in source
    order within a file, all before any other code of the package runs
    (importers initialise after it). An ``init`` counts only when no
    initialisation code before it calls a function of the package (or a
    method on a package variable): such a call may reach the variable
    before the ``init`` replaces it."""
    in_test = declared.path.endswith("_test.go")
    files = sorted(
        (f for f in types.pkg.files if in_test or not f.path.endswith("_test.go")),
        key=lambda f: os.path.basename(f.path),
    )
    if any(
        _calls_package_code(types, f, decl)
        for f in files
        for decl in f.root.named_children
        if decl.type == "var_declaration"
    ):
        return []
    found: list[tuple[src.SourceFile, Node, int]] = []
    for f in files:
        for decl in f.root.named_children:
            if not is_init_function(decl):
                continue
            if f.path != declared.path:
                found.append((f, decl, 0))
            if _calls_package_code(types, f, decl):
                return found
    return found


def _calls_package_code(types: TypeResolver, file: src.SourceFile, root: Node) -> bool:
    """``root`` calls a function of the package, or a method on a package
    variable."""
    for call in src.of_types(root, ("call_expression",)):
        fn = call.child_by_field_name("function")
        if fn is None:
            continue
        fn = sx.unparen(fn)
        if fn.type == "identifier" and file.text(fn) in types.pkg.funcs:
            return True
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            if (
                operand is not None
                and operand.type == "identifier"
                and file.text(operand) in types.pkg.vars
            ):
                return True
    return False


def _filled_by_range(c: Construction, full: tuple[str, ...]) -> bool:
    """``xs := make([]T, n)`` and, in the same block right after it (other
    statements may come between), ``for i := range xs { ...; xs[i].f = v }``
    with the assignment a statement of the loop body, no ``continue`` or
    ``break`` before it and ``v`` not ``nil``: every element gets ``f``
    before the slice is used."""
    holder = c.node.parent
    decl = holder.parent if holder is not None else None
    if holder is None or decl is None or holder.type != "expression_list":
        return False
    if decl.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = decl.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 1 or len(holder.named_children) != 1 or names[0].type != "identifier":
        return False
    var = c.file.text(names[0])
    target = norm(".".join(full))
    args = c.node.child_by_field_name("arguments")
    sizes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    size = norm(c.file.text(sizes[1])) if len(sizes) > 1 else ""
    stmt = sx.next_statement(decl)
    while stmt is not None:
        if stmt.type == "for_statement" and _range_fills(c.file, stmt, var, target, size):
            return True
        if var.encode() in c.file.data[stmt.start_byte : stmt.end_byte]:
            return False  # the slice is used before a loop fills it
        stmt = sx.next_statement(stmt)
    return False


def _range_fills(file: src.SourceFile, loop: Node, var: str, target: str, size: str) -> bool:
    """``for i := range xs`` (or ``for i := 0; i < len(xs); i++``, ``i < n``
    with ``n`` the length ``make`` was given) whose body sets ``xs[i].f``."""
    index = _every_index(file, loop, var, size)
    if index is None:
        return False
    body = loop.child_by_field_name("body")
    for stmt in sx.block_statements(body):
        if stmt.type in ("continue_statement", "break_statement", "return_statement"):
            return False
        if stmt.type != "assignment_statement":
            if any(
                n.type in ("continue_statement", "break_statement", "goto_statement")
                for n in sx.walk(stmt, closures=False)
            ):
                return False
            continue
        sides = sx.plain_assignment(stmt)
        if sides is None:
            continue
        lefts, rights = (side.named_children for side in sides)
        if len(lefts) != 1 or len(rights) != 1 or rights[0].type == "nil":
            continue
        if norm(file.text(lefts[0])) == norm(f"{var}[{index}].{target}"):
            return True
    return False


def _every_index(file: src.SourceFile, loop: Node, var: str, size: str) -> str | None:
    """The index variable of a loop that visits every index of ``var``."""
    clause = next((n for n in loop.named_children if n.type == "range_clause"), None)
    if clause is not None:
        right = clause.child_by_field_name("right")
        left = clause.child_by_field_name("left")
        keys = left.named_children if left is not None else []
        if right is None or file.text(right) != var or not keys or keys[0].type != "identifier":
            return None
        return file.text(keys[0])
    clause = next((n for n in loop.named_children if n.type == "for_clause"), None)
    init = clause.child_by_field_name("initializer") if clause is not None else None
    cond = clause.child_by_field_name("condition") if clause is not None else None
    update = clause.child_by_field_name("update") if clause is not None else None
    if init is None or cond is None or update is None:
        return None
    start = re.fullmatch(r"(\w+):=0", norm(file.text(init)))
    if start is None:
        return None
    index = start.group(1)
    bounds = {f"{index}<len({var})"} | ({f"{index}<{size}"} if size else set())
    if norm(file.text(cond)) not in bounds or norm(file.text(update)) != f"{index}++":
        return None
    return index


def may_reach(
    types: TypeResolver,
    c: Construction,
    file: src.SourceFile,
    write: Node,
    interface: Callable[[src.SourceFile, str], frozenset[str] | None] | None = None,
    asserted: Asserted | None = None,
) -> bool:
    """Whether the value ``c`` builds can reach the function that holds ``write``.

    False only when it provably cannot: the value is used only as the
    receiver of methods of the type (and to read or set its fields), or
    passed to functions of the package whose parameter of the type is used
    the same way, none of those methods and functions is the one that
    writes, and the value escapes nowhere on the way (passed elsewhere,
    returned, stored). ``d := &ctx{...}; d.generateSyms()`` never reaches a
    write in ``(*ctx).generateInfo``; ``n := clone(T{...})``, where
    ``clone`` reads fields of its parameter and returns a new value, never
    reaches a write through ``n``. A promoted method of an embedded type of
    another package runs on the embedded value, not on the value itself.

    A value handed to a callback (a field or variable of function type) is
    not followed: the call is no evidence either way.

    With ``interface`` (the method set of an interface type written in a
    file, :func:`.interfaces.method_set`), a value returned as an interface
    (``func NewFake() Cache { return &cache{} }``) reaches only what the
    interface's methods reach, unless some code asserts it back to its type
    (``asserted``: the module fact ASSERTED; without it, any code may).
    """
    if c.func is None:
        return True
    holder = sx.outermost_function(write)
    if holder is None or holder.type not in ("method_declaration", "function_declaration"):
        return True
    key = func_name(file, holder)
    target = types.pkg.funcs.get(key)
    if (
        target is None
        or target.file.path != file.path
        or target.node.start_byte != holder.start_byte
    ):
        return True
    if c.file.path == file.path and sx.outermost_function(c.node) == holder:
        return True  # built in the function that writes
    methods = {f.name for f in types.pkg.methods(c.type_name)}
    fields = {f.name for f in types.pkg.types[c.type_name].fields}
    foreign_embedded = _foreign_embedded(types, c.type_name)

    def returned(file: src.SourceFile, node: Node) -> set[str] | None:
        """The methods a value returned at ``node`` can be used through."""
        if interface is None:
            return None
        result = _result_type(file, node, c.func)
        found = interface(file, result) if result else None
        if found is None or not found <= methods:
            return None  # unknown, or methods promoted from an embedded type
        if asserted is None or asserted.of(types.pkg, c.type_name, file.path.endswith("_test.go")):
            return None
        return set(found)

    def passed(file: src.SourceFile, node: Node) -> tuple[str, str] | bool | None:
        """``F(..., node, ...)`` (or ``&node``) with ``F`` a function of the
        package taking the type there: ``(F, parameter name)``; False when
        ``node`` is not such an argument; None when it is passed somewhere
        that cannot be followed."""
        arg = node
        parent = arg.parent
        if (
            parent is not None
            and parent.type == "unary_expression"
            and file.text(parent).startswith("&")
        ):
            arg = parent
        call = sx.call_of_argument(arg)
        args = arg.parent
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or args is None or fn is None or fn.type != "identifier":
            return False
        decl = types.pkg.funcs.get(file.text(fn))
        if decl is None or decl.receiver or decl.body is None:
            return None
        binding = types.resolve(file, file.text(fn), call)
        if binding is not None and binding.kind != "package":
            return None  # a local function value of the same name
        values = [a for a in args.named_children if a.type != "comment"]
        index = next((i for i, a in enumerate(values) if a.id == arg.id), -1)
        if index < 0 or index >= len(decl.params):
            return None
        param = decl.params[index]
        if norm(param.type_text).lstrip("*") != c.type_name:
            return None  # an interface, a type parameter, variadic
        entry = (decl.key, param.name)
        here = optional.given(types, file, call, decl) - {param.name}
        known[entry] = known[entry] & here if entry in known else here
        return entry

    Entry = tuple[str, str]  # (function key, variable bound to the value)
    # the parameters every call that brings the value in gives a non-nil value
    known: dict[Entry, frozenset[str]] = {}

    def uses(file: src.SourceFile, root: Node, var: str, after: int) -> set[Entry] | None:
        """The methods called on ``var`` in ``root`` after ``after``, and the
        functions it is passed to; None when it escapes (passed, stored,
        returned as its own type) or calls a promoted method of an embedded
        type of the package."""
        called: set[Entry] = set()
        for node in src.of_types(root, ("identifier",)):
            if node.start_byte < after or file.text(node) != var:
                continue
            parent = node.parent
            if (
                parent is not None
                and parent.type == "selector_expression"
                and parent.child_by_field_name("operand") == node
            ):
                sel = parent.child_by_field_name("field")
                name = file.text(sel) if sel is not None else ""
                if name in methods:
                    called.add((f"{c.type_name}.{name}", ""))
                    continue
                if name in fields or types.field(c.type_name, name) is not None:
                    continue  # a field, or one promoted from an embedded struct
                if foreign_embedded and not _local_promoted(types, c.type_name, name):
                    continue  # a method of an embedded type of another package
            elif _foreign_argument(types, file, node):
                # another package can call only the exported methods
                called |= {(f"{c.type_name}.{m}", "") for m in methods if m[:1].isupper()}
                continue
            elif root is c.func and (through := returned(file, node)) is not None:
                called |= {(f"{c.type_name}.{m}", "") for m in through}
                continue
            elif _function_value_argument(types, file, node):
                # handed to a callback: which function runs is not known, so
                # the call is no evidence that the value reaches the write
                continue
            elif (entry := passed(file, node)) is not False:
                if entry is None:
                    return None
                assert isinstance(entry, tuple)
                called.add(entry)
                continue
            return None
        return called

    first: set[Entry] | None
    if not c.var:
        direct = c.node.parent if c.kind == "literal" else c.node
        first = None
        if direct is not None:
            through = returned(c.file, direct)
            if through is not None:
                first = {(f"{c.type_name}.{m}", "") for m in through}
            elif (entry := passed(c.file, direct)) is not False and entry is not None:
                assert isinstance(entry, tuple)
                first = {entry}
    elif re.fullmatch(r"[A-Za-z_]\w*", c.var):
        bound = types.resolve(c.file, c.var, c.node)
        if bound is not None and bound.kind == "package":
            return True  # a package variable: any function may use it
        first = uses(c.file, c.func, c.var, c.node.end_byte)
    else:
        first = None
    if first is None:
        return True
    seen: set[Entry] = set()
    work = list(first)
    while work:
        entry = work.pop()
        if entry in seen:
            continue
        seen.add(entry)
        decl = types.pkg.funcs.get(entry[0])
        body = decl.body if decl is not None else None
        if decl is None or body is None:
            return True
        var = entry[1] or decl.receiver_name
        if var in ("", "_"):
            continue
        more = uses(decl.file, body, var, body.start_byte)
        if more is None:
            return True
        work.extend(more - seen)
    # a function the value enters only with a parameter given, whose write
    # runs only where that parameter is nil (:mod:`.optional`)
    return any(
        key == target.key
        and not optional.when_missing(target, write, known.get((key, var), frozenset()))
        for key, var in seen
    )


def _foreign_embedded(types: TypeResolver, struct: str) -> bool:
    """``struct`` embeds a type of another package (``*pkg.T``)."""
    decl = types.pkg.struct(struct)
    return decl is not None and any(
        f.embedded and "." in f.type_text.lstrip("*") for f in decl.fields
    )


def _local_promoted(types: TypeResolver, struct: str, name: str) -> bool:
    """``name`` may be a method or field promoted from an embedded type of
    the package (or one the index does not know)."""
    decl = types.pkg.struct(struct)
    if decl is None:
        return True
    for f in decl.fields:
        if not f.embedded:
            continue
        inner = f.type_text.lstrip("*")
        if "." in inner:
            continue
        if any(m.name == name for m in types.pkg.methods(inner)):
            return True
        if types.pkg.types.get(inner) is None or types.pkg.field_of(inner, name) is not None:
            return True
    return False


def _result_type(file: src.SourceFile, node: Node, func: Node | None) -> str:
    """The declared result type that ``node`` (``T{...}``, ``&T{...}``, a
    variable) is returned as, when it is returned directly by ``func``."""
    current = node
    parent = current.parent
    while parent is not None and parent.type in ("unary_expression", "parenthesized_expression"):
        current = parent
        parent = current.parent
    if parent is None or parent.type != "expression_list":
        return ""
    ret = parent.parent
    if ret is None or ret.type != "return_statement" or sx.enclosing_function(ret) != func:
        return ""
    if func is None:
        return ""
    index = [n.id for n in parent.named_children].index(current.id)
    result = func.child_by_field_name("result")
    if result is None:
        return ""
    if result.type != "parameter_list":
        return file.text(result) if index == 0 and len(parent.named_children) == 1 else ""
    types_: list[str] = []
    for decl in result.named_children:
        if decl.type != "parameter_declaration":
            continue
        t = decl.child_by_field_name("type")
        if t is None:
            return ""
        names = decl.children_by_field_name("name")
        types_.extend([file.text(t)] * max(1, len(names)))
    if len(types_) != len(parent.named_children) or index >= len(types_):
        return ""
    return types_[index]


def _called_with(node: Node) -> Node | None:
    """The function of the call that has ``node`` among its arguments."""
    call = sx.call_of_argument(node)
    return call.child_by_field_name("function") if call is not None else None


def _function_value_argument(types: TypeResolver, file: src.SourceFile, node: Node) -> bool:
    """``h.cb(..., node, ...)`` or ``cb(..., node, ...)`` where ``cb`` is a
    struct field or a variable of function type, not a declared function."""
    fn = _called_with(node)
    if fn is None:
        return False
    fn = sx.unparen(fn)
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = fn.child_by_field_name("field")
        if operand is None or name is None:
            return False
        holder = types.type_of(file, operand)
        if holder is None:
            return _func_field_name(types, file.text(name))
        f = types.field(holder, file.text(name))
        type_text = f.type_text if f is not None else None
        decl_file = types.struct_decl_file(holder)
    elif fn.type == "identifier":
        if file.text(fn) in types.pkg.funcs:
            return False
        type_text = types.type_of(file, fn)
        decl_file = file
    else:
        return False
    if not type_text:
        return False
    return types.pkg.underlying(type_text, decl_file or file).startswith("func(")


def _func_field_name(types: TypeResolver, name: str) -> bool:
    """No type of the package has a method ``name``, and its structs' fields
    of that name are all of function type (the holder's type is unknown)."""
    pkg = types.pkg
    if any(key.endswith("." + name) for key in pkg.funcs):
        return False
    found = False
    for decl in pkg.types.values():
        for f in decl.fields:
            if f.name != name:
                continue
            if not pkg.underlying(f.type_text, decl.file).startswith("func("):
                return False
            found = True
    return found


def _foreign_argument(types: TypeResolver, file: src.SourceFile, node: Node) -> bool:
    """``pkg.F(..., node, ...)`` with ``pkg`` an imported package."""
    fn = _called_with(node)
    if fn is None or fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    return file.text(operand) in types.pkg.imports.get(file.path, {})


def _embedded_pointer(file: src.SourceFile, f: Field) -> bool:
    """``struct{ *T }``: the index gives the embedded field the type ``T``."""
    parent = f.type_node.parent
    return f.embedded and parent is not None and file.text(parent).lstrip().startswith("*")


def test_reaches(
    info: Constructions, c: Construction, file: src.SourceFile, test_only: TestOnly
) -> bool:
    """A construction counts for a write only when it is part of the code the
    write runs in: a construction in a _test.go file never argues that a write
    in production code can see nil, nor does one in a function that only
    tests use (:mod:`.testonly`) when production builds the type elsewhere
    (the test helper is not the type's constructor; ``test_only``: the
    module fact TEST_ONLY). Production code is
    judged by the ways production builds its values; a test literal that
    omits a map either never reaches the write or the package's own tests
    would panic, and a passing test suite says they do not. Writes in
    _test.go files see both."""
    if file.path.endswith("_test.go"):
        return True
    if c.file.path.endswith("_test.go"):
        return False
    index = info.types.pkg
    if not test_only.of(index, c.file, c.func):
        return True
    return not any(
        not other.file.path.endswith("_test.go") and not test_only.of(index, other.file, other.func)
        for other in info.constructions.get(c.type_name, ())
    )
