"""Type texts: map, slice and element parts of a type as written in the
source (``map[string]int``, ``[]T``), with named types resolved through the
package index where a :class:`~gofixmap.codemod.index.PackageIndex` is given.
Part of :data:`~gofixmap.rules.facts.types.TYPES`."""

from __future__ import annotations

import re

from gofixmap.codemod import source as src
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile


def split_map(type_text: str) -> tuple[str, str] | None:
    """``"map[K]V"`` → ``("K", "V")``, with nested brackets in K handled.

    Only a literal map type text is split (no name resolution): ``Labels``
    gives ``None``; see :func:`map_parts` for named types.
    """
    text = type_text.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if not text.startswith("map["):
        return None
    depth = 0
    for i in range(3, len(text)):
        ch = text[i]
        if ch in "[({":
            depth += 1
        elif ch in "])}":
            depth -= 1
            if depth == 0:
                key = text[4:i].strip()
                value = text[i + 1 :].strip()
                if not key or not value:
                    return None
                return key, value
    return None


def map_parts(
    index: PackageIndex, type_text: str, file: SourceFile | None
) -> tuple[str, str] | None:
    """Key and value type texts of a map type, resolving named types
    (``type Labels map[string]string``, ``http.Header``) via ``index.underlying``."""
    if not type_text:
        return None
    return split_map(index.underlying(type_text, file))


def is_map(index: PackageIndex, type_text: str | None, file: SourceFile | None) -> bool:
    """Whether ``type_text`` is a map type, directly or through a named type."""
    return type_text is not None and map_parts(index, type_text, file) is not None


def elem_type(index: PackageIndex, type_text: str, file: SourceFile | None) -> str | None:
    """The element type of a slice, array or pointer-to-array type text, else ``None``."""
    text = index.underlying(type_text, file).strip()
    if text.startswith("*"):
        text = text[1:].strip()
    if not text.startswith("["):
        return None
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                rest = text[i + 1 :].strip()
                return rest or None
    return None


_QUALIFIER = re.compile(r"\b([A-Za-z_]\w*)\.[A-Za-z_]")


def _match_bracket(text: str, start: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``start`` (or -1)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def element_of(type_text: str) -> str | None:
    """The element type of a slice, array, map or pointer-to-array type."""
    text = type_text.strip().lstrip("*")
    if text.startswith("map["):
        parts = split_map(text)
        return parts[1] if parts else None
    if text.startswith("["):
        end = _match_bracket(text, 0)
        return text[end + 1 :].strip() if end >= 0 else None
    return None


def key_type(type_text: str) -> str | None:
    text = type_text.strip()
    parts = split_map(text)
    if parts:
        return parts[0]
    if text.startswith("["):
        return "int"
    return None


def qualifiers(type_text: str) -> set[str]:
    return set(_QUALIFIER.findall(type_text))


def imports_compatible(
    pkg: PackageIndex, type_text: str, origin: src.SourceFile, target: src.SourceFile
) -> bool:
    """Whether ``type_text`` written in ``origin`` means the same in ``target``."""
    if origin.path == target.path:
        return True
    have = pkg.imports.get(target.path, {})
    want = pkg.imports.get(origin.path, {})
    return all(q in have and have[q] == want.get(q) for q in qualifiers(type_text))
