"""CHAIN: ``root.a.b.f``, a selector chain that ends in a map-typed field
of a struct of the package, with the owner of that field and whether the
chain goes through a pointer, slice or map on the way (then the value that
holds the field is not the root's own).

A chain may also go on into a struct of another module that a package
struct's field holds by value (``r.opts.Labels`` with ``opts
manager.Options``): its fields come from the dependency's exported types
(:class:`DependencyStructs`, the dependency's source in the module cache or
``vendor/``), through by-value fields only, and the chain keeps the package
field as its ``field`` and the rest as its ``tail`` (#13 class 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.declarations import split_qualified
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import Field
from gofixmap.codemod.stdlib import is_std
from gofixmap.codemod.syntax import norm, selected, unparen
from gofixmap.rules.facts import exports
from gofixmap.rules.facts.exports import Entry
from gofixmap.rules.facts.types import TypeResolver, element_of

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
    # ``r.opts.Labels`` with ``opts manager.Options``: ``field`` is ``opts``
    # (the package struct's field holding a dependency's struct by value),
    # ``tail`` the fields inside it (``("Labels",)``), ``map_type`` the
    # qualified type of the map at the end
    tail: tuple[str, ...] = ()
    map_type: str = ""


class Dependencies(Protocol):
    """Struct types of other modules (:func:`.exports.dependency_types`)."""

    def entry(self, file: src.SourceFile, type_text: str) -> tuple[str, Entry] | None:
        """The struct ``type_text`` written in ``file`` (``pkg.T``)."""

    def qualified(self, qualified: str) -> tuple[str, Entry] | None:
        """The struct ``<import path>.T``."""


def chain(
    types: TypeResolver, file: src.SourceFile, node: Node, deps: Dependencies | None = None
) -> Chain | None:
    """The chain of ``node`` when it ends in a map-typed field of a package
    struct, or (with ``deps``) of a dependency's struct that a package
    struct's field holds by value (through by-value fields only)."""
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
        elif (
            parts and parts[-1].type == "selector_expression" and current.type == "unary_expression"
        ):
            # ``(*p).f`` is ``p.f``: a selector dereferences its operand
            inner = selected(file, current)
            if inner is current:
                return None
            current = inner
        else:
            return None
    root = current
    root_type = types.type_of(file, root)
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
            if deps is None or last is None or last.type_text.startswith("*"):
                return None
            at = parts.index(part)
            rest = [p for p in reversed(parts[: at + 1])]
            tail = _dependency_tail(deps, file, types, last, rest)
            if tail is None:
                return None
            names.extend(tail[0])
            return Chain(
                norm(file.text(node)),
                root,
                root_type,
                tuple(names),
                last.owner,
                last,
                pure,
                indirect,
                tail[0],
                tail[1],
            )
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


def _dependency_tail(
    deps: Dependencies, file: src.SourceFile, types: TypeResolver, holder: Field, parts: list[Node]
) -> tuple[tuple[str, ...], str] | None:
    """The field names of ``parts`` (selectors, outermost last) inside the
    dependency struct that the package field ``holder`` holds by value, when
    they end in a map field and no pointer is on the way; with the map's
    qualified type."""
    owner = types.pkg.types.get(holder.owner)
    if owner is None:
        return None
    found = deps.entry(owner.file, holder.type_text)
    names: list[str] = []
    for i, part in enumerate(parts):
        if found is None or part.type != "selector_expression":
            return None
        name_node = part.child_by_field_name("field")
        if name_node is None:
            return None
        name = file.text(name_node)
        entry = _member(deps, found[1], name)
        if entry is None:
            return None
        kind, type_text = entry
        names.append(name)
        if kind == "map":
            return (tuple(names), type_text) if i == len(parts) - 1 else None
        if type_text.startswith("*"):
            return None
        found = deps.qualified(type_text)
    return None


def _member(deps: Dependencies, entry: Entry, name: str, depth: int = 0) -> tuple[str, str] | None:
    """("map" | "field", qualified type) of ``name`` in a dependency struct,
    promoted fields of embedded structs included."""
    if name in entry.maps:
        return "map", entry.maps[name]
    if name in entry.fields:
        return "field", entry.fields[name]
    if depth > 4:
        return None
    for embedded in entry.embeds:
        inner = deps.qualified(embedded)
        found = _member(deps, inner[1], name, depth + 1) if inner is not None else None
        if found is not None:
            return found
    return None


class DependencyStructs:
    """:class:`Dependencies` from the exported types of the packages a pass
    imports (their source in the module, ``vendor/`` or the module cache);
    the standard library's types are left out (its packages are not read)."""

    def __init__(self, pkg: Pass) -> None:
        self.pkg = pkg
        self._found: dict[str, tuple[str, Entry] | None] = {}

    def entry(self, file: src.SourceFile, type_text: str) -> tuple[str, Entry] | None:
        text = type_text.strip()
        match = re.fullmatch(r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)", text)
        if match is None:
            return None
        path = self.pkg.package.imports.get(file.path, {}).get(match.group(1))
        if path is None:
            return None
        return self.qualified(f"{path}.{match.group(2)}")

    def qualified(self, qualified: str) -> tuple[str, Entry] | None:
        if qualified in self._found:
            return self._found[qualified]
        found: tuple[str, Entry] | None = None
        split = split_qualified(qualified)
        if split is not None and not is_std(split[0]):
            loaded = exports.dependency_types(self.pkg, split[0])
            if loaded is not None:
                entry = loaded.structs.get(split[1])
                if entry is not None:
                    found = (qualified, entry)
        self._found[qualified] = found
        return found
