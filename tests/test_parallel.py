"""Process-parallel runs: same results as one process, in order, bounded; progress."""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable
from pathlib import Path

import pytest

from gofixmap import rules
from gofixmap.codemod import parallel, progress, render
from gofixmap.codemod.discover import expand
from gofixmap.codemod.model import Applicability, Diagnostic, FileResult, Status
from gofixmap.codemod.rule import Pass, Rule
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.rules.nm001_nil_map_write import NilMapWrite
from tests.helpers import NIL_MAP

ROOT = Path(__file__).resolve().parent.parent
TREES = [str(ROOT / "examples"), str(ROOT / "tests" / "fixtures")]


def _options(fix: Applicability | None = None) -> RunOptions:
    return RunOptions(rules=rules.all_rules(), fix=fix, external_types=rules.external_types())


def _key(results: Iterable[FileResult]) -> list[tuple[object, ...]]:
    return sorted(
        (r.path, r.status, r.fixed, r.diagnostics, r.applied, r.remaining) for r in results
    )


def test_results_pickle() -> None:
    files = expand(TREES)
    results = list(run(files, _options(Applicability.SAFE)))
    assert any(r.diagnostics for r in results)
    assert pickle.loads(pickle.dumps(results)) == results


@pytest.mark.parametrize("fix", [None, Applicability.SAFE], ids=["report", "fix"])
def test_worker_processes_equal_the_in_process_runner(fix: Applicability | None) -> None:
    files = expand(TREES)
    serial = list(run(files, _options(fix)))
    two = list(parallel.run(files, _options(fix), jobs=2, use_prefilter=False))
    assert _key(two) == _key(serial)
    assert len(two) == len(files)


def test_order_is_the_order_of_the_directories() -> None:
    files = expand(TREES)
    one = [r.path for r in parallel.run(files, _options(), jobs=1)]
    two = [r.path for r in parallel.run(files, _options(), jobs=2)]
    assert one == two
    parent = {f.display: str(f.path.parent) for f in files}
    firsts = list(dict.fromkeys(parent[p] for p in one))
    assert firsts == list(dict.fromkeys(str(f.path.parent) for f in files))


def test_lean_drops_bytes_of_clean_files_only() -> None:
    files = expand(TREES)
    lean = list(parallel.run(files, _options(Applicability.SAFE), jobs=2, lean=True))
    full = list(parallel.run(files, _options(Applicability.SAFE), jobs=2))
    for a, b in zip(lean, full, strict=True):
        assert a.path == b.path and a.status == b.status and a.diagnostics == b.diagnostics
        assert a.changed == b.changed
        if b.diagnostics or b.changed or b.error_line:
            assert a.original == b.original and a.fixed == b.fixed
        elif b.status is Status.CLEAN:
            assert a.original == b""


class _Boom(Rule):
    code = "XX009"
    name = "boom"
    summary = "raises"
    PREFILTER = (b"map[",)

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        raise RuntimeError("rule bug")


def test_a_rule_bug_is_one_error_and_the_other_rules_findings_stay(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "a.go").write_bytes(b"package p\n\nvar m map[int]int\n")
    (tmp_path / "a" / "nil.go").write_bytes(NIL_MAP)  # package p too
    (tmp_path / "b" / "b.go").write_bytes(b"package b\n\nfunc f() {}\n")
    options = RunOptions(rules=(_Boom(), NilMapWrite()), fix=Applicability.SAFE)
    results = list(parallel.run(expand([str(tmp_path)]), options, jobs=2))
    by_name = {Path(r.path).name: r for r in results}
    assert [r.status for r in results] == [Status.CLEAN, Status.FIXED, Status.CLEAN]
    assert by_name["nil.go"].diagnostics[0].rule == "NM001"  # kept, and fixed
    errors = [e for r in results for e in r.rule_errors]
    assert len(errors) == 1  # one error for the package, on one of its files
    (error,) = errors
    assert error.rule == "XX009" and "RuntimeError" in error.traceback
    assert error.line.endswith("internal error in rule XX009: RuntimeError: rule bug")
    assert error.line.startswith(f"{tmp_path / 'a'} (package p)")
    report = render.text(results)
    assert report.count("internal error in rule XX009") == 1


def test_progress_is_reported_per_unit() -> None:
    files = expand(TREES)
    seen: list[tuple[int, int]] = []
    list(parallel.run(files, _options(), jobs=2, progress=lambda d, t: seen.append((d, t))))
    assert seen[-1] == (len(files), len(files))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal_and_after_a_moment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    now = [0.0]
    quiet = io.StringIO()
    with progress.Progress(quiet, clock=lambda: now[0]) as p:
        now[0] = 5.0
        p(1, 2)
    assert quiet.getvalue() == ""

    tty = _Tty()
    with progress.Progress(tty, clock=lambda: now[0]) as p:
        p(1, 10)  # before the delay: nothing
        assert tty.getvalue() == ""
        now[0] += 1.0
        p(2, 10)
        assert "2/10 files" in tty.getvalue()
        p(3, 10)  # too soon after the last update
        assert "3/10" not in tty.getvalue()
        now[0] += 1.0
        p(10, 10)
    assert tty.getvalue().endswith("\r\x1b[K")  # the line is erased at the end

    monkeypatch.setenv("TERM", "dumb")
    dumb = _Tty()
    ticks = iter([0.0, 10.0, 20.0])
    with progress.Progress(dumb, clock=lambda: next(ticks)) as p:
        p(1, 1)
    assert dumb.getvalue() == ""
