"""SARIF 2.1.0 for GitHub code scanning and other consumers.

What code scanning needs beyond the schema, and what this module gives it:

- ``partialFingerprints.primaryLocationLineHash``: the rule, the file's path
  from the repository root and the whitespace-normalised text of the line,
  hashed, plus ``:N`` for the N-th such finding — so an alert survives lines
  moving above it, and two findings on equal lines stay apart;
- ``originalUriBaseIds`` with ``%SRCROOT%`` (the git top level, else the
  current directory) and every ``artifactLocation`` relative to it;
- ``columnKind: unicodeCodePoints`` with columns counted in code points (the
  engine counts bytes: a line with non-ASCII text before the finding would
  be shifted otherwise);
- per rule ``fullDescription``, ``help`` (text and markdown, from the rule's
  documentation), ``helpUri``, ``properties.tags`` and
  ``defaultConfiguration.level``; ``informationUri`` for the tool;
- fixes as ``artifactChanges`` (byte offsets, as SARIF allows).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import subprocess
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gofixmap.codemod.model import FileResult
from gofixmap.codemod.render import collect

__all__ = ["PROJECT_URL", "document", "dumps", "repository_root", "rule_markdown"]

PROJECT_URL = "https://github.com/gofixmap/gofixmap"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_TAGS = {"NM": ["correctness", "crash", "nil-map"], "MR": ["correctness", "crash", "concurrency"]}


def repository_root(cwd: Path | None = None) -> Path:
    """The git top level of ``cwd``, else ``cwd`` itself."""
    where = cwd or Path.cwd()
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return where.resolve()
    return Path(out.stdout.strip()) if out.returncode == 0 else where.resolve()


def _uri(path: str, root: Path) -> str:
    relative = os.path.relpath(os.path.realpath(path), root)
    # bytes: a name that is not UTF-8 is percent-encoded byte by byte
    return urllib.parse.quote(os.fsencode(Path(relative).as_posix()), safe="/")


def _code_point_column(line: bytes, byte_column: int) -> int:
    return len(line[: byte_column - 1].decode("utf-8", "replace")) + 1


def rule_markdown(rule: type) -> str:
    """The rule's documentation (its docstring) and its kinds of evidence
    with their confidence, as shown by ``gofixmap rules CODE``."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    evidence: dict[str, tuple[str, str]] = getattr(rule, "EVIDENCE", {})
    if not evidence:
        return doc
    lines = ["Evidence (`--confidence` reports a finding when its kind is at least as strong):"]
    lines.extend(f"- {kind} ({level}): {why}" for kind, (level, why) in evidence.items())
    return doc + "\n\n" + "\n".join(lines)


_RANK = {"high": 90.0, "medium": 50.0, "low": 10.0}


def _precision(rule: type) -> str:
    """The rule's precision in GitHub code scanning's terms, from its kinds of
    evidence: "medium" when some kind rests on the program's own code, "low"
    when every kind rests on what the outside world may leave unset
    (measured on real code, no rule is above medium: benchmarks/realworld)."""
    evidence: dict[str, tuple[str, str]] = getattr(rule, "EVIDENCE", {})
    return "medium" if any(level != "low" for level, _ in evidence.values()) else "low"


def _rule(rule: type) -> dict[str, Any]:
    code: str = getattr(rule, "code", "")
    doc = rule_markdown(rule)
    first = doc.split("\n\n", 1)[0].replace("What it does:", "").strip()
    first = " ".join(first.split())
    return {
        "id": code,
        "name": getattr(rule, "name", code),
        "shortDescription": {"text": getattr(rule, "summary", code)},
        "fullDescription": {"text": first or getattr(rule, "summary", code)},
        "help": {"text": doc, "markdown": doc},
        "helpUri": f"{PROJECT_URL}/blob/main/docs/rules.md#{code.lower()}",
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": _TAGS.get(code[:2], ["correctness"]), "precision": _precision(rule)},
    }


def document(
    results: Sequence[FileResult],
    rules: Sequence[type],
    version: str,
    root: Path,
    remaining_only: bool = False,
) -> dict[str, Any]:
    """The SARIF log of one run over ``results``."""
    findings, errors = collect(results, remaining_only)
    sources = {r.path: (r.fixed if remaining_only else r.original) for r in results}
    lines_of: dict[str, list[bytes]] = {}
    uris: dict[str, str] = {}  # one realpath per file, not per finding or edit

    def uri_of(path: str) -> str:
        if path not in uris:
            uris[path] = _uri(path, root)
        return uris[path]

    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for f in findings:
        path = f["path"]
        lines = lines_of.setdefault(path, sources.get(path, b"").split(b"\n"))
        text = lines[f["line"] - 1] if 0 < f["line"] <= len(lines) else b""
        end_text = lines[f["end_line"] - 1] if 0 < f["end_line"] <= len(lines) else b""
        uri = uri_of(path)
        normalised = b" ".join(text.split())
        digest = hashlib.sha256(
            f["rule"].encode() + b"\0" + uri.encode() + b"\0" + normalised
        ).hexdigest()[:16]
        occurrence = seen[digest] = seen.get(digest, 0) + 1
        region = {
            "startLine": f["line"],
            "startColumn": _code_point_column(text, f["column"]),
            "endLine": f["end_line"],
            "endColumn": _code_point_column(end_text, f["end_column"]),
        }
        item: dict[str, Any] = {
            "ruleId": f["rule"],
            "level": "error",
            "message": {"text": f["message"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{occurrence}"},
            "rank": _RANK.get(f.get("confidence") or "low", 10.0),
            "properties": {"confidence": f.get("confidence"), "evidence": f.get("evidence")},
        }
        fixes = [_fix(fix, path, uri_of) for fix in f["fixes"]]
        if fixes:
            item["fixes"] = fixes
        out.append(item)
    notifications = [
        {"level": "error", "message": {"text": f"{e['path']}: {e['error']}"}} for e in errors
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gofixmap",
                        "version": version,
                        "semanticVersion": version,
                        "informationUri": PROJECT_URL,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": out,
                "invocations": [
                    {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}
                ],
            }
        ],
    }


def _fix(fix: dict[str, Any], path: str, uri_of: Callable[[str], str]) -> dict[str, Any]:
    changes: dict[str, list[dict[str, Any]]] = {}
    for edit in fix["edits"]:
        changes.setdefault(edit.get("path", path), []).append(
            {
                "deletedRegion": {
                    "byteOffset": edit["start"],
                    "byteLength": edit["end"] - edit["start"],
                },
                "insertedContent": {"text": edit["new_text"]},
            }
        )
    return {
        "description": {"text": f"{fix['title']} ({fix['applicability']})"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri_of(p), "uriBaseId": "%SRCROOT%"},
                "replacements": reps,
            }
            for p, reps in changes.items()
        ],
    }


def dumps(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2) + "\n"
