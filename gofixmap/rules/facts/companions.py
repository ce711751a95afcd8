"""Companion fields: a field whose non-zero value says that a map field of
the same value was made.

``if a.perAlertLimit > 0 { a.limits[k] = v }`` is safe when the only places
that give ``perAlertLimit`` a value also make ``limits``
(``WithPerAlertLimit`` sets both) and no construction sets the limit without
the map: a value built without the map has the zero limit, and the write
does not run on it. The same holds for ``x.conn != nil``, ``x.enabled``,
``x.name != ""`` and ``len(x.items) > 0``, and for a statement before the
write that dereferences such a field (``v := x.gen.Intn(n)``, ``x.hook()``):
while the field is nil it panics there, before the write.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.constructions import ZERO_CONSTANTS as _ZEROS
from gofixmap.rules.facts.constructions import Constructions

Node = tree_sitter.Node


def nonzero_test(file: SourceFile, cond: Node, subject_type: str = "selector_expression") -> str:
    """The selector ``X`` when ``cond`` holds only for a non-zero ``X``:
    ``X != nil``, ``X != 0``, ``X > 0``, ``X >= 1``, ``0 < X``, ``X != ""``,
    ``len(X) > 0``, ``len(X) != 0``, or a bool ``X`` alone; else "".
    ``subject_type`` ``"identifier"``: the same test of a variable ``x``."""
    cond = sx.unparen(cond)
    if cond.type == subject_type:
        return sx.norm(file.text(cond))
    parts = sx.binary(cond)
    if parts is None:
        return ""
    operator, left, right = parts
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
        if subject.type == subject_type:
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


# Statements that evaluate every operand they hold, in order, before the
# next statement runs (no branch, no deferred or concurrent evaluation).
_STRAIGHT = frozenset(
    {
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "var_declaration",
        "inc_statement",
        "dec_statement",
        "send_statement",
    }
)


def dereferenced_before(
    cons: Constructions,
    selectors: list[tuple[SourceFile, Node]],
    file: SourceFile,
    stmt: Node,
    text: str,
) -> bool:
    """``stmt`` (one statement of a list, before the write to the map
    ``text``, ``x.b``) dereferences a companion field ``x.a`` that every
    place making ``a`` makes together with ``b``: ``r := x.gen.Intn(n)``
    (a field or method of a nil ``*T``), ``x.fn(...)`` (a nil func),
    ``x.iface.M()`` (a nil interface). On a value whose ``a`` is still nil
    that statement panics first, so past it ``a`` was set, and with it the
    map. ``selectors`` are the package's ``x.b`` selectors: a ``x.b = nil``
    that does not clear ``a`` beside it breaks the pairing."""
    if stmt.type not in _STRAIGHT:
        return False
    base, _, b = text.rpartition(".")
    if not base:
        return False
    for sel in src.of_types(stmt, ("selector_expression",)):
        operand = sel.child_by_field_name("operand")
        name = sel.child_by_field_name("field")
        if operand is None or name is None or sx.norm(file.text(operand)) != base:
            continue
        a = file.text(name)
        if a == b or not _unconditional(sel, stmt) or not _panics_when_nil(cons, file, sel):
            continue
        if made_together(cons, a, b) and _cleared_together(selectors, a, b):
            return True
    return False


def _unconditional(node: Node, stmt: Node) -> bool:
    """``node`` is evaluated whenever ``stmt`` runs: not in a func literal,
    nor in the right operand of ``&&`` / ``||``."""
    current = node
    while current.id != stmt.id and current.parent is not None:
        parent = current.parent
        if parent.type == "func_literal":
            return False
        if parent.type == "binary_expression" and parent.child_by_field_name("right") == current:
            operator = parent.child_by_field_name("operator")
            if operator is not None and operator.type in ("&&", "||"):
                return False
        current = parent
    return True


def _panics_when_nil(cons: Constructions, file: SourceFile, sel: Node) -> bool:
    """Evaluating the use of ``sel`` (``x.a``) panics when ``x.a`` is nil."""
    parent = sel.parent
    if parent is None:
        return False
    type_text = cons.types.type_of(file, sel)
    if type_text is None:
        return False
    type_text = sx.norm(type_text)
    if parent.type == "call_expression" and parent.child_by_field_name("function") == sel:
        return type_text.startswith("func(")
    if parent.type == "unary_expression" and file.text(parent)[:1] == "*":
        return type_text.startswith("*")
    if parent.type != "selector_expression" or parent.child_by_field_name("operand") != sel:
        return False
    member = parent.child_by_field_name("field")
    if member is None:
        return False
    called = parent.parent is not None and parent.parent.type == "call_expression"
    pkg = cons.types.pkg
    if type_text.startswith("*"):
        pointee = type_text[1:]
        if pkg.field_of(pointee, file.text(member)) is not None:
            return True  # reading a field through a nil pointer
        if not called:
            return False
        return _nil_intolerant(cons, pointee, file.text(member))
    decl = pkg.types.get(type_text)
    # a method call on a nil interface value of the package's interface type
    return called and decl is not None and sx.norm(decl.type_text).startswith("interface{")


def _nil_intolerant(cons: Constructions, pointee: str, method: str) -> bool:
    """A pointer method that does not accept a nil receiver: a method of
    the package that never compares its receiver with nil, or one of
    another package other than a getter (``GetX`` of generated protobuf
    code is written to return the zero value on nil)."""
    pkg = cons.types.pkg
    decl = pkg.funcs.get(f"{pointee}.{method}")
    if decl is not None:
        body = decl.body
        recv = decl.receiver_name
        if body is None or not recv:
            return False
        text = sx.norm(decl.file.text(body))
        return f"{recv}==nil" not in text and f"{recv}!=nil" not in text
    if "." not in pointee:
        return False  # the package's type, method not found (promoted): unknown
    return not (method.startswith("Get") and method[3:4].isupper())


def _cleared_together(selectors: list[tuple[SourceFile, Node]], a: str, b: str) -> bool:
    """Every ``x.b = nil`` of the package sets ``x.a = nil`` in the same
    statement list."""
    for file, sel in selectors:
        parent = sel.parent
        stmt = parent.parent if parent is not None else None
        if stmt is None or stmt.type != "assignment_statement":
            continue
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None or parent is None or parent.id != left.id:
            continue
        index = [n.id for n in left.named_children].index(sel.id)
        values = right.named_children
        if index >= len(values) or values[index].type != "nil":
            continue
        operand = sel.child_by_field_name("operand")
        base = sx.norm(file.text(operand)) if operand is not None else ""
        siblings = stmt.parent.named_children if stmt.parent is not None else [stmt]
        cleared = f"{base}.{a}=nil"
        if not any(sx.norm(file.text(s)) == cleared for s in siblings):
            return False
    return True


# ---- a tag field whose value says the map was made ---------------------------


def made_with_tag(
    cons: Constructions,
    selectors: Callable[[str], list[tuple[SourceFile, Node]]],
    tag: str,
    value: str,
    field_name: str,
) -> bool:
    """Every value of the package whose field ``tag`` holds the constant
    ``value`` has the map ``field_name`` made (a tagged union: ``if
    e.kind != kindDir { return }`` before ``e.children[k] = v``). It holds
    when ``value`` is a non-zero constant of an ``iota`` block (a value built
    without the tag has another one) and, over the structs of the package
    that declare both fields: every literal that sets the tag to ``value``
    makes the map (``make`` or a literal) and every other literal sets it to
    another constant of the block, no decoder fills such a struct, every
    ``x.tag = value`` follows ``x.field = <made>`` in the same statement
    list and every other ``x.tag = ...`` assigns another constant of the
    block, and nothing assigns the map anything but a made map (except on
    a value of another type that embeds such a struct: a copy)."""
    pkg = cons.types.pkg
    siblings = _iota_siblings(pkg.files, value)
    if not siblings:
        return False
    owners = set()
    for type_name, decl in pkg.types.items():
        names = {f.name for f in decl.fields} if decl.is_struct else set()
        if tag in names and field_name in names:
            owners.add(type_name)
    if not owners:
        return False
    for type_name in owners:
        for c in cons.constructions.get(type_name, []):
            if c.kind == "decoded" or (c.kind == "literal" and c.keys is None):
                return False
            if c.kind != "literal" or c.keys is None or tag not in c.keys:
                continue  # the zero tag: not ``value``
            tagged = _keyed_value(c.file, c.node, tag)
            if tagged == value:
                made = sx.keyed_value(c.file, c.node, field_name)
                if made is None or not sx.made_map(c.file, made):
                    return False
            elif tagged not in siblings:
                return False
    for file, sel in selectors(tag):
        assigned, node = sx.target_assignment(file, sel)
        if not assigned:
            continue
        text = sx.norm(file.text(node)) if node is not None else ""
        if text == value:
            if not _made_before(file, sel, field_name):
                return False
        elif text not in siblings:
            return False
    for file, sel in selectors(field_name):
        assigned, node = sx.target_assignment(file, sel)
        if not assigned or (node is not None and sx.made_map(file, node)):
            continue
        operand = sel.child_by_field_name("operand")
        owner = cons.types.type_of(file, operand) if operand is not None else None
        if owner is None or cons.types.local_struct(owner) in owners:
            return False
        if cons.types.local_struct(owner) is None:
            return False
    return True


def _made_before(file: SourceFile, sel: Node, field_name: str) -> bool:
    """``x.field = <made>`` earlier in the statement list of ``x.tag = ...``."""
    stmt = sel.parent.parent if sel.parent is not None else None
    operand = sel.child_by_field_name("operand")
    if stmt is None or operand is None or stmt.parent is None:
        return False
    wanted = f"{sx.norm(file.text(operand))}.{field_name}"
    for sibling in sx.preceding(stmt, stmt.parent):
        for target, value in _pairs(sibling):
            if sx.norm(file.text(target)) == wanted and sx.made_map(file, value):
                return True
    return False


def _pairs(stmt: Node) -> list[tuple[Node, Node]]:
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[0]) != len(sides[1]) or stmt.type != "assignment_statement":
        return []
    return list(zip(sides[0], sides[1], strict=True))


def _keyed_value(file: SourceFile, literal: Node, key: str) -> str:
    found = sx.keyed_value(file, literal, key)
    return sx.norm(file.text(found)) if found is not None else ""


def _iota_siblings(files: tuple[SourceFile, ...], value: str) -> frozenset[str]:
    """The other constants of the ``iota`` block that declares ``value``
    after its first constant (so ``value`` is not zero), each distinct from it
    by construction; empty when ``value`` is not such a constant."""
    for f in files:
        for decl in src.of_types(f.root, ("const_declaration",)):
            specs = [c for c in decl.named_children if c.type == "const_spec"]
            names = [[f.text(n) for n in s.children_by_field_name("name")] for s in specs]
            if not specs or any(len(n) != 1 for n in names):
                continue
            first = specs[0].child_by_field_name("value")
            if first is None or sx.norm(f.text(first)) != "iota":
                continue
            if any(s.child_by_field_name("value") is not None for s in specs[1:]):
                continue
            flat = [n[0] for n in names]
            if value in flat[1:]:
                return frozenset(flat) - {value, "_"}
    return frozenset()
