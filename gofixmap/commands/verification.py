"""Glue between the scan results and verification (``--verify``).

``apply_verification`` turns the findings of a run into verification
candidates (one per diagnostic, its fixes at or above the applicability
threshold as alternatives, best first), verifies them, and returns new results
in which

- every fix that was tried carries its :class:`Verification` in
  ``Fix.verification`` (in ``diagnostics``, ``remaining`` and ``applied``), and
- when the run fixed files, only fixes that *passed* are applied (for
  ``-d``/``-w``; a finding whose fixes failed or were skipped stays a finding).

Results of a scan without fixing keep their bytes; only their fixes gain the
verification.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from gofixmap.codemod.edits import EditError, apply_edits, apply_fixes, split_in_package
from gofixmap.codemod.model import (
    Applicability,
    AppliedFix,
    Diagnostic,
    Edit,
    FileResult,
    Fix,
    Span,
    Status,
    Verification,
)
from gofixmap.codemod.toolchain import Toolchain
from gofixmap.codemod.verify import (
    Candidate,
    Outcome,
    VerifyOptions,
    verify,
)


@dataclass(frozen=True)
class _Entry:
    result: FileResult
    diagnostic: Diagnostic
    alternatives: tuple[Fix, ...]


def _absolute(path: str) -> Path:
    return Path(os.path.abspath(path))


def candidates(
    results: Sequence[FileResult], threshold: Applicability = Applicability.SAFE
) -> tuple[list[Candidate], dict[str, _Entry]]:
    """One candidate per diagnostic that has a fix at or above ``threshold``."""
    found: list[Candidate] = []
    entries: dict[str, _Entry] = {}
    for result in results:
        if result.status in (Status.SKIPPED, Status.FAILED) or not result.original:
            continue
        path = _absolute(result.path)
        for n, diag in enumerate(result.diagnostics):
            fixes = tuple(
                f
                for f in diag.fixes
                if f.applicability >= threshold and f.applicability > Applicability.DISPLAY_ONLY
            )
            if not fixes:
                continue
            key = f"{result.path}#{n}:{diag.rule}:{diag.span.start}"
            found.append(Candidate(key, path, result.original, fixes, diag.span.start))
            entries[key] = _Entry(result, diag, fixes)
    return found, entries


class _OffsetMap:
    """Map offsets of the original file to the fixed file.

    The fixed file is the original with ``edits`` applied, then imports added
    (one changed region, found by common prefix and suffix).
    """

    def __init__(self, original: bytes, edits: Sequence[Edit], final: bytes) -> None:
        self.edits = sorted((e.start, e.end, len(e.new_text)) for e in edits)
        middle = apply_edits(original, edits)
        prefix = 0
        limit = min(len(middle), len(final))
        while prefix < limit and middle[prefix] == final[prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < limit - prefix
            and middle[len(middle) - 1 - suffix] == final[len(final) - 1 - suffix]
        ):
            suffix += 1
        self.region = (prefix, len(middle) - suffix, len(final) - len(middle))

    def __call__(self, offset: int) -> int:
        shifted = offset
        for start, end, size in self.edits:
            if start < offset < end:
                shifted -= offset - start  # inside a replaced range: where it starts
            elif end <= offset:  # before it (an insertion at the offset comes first)
                shifted += size - (end - start)
        start, end, delta = self.region
        if shifted >= end and delta:
            shifted += delta
        return shifted


def _move(diag: Diagnostic, maps: Mapping[str, _OffsetMap], home: str) -> Diagnostic:
    """The diagnostic and its fixes in the coordinates of the fixed files.

    ``maps``: offset maps by file name, for the files of the diagnostic's
    directory; ``home``: the name of the diagnostic's file.
    """

    def at(path: str, offset: int) -> int:
        m = maps.get(Path(path).name if path else home)
        return m(offset) if m is not None else offset

    fixes = tuple(
        replace(
            fix,
            edits=tuple(
                Edit(at(e.path, e.start), at(e.path, e.end), e.new_text, e.path) for e in fix.edits
            ),
        )
        for fix in diag.fixes
    )
    span = Span(at("", diag.span.start), at("", diag.span.end))
    return replace(diag, span=span, fixes=fixes)


def apply_verification(
    results: Sequence[FileResult],
    options: VerifyOptions,
    toolchain: Toolchain,
    *,
    threshold: Applicability = Applicability.SAFE,
    use_bwrap: bool | None = None,
) -> list[FileResult]:
    """Verify every finding's fixes; record each verification on its fix and
    keep only passed fixes applied."""
    found, entries = candidates(results, threshold)
    outcomes = verify(found, options, toolchain, use_bwrap=use_bwrap) if found else {}
    tried: dict[int, Verification] = {}  # id(fix) of the results given -> its verification
    for key, outcome in outcomes.items():
        entry = entries[key]
        for i, v in enumerate(outcome.tried):
            tried[id(entry.alternatives[i])] = v
    recorded = [_recorded(r, tried) for r in results]
    if not any(r.applied for r in results):
        return recorded
    return _rebuild(recorded, entries, outcomes)


def _recorded(result: FileResult, tried: Mapping[int, Verification]) -> FileResult:
    """``result`` with every fix in ``tried`` (by identity) carrying its verification."""
    if not tried:
        return result
    done: dict[int, Diagnostic] = {}

    def diag(d: Diagnostic) -> Diagnostic:
        if id(d) not in done:
            fixes = tuple(
                replace(f, verification=tried[id(f)]) if id(f) in tried else f for f in d.fixes
            )
            done[id(d)] = d if fixes == d.fixes else replace(d, fixes=fixes)
        return done[id(d)]

    applied = tuple(
        AppliedFix(
            diag(a.diagnostic),
            replace(a.fix, verification=tried[id(a.fix)]) if id(a.fix) in tried else a.fix,
        )
        for a in result.applied
    )
    return replace(
        result,
        diagnostics=tuple(diag(d) for d in result.diagnostics),
        remaining=tuple(diag(d) for d in result.remaining),
        applied=applied,
        rejected=tuple((diag(d), why) for d, why in result.rejected),
    )


def _rebuild(
    results: Sequence[FileResult],
    entries: Mapping[str, _Entry],
    outcomes: Mapping[str, Outcome],
) -> list[FileResult]:
    """``results`` (the ones ``entries`` were made of, with the verifications
    recorded: same files, same diagnostics in the same order) with only the
    passed fixes applied, on the original bytes."""
    by_path = {_absolute(r.path): r for r in results}
    by_name = {r.path: r for r in results}
    chosen: dict[tuple[str, int], int] = {}  # (result path, diagnostic index) -> fix index
    rejected: dict[str, list[tuple[Diagnostic, str]]] = {}
    for key, entry in entries.items():
        outcome = outcomes.get(key)
        if outcome is None or not outcome.tried:
            continue
        index = next(i for i, d in enumerate(entry.result.diagnostics) if d is entry.diagnostic)
        if outcome.chosen is not None:
            alternative = entry.alternatives[outcome.chosen]
            position = next(i for i, f in enumerate(entry.diagnostic.fixes) if f is alternative)
            chosen[(entry.result.path, index)] = position
        else:
            last = outcome.tried[-1]
            title = entry.alternatives[len(outcome.tried) - 1].title
            why = "failed verification" if last.status == "failed" else "could not be verified"
            first_line = last.detail.splitlines()[0] if last.detail else ""
            rejected.setdefault(entry.result.path, []).append(
                (
                    by_name[entry.result.path].diagnostics[index],
                    f"fix {title!r} {why}: {first_line}",
                )
            )
    # apply the passed fixes on the original bytes, diagnostic by diagnostic
    parts: dict[Path, list[Fix]] = {}
    applied: dict[str, list[AppliedFix]] = {}
    for result in results:
        home = _absolute(result.path)
        for index, diag in enumerate(result.diagnostics):
            picked = chosen.get((result.path, index))
            if picked is None:
                continue
            fix = diag.fixes[picked]
            trial = {p: list(fs) for p, fs in parts.items()}
            for target, part in split_in_package(fix, home).items():
                trial.setdefault(target, []).append(part)
            try:
                for target, fixes in trial.items():
                    if target not in by_path or not by_path[target].original:
                        raise EditError(f"{target}: not among the results")
                    apply_fixes(by_path[target].original, fixes)
            except EditError as exc:
                rejected.setdefault(result.path, []).append(
                    (diag, f"fix {fix.title!r} passed alone but conflicts with another: {exc}")
                )
                continue
            parts = trial
            applied.setdefault(result.path, []).append(AppliedFix(diag, fix))
    fixed: dict[str, bytes] = {}
    maps: dict[Path, dict[str, _OffsetMap]] = {}  # directory -> file name -> map
    for target, fixes in parts.items():
        result = by_path[target]
        data = apply_fixes(result.original, fixes)
        fixed[result.path] = data
        maps.setdefault(target.parent, {})[target.name] = _OffsetMap(
            result.original, [e for f in fixes for e in f.edits], data
        )
    new_results: list[FileResult] = []
    for result in results:
        if result.status in (Status.SKIPPED, Status.FAILED) or not result.original:
            new_results.append(result)
            continue
        data = fixed.get(result.path, result.original)
        done = applied.get(result.path, [])
        done_ids = {id(a.diagnostic) for a in done}
        home = _absolute(result.path)
        remaining = []
        for diag in result.diagnostics:
            if id(diag) in done_ids:
                continue
            remaining.append(_move(diag, maps.get(home.parent, {}), home.name))
        if data != result.original:
            status = Status.FIXED
        elif result.diagnostics:
            status = Status.FINDINGS
        else:
            status = Status.CLEAN
        new_results.append(
            replace(
                result,
                status=status,
                fixed=data,
                applied=tuple(done),
                rejected=(*result.rejected, *rejected.get(result.path, ())),
                remaining=tuple(remaining),
            )
        )
    return new_results


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def verification_lines(results: Sequence[FileResult]) -> dict[str, list[str]]:
    """Per result path, one line per tried fix: ``line:col: CODE fix 'title': status: detail``.

    Suits the comment lines before each file of ``-d`` (``render.diff(results,
    comments=...)``) and, prefixed with the path, the text report.
    """
    lines: dict[str, list[str]] = {}
    for result in results:
        for diag in result.diagnostics:
            line, col = _position(result.original, diag.span.start)
            for fix in diag.fixes:
                v = fix.verification
                if v is None:
                    continue
                first = v.detail.splitlines()[0] if v.detail else ""
                lines.setdefault(result.path, []).append(
                    f"{line}:{col}: {diag.rule} fix {fix.title!r}: verify {v.status}"
                    f"{', unsandboxed' if v.sandbox == 'unsandboxed' else ''}"
                    f" ({v.seconds:.1f}s){': ' + first if first else ''}"
                )
    return lines
