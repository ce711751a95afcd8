"""``gofixmap race`` end to end on racing fixture modules, and on saved reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gofixmap import race, rules
from gofixmap.codemod.discover import GoFile
from gofixmap.codemod.model import Applicability, Subject
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.rules.hints import RacingMaps
from gofixmap.rules.mr001_concurrent_map_write import ConcurrentMapWrite
from tests.helpers import ROOT, go

RACES = ROOT / "tests" / "fixtures" / "races"
CRASHERS = ROOT / "tests" / "fixtures" / "crashers"
LOGS = ROOT / "tests" / "fixtures" / "crashlogs"
FIXTURES = ["localmap", "counter", "forgotlock", "readwrite", "memo", "callback"]
# the whole find-fix-confirm loop for two fixtures in the default run, the
# other four with -m slow (CI runs both): it keeps the README's test command
# under 5 minutes on 2 cores with a cold Go build cache
QUICK = ("counter", "callback")
FIXTURE_PARAMS = [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow) for n in FIXTURES]


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


@pytest.mark.parametrize("module", FIXTURE_PARAMS, indirect=True)
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
    # a static finding has the shape of every JSON document (scan's)
    finding = first["findings"][0]
    assert finding["line"] >= 1 and finding["column"] >= 1 and finding["fixes"]
    assert finding["fixes"][0]["verified"] is None


def test_missing_runtime_frames_located_from_the_source_line(tmp_path: Path) -> None:
    text = (LOGS / "maprace_no_runtime_frames.log").read_text()
    reports = race.reports_from(text, CRASHERS / "maprace", "example.com/crashers/maprace")
    assert reports
    assert not reports[0].runtime_map_frames
    assert reports[0].map_expr == "c.items"


def test_contents_race_is_not_fixed(tmp_path: Path) -> None:
    site = race.Site("write", None, 3, "f", "x.go", "", "other")
    report = race.classify((site, site), None, False)
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


def test_callback_fixture_is_invisible_to_the_static_rules(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The callback fixture shares Tally.seen through a func value handed to
    Bus.Subscribe: MR001/MR002 alone cannot see it, the race report can."""
    from gofixmap import cli

    monkeypatch.chdir(ROOT)
    assert cli.main(["--select", "MR", str(RACES / "callback")]) == 0
    assert "0 findings" in capsys.readouterr().err


RACING_SOURCE = """package loc

import "sync"

var seen = map[int]int{}

var marks = map[int]int{}

// Each runs fn for 0..n-1 concurrently.
func Each(n int, fn func(int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fn(i)
		}(i)
	}
	wg.Wait()
}

func Squares(n int) map[int]int {
	out := map[int]int{}
	Each(n, func(i int) {
		out[i] = i * i
	})
	return out
}

func See(i int) {
	seen[i%3]++
}

func Mark(i int) {
	marks[i%3]++
}

func Marks(n int) int {
	Each(n, Mark)
	return len(marks)
}
"""


def _racing_run(tmp_path: Path, racing: frozenset[tuple[str, int]] | None) -> list[str]:
    path = tmp_path / "loc.go"
    data = RACING_SOURCE.encode()
    path.write_bytes(data)
    options = RunOptions(
        rules=(ConcurrentMapWrite(),),
        fix=Applicability.UNSAFE,
        external_types=rules.external_types(),
        hints=(RacingMaps.of(racing),) if racing is not None else (),
    )
    (result,) = run([GoFile(path, "loc.go", True)], options)
    lines = [
        f"{d.message} -> {d.fixes[0].title if d.fixes else d.note}" for d in result.diagnostics
    ]
    if racing:
        fixed = result.fixed.decode()
        assert "\tvar mu sync.Mutex\n\tEach(n, func(i int) {\n\t\tmu.Lock()" in fixed
        assert "var seenMu sync.RWMutex // guards seen" in fixed
        assert "seenMu.Lock()\n\tdefer seenMu.Unlock()\n\tseen[i%3]++" in fixed
        assert "marksMu" not in fixed  # Marks hands Mark to Each: no self-deadlock
    return lines


