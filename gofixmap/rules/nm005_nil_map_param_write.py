"""NM005 nil-map-param-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class NilMapParamWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "NM005"
    name = "nil-map-param-write"
    summary = "a callee writes into a map parameter that a caller passes as nil"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
