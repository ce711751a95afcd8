"""`gofixmap triage` on logs produced by really running the crashing fixtures.

The logs come from `go test` runs of tests/fixtures/operator (real k8s.io/api
types, NM004/NM005 bugs), examples/ (NM001-NM003) and tests/fixtures/crashers,
then wrapped the way they arrive in practice: timestamps, JSON log lines,
other goroutines (GOTRACEBACK=all), truncation, paths of another build
machine. The end-to-end tests run log → triage -w → `go test -race` until the
tests pass, on copies in tmp.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_tree, go, require_module_deps
from tests.test_cli import gofixmap

OPERATOR = ROOT / "tests" / "fixtures" / "operator"
EXAMPLES = ROOT / "examples"
CRASHERS = ROOT / "tests" / "fixtures" / "crashers"


def _run_tests(module: Path, *args: str, **env: str) -> str:
    out = go(["test", "-count=1", *args], cwd=module, **env)
    return out.stdout + out.stderr


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_module_deps(OPERATOR)
    return copy_tree(OPERATOR, tmp_path_factory.mktemp("op") / "operator")


@pytest.fixture(scope="module")
def operator_log(operator: Path) -> str:
    log = _run_tests(operator, "-run", "^TestReconcileFreshObjects$", "./controllers")
    assert "assignment to entry in nil map" in log, log[-2000:]
    return log


@pytest.fixture(scope="module")
def selector_log(operator: Path) -> str:
    log = _run_tests(operator, "-run", "^TestSelectorFor$", "./controllers")
    assert "assignment to entry in nil map" in log, log[-2000:]
    return log


def triage(
    *args: str, cwd: Path = ROOT, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return gofixmap("triage", *args, cwd=cwd, stdin=stdin)


# ---------------------------------------------------------------- the plain log


def test_operator_log_names_line_rule_and_fix(operator: Path, operator_log: str) -> None:
    out = triage("--repo", str(operator), "-", stdin=operator_log)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "crash: write to a nil map" in text
    assert "at controllers/widget_controller.go:34 in (*WidgetReconciler).Reconcile" in text
    assert 'pod.Labels["app.kubernetes.io/managed-by"] = ManagedBy' in text
    assert "rule: NM004 nil-k8s-map-write" in text
    assert "fix: Use metav1.SetMetaDataLabel" in text
    assert "+\tmetav1.SetMetaDataLabel(&pod.ObjectMeta" in text
    assert "--- a/controllers/widget_controller.go" in text


def test_diff_applies_with_git(operator: Path, operator_log: str, tmp_path: Path) -> None:
    copy = copy_tree(operator, tmp_path / "op")
    out = triage("--repo", str(copy), "-", stdin=operator_log)
    diff = out.stdout[out.stdout.index("--- a/") :]
    applied = subprocess.run(
        ["git", "apply", "--check", "-"], cwd=copy, input=diff, text=True, capture_output=True
    )
    assert applied.returncode == 0, applied.stderr + diff


def test_nm005_points_at_the_call_site(operator: Path, selector_log: str) -> None:
    out = triage("--repo", str(operator), "-", stdin=selector_log)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"at controllers/labels\.go:\d+ in addInstanceLabels", out.stdout)
    assert "rule: NM005 nil-map-param-write (at controllers/labels.go:" in out.stdout
    assert "+\tselector := make(map[string]string)" in out.stdout


def test_json(operator: Path, operator_log: str) -> None:
    out = triage("--repo", str(operator), "--format", "json", "-", stdin=operator_log)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["version"] == 1 and doc["exit"] == 0
    (crash,) = doc["crashes"]
    assert crash["kind"] == "nil-map-write"
    assert crash["path"] == "controllers/widget_controller.go"
    assert crash["line"] == 34
    assert crash["function"] == "(*WidgetReconciler).Reconcile"
    assert crash["rule"] == "NM004" and crash["name"] == "nil-k8s-map-write"
    assert crash["finding"]["line"] == 34
    # the finding and the fix have the shape of every JSON document (scan's)
    finding = crash["finding"]
    assert finding["path"] == "controllers/widget_controller.go"
    assert finding["rule"] == "NM004" and finding["column"] >= 1 and finding["end_line"] == 34
    assert finding["fixes"][0]["title"] == crash["fix"]["title"]
    assert crash["fix"]["edits"] and crash["fix"]["verified"] is None
    assert crash["fix"]["applicability"] == "safe"
    assert crash["fix"]["written"] is False
    assert "+++ b/controllers/widget_controller.go" in crash["fix"]["diff"]
    assert crash["frame"]["file"].endswith("controllers/widget_controller.go")


# ---------------------------------------------------------------- wrapped logs


def _timestamps(log: str) -> str:
    return "".join(
        f"2026-11-29T06:00:{i % 60:02d}.{i:09d}Z {line}\n"
        for i, line in enumerate(log.splitlines())
    )


def _json_lines(log: str) -> str:
    before = [
        '{"level":"info","ts":1764396000.1,"logger":"controller","msg":"Starting workers"}',
        'I1129 06:00:00.000000       1 controller.go:220] "Reconciling" widget="default/web"',
        '{"level":"error","ts":1764396000.2,"msg":"Reconciler error","error":"conflict"}',
    ]
    after = ['{"level":"info","ts":1764396001.0,"msg":"shutting down"}']
    return "\n".join([*before, log.rstrip("\n"), *after]) + "\n"


def _moved(log: str, operator: Path) -> str:
    """The log of a binary built in /workspace (a container build)."""
    return log.replace(str(operator.resolve()), "/workspace").replace(str(operator), "/workspace")


def _truncated(log: str) -> str:
    """Cut right after the crashing user frame's file line."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if "widget_controller.go:34" in line:
            return "\n".join(lines[: i + 1]) + "\n"
    raise AssertionError("no user frame in the log")


