"""Companion fields: a field whose non-zero value says that a map field of
the same value was made.

``if a.perAlertLimit > 0 { a.limits[k] = v }`` is safe when the only places
that give ``perAlertLimit`` a value also make ``limits``
(``WithPerAlertLimit`` sets both) and no construction sets the limit without
the map: a value built without the map has the zero limit, and the write
does not run on it. The same holds for ``x.conn != nil``, ``x.enabled``,
``x.name != ""`` and ``len(x.items) > 0``.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.constructions import Constructions

Node = tree_sitter.Node

_ZEROS = frozenset({"0", "nil", '""', "``", "false", "0.0"})


def nonzero_test(file: SourceFile, cond: Node) -> str:
    """The selector ``X`` when ``cond`` holds only for a non-zero ``X``:
    ``X != nil``, ``X != 0``, ``X > 0``, ``X >= 1``, ``0 < X``, ``X != ""``,
    ``len(X) > 0``, ``len(X) != 0``, or a bool ``X`` alone; else ""."""
    cond = sx.unparen(cond)
    if cond.type == "selector_expression":
        return sx.norm(file.text(cond))
    if cond.type != "binary_expression":
        return ""
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return ""
    op = file.text(operator)
    lhs, rhs = sx.norm(file.text(left)), sx.norm(file.text(right))
    if op == "<":
        op, lhs, rhs, left = ">", rhs, lhs, right
    if (op == "!=" and rhs in _ZEROS) or (op == ">" and rhs == "0") or (op == ">=" and rhs == "1"):
        subject = sx.unparen(left)
        if subject.type == "call_expression":
            fn = subject.child_by_field_name("function")
            args = subject.child_by_field_name("arguments")
            if fn is None or args is None or file.text(fn) != "len":
                return ""
            if args.named_child_count != 1:
                return ""
            subject = sx.unparen(args.named_children[0])
        if subject.type == "selector_expression":
            return sx.norm(file.text(subject))
    return ""


def made_together(cons: Constructions, companion: str, field_name: str) -> bool:
    """Every place that gives the field ``companion`` a value also makes the
    map field ``field_name`` of the same value: the statement lists that
    assign it (``cons.made_with``), and the keyed literals that set it to a
    non-zero value; and no decoder fills a struct that has both fields."""
    together = cons.made_with.get(companion)
    if together is None or field_name not in together:
        return False
    pkg = cons.types.pkg
    for type_name, built in cons.constructions.items():
        decl = pkg.struct(type_name)
        if decl is None:
            continue
        names = {f.name for f in decl.fields}
        if companion not in names or field_name not in names:
            continue
        for c in built:
            if c.kind == "decoded":
                return False
            if c.kind != "literal" or c.keys is None or companion not in c.keys:
                continue
            if field_name in c.keys:
                continue
            if not _keyed_zero(c.file, c.node, companion):
                return False
    return True


def _keyed_zero(file: SourceFile, literal: Node, key: str) -> bool:
    """``T{key: <zero constant>}``."""
    for element in literal.named_children:
        if element.type != "keyed_element" or element.named_child_count != 2:
            continue
        name, value = element.named_children
        if sx.norm(file.text(name)) == key:
            return sx.norm(file.text(value)) in _ZEROS
    return False
