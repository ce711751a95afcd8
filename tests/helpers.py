"""Shared test helpers: run rules on source text, run the real Go toolchain."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gofixmap import rules
from gofixmap.codemod.discover import GoFile
from gofixmap.codemod.model import Applicability, FileResult
from gofixmap.codemod.rule import Rule, Settings
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.codemod.toolchain import Toolchain, find_go

ROOT = Path(__file__).resolve().parent.parent

# A whole Go file with one NM001 finding (a write into a var-declared map).
NIL_MAP = b"""package p

func f() map[string]int {
	var m map[string]int
	m["a"] = 1
	return m
}
"""


def run_file(
    path: Path,
    rule_classes: Sequence[type[Rule]],
    fix: Applicability | None = None,
    strategy: str = "mutex",
    display: str | None = None,
) -> FileResult:
    """Run ``rule_classes`` on one file, alone as its own package."""
    options = RunOptions(
        rules=tuple(cls() for cls in rule_classes),
        fix=fix,
        settings=Settings(strategy=strategy),
        external_types=rules.external_types(),
    )
    results = list(run([GoFile(path, display or path.name, True)], options))
    assert len(results) == 1, results
    return results[0]


def run_source(
    code: str,
    rule_classes: Sequence[type[Rule]],
    fix: Applicability | None = None,
    strategy: str = "mutex",
    name: str = "example.go",
) -> FileResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(code)
        return run_file(path, rule_classes, fix, strategy, display=name)


def go_env(toolchain: Toolchain, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(toolchain.env())
    env.update({"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOWORK": "off"})
    env.update(extra)
    return env


def go(
    args: Sequence[str], cwd: Path, timeout: float = 300, **extra: str
) -> subprocess.CompletedProcess[str]:
    toolchain = find_go()
    return subprocess.run(
        [str(toolchain.go), *args],
        cwd=cwd,
        env=go_env(toolchain, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def gofmt_unformatted(paths: Sequence[Path]) -> list[str]:
    """Files among ``paths`` that gofmt would change (``gofmt -l``)."""
    if not paths:
        return []
    toolchain = find_go()
    out = subprocess.run(
        [str(toolchain.gofmt), "-l", *map(str, paths)],
        capture_output=True,
        text=True,
        env=go_env(toolchain),
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines() if line]


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".git"))
    return dst
