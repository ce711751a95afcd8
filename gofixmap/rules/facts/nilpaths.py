"""Which constructions leave a map field nil, and which of them can reach a
given write: the structs that hold the owner by value (a literal of the
holder that omits the owner's field leaves it zero), minus the values made
before use (``x := &T{}; x.f = make(...)``, an initialising method called
on the value), a value whose only uses are methods that never reach the
writing method, and test constructions for production writes.
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import Field
from gofixmap.codemod.syntax import norm
from gofixmap.rules.facts.constructions import Construction, Constructions
from gofixmap.rules.facts.types import Types

Node = tree_sitter.Node


def value_paths(types: Types, owner: str) -> list[tuple[str, tuple[str, ...]]]:
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


def nil_paths(info: Constructions, owner: str, field_name: str) -> list[tuple[Construction, bool]]:
    """Constructions that leave ``owner.field_name`` nil, with ``direct``:
    True when the construction is a literal of ``owner`` itself that omits it."""
    types = info.types
    result: list[tuple[Construction, bool]] = []
    owner_decl = types.pkg.struct(owner)
    if owner_decl is None:
        return result
    for holder, path in value_paths(types, owner):
        full = (*path, field_name)
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
            if _made_later(info, c, full):
                continue
            result.append((c, c.kind == "literal" and not path))
    return result


def _made_later(info: Constructions, c: Construction, full: tuple[str, ...]) -> bool:
    """``x := &T{}; x.f = make(...)``: the variable gets the field before use."""
    if not c.var:
        return False
    types = info.types
    scope: list[Node] = []
    if c.func is not None:
        scope.append(c.func)
    else:
        scope.extend(f.root for f in types.pkg.files if f.path == c.file.path)
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
    after = c.node.end_byte
    for root in scope:
        for node in src.of_types(root, ("assignment_statement", "call_expression")):
            if node.start_byte < after:
                continue
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                if left is None or right is None:
                    continue
                values = right.named_children
                for i, target in enumerate(left.named_children):
                    text = norm(c.file.text(target))
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
                        and norm(c.file.text(operand)) in receivers
                        and c.file.text(method) in init_methods
                    ):
                        return True
    return False


def may_reach(types: Types, c: Construction, file: src.SourceFile, write: Node) -> bool:
    """Whether the value ``c`` builds can reach the method that holds ``write``.

    False only when it provably cannot: ``c`` is assigned to a local
    variable that is used after it only as the receiver of methods of the
    type (and to read or set its fields), none of those methods calls,
    through its receiver, the method that writes, and no receiver escapes
    (passed, returned, stored) on the way. ``d := &ctx{...};
    d.generateSyms()`` never reaches a write in ``(*ctx).generateInfo``.
    """
    if c.func is None or not re.fullmatch(r"[A-Za-z_]\w*", c.var):
        return True
    method = sx.outermost_function(write)
    if method is None or method.type != "method_declaration":
        return True
    name_node = method.child_by_field_name("name")
    if name_node is None:
        return True
    target = types.pkg.funcs.get(f"{c.type_name}.{file.text(name_node)}")
    if (
        target is None
        or target.file.path != file.path
        or target.node.start_byte != method.start_byte
    ):
        return True
    methods = {f.name for f in types.pkg.methods(c.type_name)}
    fields = {f.name for f in types.pkg.types[c.type_name].fields}

    def uses(file: src.SourceFile, root: Node, var: str, after: int) -> set[str] | None:
        called: set[str] = set()
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
                    called.add(name)
                    continue
                if name in fields:
                    continue
            elif _foreign_argument(types, file, node):
                # another package can call only the exported methods
                called |= {m for m in methods if m[:1].isupper()}
                continue
            return None  # escapes, or a promoted method of an embedded type
        return called

    first = uses(c.file, c.func, c.var, c.node.end_byte)
    if first is None:
        return True
    seen: set[str] = set()
    work = list(first)
    while work:
        name = work.pop()
        if name in seen:
            continue
        seen.add(name)
        decl = types.pkg.funcs.get(f"{c.type_name}.{name}")
        body = decl.body if decl is not None else None
        if decl is None or body is None:
            return True
        if decl.receiver_name in ("", "_"):
            continue
        more = uses(decl.file, body, decl.receiver_name, body.start_byte)
        if more is None:
            return True
        work.extend(more - seen)
    return target.name in seen


def _foreign_argument(types: Types, file: src.SourceFile, node: Node) -> bool:
    """``pkg.F(..., node, ...)`` with ``pkg`` an imported package."""
    args = node.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return False
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
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


def test_reaches(c: Construction, file: src.SourceFile) -> bool:
    """A construction counts for a write only when it is part of the code the
    write runs in: a construction in a _test.go file never argues that a write
    in production code can see nil. Production code is judged by the ways
    production builds its values; a test literal that omits a map either never
    reaches the write or the package's own tests would panic, and a passing
    test suite says they do not. Writes in _test.go files see both."""
    return not c.file.path.endswith("_test.go") or file.path.endswith("_test.go")
