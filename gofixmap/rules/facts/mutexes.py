"""A struct's mutexes and the map fields each one guards, by Go convention:
the struct's mutex fields (``mutex_field``, ``mutex_fields``), the fields
grouped with a mutex in one block of the struct or named in its line comment
(``// protects a, b``) or named by it (``cacheMu`` guards ``cache`` only):
``same_group``; and whether an access holds the owner's mutex
(``locked_by_owner``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex, VarDecl
from gofixmap.rules.facts.locks import Access, guarded, mutex_kind


def field_decl_node(index: PackageIndex, owner: str, name: str) -> Node | None:
    decl = index.types.get(owner)
    if decl is None:
        return None
    for f in decl.fields:
        if f.name == name and not f.embedded:
            parent = f.type_node.parent
            return parent
    return None


_GUARDS = re.compile(rb"\b(?:protects|guards|covers|locks|for)\s+(.*)", re.IGNORECASE)


def _guarded_names(mu_node: Node) -> set[str] | None:
    """The fields named by the mutex's line comment (``// protects a, b``)."""
    sibling = mu_node.next_sibling
    if sibling is None or sibling.type != "comment":
        return None
    if sibling.start_point[0] != mu_node.end_point[0]:
        return None
    found = _GUARDS.search(sibling.text or b"")
    if found is None:
        return None
    return {w.decode() for w in re.findall(rb"[A-Za-z_][A-Za-z0-9_]*", found.group(1))}


def _named_after(fields: Iterable[Any], mutex: str) -> str | None:
    """The field a mutex is named after (``podsMu``, ``cacheLock``,
    ``subsMapLock`` for ``pods``, ``cache``, ``subs``): by Go convention it
    guards that field, not its neighbours. The longest such name."""
    lowered = mutex.lower()
    best: str | None = None
    for f in fields:
        other = getattr(f, "name", "")
        if not other or other == mutex or len(other) < 2 or mutex_kind(f.type_text):
            continue
        longer = best is None or len(other) > len(best)
        if lowered.startswith(other.lower()) and len(lowered) > len(other) and longer:
            best = other
    return best


def same_group(index: PackageIndex, owner: str, mutex: str, name: str) -> bool:
    """``name`` is declared in the mutex's block of fields (no blank line
    between them): by Go convention the fields a mutex guards; a mutex named
    after a field (``cacheMu``) guards that field only."""
    decl = index.types.get(owner)
    if decl is None:
        return False
    mu_node = next((f.type_node.parent for f in decl.fields if f.name == mutex), None)
    field_node = field_decl_node(index, owner, name)
    if mu_node is None or field_node is None:
        return False
    named = _guarded_names(mu_node)
    if named is not None:
        return name in named
    namesake = _named_after(decl.fields, mutex)
    if namesake is not None:
        return name == namesake
    root = mu_node
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    lo = min(mu_node.start_byte, field_node.start_byte)
    hi = max(mu_node.end_byte, field_node.end_byte)
    lines = data[lo:hi].split(b"\n")
    return not any(not line.strip() for line in lines[1:-1])


def mutex_field(index: PackageIndex, owner: str) -> tuple[str, str, bool] | None:
    """The struct's mutex: (field name, "rw"|"m", embedded)."""
    decl = index.types.get(owner)
    if decl is None:
        return None
    for f in decl.fields:
        kind = mutex_kind(f.type_text)
        if kind:
            return f.name, kind, f.embedded
    return None


def mutex_fields(index: PackageIndex, owner: str) -> list[tuple[str, str, bool]]:
    """Every mutex of the struct: (field name, "rw"|"m", embedded)."""
    decl = index.types.get(owner)
    if decl is None:
        return []
    found: list[tuple[str, str, bool]] = []
    for f in decl.fields:
        kind = mutex_kind(f.type_text)
        if kind:
            found.append((f.name, kind, f.embedded))
    return found


def struct_of_var(index: PackageIndex, var: VarDecl) -> str:
    """The package struct type of a package-level variable (``var v T``,
    ``var v *T``, ``var v = T{...}``, ``var v = &T{...}``), else ""."""
    text = var.type_text.lstrip("*")
    if not text and var.value is not None:
        value = sx.unparen(var.value)
        if value.type == "unary_expression" and var.file.text(value).startswith("&"):
            operand = value.child_by_field_name("operand")
            value = sx.unparen(operand) if operand is not None else value
        if value.type == "composite_literal":
            kind = value.child_by_field_name("type")
            text = var.file.text(kind) if kind is not None else ""
    decl = index.types.get(text)
    return text if decl is not None and decl.is_struct and not decl.type_params else ""


def var_mutexes(index: PackageIndex, var: VarDecl) -> dict[str, str]:
    """The locks a package-level variable of a struct type carries, by the
    text that locks them: ``v.mu`` for a mutex field, ``v`` for an embedded
    one; the value is ``rw`` or ``m``."""
    owner = struct_of_var(index, var)
    found: dict[str, str] = {}
    for name, kind, embedded in mutex_fields(index, owner) if owner else ():
        found[var.name if embedded else f"{var.name}.{name}"] = kind
    return found


def locked_by_owner(access: Access, recv: str, mutex: tuple[str, str, bool] | None) -> bool:
    if mutex is None:
        return False
    name, _, embedded = mutex
    target = recv if embedded else f"{recv}.{name}"
    return guarded(access, lambda t: t == target or (embedded and t == f"{recv}.{name}"))


def locks_first(decl: FuncDecl, mutex: tuple[str, str, bool]) -> bool:
    """The method's first operation on its receiver's ``mutex`` (outside
    func literals) takes it: ``r.mu.Lock()``/``RLock()``, not ``Unlock()``."""
    body = decl.body
    recv = decl.receiver_name
    if body is None or not recv:
        return False
    target = recv if mutex[2] else f"{recv}.{mutex[0]}"
    for call in sx.nodes(body, ("call_expression",), closures=False):
        parts = sx.call_parts(decl.file, call)
        if parts is None or sx.norm(parts[0]) != target:
            continue
        if parts[1] in ("Lock", "RLock"):
            return True
        if parts[1] in ("Unlock", "RUnlock"):
            return False
    return False
