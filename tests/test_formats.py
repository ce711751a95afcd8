"""Machine formats: SARIF, reviewdog rdjson and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import BUGGY, gofixmap


def _module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "buggy.go").write_text(BUGGY)
    return tmp_path


def _apply_bytes(data: bytes, replacements: list[tuple[int, int, bytes]]) -> bytes:
    for start, length, text in sorted(replacements, reverse=True):
        data = data[:start] + text + data[start + length :]
    return data


def test_sarif_results_and_fix_replacements_reproduce_the_fix(tmp_path: Path) -> None:
    module = _module(tmp_path)
    out = gofixmap("--format", "sarif", ".", cwd=module)
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"NM001", "MR001"}
    (result,) = run["results"]
    assert result["ruleId"] == "NM001"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (6, 3)
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "buggy.go"
    reps = [
        (
            r["deletedRegion"]["byteOffset"],
            r["deletedRegion"]["byteLength"],
            r["insertedContent"]["text"].encode(),
        )
        for r in change["replacements"]
    ]
    gofixmap("-w", ".", cwd=module)
    assert _apply_bytes(BUGGY.encode(), reps) == (module / "buggy.go").read_bytes()


def test_rdjson_has_ranges_and_suggestions(tmp_path: Path) -> None:
    out = gofixmap("--format", "rdjson", ".", cwd=_module(tmp_path))
    doc = json.loads(out.stdout)
    (diag,) = doc["diagnostics"]
    assert diag["code"]["value"] == "NM001"
    assert diag["location"]["range"]["start"] == {"line": 6, "column": 3}
    assert diag["suggestions"], diag


def test_github_annotations_escape_properties(tmp_path: Path) -> None:
    out = gofixmap("--format", "github", ".", cwd=_module(tmp_path))
    (line,) = out.stdout.splitlines()
    assert line.startswith("::warning file=buggy.go,line=6,col=3,")
    assert "title=NM001 nil-map-write::" in line
