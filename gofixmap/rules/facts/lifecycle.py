"""Values handed to code the package cannot see, of a type that makes its
own map: no evidence of a nil write.

A struct value that leaves the package as an interface (returned as an
interface type by a function literal or an exported function, ``func()
Module { return new(T) }``, or passed to a
function of another package, ``registry.Register(&T{})``) is used by code
the analysis does not see: that code can call only the exported methods of
the type, in an order it decides. When the type has an exported method that makes the map
field on every path that returns without an error (``t.m = make(...)`` at
the top of its body, or ``if t.m == nil { t.m = make(...) }`` in a method
that does not write the map itself), that code has what it needs to make
the map first; the construction shows no path that reaches a write without
it, so it is no evidence for NM002. A value that leaves by value (``T{}``,
not ``&T{}``) cannot have a pointer method called on it at all: a write in
a pointer method is never reached through it. Only the uses that the
package itself makes of the value before it leaves count: a method called
on it in the function that builds it is a visible path and is followed by
the usual checks.

The value may also leave through a variable of the function that builds
it (``p := T{}; register(&p)``) when every use of the variable hands it
(or its address) to a call, and each such call is a function of another
package or a function of this package whose parameter there is declared
with another type than ``T`` or ``*T``: a ``*T`` is assignable to such a
parameter only when its type is an interface (or ``any``), so the callee
keeps an interface value. The package's own code that holds such a value
is code the analysis sees: when it calls, other than from ``T``'s own
methods, a method of the name of one of ``T``'s methods that reaches the
write, the value may be used before it is made, and it stays evidence.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.constructions import Construction
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node


def handed_away(
    types: TypeResolver,
    c: Construction,
    field_name: str,
    write: Node,
    write_file: SourceFile,
    calls: Calls,
) -> bool:
    """The value ``c`` builds reaches the write (in ``write_file``) only
    through code outside the package, and either its type has a method that makes ``field_name``
    or it leaves by value while the write is in a pointer method."""
    if c.func is None or c.kind not in ("literal", "new"):
        return False
    escapes = _escapes(types, c, calls, write, write_file)
    if escapes is None:
        return False
    by_value = not escapes
    if by_value and _in_pointer_method(write):
        return True
    return not by_value and any(
        decl.name[:1].isupper() and initialises(decl, field_name)
        for decl in types.pkg.methods(c.type_name)
    )


def _escapes(
    types: TypeResolver, c: Construction, calls: Calls, write: Node, write_file: SourceFile
) -> bool | None:
    """How the value leaves the package: True as a pointer, False by value;
    None when it does not leave, or the package uses it on the way (a
    method called on it, passed to its own functions, stored)."""
    node = c.node.parent if c.kind == "literal" else c.node
    if node is None:
        return None
    pointer = c.kind == "new"
    parent = node.parent
    while parent is not None and parent.type in ("unary_expression", "parenthesized_expression"):
        if parent.type == "unary_expression":
            if not c.file.text(parent).startswith("&"):
                return None
            pointer = True
        node = parent
        parent = node.parent
    if c.var:
        return _variable_handed(types, c, node, pointer, calls, write, write_file)
    if _foreign_argument(types, c.file, node) or _returned_as_interface(c, node):
        return pointer
    return None


def _variable_handed(
    types: TypeResolver,
    c: Construction,
    value: Node,
    pointer: bool,
    calls: Calls,
    write: Node,
    write_file: SourceFile,
) -> bool | None:
    """``v := T{...}`` (or ``&T{...}``) whose every later use hands ``v``
    or ``&v`` to a call that keeps an interface value (see the module
    docstring): True when a pointer leaves, False by value, None else."""
    decl = value.parent.parent if value.parent is not None else None
    if decl is None or decl.type != "short_var_declaration" or c.func is None:
        return None
    left = decl.child_by_field_name("left")
    if left is None or left.named_child_count != 1:
        return None
    body = c.func.child_by_field_name("body")
    if body is None:
        return None
    file = c.file
    handed = False
    for use in src.of_types(body, ("identifier",)):
        if file.text(use) != c.var or use.start_byte < decl.end_byte:
            continue
        binding = types.resolve(file, c.var, use)
        if binding is None or binding.node is None or binding.node.id != decl.id:
            continue
        node = use
        parent = node.parent
        if parent is not None and parent.type == "unary_expression":
            if not file.text(parent).startswith("&"):
                return None
            node, pointer = parent, True
        call = sx.call_of_argument(node)
        if call is None:
            return None  # used otherwise: the package's own path
        if not (_foreign_argument(types, file, node) or _interface_parameter(types, c, call, node)):
            return None
        handed = True
    if not handed or _package_calls_writer(types, calls, c.type_name, write, write_file):
        return None
    return pointer


def _interface_parameter(types: TypeResolver, c: Construction, call: Node, arg: Node) -> bool:
    """``f(..., arg, ...)`` or ``x.m(..., arg, ...)`` where every function
    or method of the package so named declares the parameter at ``arg``'s
    place with another type than ``T``/``*T`` (nor one of the package's
    structs): an interface that keeps the value."""
    parts = sx.call_parts(c.file, call)
    if parts is None:
        return False
    operand, name = parts
    pkg = types.pkg
    if operand:
        candidates = [d for d in pkg.funcs.values() if d.receiver and d.name == name]
    else:
        found = pkg.funcs.get(name)
        candidates = [found] if found is not None and not found.receiver else []
    arguments = arg.parent.named_children if arg.parent is not None else []
    index = next((i for i, a in enumerate(arguments) if a.id == arg.id), -1)
    if not candidates or index < 0:
        return False
    for decl in candidates:
        params = decl.params
        if not params:
            return False
        if index < len(params):
            text = params[index].type_text
        elif params[-1].type_text.startswith("[]"):
            text = params[-1].type_text
        else:
            return False
        if index >= len(params) - 1 and text.startswith("[]"):
            text = text[2:]
        bare = sx.norm(text).lstrip("*").split("[", 1)[0]
        if not bare or bare == c.type_name or pkg.struct(bare) is not None:
            return False
    return True


def _package_calls_writer(
    types: TypeResolver, calls: Calls, type_name: str, write: Node, write_file: SourceFile
) -> bool:
    """Code of the package outside ``type_name``'s methods calls a method
    by the name of one of its methods that reaches the write (the method
    the write, in ``write_file``, is in, or one that calls it)."""
    method = sx.outermost_function(write)
    if method is None or method.type != "method_declaration":
        return True
    key = calls.key_of(method)
    if key is None:
        return True
    names = {decl.name for decl in types.pkg.methods(type_name) if calls.reaches({decl.key}, key)}
    in_test = write_file.path.endswith("_test.go")
    for file in types.pkg.files:
        if file.path.endswith("_test.go") and not in_test:
            continue  # a test's own values: its calls are judged in the test
        for call in src.of_types(file.tree.root_node, ("call_expression",)):
            parts = sx.call_parts(file, call)
            if parts is None or not parts[0] or parts[1] not in names:
                continue
            outer = sx.outermost_function(call)
            decl = calls.decl_of(outer) if outer is not None else None
            if decl is not None and decl.receiver == type_name:
                continue  # T's own methods: the paths the write is judged on
            if decl is not None and decl.receiver and parts[0] == decl.receiver_name:
                continue  # another type's method called on its own receiver
            return True
    return False


def _foreign_argument(types: TypeResolver, file: SourceFile, node: Node) -> bool:
    """``pkg.F(..., node, ...)`` with ``pkg`` an imported package: a package
    that this one imports cannot name its types (no import cycles), so it
    sees the value only through an interface."""
    call = sx.call_of_argument(node)
    fn = call.child_by_field_name("function") if call is not None else None
    if call is None or fn is None or fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    name = file.text(operand)
    if types.resolve(file, name, call) is not None:
        return False  # a variable (also one shadowing an import)
    if name in types.pkg.imports.get(file.path, {}):
        return True
    # not declared in the function or the package: the name of an import
    # whose package name differs from the last element of its path
    # (``github.com/org/name/v2``)
    pkg = types.pkg
    return name not in pkg.types and name not in pkg.funcs and name not in pkg.vars


def _returned_as_interface(c: Construction, node: Node) -> bool:
    """``return node`` from ``c.func`` where the result is declared with
    another type than the struct or a pointer to it (an interface)."""
    parent = node.parent
    if parent is None or parent.type != "expression_list":
        return False
    ret = parent.parent
    if ret is None or ret.type != "return_statement" or sx.enclosing_function(ret) != c.func:
        return False
    assert c.func is not None
    if c.func.type != "func_literal":
        name = c.func.child_by_field_name("name")
        if name is None or not c.file.text(name)[:1].isupper():
            return False  # an unexported function: its callers are the package's own
    result = c.func.child_by_field_name("result")
    if result is None:
        return False
    values = parent.named_children
    index = next((i for i, v in enumerate(values) if v.id == node.id), -1)
    if result.type != "parameter_list":
        text = c.file.text(result) if len(values) == 1 and index == 0 else ""
    else:
        texts: list[str] = []
        for decl in result.named_children:
            t = decl.child_by_field_name("type")
            if decl.type != "parameter_declaration" or t is None:
                return False
            texts.extend([c.file.text(t)] * max(1, len(decl.children_by_field_name("name"))))
        text = texts[index] if len(texts) == len(values) and index >= 0 else ""
    bare = sx.norm(text).lstrip("*").split("[", 1)[0]
    return bool(text) and bare != c.type_name


def _in_pointer_method(write: Node) -> bool:
    method = sx.outermost_function(write)
    if method is None or method.type != "method_declaration":
        return False
    receiver = method.child_by_field_name("receiver")
    if receiver is None:
        return False
    for decl in receiver.named_children:
        t = decl.child_by_field_name("type")
        if t is not None:
            return t.type == "pointer_type"
    return False


def initialises(decl: FuncDecl, chain: str, *, made: bool = False) -> bool:
    """``decl``, a pointer method, makes its receiver's ``chain`` (a field,
    or ``a.b.m``) on every path that returns without an error: a statement
    of its body's top level assigns it a non-nil value (or makes it under
    ``== nil`` when the method does not write the map itself), and each
    earlier ``return`` gives a non-nil last value of an ``error`` result.
    With ``made``, the value assigned must be a made map: ``make(...)``, a
    composite literal, or a local of the method defined by one and never
    assigned again (``m := make(...); ...; t.m = m``)."""
    body = decl.body
    recv = decl.receiver_name
    if body is None or not decl.pointer_receiver or recv in ("", "_"):
        return False
    file = decl.file
    target = f"{recv}.{chain}"
    returns_error = bool(decl.results) and decl.results[-1].type_text == "error"
    statements = sx.statement_list(body)
    if statements is None:
        return False
    made_in = body if made else None
    for stmt in statements.named_children:
        if _assigns(file, stmt, target, made_in):
            return True
        if (
            stmt.type == "if_statement"
            and _lazy(file, stmt, target, made_in)
            and not _writes(file, body, target)
        ):
            return True
        for ret in src.of_types(stmt, ("return_statement",)):
            if sx.in_closure(ret, stmt):
                continue
            if not returns_error or not _error_return(file, ret):
                return False
    return False


def _assigns(file: SourceFile, stmt: Node, target: str, made_in: Node | None = None) -> bool:
    """``target = <non-nil>`` (also in a multiple assignment, or one of
    the results of a call); with
    ``made_in`` (the function body), ``target = <made map>``."""
    sides = sx.plain_assignment(stmt)
    if sides is None:
        return False
    left, right = sides
    lefts, rights = left.named_children, right.named_children
    if (
        made_in is None
        and len(rights) == 1
        and len(lefts) > 1
        and sx.unparen(rights[0]).type == "call_expression"
    ):
        # `t.a, t.m = f()`: one of the results, as `t.m = f()` is
        return any(sx.norm(file.text(t)) == target for t in lefts)
    if len(lefts) != len(rights):
        return False
    return any(
        sx.norm(file.text(t)) == target
        and v.type != "nil"
        and (made_in is None or _made_value(file, made_in, v))
        for t, v in zip(lefts, rights, strict=True)
    )


def _made_value(file: SourceFile, body: Node, value: Node) -> bool:
    """``make(...)``, a composite literal, or a local of ``body`` whose only
    definition (``m := make(...)``, ``var m = map[K]V{}``) is one and that
    is never assigned again."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        return True
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        return fn is not None and file.text(fn) == "make"
    if value.type != "identifier":
        return False
    name = file.text(value)
    definitions: list[Node] = []
    for node in src.of_types(body, ("short_var_declaration", "assignment_statement", "var_spec")):
        sides = sx.defined_values(node) if node.type == "var_spec" else sx.assignment_sides(node)
        names, items = sides if sides is not None else ([], [])
        for i, target in enumerate(names):
            if file.text(target) != name:
                continue
            if len(items) != len(names):
                return False  # `m, err := f()`, `var m map[K]V`
            definitions.append(items[i])
    return len(definitions) == 1 and _made_value(file, body, definitions[0])


