"""What scan, triage and race share (gofixmap.commands.common): usage errors,
the JSON document, the write path, and a rule that raises reported as one line
with exit 2 while the other rules' findings are kept. In-process, so that a
rule that raises can be put among the real ones."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from gofixmap import cli, rules
from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import Pass, Rule
from gofixmap.commands.common import Change, write_changes
from gofixmap.rules.mr001_concurrent_map_write import ConcurrentMapWrite
from gofixmap.rules.nm001_nil_map_write import NilMapWrite
from tests.helpers import ROOT

MAIN = b"""package main

func main() {
	var m map[string]int
	m["a"] = 1
}
"""


class _Boom(Rule):
    code = "XX009"
    name = "boom"
    summary = "raises"

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        raise RuntimeError("rule bug")


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command's rule selection gets a rule that raises, then NM001."""

    def select(*_: Sequence[str]) -> tuple[Rule, ...]:
        return (_Boom(), NilMapWrite())

    monkeypatch.setattr(rules, "select", select)


def _module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "main.go").write_bytes(MAIN)
    return tmp_path


@pytest.mark.usefixtures("broken_rule")
def test_scan_reports_a_rule_error_in_one_line_and_keeps_other_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path)
    assert cli.main([str(module), "-j", "1", "--no-cache"]) == 2
    out, err = capsys.readouterr()
    report = out + err
    assert report.count("internal error in rule XX009: RuntimeError: rule bug") == 1
    assert "Traceback" not in report
    assert f"{module / 'main.go'}:5:2: NM001" in out  # the other rule's finding stays

    assert cli.main([str(module), "-j", "1", "--no-cache", "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in doc["findings"]] == ["NM001"]
    (error,) = doc["errors"]
    assert error["rule"] == "XX009" and error["error"].endswith("RuntimeError: rule bug")


@pytest.mark.usefixtures("broken_rule")
def test_a_rule_error_in_a_package_whose_files_are_clean_still_reaches_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the error rides on the package's first file; a clean file's result is
    # made lean for the worker's answer, which must not drop it
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_text("package main\n\nfunc helper() int { return 1 }\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() { _ = helper() }\n")
    for jobs in ("1", "2"):
        assert cli.main([str(tmp_path), "-j", jobs, "--no-cache"]) == 2
        out, err = capsys.readouterr()
        assert (out + err).count("internal error in rule XX009: RuntimeError: rule bug") == 1


@pytest.mark.usefixtures("broken_rule")
def test_triage_reports_a_rule_error_in_one_line_and_still_explains_the_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _module(tmp_path)
    log = tmp_path / "crash.log"
    log.write_text(
        "panic: assignment to entry in nil map\n\n"
        "goroutine 1 [running]:\n"
        "main.main()\n"
        f"\t{module / 'main.go'}:5 +0x2e\n"
        "exit status 2\n"
    )
    assert cli.main(["triage", "--repo", str(module), str(log)]) == 2
    out, err = capsys.readouterr()
    assert err.count("internal error in rule XX009") == 1
    assert err.startswith("gofixmap triage: ")
    assert "rule: NM001" in out and "fix: " in out


def test_race_reports_a_rule_error_in_one_line_and_keeps_the_other_rules_finding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def select(*_: Sequence[str]) -> tuple[Rule, ...]:
        return (_Boom(), ConcurrentMapWrite())

    monkeypatch.setattr(rules, "select", select)
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "crashers" / "maprace")
    log = ROOT / "tests" / "fixtures" / "crashlogs" / "maprace_test.json"
    assert cli.main(["race", "--from", str(log), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert err.count("internal error in rule XX009") == 1
    assert err.startswith("gofixmap race: ")
    (first, *_) = json.loads(out)["races"]
    assert [f["rule"] for f in first["findings"]][:1] == ["MR001"]  # still found


def test_every_command_says_a_usage_error_in_one_line_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv, prog in (
        (["--format", "xml"], "gofixmap"),
        (["triage", "--format", "xml"], "gofixmap triage"),
        (["race", "--format", "xml"], "gofixmap race"),
    ):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code  # type: ignore[assignment]
        assert code == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("usage: "), err
        assert err.splitlines()[-1].startswith(f"{prog}: argument --format: invalid choice"), err


def test_write_changes_writes_each_file_once_and_names_the_ones_it_could_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, stale = tmp_path / "good.go", tmp_path / "stale.go"
    good.write_bytes(b"package p\n")
    stale.write_bytes(b"package p // edited meanwhile\n")
    changes = [
        Change(good, b"package p\n", b"package p\n\nvar x = 1\n"),
        Change(good, b"package p\n", b"package p\n\nvar x = 1\n"),  # once
        Change(stale, b"package p\n", b"package q\n"),
    ]
    failed = write_changes(changes, roots=[tmp_path], prefix="gofixmap x: ")
    assert failed == [changes[2]]
    assert good.read_bytes() == b"package p\n\nvar x = 1\n"
    assert stale.read_bytes() == b"package p // edited meanwhile\n"  # nothing lost
    err = capsys.readouterr().err
    assert err == f"gofixmap x: {stale}: not written: the file changed since it was read\n"
