"""NM004 nil-k8s-map-write: not implemented yet (placeholder replaced by its rule)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Rule


class NilK8sMapWrite(Rule):
    """PLACEHOLDER: finds nothing yet."""

    code = "NM004"
    name = "nil-k8s-map-write"
    summary = "writes to nilable map fields of Kubernetes API types without a nil check"

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        return ()
