"""The sync.Map strategy of MR001/MR002: convert a map and every use, or decline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gofixmap.codemod.model import Fix
from gofixmap.codemod.rule import FileContext

if TYPE_CHECKING:
    from gofixmap.rules._locks import SharedMap


def convert(ctx: FileContext, sm: SharedMap) -> tuple[Fix | None, str]:
    return None, "sync.Map conversion not implemented"
