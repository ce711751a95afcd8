"""Validate and apply byte-range edits and fixes."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from gofixmap.codemod.imports import add_imports
from gofixmap.codemod.model import Edit, Fix


class EditError(ValueError):
    """Edits that cannot be applied: out of bounds or overlapping."""


def _key(edit: Edit) -> tuple[int, int]:
    return (edit.start, edit.end)


def normalize(edits: Iterable[Edit], size: int) -> list[Edit]:
    """Sort edits, drop exact duplicates, and reject bad or overlapping ones.

    Two edits conflict when their ranges share a byte, or when both insert at
    the same offset with different text (their order would be a guess).
    """
    result: list[Edit] = []
    for edit in sorted(set(edits), key=_key):
        if edit.end > size:
            raise EditError(f"edit [{edit.start}, {edit.end}) beyond end of file ({size} bytes)")
        if result:
            last = result[-1]
            if edit.start < last.end or (
                edit.start == last.start and (edit.start == edit.end or last.start == last.end)
            ):
                raise EditError(
                    f"edits [{last.start}, {last.end}) and [{edit.start}, {edit.end}) overlap"
                )
        result.append(edit)
    return result


def apply_edits(data: bytes, edits: Iterable[Edit]) -> bytes:
    ordered = normalize(edits, len(data))
    out: list[bytes] = []
    pos = 0
    for edit in ordered:
        out.append(data[pos : edit.start])
        out.append(edit.new_text)
        pos = edit.end
    out.append(data[pos:])
    return b"".join(out)


def apply_fixes(data: bytes, fixes: Sequence[Fix]) -> bytes:
    """Apply every fix's edits to ``data`` (the original bytes) and add imports."""
    patched = apply_edits(data, [edit for fix in fixes for edit in fix.edits])
    needed = sorted({pkg for fix in fixes for pkg in fix.imports})
    return add_imports(patched, needed) if needed else patched


P = TypeVar("P", bound=Hashable)


def split_by_file(fix: Fix, home: P, locate: Callable[[str], P]) -> dict[P, Fix]:
    """``fix`` as one fix per file it edits: an edit whose ``path`` names
    another file of the package goes to ``locate(edit.path)``, the others to
    ``home`` (the diagnostic's file), which also gets the imports. The edits
    of the parts carry no ``path``."""
    edits: dict[P, list[Edit]] = {}
    for edit in fix.edits:
        target = locate(edit.path) if edit.path else home
        edits.setdefault(target, []).append(Edit(edit.start, edit.end, edit.new_text))
    parts = {
        target: Fix(fix.title, tuple(es), fix.applicability, fix.imports if target == home else ())
        for target, es in edits.items()
    }
    if home not in parts and fix.imports:
        parts[home] = Fix(fix.title, (), fix.applicability, fix.imports)
    return parts


def split_in_package(fix: Fix, home: Path) -> dict[Path, Fix]:
    """:func:`split_by_file` for files on disk: an edit's ``path`` names a
    file of the directory of ``home`` (the diagnostic's file)."""
    return split_by_file(fix, home, lambda other: home.parent / Path(other).name)
