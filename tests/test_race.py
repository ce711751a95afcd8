"""``gofixmap race`` end to end on racing fixture modules, and on saved reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gofixmap import race
from tests.helpers import ROOT, go

RACES = ROOT / "tests" / "fixtures" / "races"
CRASHERS = ROOT / "tests" / "fixtures" / "crashers"
LOGS = ROOT / "tests" / "fixtures" / "crashlogs"
FIXTURES = ["localmap", "counter", "forgotlock", "readwrite", "memo"]


@pytest.fixture
def module(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    copy = tmp_path / request.param
    shutil.copytree(RACES / request.param, copy)
    return copy


def _run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(cwd)
    return race.main(args)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_races_before(name: str) -> None:
    out = go(["test", "-race", "-count=1", "./..."], cwd=RACES / name)
    assert "DATA RACE" in out.stdout + out.stderr


@pytest.mark.parametrize("module", FIXTURES, indirect=True)
def test_race_found_fixed_and_confirmed(
    module: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in module.glob("*.go")}
    assert _run(["--format", "json"], module, monkeypatch) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["races"] and all(r["classification"] == "map operation" for r in doc["races"])
    assert all(r["status"] == "fixable" for r in doc["races"])
    # -d: confirms on a copy, prints the diff, leaves the tree alone
    assert _run(["-d", "--confirm-runs", "2"], module, monkeypatch) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("--- a/")
    assert "fixed and confirmed" in captured.err
    assert {p: p.read_bytes() for p in module.glob("*.go")} == before
    # -w: writes; the module then passes go vet and go test -race
    assert _run(["-w"], module, monkeypatch) == 0
    assert {p: p.read_bytes() for p in module.glob("*.go")} != before
    assert go(["vet", "./..."], cwd=module).returncode == 0
    out = go(["test", "-race", "-count=3", "./..."], cwd=module)
    assert out.returncode == 0, out.stdout + out.stderr
    # and a second run finds nothing
    assert _run([], module, monkeypatch) == 0


@pytest.mark.parametrize("module", ["memo"], indirect=True)
def test_syncmap_strategy_on_memo(
    module: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["-w", "--strategy", "syncmap"], module, monkeypatch) == 0
    text = (module / "memo.go").read_text()
    assert "cache sync.Map" in text and "m.cache.Store(n, v)" in text
    out = go(["test", "-race", "-count=2", "./..."], cwd=module)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize(
    ("log", "crasher", "expr"),
    [
        ("maprace_test.json", "maprace", "c.items"),
        ("maprace_no_runtime_frames.log", "maprace", "c.items"),
        ("go118_concwrite.log", "concwrite", "c.hits"),
        ("concwrite_system_truncated.log", "concwrite", "c.hits"),
    ],
)
def test_saved_reports(
    log: str,
    crasher: str,
    expr: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _run(["--from", str(LOGS / log), "--format", "json"], CRASHERS / crasher, monkeypatch)
    assert code == 1
    doc = json.loads(capsys.readouterr().out)
    first = doc["races"][0]
    assert first["classification"] == "map operation"
    assert first["map"] == expr
    assert first["findings"] and first["findings"][0]["rule"] == "MR001"


def test_missing_runtime_frames_located_from_the_source_line(tmp_path: Path) -> None:
    text = (LOGS / "maprace_no_runtime_frames.log").read_text()
    reports = race.reports_from(text, CRASHERS / "maprace", "example.com/crashers/maprace")
    assert reports
    assert not reports[0].runtime_map_frames
    assert reports[0].map_expr == "c.items"


def test_contents_race_is_not_fixed(tmp_path: Path) -> None:
    site = race.Site("write", None, 3, "f", "x.go", "", "other")
    report = race._classify((site, site), None, False)
    assert report.classification == race.CONTENTS


def test_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["nowhere"], tmp_path, monkeypatch) == 2
    assert _run([str(tmp_path)], tmp_path, monkeypatch) == 2  # no go.mod
    assert _run(["--confirm-runs", "0"], tmp_path, monkeypatch) == 2
    assert (
        _run(["--from", str(tmp_path / "missing.log"), str(RACES / "memo")], tmp_path, monkeypatch)
        == 2
    )


def test_clean_module_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "go.mod").write_text("module example.com/clean\n\ngo 1.22\n")
    (tmp_path / "a.go").write_text("package clean\n\nfunc F() int { return 1 }\n")
    (tmp_path / "a_test.go").write_text(
        'package clean\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n\tif F() != 1 {\n'
        "\t\tt.Fatal()\n\t}\n}\n"
    )
    assert _run([], tmp_path, monkeypatch) == 0
    assert "no data race" in capsys.readouterr().out
