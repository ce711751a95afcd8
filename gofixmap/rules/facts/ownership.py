"""Which objects a goroutine owns: values it made itself (``x := newT()``,
``x, err := newT()``, ``&T{}``, ``new(T)``), the fresh receiver or
parameters it was handed, and
the parts of those (``c.f``, ``&c.f``, ``c.f[k]``). Calls on an owned object
do not share it with other goroutines (GOROUTINES counts them apart).
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile


def fresh_receiver(
    file: SourceFile,
    call: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str] = frozenset(),
) -> bool:
    """``x.M()`` where ``x`` is an object the calling goroutine made itself
    (``x := newT()``, ``&T{}``, ``new(T)``; the caller's own receiver or a
    parameter when that is one): no other goroutine reaches it through this
    call."""
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0]:
        return False
    return fresh_ident(file, call, parts[0], recv, recv_fresh, fresh_params)


_DEFINITIONS = ("short_var_declaration", "assignment_statement", "var_spec")


def fresh_ident(
    file: SourceFile,
    at: Node,
    operand: str,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int = 0,
) -> bool:
    """``operand``, used at ``at``, names an object its goroutine owns: the
    fresh receiver or a fresh parameter, or a local whose every definition
    (``:=``, ``var x = ...``, ``x = ...``) is a fresh value or an element of
    an object the goroutine owns (``req := c.requests[id]`` with ``c``
    fresh)."""
    if operand == recv and recv:
        return recv_fresh
    if not operand.isidentifier() or depth > 3:
        return False
    func = sx.enclosing_function(at)
    body = sx.body(func) if func is not None else None
    if body is None:
        return False
    values: list[Node] = []
    for stmt in sx.nodes(body, _DEFINITIONS, closures=False):
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
        elif stmt.type == "var_spec":
            left = stmt
            right = stmt.child_by_field_name("value")
        else:
            continue
        if left is None:
            continue
        idents = (
            stmt.children_by_field_name("name") if stmt.type == "var_spec" else left.named_children
        )
        names = [file.text(n) for n in idents]
        if operand not in names:
            continue
        scope = stmt.parent if stmt.type != "var_spec" else sx.statement_of(stmt)
        if stmt.type != "assignment_statement" and scope is not None:
            scope = scope.parent if stmt.type == "var_spec" else scope
            if scope is not None and not scope.start_byte <= at.start_byte < scope.end_byte:
                continue  # a variable of the same name in another scope
        if right is None:
            continue  # var x T: the zero value, assigned below
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is not None and file.text(op) != "=":
                return False
        rvalues = right.named_children
        if len(rvalues) == len(names):
            values.append(rvalues[names.index(operand)])
        elif len(rvalues) == 1 and rvalues[0].type == "index_expression":
            values.append(rvalues[0])  # v, ok := m[k]
        elif (
            len(rvalues) == 1
            and rvalues[0].type == "call_expression"
            and names.index(operand) == 0
            and fresh_value(file, rvalues[0])
        ):
            values.append(rvalues[0])  # x, err := newT(): the new value and an error
        else:
            return False
    if not values:
        return operand in fresh_params
    if operand in fresh_params:
        return False  # a parameter assigned in the body
    return all(
        fresh_value(file, v) or owned_element(file, v, recv, recv_fresh, fresh_params, depth)
        for v in values
    )


def owned_element(
    file: SourceFile,
    value: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int,
) -> bool:
    """``c.f``, ``&c.f`` or ``c.f[k]`` with ``c`` an object the goroutine owns."""
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        inner = value.child_by_field_name("operand")
        if inner is None:
            return False
        value = inner
    if value.type == "index_expression":
        inner = value.child_by_field_name("operand")
        if inner is None:
            return False
        value = inner
    if value.type != "selector_expression":
        return False
    operand = value.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    return fresh_ident(file, value, file.text(operand), recv, recv_fresh, fresh_params, depth + 1)


def fresh_args(
    index: PackageIndex,
    file: SourceFile,
    call: Node,
    key: str,
    recv: str = "",
    recv_fresh: bool = False,
    fresh_params: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The parameters of ``key`` that this call binds to objects the calling
    goroutine owns (``runGenerator(ctx, g)`` with ``g := newGen()``)."""
    decl = index.funcs.get(key)
    args = call.child_by_field_name("arguments")
    if decl is None or args is None:
        return frozenset()
    found: set[str] = set()
    for i, arg in enumerate(args.named_children):
        if i >= len(decl.params):
            break
        param = decl.params[i].name
        if not param or param == "_":
            continue
        if (
            fresh_value(file, arg)
            or (
                arg.type == "identifier"
                and fresh_ident(file, call, file.text(arg), recv, recv_fresh, fresh_params)
            )
            or (
                arg.type == "selector_expression"
                and owned_element(file, arg, recv, recv_fresh, fresh_params, 0)
            )
        ):
            found.add(param)
    return frozenset(found)


def fresh_value(file: SourceFile, value: Node) -> bool:
    if value.type == "composite_literal":
        return True
    if value.type == "unary_expression":
        return file.text(value).startswith("&") and "{" in file.text(value)
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        if fn is None:
            return False
        name = file.text(fn).rsplit(".", 1)[-1]
        return name == "new" or name.lower().startswith("new")
    return False
