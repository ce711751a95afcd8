"""Render results: go-vet-style text, JSON, diffs, file lists."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from gofixmap.codemod.diff import unified_diff
from gofixmap.codemod.model import Diagnostic, FileResult, Fix, Status
from gofixmap.codemod.source import SourceFile, parse

JSON_VERSION = 1


def _source(result: FileResult) -> SourceFile:
    return parse(result.path, result.original)


def text_line(file: SourceFile, diag: Diagnostic) -> str:
    pos = file.position(diag.span.start)
    return f"{diag.path}:{pos.line}:{pos.column}: {diag.rule} {diag.message}"


def text(results: Sequence[FileResult], remaining_only: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        if result.status is Status.SKIPPED and result.error_line:
            lines.append(f"{result.path}:{result.error_line}:1: {result.reason}")
            continue
        if result.status is Status.FAILED:
            lines.append(f"{result.path}: {result.reason}")
            continue
        diags = result.remaining if remaining_only else result.diagnostics
        if not diags:
            continue
        file = parse(result.path, result.fixed if remaining_only else result.original)
        for diag in diags:
            line = text_line(file, diag)
            if diag.note and not diag.fixes:
                line += f" ({diag.note})"
            lines.append(line)
    return "".join(line + "\n" for line in lines)


def diff(
    results: Sequence[FileResult], comments: Mapping[str, Sequence[str]] | None = None
) -> bytes:
    """Concatenated unified diffs; ``comments`` adds ``# ...`` lines before a
    file's header (``git apply`` ignores text before the ``---`` line)."""
    out: list[bytes] = []
    for result in results:
        if not result.changed:
            continue
        for comment in (comments or {}).get(result.path, ()):
            out.append(f"# {comment}\n".encode())
        out.append(unified_diff(result.path, result.original, result.fixed))
    return b"".join(out)


def _fix_json(fix: Fix, verified: object = None) -> dict[str, Any]:
    return {
        "title": fix.title,
        "applicability": fix.applicability.label,
        "edits": [
            {
                "start": e.start,
                "end": e.end,
                "new_text": e.new_text.decode("utf-8", "replace"),
                **({"path": e.path} if e.path else {}),
            }
            for e in fix.edits
        ],
        "imports": list(fix.imports),
        "verified": verified,
    }


def finding_json(
    file: SourceFile, diag: Diagnostic, verified: Mapping[int, object] | None = None
) -> dict[str, Any]:
    start = file.position(diag.span.start)
    end = file.position(diag.span.end)
    return {
        "rule": diag.rule,
        "name": diag.name,
        "path": diag.path,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "message": diag.message,
        "note": diag.note or None,
        "fixes": [_fix_json(fix, (verified or {}).get(id(fix))) for fix in diag.fixes],
    }


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for result in results:
        counts[result.status.value] += 1
    return {
        "files": len(results),
        **counts,
        "findings": sum(len(r.diagnostics) for r in results),
        "fixes_applied": sum(len(r.applied) for r in results),
        "remaining": sum(len(r.remaining) for r in results),
    }


def to_json(
    results: Sequence[FileResult],
    remaining_only: bool = False,
    verified: Mapping[int, object] | None = None,
) -> str:
    findings: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for result in results:
        if result.status in (Status.SKIPPED, Status.FAILED) and result.reason:
            if result.status is Status.FAILED or result.error_line:
                errors.append(
                    {"path": result.path, "line": result.error_line or None, "error": result.reason}
                )
            continue
        diags = result.remaining if remaining_only else result.diagnostics
        if not diags:
            continue
        file = parse(result.path, result.fixed if remaining_only else result.original)
        findings.extend(finding_json(file, d, verified) for d in diags)
    document = {
        "version": JSON_VERSION,
        "findings": findings,
        "errors": errors,
        "summary": summary(results),
    }
    return json.dumps(document, indent=2) + "\n"