def _lazy(file: SourceFile, stmt: Node, target: str, made_in: Node | None = None) -> bool:
    """``if target == nil { target = <non-nil> }`` with no else."""
    cond = stmt.child_by_field_name("condition")
    body = stmt.child_by_field_name("consequence")
    if cond is None or body is None or stmt.child_by_field_name("alternative") is not None:
        return False
    if stmt.child_by_field_name("initializer") is not None:
        return False
    if sx.norm(file.text(cond)) not in (f"{target}==nil", f"nil=={target}"):
        return False
    statements = sx.statement_list(body)
    return statements is not None and any(
        _assigns(file, s, target, made_in) for s in statements.named_children
    )


def _writes(file: SourceFile, body: Node, target: str) -> bool:
    """The method writes into the map ``target`` itself (a lazy writer, not
    a setup method)."""
    for node in src.of_types(body, ("index_expression",)):
        operand = node.child_by_field_name("operand")
        if operand is not None and sx.norm(file.text(operand)) == target:
            return True
    return False


def _error_return(file: SourceFile, ret: Node) -> bool:
    """``return ..., err`` whose last value is not the literal ``nil``; a
    bare ``return`` (named results) is not known to carry an error."""
    values = [v for v in ret.named_children if v.type != "comment"]
    if not values:
        return False
    last = values[-1]
    if last.type == "expression_list":
        items = last.named_children
        last = items[-1] if items else last
    return last.type != "nil"
