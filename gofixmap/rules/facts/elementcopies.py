"""A map field of a copied element that the function itself stored without
the map (NM002, issue 13 class 5).

``slots[db][name] = v1.Slot{Slot: cfg}`` stores a struct whose
``Publication`` map is nil; a later ``s := slots[db][name]`` copies the
element (an index expression of a map or slice yields the stored value),
and ``s.Publication[k] = v`` -- or ``tables := s.Publication; tables[k] =
v`` -- writes into that nil map and panics. Go copies the struct, map
fields included: the copy's field is the stored literal's, nil when the
literal leaves it out.

Followed only inside one function, where every store is seen: the container
is a local variable of the function (``:=`` or ``var``), the stores are
``M[i]...[j] = T{...}`` with as many indexes as the read, and at least one
of them is a keyed literal (or ``&T{...}``) that leaves the field out and
comes before the write in the source (or shares a loop with it). The copy
``s`` and the alias ``tables`` are each defined once, never assigned again
nor their address taken; ``s.F`` is never assigned before the write, no
method is called on ``s`` before it, and no ``if`` or loop condition around
the write names the map (a nil or length check is the author knowing).
"""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.constructions import func_name
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node


@dataclass(frozen=True)
class ElementCopy:
    """The copy a write goes through, and the store that left its map nil."""

    container: str  # the text of the container variable
    copy: str  # the copy variable
    field: str
    literal: Node  # the composite literal (or &literal) stored without the field
    type_text: str  # the literal's type text

    def reason(self, file: SourceFile) -> str:
        line = self.literal.start_point[0] + 1
        where = func_name(file, sx.enclosing_function(self.literal))
        article = "an" if self.type_text[:1].lower() in "aeiou" else "a"
        return (
            f"{self.copy} is a copy of an element of {self.container}, which {where} "
            f"stores as {article} {self.type_text} literal without {self.field} (line {line})"
        )

    def stored_back(self, file: SourceFile, stmt: Node, written: str) -> bool:
        """After ``stmt`` the function stores the copy back into the
        container (``m[a][b] = s``) and, when the write went through an
        alias ``t := s.F``, sets ``s.F = t`` before that: a map made at the
        write reaches the element."""
        func = sx.enclosing_function(stmt)
        if func is None:
            return False
        alias = written != f"{self.copy}.{self.field}"
        for node in src.of_types(func, ("assignment_statement",)):
            if node.start_byte < stmt.end_byte:
                continue
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None or len(left.named_children) != 1:
                continue
            if len(right.named_children) != 1:
                continue
            target = sx.unparen(left.named_children[0])
            value = sx.norm(file.text(right.named_children[0]))
            if alias and sx.norm(file.text(target)) == f"{self.copy}.{self.field}":
                alias = value != written
                continue
            chain = _index_chain(target)
            if (
                not alias
                and chain is not None
                and file.text(chain[0]) == self.container
                and value == self.copy
            ):
                return True
        return False


def _single_definition(
    types: TypeResolver, file: SourceFile, ident: Node, func: Node, kind: str
) -> Node | None:
    """The value of the ``:=`` that defines ``ident`` in ``func``, a node of
    type ``kind``, when it is the only assignment of the name there and its
    address is never taken."""
    name = file.text(ident)
    binding = types.resolve(file, name, ident)
    if (
        binding is None
        or binding.kind != "short"
        or binding.value is None
        or sx.unparen(binding.value).type != kind
        or binding.function is None
        or binding.function.id != func.id
        or binding.name_node is None
    ):
        return None
    left = binding.node.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return None
    for node in sx.walk(func):
        if node.type != "identifier" or file.text(node) != name:
            continue
        if node.id == binding.name_node.id:
            continue
        parent = node.parent
        if parent is not None and parent.type == "unary_expression":
            return None
        if sx.is_assigned(node):
            return None
    return sx.unparen(binding.value)


def _index_chain(node: Node) -> tuple[Node, int] | None:
    """``M[a][b]`` → (``M``, 2)."""
    depth = 0
    while node.type == "index_expression":
        depth += 1
        operand = node.child_by_field_name("operand")
        if operand is None:
            return None
        node = sx.unparen(operand)
    return (node, depth) if depth else None


