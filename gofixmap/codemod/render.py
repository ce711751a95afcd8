"""Render results: go-vet-style text, JSON, diffs, file lists."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from gofixmap.codemod.diff import unified_diff
from gofixmap.codemod.model import Diagnostic, FileResult, Fix, Lines, Status

JSON_VERSION = 1


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r"})
_BOLD, _RED, _CYAN, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[0m"


def one_line(text: str) -> str:
    """``text`` with its line breaks escaped: a report line is one line."""
    return text.translate(_ONE_LINE)


def text_line(file: Lines, diag: Diagnostic, color: bool = False) -> str:
    pos = file.position(diag.span.start)
    where, rule = one_line(f"{diag.path}:{pos.line}:{pos.column}:"), diag.rule
    if color:
        where, rule = f"{_BOLD}{where}{_RESET}", f"{_RED}{rule}{_RESET}"
    return f"{where} {rule} {one_line(diag.message)}"


def text(results: Sequence[FileResult], remaining_only: bool = False, color: bool = False) -> str:
    """One line per finding or error (line breaks inside escaped), optionally coloured."""
    lines: list[str] = []
    for result in results:
        lines.extend(error.line for error in result.rule_errors)
        if result.status is Status.SKIPPED and result.error_line:
            column = result.error_column or 1
            lines.append(one_line(f"{result.path}:{result.error_line}:{column}: {result.reason}"))
            continue
        if result.status is Status.FAILED:
            lines.append(one_line(f"{result.path}: {result.reason}"))
            continue
        diags = result.remaining if remaining_only else result.diagnostics
        if not diags:
            continue
        file = Lines(result.fixed if remaining_only else result.original)
        for diag in diags:
            line = text_line(file, diag, color)
            if diag.note and not diag.fixes:
                line += f" ({one_line(diag.note)})"
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


def json_document(**fields: Any) -> str:
    """A JSON document of a command: ``{"version": 1, ...fields}``, indented."""
    return json.dumps({"version": JSON_VERSION, **fields}, indent=2) + "\n"


def fix_json(fix: Fix) -> dict[str, Any]:
    """A fix as in every JSON document: title, applicability, edits, imports, verified."""
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
        "verified": fix.verification.to_json() if fix.verification is not None else None,
    }


def finding_json(file: Lines, diag: Diagnostic) -> dict[str, Any]:
    """A finding as in every JSON document (``file``: the lines of its file)."""
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
        "confidence": diag.confidence,
        "evidence": diag.evidence,
        "fixes": [fix_json(fix) for fix in diag.fixes],
    }


def builtin_types(results: Sequence[FileResult]) -> list[str]:
    """The import paths whose types the rules took from their built-in
    tables because the sources were not in the module cache or vendor/."""
    return sorted({path for r in results for path in r.builtin_types})


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


def collect(
    results: Sequence[FileResult], remaining_only: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The findings (as in the JSON document) and the per-file errors."""
    findings: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for result in results:
        errors.extend(
            {"path": result.path, "line": None, "error": e.line, "rule": e.rule}
            for e in result.rule_errors
        )
        if result.status in (Status.SKIPPED, Status.FAILED) and result.reason:
            if result.status is Status.FAILED or result.error_line:
                errors.append(
                    {
                        "path": result.path,
                        "line": result.error_line or None,
                        "column": result.error_column or None,
                        "error": result.reason,
                    }
                )
            continue
        diags = result.remaining if remaining_only else result.diagnostics
        if not diags:
            continue
        file = Lines(result.fixed if remaining_only else result.original)
        findings.extend(finding_json(file, d) for d in diags)
    return findings, errors


def to_json(results: Sequence[FileResult], remaining_only: bool = False) -> str:
    findings, errors = collect(results, remaining_only)
    return json_document(
        findings=findings,
        errors=errors,
        summary=summary(results),
        # packages whose types came from a built-in table, their sources not on disk
        builtin_types=builtin_types(results),
    )


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(results: Sequence[FileResult], remaining_only: bool = False) -> str:
    """GitHub Actions workflow commands: one ``::warning`` annotation per finding."""
    findings, errors = collect(results, remaining_only)
    lines = []
    for f in findings:
        props = ",".join(
            [
                f"file={_github_escape(f['path'], True)}",
                f"line={f['line']}",
                f"col={f['column']}",
                f"endLine={f['end_line']}",
                f"endColumn={f['end_column']}",
                f"title={_github_escape(f['rule'] + ' ' + f['name'], True)}",
            ]
        )
        lines.append(f"::warning {props}::{_github_escape(f['message'])}")
    for e in errors:
        where = f"file={_github_escape(e['path'], True)}"
        if e["line"]:
            where += f",line={e['line']}"
        if e["column"]:
            where += f",col={e['column']}"
        lines.append(f"::error {where}::{_github_escape(e['error'])}")
    return "".join(line + "\n" for line in lines)


def to_rdjson(results: Sequence[FileResult], remaining_only: bool = False) -> str:
    """reviewdog's rdjson: diagnostics with line/column ranges and suggestions."""
    findings, _ = collect(results, remaining_only)
    sources = {r.path: (r.fixed if remaining_only else r.original) for r in results}
    diagnostics = []
    # an edit two fixes share (the same import added for both) is suggested once:
    # reviewers apply suggestions together, and a second copy would duplicate it
    suggested: set[tuple[str, int, int, str]] = set()
    for f in findings:
        suggestions = []
        fix = f["fixes"][0] if f["fixes"] else None
        data = sources.get(f["path"], b"")
        same_file = fix is not None and all(
            e.get("path", f["path"]) == f["path"] for e in fix["edits"]
        )  # rdjson suggestions cannot edit another file
        if fix is not None and data and same_file:
            file = Lines(data)
            for edit in fix["edits"]:
                key = (f["path"], edit["start"], edit["end"], edit["new_text"])
                if key in suggested:
                    continue
                suggested.add(key)
                start, end = file.position(edit["start"]), file.position(edit["end"])
                suggestions.append(
                    {
                        "range": {
                            "start": {"line": start.line, "column": start.column},
                            "end": {"line": end.line, "column": end.column},
                        },
                        "text": edit["new_text"],
                    }
                )
        diagnostics.append(
            {
                "message": f["message"],
                "location": {
                    "path": f["path"],
                    "range": {
                        "start": {"line": f["line"], "column": f["column"]},
                        "end": {"line": f["end_line"], "column": f["end_column"]},
                    },
                },
                "severity": "WARNING",
                "code": {"value": f["rule"]},
                **({"suggestions": suggestions} if suggestions else {}),
            }
        )
    document = {"source": {"name": "gofixmap"}, "severity": "WARNING", "diagnostics": diagnostics}
    return json.dumps(document, indent=2) + "\n"
