"""What reading a map proves about it: a lookup that found a key, or a
non-zero value read from it, means the map is not nil.

A nil map reads as empty: every lookup misses (``ok`` is false) and gives the
zero value. So inside ``if _, ok := m[k]; ok``, after ``v, ok := m[k]; if !ok
{ return }``, inside ``if m[k] == "on"`` or ``if v := m[k]; v != ""``, in a
``case "on":`` of ``switch m[k]``, and in the body of ``for k := range m``,
``m`` holds a map. These helpers answer on syntax, for map expressions given
as their texts without white space (``forms``: the ways the code names the
same map, e.g. ``pod.Labels`` and ``pod.ObjectMeta.Labels``).
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node

ZERO_LITERALS = frozenset(('""', "``", "0", "0.0", "nil", "false"))
_LITERALS = frozenset(
    (
        "interpreted_string_literal",
        "raw_string_literal",
        "int_literal",
        "float_literal",
        "rune_literal",
        "true",
    )
)


def reads(file: SourceFile, expr: Node | None, forms: set[str]) -> bool:
    """``expr`` is ``m[k]`` for one of ``forms``."""
    if expr is None:
        return False
    expr = sx.unparen(expr)
    if expr.type != "index_expression":
        return False
    operand = expr.child_by_field_name("operand")
    return operand is not None and sx.norm(file.text(operand)) in forms


def lookup_names(file: SourceFile, stmt: Node | None, forms: set[str]) -> tuple[str, str]:
    """(``v``, ``ok``) of ``v, ok := m[k]`` / ``v := m[k]`` (``=`` too) on
    one of ``forms``; "" for a name that is absent or ``_``."""
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return "", ""
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or len(right.named_children) != 1:
        return "", ""
    if not reads(file, right.named_children[0], forms) or len(left.named_children) > 2:
        return "", ""
    names = [file.text(n) if n.type == "identifier" else "" for n in left.named_children]
    names = ["" if n == "_" else n for n in names] + [""]
    return names[0], names[1]


# whether a name at a node (``kv``, ``pkg.KV``) has a fixed non-zero value: a
# constant of the package or of an import (``const kv = "kv"``, not shadowed
# there), a local never assigned after its definition from a literal
NonzeroConstant = Callable[[Node], bool]


def nonzero_literal(file: SourceFile, node: Node, constant: NonzeroConstant | None = None) -> bool:
    """A non-zero literal, or a name with a fixed non-zero value
    (``constant``: a constant of the package or of an import, a local never
    assigned again)."""
    node = sx.unparen(node)
    if node.type in ("identifier", "selector_expression") and constant is not None:
        return constant(node)
    return node.type in _LITERALS and sx.norm(file.text(node)) not in ZERO_LITERALS


def _is_value(file: SourceFile, node: Node | None, forms: set[str], values: set[str]) -> bool:
    if node is None:
        return False
    node = sx.unparen(node)
    if node.type == "identifier":
        return file.text(node) in values
    return reads(file, node, forms)


def proves_key(
    file: SourceFile,
    cond: Node,
    forms: set[str],
    values: set[str],
    oks: set[str],
    constant: NonzeroConstant | None = None,
) -> bool:
    """Some conjunct of ``cond`` holds only for a key found in the map:
    ``ok``; ``m[k] == "on"`` (a non-zero literal, or a constant of the
    package with a non-zero value); ``v != ""`` / ``!= 0`` / ``!= nil`` with
    ``v`` read from the map; ``len(v) > 0``."""
    for part in sx.terms(cond, "&&"):
        if part.type == "identifier" and file.text(part) in oks:
            return True
        parts = sx.binary(part)
        if parts is None:
            continue
        op, left, right = parts
        o = op.type
        for a, b in ((left, right), (right, left)):
            if not _is_value(file, a, forms, values):
                inner = _len_argument(file, a)
                if inner is None or not _is_value(file, inner, forms, values):
                    continue
                if (o == ">" and sx.norm(file.text(b)) == "0") or (
                    o == "!=" and sx.norm(file.text(b)) == "0"
                ):
                    return True
                continue
            if o == "==" and nonzero_literal(file, b, constant):
                return True
            if o == "!=" and sx.norm(file.text(b)) in ZERO_LITERALS:
                return True
    return False


def zero_test(
    file: SourceFile,
    cond: Node,
    values: set[str],
    oks: set[str],
    forms: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """``cond`` holds whenever the key is missing: ``!ok``, ``v == ""``,
    ``v == 0``, ``v == nil``, ``len(v) == 0`` (or a disjunction with one);
    ``v`` may also be the lookup itself, ``m[k]`` of a map in ``forms``
    (``if cm.Data["image"] == "" { return }``: a nil map reads the zero
    value, so past the check the map holds the key)."""
    cond = sx.unparen(cond)
    if cond.type == "unary_expression" and file.text(cond).startswith("!"):
        operand = cond.child_by_field_name("operand")
        return operand is not None and sx.norm(file.text(operand)) in oks
    parts = sx.binary(cond)
    if parts is None:
        return False
    op, left, right = parts
    if op.type == "||":
        return zero_test(file, left, values, oks, forms) or zero_test(
            file, right, values, oks, forms
        )
    if op.type != "==":
        return False
    for a, b in ((left, right), (right, left)):
        inner = _len_argument(file, a)
        target = sx.unparen(inner if inner is not None else a)
        operand = (
            target.child_by_field_name("operand") if target.type == "index_expression" else None
        )
        looked_up = operand is not None and sx.norm(file.text(operand)) in forms
        if looked_up or (target.type == "identifier" and file.text(target) in values):
            zero = sx.norm(file.text(b))
            if zero in ZERO_LITERALS or (inner is not None and zero == "0"):
                return True
    return False


def case_proves_key(
    file: SourceFile,
    switch: Node,
    write: Node,
    forms: set[str],
    values: set[str],
    constant: NonzeroConstant | None = None,
) -> bool:
    """``write`` sits in a ``case`` of ``switch m[k]`` (or ``switch v``)
    whose values are all non-zero literals or constants of the package with
    a non-zero value (``case kvEngine:``): the key was found."""
    if switch.type != "expression_switch_statement":
        return False
    if not _is_value(file, switch.child_by_field_name("value"), forms, values):
        return False
    for case in switch.named_children:
        if case.type != "expression_case" or not (
            case.start_byte <= write.start_byte < case.end_byte
        ):
            continue
        value = case.child_by_field_name("value")
        items = value.named_children if value is not None else []
        return bool(items) and all(nonzero_literal(file, v, constant) for v in items)
    return False


def _len_argument(file: SourceFile, node: Node) -> Node | None:
    node = sx.unparen(node)
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or args is None or file.text(fn) != "len" or len(args.named_children) != 1:
        return None
    return args.named_children[0]


def len_test(file: SourceFile, cond: Node) -> tuple[str, str]:
    """``(X, "empty")`` for ``len(X) == 0`` / ``len(X) < 1`` / ``0 == len(X)``;
    ``(X, "nonempty")`` for ``len(X) > 0`` / ``!= 0`` / ``>= n`` (n > 0) /
    ``0 < len(X)``; ``("", "")`` else. ``X`` is its text without white space."""
    parts = sx.binary(cond)
    if parts is None:
        return "", ""
    op, left, right = parts
    o = op.type
    inner = _len_argument(file, left)
    if inner is None:  # `0 == len(X)`, `0 < len(X)`: mirror the comparison
        inner = _len_argument(file, right)
        left, right = right, left
        o = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(o, o)
    if inner is None:
        return "", ""
    x = sx.norm(file.text(inner))
    bound = sx.norm(file.text(right))
    if (o == "==" and bound == "0") or (o == "<" and bound == "1"):
        return x, "empty"
    if (o in (">", "!=") and bound == "0") or (o == ">=" and bound.isdigit() and bound != "0"):
        return x, "nonempty"
    return "", ""


def nonempty_operand(file: SourceFile, cond: Node) -> str:
    """``len(X) > 0`` and the like (:func:`len_test`) → ``X``, else ""."""
    x, kind = len_test(file, cond)
    return x if kind == "nonempty" else ""


def ranged_over(file: SourceFile, node: Node, stop: Node) -> set[str]:
    """The texts of ``X`` in every ``for ... range X`` whose body holds
    ``node``, up to ``stop``: the body runs only when ``X`` is not empty."""
    found: set[str] = set()
    current = node
    while current.parent is not None and current.id != stop.id:
        parent = current.parent
        if parent.type == "for_statement" and current.type == "block":
            clause = next((c for c in parent.named_children if c.type == "range_clause"), None)
            right = clause.child_by_field_name("right") if clause is not None else None
            if right is not None:
                found.add(sx.norm(file.text(right)))
        current = parent
    return found
