"""MR002 unlocked-map-access: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class UnlockedMapAccess(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "MR002"
    name = "unlocked-map-access"
    summary = "a map guarded by a mutex in some methods and touched without it in another"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
