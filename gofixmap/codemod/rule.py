"""What a rule is, and what it gets to look at."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

import tree_sitter

from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.model import Diagnostic, Fix, Span
from gofixmap.codemod.model import Settings as Settings  # re-exported
from gofixmap.codemod.source import SourceFile


@dataclass(frozen=True, slots=True)
class Invalid:
    """An example the rule must flag. ``fixed`` is the file after safe fixes
    (``None``: no safe fix expected); ``unsafe_fixed`` with ``--unsafe-fixes``."""

    code: str
    fixed: str | None = None
    unsafe_fixed: str | None = None


@dataclass(frozen=True, eq=False)
class FileContext:
    file: SourceFile
    package: PackageIndex
    settings: Settings

    @property
    def path(self) -> str:
        return self.file.path

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def memo(self, key: str) -> dict[str, object]:
        """A dict shared by every file of the package, for per-package work."""
        store = self.package.memo.setdefault(key, {})
        assert isinstance(store, dict)
        return store


class Rule(abc.ABC):
    """One check. The class docstring has the sections What it does / Why is
    this bad / Example / Fix safety; VALID and INVALID examples are tests."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()

    @abc.abstractmethod
    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        """Yield the diagnostics of ``ctx.file``; never print, write or apply."""

    def diagnostic(
        self,
        ctx: FileContext,
        node: tree_sitter.Node | Span,
        message: str,
        fixes: Iterable[Fix] = (),
        note: str = "",
    ) -> Diagnostic:
        span = node if isinstance(node, Span) else Span(node.start_byte, node.end_byte)
        return Diagnostic(self.code, self.name, ctx.path, span, message, tuple(fixes), note)
