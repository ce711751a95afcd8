"""NM003 nil-inner-map-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class NilInnerMapWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "NM003"
    name = "nil-inner-map-write"
    summary = "m[a][b] = v where m[a] may not exist yet"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
