"""A map parameter kept in a struct that a method then writes through
(MAP_SUMMARIES' ``param_write`` follows it).

``newParser(sc, dest)`` that returns ``&parser{data: dest}`` keeps the
caller's map header in the field ``data``: the struct holds the same map,
so a method of the struct that writes ``p.data[k]`` (or hands ``p.data`` to
a function or method that writes its map parameter) writes the caller's
map, and panics when the caller passed nil. A call of the constructor whose
result gets such a method call in the same function (``t :=
newParser(sc, dest); t.parse()``, or ``newParser(sc, dest).parse()``)
writes the map it is passed, as a call of a writing function does
(``strvals.ParseInto`` of helm).

- :func:`stored_fields`: the struct type and the fields a function's
  ``return &T{f: p}`` (or ``T{...}``) puts its parameter ``p`` in;
- :func:`writes_field`: a method writes into the map in its receiver's
  field (directly, through a function or method of the package that writes
  its map parameter, or through another method of the same receiver that
  does), never assigning the field itself;
- :func:`result_methods`: the methods called on a call's result in the
  function around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.rules.facts.writes import is_write_operand

Node = tree_sitter.Node

# whether parameter ``i`` of a function of the package is a map it writes
ParamWrite = Callable[[FuncDecl, int], bool]


def stored_fields(func: FuncDecl, position: int) -> tuple[str, frozenset[str]] | None:
    """The type ``T`` and the fields ``f`` of the composite literals
    ``&T{f: p}`` / ``T{f: p}`` that a ``return`` of ``func`` gives,
    ``p`` its parameter ``position`` (never assigned in the body)."""
    body = func.body
    if body is None or position >= len(func.params):
        return None
    name = func.params[position].name
    if not name or name == "_":
        return None
    file = func.file
    type_name = ""
    fields: set[str] = set()
    for stmt in src.of_types(body, ("return_statement",)):
        if not _same(sx.enclosing_function(stmt), func.node):
            continue
        for value in _returned(stmt):
            literal = sx.composite_literal(value)
            type_node = literal.child_by_field_name("type") if literal is not None else None
            if literal is None or type_node is None or type_node.type != "type_identifier":
                continue
            for _, key, val in sx.keyed_elements(literal):
                if file.text(sx.unparen(val)) == name:
                    type_name = file.text(type_node)
                    fields.add(file.text(key))
    if not fields or assigned(func, name):
        return None
    return type_name, frozenset(fields)


def writes_field(
    package: PackageIndex, method: FuncDecl, field: str, param_write: ParamWrite, depth: int = 0
) -> bool:
    """``method`` writes into the map in its receiver's ``field`` (see the
    module), and assigns no ``r.field`` first."""
    body = method.body
    receiver = method.receiver_name
    if body is None or not receiver or receiver == "_" or depth > 3:
        return False
    file = method.file
    target = f"{receiver}.{field}"
    uses = [
        node
        for node in src.of_types(body, ("selector_expression",))
        if sx.norm(file.text(node)) == target
    ]
    if any(sx.is_assigned(node) for node in uses):
        return False  # the method puts a map of its own there
    for node in uses:
        if is_write_operand(node):
            return True
        parent = node.parent
        if parent is not None and parent.type == "argument_list":
            call = parent.parent
            position = next(
                (i for i, a in enumerate(parent.named_children) if a.id == node.id), None
            )
            callee = _callee(package, method, call) if call is not None else None
            if callee is not None and position is not None and param_write(callee, position):
                return True
    # another method of the receiver that writes the field
    for call in src.of_types(body, ("call_expression",)):
        callee = _callee(package, method, call)
        if (
            callee is not None
            and callee.receiver == method.receiver
            and callee is not method
            and _on_receiver(file, call, receiver)
            and writes_field(package, callee, field, param_write, depth + 1)
        ):
            return True
    return False


def result_methods(file: src.SourceFile, call: Node) -> Iterator[str]:
    """The names of the methods called on the result of ``call`` in the
    function around it: ``call.M(...)``, or ``t.M(...)`` after ``t :=
    call`` (``t`` never assigned again)."""
    parent = call.parent
    if parent is not None and parent.type == "selector_expression":
        field = parent.child_by_field_name("field")
        up = parent.parent
        if field is not None and up is not None and up.type == "call_expression":
            yield file.text(field)
        return
    if parent is None or parent.type != "expression_list":
        return
    stmt = parent.parent
    if stmt is None or stmt.type != "short_var_declaration" or len(parent.named_children) != 1:
        return
    left = stmt.child_by_field_name("left")
    if left is None or len(left.named_children) < 1:
        return
    name = file.text(left.named_children[0])
    func = sx.enclosing_function(call)
    if func is None:
        return
    for node in src.of_types(func, ("identifier",)):
        if file.text(node) != name or node.start_byte <= stmt.end_byte:
            continue
        if sx.is_assigned(node):
            return  # a value of its own from here on
        up = node.parent
        if up is not None and up.type == "selector_expression":
            field = up.child_by_field_name("field")
            call_up = up.parent
            if field is not None and call_up is not None and call_up.type == "call_expression":
                yield file.text(field)


def _callee(package: PackageIndex, method: FuncDecl, call: Node) -> FuncDecl | None:
    """The function of the package ``f(...)``, or the method ``r.m(...)`` of
    the receiver type of ``method``, that ``call`` calls."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    file = method.file
    if fn.type == "identifier":
        decl = package.funcs.get(file.text(fn))
        return decl if decl is not None and not decl.receiver else None
    if fn.type == "selector_expression" and _on_receiver(file, call, method.receiver_name):
        field = fn.child_by_field_name("field")
        if field is not None:
            return package.funcs.get(f"{method.receiver}.{file.text(field)}")
    return None


def _on_receiver(file: src.SourceFile, call: Node, receiver: str) -> bool:
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    return operand is not None and operand.type == "identifier" and file.text(operand) == receiver


def _returned(stmt: Node) -> list[Node]:
    values = [v for v in stmt.named_children if v.type == "expression_list"]
    return list(values[0].named_children if values else stmt.named_children)


def assigned(func: FuncDecl, name: str) -> bool:
    """The local ``name`` (a parameter) may not hold its argument's value
    everywhere in ``func``'s body: it is assigned (``=``, ``:=``, a range
    target, ``++``/``--``), its address is taken (``&name``, through which
    anything may write it), or a ``var`` or a func literal's parameter
    declares the name again (the inner ``name`` is another variable)."""
    assert func.body is not None
    return any(
        func.file.text(node) == name and _rebound(node)
        for node in src.of_types(func.body, ("identifier",))
    )


def _rebound(ident: Node) -> bool:
    if sx.is_assigned(ident):
        return True
    up = sx.parent(ident)
    if up is None:
        return False
    if up.type == "unary_expression" and up.child_by_field_name("operator") is not None:
        operator = up.child_by_field_name("operator")
        return operator is not None and operator.type == "&"
    if up.type in ("inc_statement", "dec_statement", "var_spec", "parameter_declaration"):
        return up.type != "var_spec" or ident in up.children_by_field_name("name")
    return up.type == "expression_list" and (
        (grand := sx.parent(up)) is not None
        and grand.type == "range_clause"
        and grand.child_by_field_name("left") == up
    )


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id
