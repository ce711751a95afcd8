"""MR001 concurrent-map-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class ConcurrentMapWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "MR001"
    name = "concurrent-map-write"
    summary = "a map written from a goroutine while other goroutines can reach it unlocked"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
