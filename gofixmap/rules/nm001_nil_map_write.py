"""NM001 nil-map-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class NilMapWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "NM001"
    name = "nil-map-write"
    summary = "a write to a local or package-level map that is nil on some path to it"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