@pytest.mark.parametrize(
    "wrap",
    [_timestamps, _json_lines, _truncated, lambda s: s.replace("\n", "\r\n")],
    ids=["timestamps", "json-lines", "truncated", "crlf"],
)
def test_wrapped_operator_logs(operator: Path, operator_log: str, wrap: object) -> None:
    assert callable(wrap)
    out = triage("--repo", str(operator), "-", stdin=wrap(operator_log))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "at controllers/widget_controller.go:34" in out.stdout
    assert "rule: NM004" in out.stdout


def test_truncated_is_said(operator: Path, operator_log: str) -> None:
    out = triage("--repo", str(operator), "-", stdin=_truncated(operator_log))
    assert "(recovered, truncated)" in out.stdout or "truncated" in out.stdout


def test_paths_of_another_build_machine(operator: Path, operator_log: str) -> None:
    moved = _timestamps(_moved(operator_log, operator))
    assert "/workspace/controllers/widget_controller.go:34" in moved
    out = triage("--repo", str(operator), "-", stdin=moved)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "at controllers/widget_controller.go:34" in out.stdout


def test_other_goroutines_gotraceback_all(tmp_path: Path) -> None:
    module = copy_tree(EXAMPLES, tmp_path / "examples")
    log = _run_tests(module, "-run", "^TestRegister$", "./registry", GOTRACEBACK="all")
    assert log.count("goroutine ") > 1, log
    out = triage("--repo", str(module), "-", stdin=log)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "at registry/registry.go:36" in out.stdout
    assert "rule: NM002" in out.stdout


