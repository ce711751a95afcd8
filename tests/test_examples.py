"""End to end on examples/: the tests crash before, and pass after `gofixmap -w`."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import ROOT, copy_tree, go
from tests.test_cli import gofixmap


def test_examples_crash_before_and_pass_after_write(tmp_path: Path) -> None:
    module = copy_tree(ROOT / "examples", tmp_path / "examples")
    before = go(["test", "-count=1", "./..."], cwd=module)
    assert before.returncode != 0
    assert "assignment to entry in nil map" in before.stdout + before.stderr

    diff = gofixmap("-d", "./...", cwd=module)
    assert diff.returncode == 1, diff.stderr
    for package in ("cache", "index", "registry", "status"):
        assert f"--- a/{package}/" in diff.stdout, f"no fix for {package}:\n{diff.stdout}"

    wrote = gofixmap("-w", "./...", cwd=module)
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    vet = go(["vet", "./..."], cwd=module)
    assert vet.returncode == 0, vet.stderr
    fmt = go(["fmt", "./..."], cwd=module)
    assert fmt.stdout == "", f"gofmt changed {fmt.stdout}"
    after = go(["test", "-race", "-count=1", "./..."], cwd=module)
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr[-2000:]
    again = gofixmap("./...", cwd=module)
    assert again.returncode == 0, again.stdout