def test_racing_maps_option_makes_mr001_fix_locals_and_globals(tmp_path: Path) -> None:
    # Each runs the function it is handed on a goroutine per element (a
    # parallel runner, facts.runners): Mark's write, and the literal's write
    # into Squares' local map, are found without a report
    static = [
        "concurrent write to map out: shared with goroutines without a lock -> Guard out with "
        "a mutex",
        "concurrent write to map marks: Mark runs on several goroutines without a lock "
        "-> the function calls Each(n, Mark), which takes the same lock",
    ]
    assert _racing_run(tmp_path, None) == static
    assert _racing_run(tmp_path, frozenset()) == static
    offsets = [
        (str(tmp_path / "loc.go"), RACING_SOURCE.index(text))
        for text in ("out[i] = i", "seen[i%3]", "marks[i%3]")
    ]
    found = sorted(_racing_run(tmp_path, frozenset(offsets)))
    assert found == sorted(
        [
            *static,
            "concurrent write to map seen: go test -race saw it accessed on several goroutines "
            "without a lock -> Guard seen with a mutex",
        ]
    )


def test_racing_maps_from_a_report_point_at_the_map_expression() -> None:
    site = race.Site(
        "write", RACES / "callback" / "tally.go", 1, "f", "tally.go", "t.seen", "map-op", 7
    )
    report = race.classify((site,), None, True)
    assert race.racing_maps([report]) == {(str((RACES / "callback" / "tally.go").resolve()), 7)}
    other = race.classify((race.Site("write", None, 1, "f", "x.go", "", "other"),), None, False)
    assert race.racing_maps([other]) == frozenset()


TWO_HITS = """package rt

type A struct {
	hits map[string]int
}

type B struct {
	hits map[string]int
}

func (a *A) Inc(k string) { a.hits[k]++ }

func (b *B) Inc(k string) { b.hits[k]++ }
"""


def test_races_are_matched_to_findings_by_the_maps_typed_identity(tmp_path: Path) -> None:
    """Two races on two maps with the same field name: each race gets the
    findings of its own map (the struct type tells them apart), and a fix run
    for one keeps only that map's findings."""
    (tmp_path / "go.mod").write_text("module example.com/rt\n\ngo 1.22\n")
    path = tmp_path / "p.go"
    path.write_text(TWO_HITS)

    def site(text: str) -> race.Site:
        offset = TWO_HITS.index(text)
        line = TWO_HITS[:offset].count("\n") + 1
        return race.Site("write", path, line, "f", "p.go", text.split("[")[0], "map-op", offset)

    on_a = race.classify((site("a.hits[k]"),), None, True)
    on_b = race.classify((site("b.hits[k]"),), None, True)
    results = race._static([tmp_path], "mutex", None, None, race.racing_maps([on_a, on_b]))
    race._match([on_a, on_b], results)
    a, b = Subject("field", "A", "hits"), Subject("field", "B", "hits")
    assert [d.about for d in on_a.diagnostics] == [a]
    assert [d.about for d in on_b.diagnostics] == [b]
    wanted = {(str(tmp_path.resolve()), a)}
    fixing = race._static(
        [tmp_path], "mutex", Applicability.UNSAFE, wanted, race.racing_maps([on_a, on_b])
    )
    fixed = next(r for r in fixing if r.path.endswith("p.go"))
    assert {x.diagnostic.about for x in fixed.applied} == {a}
    assert {d.about for d in fixed.diagnostics} == {a}
    assert b"func (a *A) Inc(k string) { a.hits[k]++ }" not in fixed.fixed  # A locks
    assert b"func (b *B) Inc(k string) { b.hits[k]++ }" in fixed.fixed  # B untouched
