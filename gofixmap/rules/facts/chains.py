"""CHAIN: ``root.a.b.f``, a selector chain that ends in a map-typed field
of a struct of the package, with the owner of that field and whether the
chain goes through a pointer, slice or map on the way (then the value that
holds the field is not the root's own).
"""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.index import Field
from gofixmap.codemod.syntax import norm, unparen
from gofixmap.rules.facts.types import Types, element_of

Node = tree_sitter.Node


@dataclass(frozen=True)
class Chain:
    """``root.a.b.f``: a selector chain to the map field ``f`` of ``owner``."""

    text: str  # normalised source text of the chain
    root: Node  # the root identifier
    root_type: str
    fields: tuple[str, ...]
    owner: str  # the struct type declaring the final field
    field: Field
    pure: bool  # only identifiers and selectors
    indirect: bool  # a pointer, slice or map hop between the root and the field


def chain(types: Types, file: src.SourceFile, node: Node) -> Chain | None:
    """The chain of ``node`` when it ends in a map-typed field of a package struct."""
    node = unparen(node)
    if node.type != "selector_expression":
        return None
    parts: list[Node] = []
    current = node
    pure = True
    while True:
        current = unparen(current)
        if current.type == "selector_expression":
            parts.append(current)
            operand = current.child_by_field_name("operand")
            if operand is None:
                return None
            current = operand
        elif current.type == "index_expression":
            pure = False
            parts.append(current)
            operand = current.child_by_field_name("operand")
            if operand is None:
                return None
            current = operand
        elif current.type == "identifier":
            break
        else:
            return None
    root = current
    root_type = types.ident(file, root)
    if root_type is None:
        return None
    type_text = root_type
    indirect = root_type.startswith("*")
    names: list[str] = []
    last: Field | None = None
    for part in reversed(parts):
        if part.type == "index_expression":
            under = types.pkg.underlying(type_text, file)
            elem = element_of(under)
            if elem is None:
                return None
            indirect = True
            type_text = elem
            last = None
            continue
        name_node = part.child_by_field_name("field")
        if name_node is None:
            return None
        name = file.text(name_node)
        f = types.field(type_text, name)
        if f is None:
            return None
        if f.owner != types.local_struct(type_text):
            # promoted through an embedded struct: a pointer embedding is a hop
            decl = types.pkg.struct(type_text)
            if decl is not None and any(
                e.embedded and e.type_text.startswith("*") for e in decl.fields
            ):
                indirect = True
        names.append(name)
        last = f
        type_text = f.type_text
        if type_text.startswith("*") and part is not parts[0]:
            indirect = True
    if last is None:
        return None
    owner_decl = types.pkg.types.get(last.owner)
    if owner_decl is None or owner_decl.type_params:
        return None
    under = types.pkg.underlying(last.type_text, owner_decl.file)
    if not under.startswith("map["):
        return None
    return Chain(
        norm(file.text(node)), root, root_type, tuple(names), last.owner, last, pure, indirect
    )