def _stored_literal(value: Node) -> Node | None:
    value = sx.unparen(value)
    if value.type == "unary_expression" and value.named_children:
        value = sx.unparen(value.named_children[-1])
    return value if value.type == "composite_literal" else None


def _omits(file: SourceFile, literal: Node, field: str) -> bool:
    body = literal.child_by_field_name("body")
    if body is None:
        return False
    elements = [e for e in body.named_children if e.type != "comment"]
    if any(e.type != "keyed_element" for e in elements):
        return False  # positional: every field given
    for element in elements:
        key = element.named_children[0] if element.named_children else None
        if key is not None and sx.norm(file.text(key)) == field:
            return False
    return True


def _share_loop(a: Node, b: Node, func: Node) -> bool:
    for node, _ in sx.climb(b, func):
        if node.type == "for_statement" and node.start_byte <= a.start_byte < node.end_byte:
            return True
    return False


def element_copy(
    types: TypeResolver, file: SourceFile, stmt: Node, operand: Node
) -> ElementCopy | None:
    """The element copy the write ``stmt`` into ``operand`` goes through
    (see the module), or ``None``."""
    func = sx.enclosing_function(stmt)
    if func is None:
        return None
    operand = sx.unparen(operand)
    written = sx.norm(file.text(operand))
    texts = {written}
    if operand.type == "identifier":
        value = _single_definition(types, file, operand, func, "selector_expression")
        if value is None:
            return None
        selector = value
    elif operand.type == "selector_expression":
        selector = operand
    else:
        return None
    root = selector.child_by_field_name("operand")
    field_node = selector.child_by_field_name("field")
    if root is None or field_node is None or root.type != "identifier":
        return None
    field = file.text(field_node)
    copy = file.text(root)
    texts.add(f"{copy}.{field}")
    value = _single_definition(types, file, root, func, "index_expression")
    chain = _index_chain(value) if value is not None else None
    if value is None or chain is None:
        return None
    base, depth = chain
    if base.type != "identifier":
        return None
    container = file.text(base)
    held = types.resolve(file, container, base)
    if (
        held is None
        or held.kind not in ("short", "var")
        or held.function is None
        or held.function.id != func.id
    ):
        return None
    defined = value.start_byte
    for node in src.of_types(func, ("selector_expression", "call_expression")):
        if not defined < node.start_byte < stmt.start_byte:
            continue
        if node.type == "selector_expression":
            if sx.norm(file.text(node)) == f"{copy}.{field}" and sx.is_assigned(node):
                return None
            continue
        fn = node.child_by_field_name("function")
        target = fn.child_by_field_name("operand") if fn is not None else None
        if (
            fn is not None
            and fn.type == "selector_expression"
            and target is not None
            and file.text(target) == copy
        ):
            return None  # a method of the copy may make the map
    for child, parent in sx.climb(stmt, func):
        if parent.type in ("if_statement", "for_statement"):
            cond = parent.child_by_field_name("condition")
            if parent.type == "for_statement":
                cond = next((c for c in parent.named_children if c.id != child.id), None)
            if cond is None or cond.id == child.id:
                continue
            words = {sx.norm(file.text(n)) for n in sx.walk(cond)}
            if texts & words:
                return None
    for node in src.of_types(func, ("assignment_statement",)):
        op = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if op is None or file.text(op) != "=" or left is None or right is None:
            continue
        if len(left.named_children) != 1 or len(right.named_children) != 1:
            continue
        target_chain = _index_chain(sx.unparen(left.named_children[0]))
        if target_chain is None or target_chain[1] != depth:
            continue
        if target_chain[0].type != "identifier" or file.text(target_chain[0]) != container:
            continue
        literal = _stored_literal(right.named_children[0])
        type_node = literal.child_by_field_name("type") if literal is not None else None
        if literal is None or type_node is None or not _omits(file, literal, field):
            continue
        if node.start_byte < stmt.start_byte or _share_loop(node, stmt, func):
            return ElementCopy(container, copy, field, literal, file.text(type_node))
    return None
