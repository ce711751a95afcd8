"""Immutable values that flow between the stages of the pipeline."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gofixmap.codemod.facts import Importer
    from gofixmap.codemod.rule import Rule


class Applicability(enum.IntEnum):
    """How far a fix can be trusted, ordered: display-only < unsafe < safe."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, text: str) -> Applicability:
        return cls[text.upper().replace("-", "_")]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace bytes ``[start, end)`` of the *original* file; ``start == end`` inserts."""

    start: int
    end: int
    new_text: bytes
    path: str = ""  # another file of the same package; "" is the diagnostic's file

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad edit range [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Verification:
    """What happened when a fix was tried in the sandbox (``--verify``)."""

    status: Literal["passed", "failed", "skipped"]
    detail: str
    seconds: float
    sandbox: str = "bwrap"  # the isolation the tests ran under: "bwrap" or "unsandboxed"

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
            "sandbox": self.sandbox,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that together repair one diagnostic.

    ``imports`` names packages (``"sync"``) the fixed file must import; the
    engine adds them. ``applicability`` is what the rule can argue statically;
    ``verification`` is what happened when ``--verify`` tried the fix (``None``
    until then). They are separate fields: one never changes the other.
    """

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability
    imports: tuple[str, ...] = ()
    verification: Verification | None = None


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Subject:
    """What a finding is about, as a typed identity that does not move when
    the file is edited: ``kind`` (the rule's word for it: ``field``,
    ``global``, ``local`` ...), ``owner`` (what declares it: the type of a
    field, the function of a local; ``""`` at package level) and ``name``.
    Its package is the directory of the finding. Callers that match findings
    to other reports (``gofixmap race``) compare these, never text."""

    kind: str
    owner: str
    name: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding: ``rule`` is the code (NM001), ``name`` the kebab name.

    ``fixes`` are alternatives, best first; at most one of them is applied.
    ``note`` explains why no automatic fix is offered, when that is the case.
    """

    rule: str
    name: str
    path: str
    span: Span
    message: str
    fixes: tuple[Fix, ...] = ()
    note: str = ""
    # what the finding is about, as written at the site (``counts``, ``c.hits``):
    # for people and messages, never parsed from text
    subject: str = ""
    about: Subject | None = None  # the same as a typed identity, where the rule knows it
    # the kind of evidence the finding rests on (the rule's EVIDENCE table) and
    # the confidence that kind gives: "high", "medium" or "low" (CONFIDENCE)
    evidence: str = ""
    confidence: str = "low"


CONFIDENCE = ("high", "medium", "low")
"""The confidence levels of a finding, strongest first: how directly the
program's own code shows the nil map or the concurrency (see the rules'
EVIDENCE tables)."""


def meets(confidence: str, minimum: str) -> bool:
    """``confidence`` is ``minimum`` or stronger."""
    return CONFIDENCE.index(confidence) <= CONFIDENCE.index(minimum)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and 1-based byte column, as Go tools report."""

    line: int
    column: int


class Lines:
    """Line starts of some bytes: byte offset → :class:`Position`, no parse."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer(rb"\n", data))

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)


class Status(enum.Enum):
    FIXED = "fixed"
    CLEAN = "clean"
    FINDINGS = "findings"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A fix that the engine applied to a file, with its diagnostic."""

    diagnostic: Diagnostic
    fix: Fix


@dataclass(frozen=True, slots=True)
class RuleError:
    """A rule that raised on a package: its other findings there are lost,
    every other rule's are kept. ``traceback`` is the formatted exception."""

    rule: str  # the code
    package: str  # the package's directory and name
    traceback: str

    @property
    def line(self) -> str:
        """One line for people: the package, the rule and the exception."""
        last = next((s for s in reversed(self.traceback.strip().splitlines()) if s.strip()), "")
        return f"{self.package}: internal error in rule {self.rule}: {last.strip()}"


@dataclass(frozen=True)
class FileResult:
    """Every file processed ends as exactly one of these.

    ``original``/``fixed`` are the bytes before and after the applied fixes
    (equal when nothing applied). ``diagnostics`` are the findings of the
    original file; ``applied`` the fixes used; ``rejected`` fixes the engine
    refused, with the reason; ``reason`` explains a skip or a failure, and
    ``error_line``/``error_column`` place a syntax error.
    """

    path: str
    status: Status
    original: bytes = b""
    fixed: bytes = b""
    diagnostics: tuple[Diagnostic, ...] = ()
    applied: tuple[AppliedFix, ...] = ()
    rejected: tuple[tuple[Diagnostic, str], ...] = ()
    remaining: tuple[Diagnostic, ...] = ()
    reason: str = ""
    error_line: int = 0
    error_column: int = 0
    # what the user must know about a file that was analysed (stderr, once):
    # "partially parsed: ..."
    note: str = ""
    # rules that raised on this file's package (on one file of the package)
    rule_errors: tuple[RuleError, ...] = ()
    # import paths whose types the rules took from their built-in tables, the
    # sources not being on disk (on one file of the package)
    builtin_types: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


@dataclass(frozen=True)
class Settings:
    """Options that change what rules propose (not what the engine applies)."""

    strategy: str = "mutex"  # mutex | syncmap


@dataclass(frozen=True)
class RunOptions:
    rules: Sequence[Rule]
    fix: Applicability | None = None  # None: report only; else the lowest level applied
    settings: Settings = field(default_factory=Settings)
    max_rounds: int = 5
    external_types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    skip_generated: bool = True
    include_tests: bool = False  # report in _test.go files for rules with IN_TESTS False
    # typed information for the rules about this run (a race report's sites ...):
    # frozen, hashable values, read by type with ``Pass.hint``
    hints: tuple[object, ...] = ()
    importer: Importer | None = None  # loads imported packages for their exported facts
    # new code only: resolved file path -> the lines a change touched; a finding
    # elsewhere is neither reported nor fixed (None: every line counts)
    only_lines: Mapping[str, frozenset[int]] | None = None
    # the weakest confidence reported and fixed (CONFIDENCE); "low": every finding
    min_confidence: str = "low"
