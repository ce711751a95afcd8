"""What a rule is, and what it gets to look at.

A rule checks one package at a time, as a go/analysis ``Analyzer`` runs on a
``Pass``: ``check(pkg)`` yields the diagnostics of every file of the package,
reading what it knows about the program from facts it declares in
``REQUIRES`` (``pkg.fact(F)``). A rule keeps no state of its own between or
during calls, never prints, writes or applies.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar, TypeVar

import tree_sitter

from gofixmap.codemod.facts import Fact, Pass, Requirement
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.model import Applicability, Diagnostic, Fix, Span, Subject
from gofixmap.codemod.model import Settings as Settings  # re-exported
from gofixmap.codemod.source import SourceFile

__all__ = ["Fact", "FileContext", "Invalid", "Pass", "Rule", "Settings", "files_of"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Invalid:
    """An example the rule must flag. ``fixed`` is the file after safe fixes
    (``None``: no safe fix expected); ``unsafe_fixed`` with ``--unsafe-fixes``."""

    code: str
    fixed: str | None = None
    unsafe_fixed: str | None = None


class Rule(abc.ABC):
    """One check. The class docstring has the sections What it does / Why is
    this bad / Example / Fix safety; VALID and INVALID examples are tests.

    ``PREFILTER`` (optional): byte patterns of which one must occur in the
    package for the rule to fire (see ``gofixmap.codemod.prefilter``).
    ``IN_TESTS``: whether the rule reports in ``_test.go`` files, and in
    packages only the tests run (:meth:`tests_only`); a run with
    ``include_tests`` reports there for every rule. The files are analysed
    either way.

    ``EVIDENCE``: the kinds of evidence the rule's findings rest on, each
    with its confidence (``high``, ``medium`` or ``low``: how directly the
    program's own code shows the nil map or the concurrency) and one line
    saying why; every finding names its kind (``evidence=`` of
    :meth:`diagnostic`)."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    REQUIRES: ClassVar[tuple[Requirement, ...]] = ()
    IN_TESTS: ClassVar[bool] = True
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()
    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {}

    @abc.abstractmethod
    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        """Yield the diagnostics of the files of ``pkg``; never print, write
        or apply."""

    def tests_only(self, pkg: Pass) -> bool:
        """Whether only the module's tests run the code of ``pkg``: a rule
        whose ``IN_TESTS`` is False reports there only when the run
        includes tests, as in ``_test.go`` files. The engine cannot tell
        (it knows files, not programs); a rule that can says so."""
        return False

    def diagnostic(
        self,
        file: SourceFile | str,
        node: tree_sitter.Node | Span,
        message: str,
        fixes: Iterable[Fix] = (),
        note: str = "",
        subject: str = "",
        about: Subject | None = None,
        *,
        evidence: str,
    ) -> Diagnostic:
        """A diagnostic of this rule at ``node`` in ``file`` (a file or its path);
        its fixes ranked by :func:`production_first`; ``evidence`` is a kind
        of the rule's ``EVIDENCE`` table, which gives its confidence."""
        span = node if isinstance(node, Span) else Span(node.start_byte, node.end_byte)
        path = file if isinstance(file, str) else file.path
        ranked = production_first(path, tuple(fixes))
        confidence = self.EVIDENCE[evidence][0]
        return Diagnostic(
            self.code,
            self.name,
            path,
            span,
            message,
            ranked,
            note,
            subject,
            about,
            evidence=evidence,
            confidence=confidence,
        )


def _is_test_file(path: str) -> bool:
    return path.endswith("_test.go")


def production_first(path: str, fixes: tuple[Fix, ...]) -> tuple[Fix, ...]:
    """For a finding in production code (``path`` is not a ``_test.go``
    file), an alternative whose edits all land in test files does not fix
    the code that was reported: it comes after every fix that edits
    production code, and it is at most unsafe, so that it is never applied
    by default and never before a production fix."""
    if _is_test_file(path):
        return fixes
    production: list[Fix] = []
    tests_only: list[Fix] = []
    for fix in fixes:
        if fix.edits and all(_is_test_file(e.path or path) for e in fix.edits):
            applicability = min(fix.applicability, Applicability.UNSAFE)
            tests_only.append(
                dataclasses.replace(
                    fix, title=f"{fix.title} (edits test files only)", applicability=applicability
                )
            )
        else:
            production.append(fix)
    return (*production, *tests_only) if tests_only else fixes


@dataclass(frozen=True, eq=False)
class FileContext:
    """One file of a package under check: the rule's pass and the file."""

    pkg: Pass
    file: SourceFile

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def package(self) -> PackageIndex:
        return self.pkg.package

    @property
    def settings(self) -> Settings:
        return self.pkg.settings

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def fact(self, key: Fact[T]) -> T:
        return self.pkg.fact(key)


def files_of(pkg: Pass) -> Iterator[FileContext]:
    """A context for each file of ``pkg``, in order."""
    for file in pkg.files:
        yield FileContext(pkg, file)
