"""The integrations shipped in the repository: the Action's scan script, action.yml and
the pre-commit hooks (with the real ``pre-commit`` tool, in the slow set: it builds a
virtualenv with gofixmap in it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.test_cli import BUGGY

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (the dev extra)")

SCAN = ROOT / "action" / "scan.sh"


def scan(module: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    output = tmp_path / "github-output"
    output.write_text("")
    environ = dict(os.environ)
    environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environ["PATH"]
    environ["PYTHONPATH"] = str(ROOT)
    environ["GITHUB_OUTPUT"] = str(output)
    environ.update(env)
    out = subprocess.run(
        ["bash", str(SCAN)],
        cwd=module,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return out, output.read_text()


@pytest.fixture
def module(tmp_path: Path) -> Path:
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "a.go").write_text(BUGGY)
    return root


def test_action_scan_writes_sarif_and_outputs(module: Path, tmp_path: Path) -> None:
    out, outputs = scan(module, tmp_path, GOFIXMAP_RDJSON="gofixmap.rdjson")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "a.go:6:3: NM001" in out.stdout  # the text report in the log
    assert outputs.splitlines() == ["findings=1", "sarif=gofixmap.sarif"]
    sarif = json.loads((module / "gofixmap.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "NM001"
    rdjson = json.loads((module / "gofixmap.rdjson").read_text())
    assert rdjson["diagnostics"][0]["code"]["value"] == "NM001"


def test_action_fail_on_findings(module: Path, tmp_path: Path) -> None:
    out, _ = scan(module, tmp_path, GOFIXMAP_FAIL_ON_FINDINGS="true")
    assert out.returncode == 1


def test_action_new_from_rev(module: Path, tmp_path: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=module, check=True)
    subprocess.run([*git, "add", "."], cwd=module, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=module, check=True)
    out, outputs = scan(module, tmp_path, GOFIXMAP_NEW_FROM_REV="HEAD")
    assert out.returncode == 0, out.stderr
    assert "findings=0" in outputs  # the bug predates HEAD
    bad, _ = scan(module, tmp_path, GOFIXMAP_NEW_FROM_REV="no-such-rev")
    assert bad.returncode == 2


def test_action_yml_runs_the_scan_script_with_its_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = {step.get("name", step.get("uses", "")): step for step in action["runs"]["steps"]}
    scan_step = steps["Scan"]
    assert "action/scan.sh" in scan_step["run"]
    script = SCAN.read_text()
    for variable in scan_step["env"]:
        assert variable in script, variable
    for name in ("args", "new-from-rev", "fail-on-findings", "reviewdog"):
        assert name in action["inputs"]
    assert any("upload-sarif" in step.get("uses", "") for step in action["runs"]["steps"])


def test_pre_commit_manifest_shape() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"gofixmap", "gofixmap-fix"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["types"] == ["go"]
        assert hook["pass_filenames"] is False  # a file is judged with its package
    assert by_id["gofixmap-fix"]["entry"] == "gofixmap -w"


@pytest.mark.slow
def test_pre_commit_hooks_with_the_real_tool(module: Path) -> None:
    tool = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(tool).exists():
        pytest.skip("pre-commit is not installed (the dev extra installs it)")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=module, check=True)
    subprocess.run([*git, "add", "."], cwd=module, check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(module.parent / "pre-commit-home"))
    env["GOFIXMAP_CACHE_DIR"] = str(module.parent / "cache")

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool, "try-repo", str(ROOT), name, "--all-files"],
            cwd=module,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    report = hook("gofixmap")
    assert report.returncode == 1, report.stdout + report.stderr
    assert "a.go:6:3: NM001" in report.stdout
    fix = hook("gofixmap-fix")
    assert fix.returncode == 1  # files were modified: the commit stops for review
    assert "m = make(map[string]int)" in (module / "a.go").read_text()
    again = hook("gofixmap")
    assert again.returncode == 0, again.stdout + again.stderr
