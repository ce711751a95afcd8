"""SARIF for GitHub code scanning: valid against the official 2.1.0 schema, and the
fields code scanning relies on (fingerprints, base URIs, code-point columns, rule help)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from tests.test_cli import BUGGY, gofixmap

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the dev extra")

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())

TWO_EQUAL_LINES = """package p

func a() {
	var m map[string]int
	m["k"] = 1
}

func b() {
	var m map[string]int
	m["k"] = 1
}
"""

NON_ASCII = """package p

func c() {
	var m map[string]int
	/* é日本 */ m["é"] = 1
}
"""


def valid(document: dict[str, Any]) -> dict[str, Any]:
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return document


def sarif(cwd: Path, *paths: str, status: tuple[int, ...] = (0, 1)) -> dict[str, Any]:
    out = gofixmap("--format", "sarif", "--no-cache", *paths, cwd=cwd)
    assert out.returncode in status, out.stderr
    return valid(json.loads(out.stdout))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "pkg").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def results(document: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = document["runs"][0]["results"]
    return found


def test_examples_validate_and_carry_what_code_scanning_needs() -> None:
    document = sarif(ROOT, "examples/...")
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert rule["helpUri"].endswith("#" + rule["id"].lower())
        assert rule["fullDescription"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == "error"
        assert "correctness" in rule["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert len(results(document)) == 8
    for item in results(document):
        location = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert location["uri"].startswith("examples/")  # from the repository root
        assert item["partialFingerprints"]["primaryLocationLineHash"]


def test_uris_are_relative_to_the_repository_root_not_the_cwd(repo: Path) -> None:
    (repo / "pkg" / "a.go").write_text(BUGGY)
    from_sub = sarif(repo / "pkg", ".")
    from_top = sarif(repo, "./...")
    uri = "pkg/a.go"
    for document in (from_sub, from_top):
        location = results(document)[0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == uri


def test_fingerprints_survive_lines_moving_and_tell_equal_lines_apart(repo: Path) -> None:
    target = repo / "pkg" / "a.go"
    target.write_text(TWO_EQUAL_LINES)
    before = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results(sarif(repo))]
    assert len(before) == 2 and before[0] != before[1]
    assert [b.rsplit(":", 1)[1] for b in before] == ["1", "2"]
    target.write_text(TWO_EQUAL_LINES.replace("package p\n", "package p\n\n// moved\n\n"))
    after = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results(sarif(repo))]
    assert after == before
    lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results(sarif(repo))
    ]
    assert lines == [8, 13]  # the lines did move


def test_columns_are_code_points(repo: Path) -> None:
    (repo / "pkg" / "c.go").write_text(NON_ASCII)
    (item,) = results(sarif(repo))
    region = item["locations"][0]["physicalLocation"]["region"]
    line = NON_ASCII.splitlines()[4]
    assert region["startColumn"] == line.index('m["é"]') + 1  # code points, not bytes
    assert sarif(repo)["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_fixes_are_artifact_changes_from_the_root(repo: Path) -> None:
    (repo / "pkg" / "a.go").write_text(BUGGY)
    (item,) = results(sarif(repo))
    change = item["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "pkg/a.go", "uriBaseId": "%SRCROOT%"}
    replacement = change["replacements"][0]
    start = replacement["deletedRegion"]["byteOffset"]
    end = start + replacement["deletedRegion"]["byteLength"]
    data = BUGGY.encode()
    fixed = data[:start] + replacement["insertedContent"]["text"].encode() + data[end:]
    assert b"make(map[string]int)" in fixed


def test_errors_validate_too(repo: Path) -> None:
    (repo / "pkg" / "bad.go").write_text("package p\n\nfunc {\n")
    document = sarif(repo, status=(2,))
    notifications = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert "bad.go" in notifications[0]["message"]["text"]


def test_rule_docs_in_the_repository_are_current() -> None:
    out = gofixmap("rules", "--markdown", cwd=ROOT)
    assert out.returncode == 0
    assert (ROOT / "docs" / "rules.md").read_text() == out.stdout, (
        "docs/rules.md is stale: gofixmap rules --markdown > docs/rules.md"
    )


# -- rdjson (reviewdog) ----------------------------------------------------------

RDJSON_SCHEMA = json.loads((ROOT / "tests" / "data" / "rdjson-DiagnosticResult.json").read_text())

TWO_SHARED_MAPS = """package p

var hits = map[string]int{}
var seen = map[string]bool{}

func Start(keys []string) {
	for _, k := range keys {
		go func(k string) {
			hits[k]++
		}(k)
		go func(k string) {
			seen[k] = true
		}(k)
	}
}
"""


def _offset(lines: list[bytes], position: dict[str, int]) -> int:
    return sum(len(line) + 1 for line in lines[: position["line"] - 1]) + position["column"] - 1


def test_rdjson_suggestions_apply_together(repo: Path) -> None:
    """Both MR001 fixes need ``import "sync"``: applying every suggestion adds it once."""
    target = repo / "pkg" / "a.go"
    target.write_text(TWO_SHARED_MAPS)
    out = gofixmap("--format", "rdjson", "--unsafe-fixes", "--no-cache", ".", cwd=repo)
    document = json.loads(out.stdout)
    jsonschema.Draft4Validator(RDJSON_SCHEMA).validate(document)
    suggestions = [s for d in document["diagnostics"] for s in d.get("suggestions", [])]
    assert len(document["diagnostics"]) == 2 and suggestions
    data = TWO_SHARED_MAPS.encode()
    lines = data.split(b"\n")
    edits = sorted(
        (
            (_offset(lines, s["range"]["start"]), _offset(lines, s["range"]["end"]), s["text"])
            for s in suggestions
        ),
        reverse=True,
    )
    for start, end, text in edits:
        data = data[:start] + text.encode() + data[end:]
    assert data.count(b'import "sync"') == 1
    assert b"hitsMu.Lock()" in data and b"seenMu.Lock()" in data
    target.write_bytes(data)
    check = gofixmap("--no-cache", ".", cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr  # parses, and nothing is left


def test_rdjson_of_the_examples_validates() -> None:
    out = gofixmap("--format", "rdjson", "--no-cache", "examples/...", cwd=ROOT)
    jsonschema.Draft4Validator(RDJSON_SCHEMA).validate(json.loads(out.stdout))
