"""The import a fix needs, as golang.org/x/tools' ``AddNamedImport`` adds it.

``require`` answers the name under which the fixed code can refer to a
package, with the edit that imports it when the file does not yet: the
existing name when the path is imported already (aliased or not), else the
wanted alias (or the package's assumed name). It declines (``None``) when the
path is imported only as ``_`` or ``.``, or when the name is already taken in
the file by another import. Placement is the engine's (one way for every fix:
:func:`gofixmap.codemod.imports.import_edit`).

A fix that only needs a standard package in the diagnostic's own file can
also name it in ``Fix.imports`` and let the engine add it after its edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixmap.codemod.imports import assumed_name, import_edit, imported
from gofixmap.codemod.model import Edit
from gofixmap.codemod.source import SourceFile


@dataclass(frozen=True, slots=True)
class Import:
    """``name`` refers to the package in the file; ``edit`` (if any) adds
    the import, with ``Edit.path`` naming the file."""

    name: str
    edit: Edit | None


def require(file: SourceFile, path: str, name: str = "") -> Import | None:
    """How ``file`` refers to the package ``path`` once the fix is applied
    (``name``: the alias to give it if it must be added); ``None`` if it
    cannot."""
    names = imported(file)
    existing = names.get(path)
    if existing is not None:
        return None if existing in ("_", ".") else Import(existing, None)
    local = name or assumed_name(path)
    if local in names.values():
        return None  # another package already has the name here
    edit = import_edit(file, path, name if name and name != assumed_name(path) else "")
    if edit is None:
        return None
    return Import(local, Edit(edit.start, edit.end, edit.new_text, file.path))
