"""benchmarks/realworld: manifest and verdict checks, matching and precision
arithmetic, on a tiny synthetic snapshot (our own Go code, scanned for real)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from benchmarks.realworld import realworld as rw
from benchmarks.realworld import snapshots as snaps

COMMIT = "0123456789abcdef0123456789abcdef01234567"

SOURCE = """package p

func A() {
\tvar a map[string]int
\ta["x"] = 1
}

func B() {
\tvar b map[string]int
\tb["y"] = 2
}

func C() {
\tvar c map[string]int
\tc["z"] = 3
}
"""


def _finding(line: int, text: str, rule: str = "NM001", path: str = "p.go") -> rw.Finding:
    return rw.Finding("demo", path, line, rule, rw.line_hash(text), "msg")


def _verdict(
    line: int, text: str, verdict: str, rule: str = "NM001", path: str = "p.go"
) -> rw.Verdict:
    return rw.Verdict("demo", path, line, rule, rw.line_hash(text), verdict, "reason")


def test_line_hash_ignores_white_space_only() -> None:
    assert rw.line_hash('\tm["a"] = 1') == rw.line_hash('m["a"]=1   ')
    assert rw.line_hash('m["a"] = 1') != rw.line_hash('m["b"] = 1')
    assert len(rw.line_hash("x")) == 8


def test_match_same_line_moved_line_and_changed_text() -> None:
    fs = [
        _finding(5, 'a["x"] = 1'),  # same line as its verdict
        _finding(12, 'b["y"] = 2'),  # moved down 2 lines
        _finding(15, 'c["z"] = 4'),  # text changed: the verdict no longer fits
    ]
    vs = [
        _verdict(5, 'a["x"] = 1', "true"),
        _verdict(10, 'b["y"] = 2', "false"),
        _verdict(15, 'c["z"] = 3', "false"),
    ]
    stale = rw.match(fs, vs)
    assert fs[0].verdict == vs[0]
    assert fs[1].verdict == vs[1]
    assert fs[2].verdict is None
    assert stale == [vs[2]]


def test_match_uses_each_verdict_once_and_prefers_the_exact_line() -> None:
    # Two findings on identical lines (same hash); two verdicts, one moved.
    fs = [_finding(20, "m[k] = v"), _finding(8, "m[k] = v")]
    vs = [_verdict(8, "m[k] = v", "true"), _verdict(19, "m[k] = v", "false")]
    assert rw.match(fs, vs) == []
    assert fs[1].verdict == vs[0]  # exact line wins even though it was listed second
    assert fs[0].verdict == vs[1]  # the remaining one, nearest


def test_findings_of_one_rule_on_one_line_share_its_verdict() -> None:
    # A read and a write of the map on the same line: one verdict judges both,
    # but a verdict at another line still fits one finding only.
    fs = [
        _finding(7, "m[k] = m[k] + 1"),
        _finding(7, "m[k] = m[k] + 1"),
        _finding(30, "m[k] = m[k] + 1"),
    ]
    vs = [_verdict(7, "m[k] = m[k] + 1", "false")]
    assert rw.match(fs, vs) == []
    assert fs[0].verdict == vs[0] and fs[1].verdict == vs[0]
    assert fs[2].verdict is None


def test_match_needs_same_rule_and_path() -> None:
    fs = [_finding(5, "m[k] = v", rule="NM002"), _finding(5, "m[k] = v", path="q.go")]
    vs = [_verdict(5, "m[k] = v", "true")]
    assert rw.match(fs, vs) == vs
    assert all(f.verdict is None for f in fs)


def test_precision_arithmetic_per_rule_repo_and_test_files() -> None:
    fs = [_finding(i, f"l{i}", rule="NM001") for i in range(1, 8)]
    fs += [_finding(i, f"t{i}", rule="MR001", path="x_test.go") for i in range(1, 4)]
    vs = [_verdict(i, f"l{i}", "true" if i <= 6 else "false") for i in range(1, 8)]
    vs += [_verdict(1, "t1", "false", rule="MR001", path="x_test.go")]
    vs += [_verdict(99, "gone", "false"), _verdict(98, "gone2", "true")]
    rep = rw.Report(findings=fs, scanned=["demo"])
    rep.stale = rw.match(fs, vs)
    s = rw.summary(rep)
    assert s["rules"]["NM001"] == {
        "findings": 7,
        "true": 6,
        "false": 1,
        "unjudged": 0,
        "precision": 0.8571,
    }
    assert s["rules"]["MR001"] == {
        "findings": 3,
        "true": 0,
        "false": 1,
        "unjudged": 2,
        "precision": 0.0,
    }
    assert s["overall"] == {"findings": 10, "true": 6, "false": 2, "unjudged": 2, "precision": 0.75}
    assert s["files"]["test"]["false"] == 1 and s["files"]["non-test"]["true"] == 6
    assert s["repos"]["demo"]["findings"] == 10
    assert s["gone"] == {"false": 1, "true": 1}
    assert [v["line"] for v in s["lost_true"]] == [98]
    assert [(u["path"], u["line"]) for u in s["unjudged"]] == [("x_test.go", 2), ("x_test.go", 3)]
    text = rw.render(s)
    assert "| NM001 | 7 | 6 | 1 | 0 | 85.7% |" in text
    assert "| **all** | 10 | 6 | 2 | 2 | 75.0% |" in text


def test_precision_per_confidence_level_is_cumulative() -> None:
    fs = [_finding(i, f"l{i}") for i in range(1, 5)]
    for f, level in zip(fs, ("high", "medium", "low", "low"), strict=True):
        f.confidence, f.evidence = level, f"kind-{level}"
    vs = [_verdict(1, "l1", "true"), _verdict(2, "l2", "false"), _verdict(3, "l3", "true")]
    vs += [_verdict(4, "l4", "false")]
    rep = rw.Report(findings=fs, scanned=["demo"])
    rep.stale = rw.match(fs, vs)
    s = rw.summary(rep)
    assert [s["confidence"][k]["findings"] for k in rw.LEVELS] == [1, 2, 4]
    assert [s["confidence"][k]["true"] for k in rw.LEVELS] == [1, 1, 2]
    assert s["evidence"]["NM001 kind-low (low)"]["findings"] == 2
    assert "| high | 1 | 1 | 0 | 0 | 100.0% |" in rw.render(s)


def test_no_judged_findings_has_no_precision() -> None:
    s = rw.summary(rw.Report(findings=[_finding(1, "x")], scanned=["demo"]))
    assert s["overall"]["precision"] is None
    assert "| **all** | 1 | 0 | 0 | 1 | — |" in rw.render(s)


def _corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    snapshots = tmp_path / "snaps"
    snap = snapshots / "demo"
    snap.mkdir(parents=True)
    (snap / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (snap / "p.go").write_text(SOURCE)
    (snap / rw.MARKER).write_text(COMMIT + "\n")
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        f'[[repo]]\nname = "demo"\nurl = "https://example.com/demo"\ncommit = "{COMMIT}"\n'
    )
    verdicts = tmp_path / "verdicts.toml"
    verdicts.write_text(
        "".join(
            f'[[finding]]\nrepo = "demo"\npath = "p.go"\nline = {line}\nrule = "NM001"\n'
            f'hash = "{rw.line_hash(text)}"\nverdict = "{v}"\nreason = "r"\n\n'
            for line, text, v in [(5, 'a["x"] = 1', "true"), (10, 'b["y"] = 2', "false")]
        )
    )
    return snapshots, manifest, verdicts


def test_end_to_end_on_a_synthetic_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshots, manifest, verdicts = _corpus(tmp_path)
    args = [str(snapshots), "--manifest", str(manifest), "--verdicts", str(verdicts), "--jobs", "1"]
    assert rw.main([*args, "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["overall"] == {"findings": 3, "true": 1, "false": 1, "unjudged": 1, "precision": 0.5}
    assert [(u["line"], u["rule"]) for u in s["unjudged"]] == [(15, "NM001")]
    assert [(f["line"], f["verdict"]) for f in s["findings"]] == [
        (5, "true"),
        (10, "false"),
        (15, None),
    ]
    assert rw.main([*args, "--strict"]) == 1
    assert "findings without a verdict: 1" in capsys.readouterr().out
    # The judged code moves down two lines: the verdicts still match by hash.
    (snapshots / "demo" / "p.go").write_text(
        "package p\n\n// moved\n// down" + SOURCE.removeprefix("package p\n")
    )
    assert rw.main([*args, "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (
        s["overall"]["true"] == 1
        and s["overall"]["false"] == 1
        and s["gone"] == {"false": 0, "true": 0}
    )
    assert rw.main([*args, "--stubs"]) == 0
    assert 'line = 17\nrule = "NM001"' in capsys.readouterr().out


def test_wrong_commit_or_missing_snapshot_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshots, manifest, verdicts = _corpus(tmp_path)
    (snapshots / "demo" / rw.MARKER).write_text("f" * 40 + "\n")
    args = [str(snapshots), "--manifest", str(manifest), "--verdicts", str(verdicts)]
    assert rw.main(args) == 2
    assert "manifest pins " + COMMIT in capsys.readouterr().out
    (snapshots / "demo" / rw.MARKER).unlink()
    (snapshots / "demo").rename(tmp_path / "elsewhere")
    assert rw.main(args) == 2
    assert "demo: no snapshot at" in capsys.readouterr().out


def test_bad_verdicts_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshots, manifest, verdicts = _corpus(tmp_path)
    verdicts.write_text(verdicts.read_text().replace('verdict = "true"', 'verdict = "maybe"'))
    assert rw.main([str(snapshots), "--manifest", str(manifest), "--verdicts", str(verdicts)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "verdict must be 'true' or 'false'" in err


def test_sets_are_scanned_and_reported_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshots, manifest, verdicts = _corpus(tmp_path)
    # A second, held-out repository: its own code, one finding judged false.
    held = snapshots / "held"
    held.mkdir()
    (held / "go.mod").write_text("module example.com/h\n\ngo 1.22\n")
    (held / "h.go").write_text("package h\n\nfunc H() {\n\tvar h map[int]int\n\th[1] = 1\n}\n")
    (held / rw.MARKER).write_text(COMMIT + "\n")
    manifest.write_text(
        manifest.read_text()
        + f'\n[[repo]]\nname = "held"\nurl = "https://example.com/held"\ncommit = "{COMMIT}"\n'
        'set = "heldout"\n'
    )
    verdicts.write_text(
        verdicts.read_text()
        + '[[finding]]\nrepo = "held"\npath = "h.go"\nline = 5\nrule = "NM001"\n'
        f'hash = "{rw.line_hash("h[1] = 1")}"\nverdict = "false"\nreason = "r"\n'
    )
    assert [e.set for e in rw.load_manifest(manifest)] == ["original", "heldout"]
    args = [str(snapshots), "--manifest", str(manifest), "--verdicts", str(verdicts), "--jobs", "1"]

    def summary(*more: str) -> dict[str, Any]:
        assert rw.main([*args, "--json", *more]) == 0
        s: dict[str, Any] = json.loads(capsys.readouterr().out)
        return s

    s = summary()  # default: the original set only
    assert list(s["repos"]) == ["demo"] and list(s["sets"]) == ["original"]
    s = summary("--set", "heldout")
    assert list(s["repos"]) == ["held"]
    assert s["overall"] == {"findings": 1, "true": 0, "false": 1, "unjudged": 0, "precision": 0.0}
    s = summary("--only", "held")  # --only names entries of any set
    assert list(s["repos"]) == ["held"]
    s = summary("--set", "all")
    sets = s["sets"]
    assert list(sets) == ["original", "heldout"]
    assert sets["original"]["precision"] == 0.5 and sets["original"]["unjudged"] == 1
    assert sets["heldout"]["rules"] == {
        "NM001": {"findings": 1, "true": 0, "false": 1, "unjudged": 0, "precision": 0.0}
    }
    assert s["overall"] == {
        "findings": 4,
        "true": 1,
        "false": 2,
        "unjudged": 1,
        "precision": 0.3333,
    }
    assert rw.main([*args, "--set", "all"]) == 0
    text = capsys.readouterr().out
    assert "| rule (original) |" in text and "| rule (heldout) |" in text
    assert "| **all** | 1 | 0 | 1 | 0 | 0.0% |" in text
    # An unknown set in the manifest is one line and exit 2.
    manifest.write_text(manifest.read_text().replace('set = "heldout"', 'set = "secret"'))
    assert rw.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    sets = "original, heldout, heldout2, heldout3, heldout4, heldout5, heldout6, heldout7, heldout8"
    sets += ", heldout9"
    assert f"held: set must be one of {sets}" in err


def test_the_committed_manifest_and_verdicts_load() -> None:
    entries = rw.load_manifest(rw.HERE / "manifest.toml")
    original = [e for e in entries if e.set == "original"]
    assert len(original) >= 15 and sum(e.kind == "operator" for e in original) >= 10
    heldout = [e for e in entries if e.set == "heldout"]
    assert len(heldout) >= 6 and sum(e.kind == "operator" for e in heldout) >= 4
    heldout2 = [e for e in entries if e.set == "heldout2"]
    assert len(heldout2) >= 8 and sum(e.kind == "operator" for e in heldout2) >= 5
    heldout3 = [e for e in entries if e.set == "heldout3"]
    assert len(heldout3) >= 8 and sum(e.kind == "operator" for e in heldout3) >= 5
    heldout4 = [e for e in entries if e.set == "heldout4"]
    assert len(heldout4) >= 8 and sum(e.kind == "operator" for e in heldout4) >= 5
    heldout5 = [e for e in entries if e.set == "heldout5"]
    assert len(heldout5) >= 8 and sum(e.kind == "operator" for e in heldout5) >= 5
    heldout6 = [e for e in entries if e.set == "heldout6"]
    assert len(heldout6) >= 8 and sum(e.kind == "operator" for e in heldout6) >= 5
    heldout7 = [e for e in entries if e.set == "heldout7"]
    assert len(heldout7) >= 8 and sum(e.kind == "operator" for e in heldout7) >= 5
    heldout8 = [e for e in entries if e.set == "heldout8"]
    assert len(heldout8) >= 8 and sum(e.kind == "operator" for e in heldout8) >= 5
    heldout9 = [e for e in entries if e.set == "heldout9"]
    assert len(heldout9) >= 8 and sum(e.kind == "operator" for e in heldout9) >= 5
    names = {e.name for e in entries}
    assert {v.repo for v in rw.load_verdicts(rw.HERE / "verdicts.toml")} <= names


def test_snapshots_extracts_a_commit_from_a_git_dir(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.go").write_text(SOURCE)
    (src / "sub").mkdir()
    (src / "sub" / "run.sh").write_text("#!/bin/sh\n")
    (src / "sub" / "run.sh").chmod(0o755)
    git = ["git", "-C", str(src), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    head = subprocess.run(
        [*git[:3], "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    entry = rw.Entry("demo", "https://example.com/o/src", head)
    out = snaps.fetch(entry, tmp_path / "snaps", str(tmp_path / "{repo}"))
    dest = tmp_path / "snaps" / "demo"
    assert "2 files" in out
    assert (dest / "p.go").read_text() == SOURCE
    assert (dest / "sub" / "run.sh").stat().st_mode & 0o111
    assert rw.snapshot_commit(dest) == head
    assert "already at" in snaps.fetch(entry, tmp_path / "snaps", str(tmp_path / "{repo}"))


def test_the_scan_measures_the_checkout_the_script_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in a snapshot, `python -m gofixmap` imports the checkout of
    realworld.py (built, as in CI), not another gofixmap the interpreter
    would find first (here a decoy on PYTHONPATH)."""
    import sys

    decoy = tmp_path / "decoy"
    (decoy / "gofixmap").mkdir(parents=True)
    (decoy / "gofixmap" / "__init__.py").write_text("")
    monkeypatch.setenv("PYTHONPATH", str(decoy))
    checkout = Path(rw.__file__).resolve().parents[2]
    r = subprocess.run(
        [sys.executable, "-c", "import gofixmap; print(gofixmap.__file__)"],
        cwd=tmp_path,
        env=rw.scan_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(r.stdout.strip()).resolve() == checkout / "gofixmap" / "__init__.py"


def test_rule_errors_of_a_scan_are_reported_and_parse_errors_are_not() -> None:
    # the shape of gofixmap's --format json "errors" (tests/test_commands checks it)
    doc = {
        "findings": [],
        "errors": [
            {
                "path": "a/a.go",
                "line": None,
                "rule": "NM004",
                "error": "a (package a): internal error",
            },
            {"path": "testdata/bad.go", "line": 3, "rule": None, "error": "bad.go:3: syntax error"},
        ],
    }
    assert rw.rule_errors(doc, "demo") == ["demo: a (package a): internal error"]
    assert rw.rule_errors({"findings": []}, "demo") == []
