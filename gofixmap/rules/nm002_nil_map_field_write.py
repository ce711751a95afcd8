"""NM002 nil-map-field-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class NilMapFieldWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "NM002"
    name = "nil-map-field-write"
    summary = "a write to a struct's map field that some construction path leaves nil"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