def test_go_test_json_stream(operator: Path) -> None:
    out = go(
        ["test", "-json", "-count=1", "-run", "^TestStampOwner$", "./controllers"], cwd=operator
    )
    assert '"Action"' in out.stdout
    result = triage("--repo", str(operator), "-", stdin=out.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "at controllers/labels.go:11 in stampOwner" in result.stdout
    assert "fix: Get, modify and SetAnnotations" in result.stdout


# ---------------------------------------------------------------- not map bugs, exit codes


def test_nil_pointer_is_said_plainly(tmp_path: Path) -> None:
    module = copy_tree(CRASHERS / "nilptr", tmp_path / "nilptr")
    out = go(["run", "."], cwd=module)
    log = out.stdout + out.stderr
    assert "nil pointer dereference" in log
    result = triage("--repo", str(module), "-", stdin=log)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not a map bug (nil pointer dereference)" in result.stdout
    assert "rule:" not in result.stdout and "fix:" not in result.stdout


def test_concurrent_map_writes_names_mr001(tmp_path: Path) -> None:
    module = copy_tree(CRASHERS / "concwrite", tmp_path / "concwrite")
    log = ""
    for _ in range(5):  # a race: the runtime catches it almost always
        out = go(["run", "."], cwd=module)
        log = out.stdout + out.stderr
        if "concurrent map" in log:
            break
    if "concurrent map" not in log:
        pytest.skip("the runtime did not catch the race in 5 runs")
    result = triage("--repo", str(module), "--unsafe-fixes", "-", stdin=log)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crash: concurrent map" in result.stdout
    assert "rule: MR001" in result.stdout


def test_unmapped_crash_exits_1(operator_log: str, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/other\n\ngo 1.22\n")
    out = triage("--repo", str(tmp_path), "-", stdin=_moved(operator_log, OPERATOR))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "crash: write to a nil map" in out.stdout
    assert "not a file of" in out.stdout


def test_no_crash_exits_2(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text('{"level":"info","msg":"all good"}\nI1129 ready\n')
    out = triage(str(log))
    assert out.returncode == 2
    assert "no Go crash report found" in out.stderr
    out = triage("--format", "json", str(log))
    assert out.returncode == 2 and json.loads(out.stdout)["crashes"] == []


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    out = triage(str(tmp_path / "missing.log"))
    assert out.returncode == 2
    assert "cannot read" in out.stderr
    out = triage("--repo", str(tmp_path / "nope"), "-", stdin="")
    assert out.returncode == 2


def test_saved_log_of_another_helper_fixture() -> None:
    log = ROOT / "tests" / "fixtures" / "crashlogs" / "nilmap_kubectl_timestamps.log"
    out = triage("--repo", str(CRASHERS / "nilmap"), str(log))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "at main.go:15" in out.stdout
    assert "rule: NM002" in out.stdout


# ---------------------------------------------------------------- -w and end to end


def test_write_applies_only_that_fix(operator: Path, operator_log: str, tmp_path: Path) -> None:
    copy = copy_tree(operator, tmp_path / "op")
    target = copy / "controllers" / "widget_controller.go"
    before = target.read_text()
    out = triage("-w", "--repo", str(copy), "-", stdin=operator_log)
    assert out.returncode == 0, out.stdout + out.stderr
    after = target.read_text()
    assert after != before
    assert (
        'metav1.SetMetaDataLabel(&pod.ObjectMeta, "app.kubernetes.io/managed-by", ManagedBy)'
        in after
    )
    assert "pod.Labels[k] = v" in after  # the other writes are left for their own crashes
    assert (copy / "controllers" / "labels.go").read_text() == (
        operator / "controllers" / "labels.go"
    ).read_text()
    assert go(["vet", "./..."], cwd=copy).returncode == 0


def _crash_loop(module: Path, tmp_path: Path, limit: int) -> int:
    """Run the tests; while they crash, triage the log and apply the fix."""
    for round_ in range(1, limit + 1):
        out = go(["test", "-race", "-count=1", "./..."], cwd=module)
        log = out.stdout + out.stderr
        if out.returncode == 0:
            return round_
        (tmp_path / f"round{round_}.log").write_text(log)
        result = triage("-w", "--repo", str(module), str(tmp_path / f"round{round_}.log"))
        assert result.returncode == 0, result.stdout + result.stderr + log[-3000:]
        assert "fix:" in result.stdout, result.stdout
    raise AssertionError(f"tests still fail after {limit} rounds")


def test_end_to_end_operator(tmp_path: Path) -> None:
    require_module_deps(OPERATOR)
    module = copy_tree(OPERATOR, tmp_path / "operator")
    rounds = _crash_loop(module, tmp_path, 10)
    assert rounds == 7  # six crash sites, one per run, then green
    assert go(["vet", "./..."], cwd=module).returncode == 0
    assert go(["fmt", "./..."], cwd=module).stdout == ""


# a dozen crash-fix rounds (about 20 s); the operator loop above stays in the default run
@pytest.mark.slow
def test_end_to_end_examples(tmp_path: Path) -> None:
    module = copy_tree(EXAMPLES, tmp_path / "examples")
    rounds = _crash_loop(module, tmp_path, 12)
    assert rounds > 1
    assert go(["vet", "./..."], cwd=module).returncode == 0
