"""`--verify` through the command line, with the real toolchain."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_tree
from tests.test_cli import gofixmap

FIXTURES = ROOT / "tests" / "fixtures" / "verify"


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.sandbox
def test_diff_verify_reports_passed_and_leaves_tree_alone(tmp_path: Path) -> None:
    module = copy_tree(FIXTURES / "passes", tmp_path / "passes")
    before = tree_hash(module)
    out = gofixmap(
        "-d", "--verify", "--no-cache", "./...", cwd=module, GOFIXMAP_CACHE_DIR=str(tmp_path / "c")
    )
    assert out.returncode == 1, out.stderr
    assert "verify passed" in out.stdout
    header = out.stdout.index("--- a/")
    assert all(line.startswith("# ") for line in out.stdout[:header].splitlines())
    assert tree_hash(module) == before
    applied = subprocess.run(
        ["git", "apply", "--check", "-"],
        cwd=module,
        input=out.stdout,
        text=True,
        capture_output=True,
    )
    assert applied.returncode == 0 or "not a git repository" in applied.stderr, applied.stderr


@pytest.mark.sandbox
def test_write_verify_keeps_file_when_the_fix_fails(tmp_path: Path) -> None:
    module = copy_tree(FIXTURES / "panic_expected", tmp_path / "pe")
    before = tree_hash(module)
    out = gofixmap(
        "-w",
        "--verify",
        "--format",
        "json",
        "./...",
        cwd=module,
        GOFIXMAP_CACHE_DIR=str(tmp_path / "c"),
    )
    assert out.returncode == 1, out.stderr
    assert tree_hash(module) == before
    doc = json.loads(out.stdout)
    (finding,) = doc["findings"]
    verdicts = [f["verified"] for f in finding["fixes"] if f["verified"]]
    assert verdicts and all(v["status"] == "failed" for v in verdicts)
    assert "TestWordsPanics" in verdicts[0]["detail"]


@pytest.mark.sandbox
def test_write_verify_writes_a_passing_fix(tmp_path: Path) -> None:
    module = copy_tree(FIXTURES / "passes", tmp_path / "passes")
    out = gofixmap("-w", "--verify", "./...", cwd=module, GOFIXMAP_CACHE_DIR=str(tmp_path / "c"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "make(map" in "".join(p.read_text() for p in module.glob("*.go"))


def test_broken_explicit_toolchain_is_exit_2(tmp_path: Path) -> None:
    module = copy_tree(FIXTURES / "passes", tmp_path / "passes")
    out = gofixmap("--verify", ".", cwd=module, GOFIXMAP_GO=str(tmp_path / "no-go"))
    assert out.returncode == 2
    assert "GOFIXMAP_GO" in out.stderr and "no-go" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.sandbox
def test_skipped_and_failed_fixes_are_explained_in_every_format(tmp_path: Path) -> None:
    """A fix left out by verification has no diff and no place in JSON's text: stderr says why."""
    for fixture, status in (("offline_dep", "verify skipped"), ("panic_expected", "verify failed")):
        module = copy_tree(FIXTURES / fixture, tmp_path / fixture)
        for args in (["-d"], ["-d", "--format", "json"], ["-d", "--format", "sarif"]):
            out = gofixmap(
                *args, "--verify", "./...", cwd=module, GOFIXMAP_CACHE_DIR=str(tmp_path / "c")
            )
            explained = [line for line in out.stderr.splitlines() if status in line]
            assert explained, (fixture, args, out.stderr)
            assert explained[0].split(":")[0].endswith(".go")  # path:line:col: CODE fix ...: why


@pytest.mark.sandbox
def test_verify_passes_the_mutex_fix_of_a_map_reached_from_a_handler(tmp_path: Path) -> None:
    """Issue 13, class 7: the map sits two fields below a handler registered
    as a method value; the MR001 fix guards every access and passes go vet
    and go test -race on the module's concurrent-request test."""
    module = copy_tree(FIXTURES / "handler_race", tmp_path / "hr")
    before = tree_hash(module)
    out = gofixmap(
        "-d",
        "--verify",
        "--unsafe-fixes",
        "--no-cache",
        "./...",
        cwd=module,
        GOFIXMAP_CACHE_DIR=str(tmp_path / "c"),
    )
    assert out.returncode == 1, out.stderr
    header = "server.go:15:2: MR001 fix 'Guard Store.counts with a mutex': verify passed"
    assert header in out.stdout
    assert "+\tst.mu.Lock()\n+\tdefer st.mu.Unlock()\n \tst.counts[k]++" in out.stdout
    assert tree_hash(module) == before


@pytest.mark.sandbox
def test_verify_passes_the_guard_of_a_field_a_reload_can_set_to_nil(tmp_path: Path) -> None:
    """Issue 13, fix correctness: Reload replaces the map with the source's,
    which may be nil, so making it in NewStore does not stop Set from
    panicking. gofixmap's fix (also with --unsafe-fixes) is the guard at the
    write, and go test proves it."""
    module = copy_tree(FIXTURES / "reload", tmp_path / "reload")
    out = gofixmap(
        "-d",
        "--verify",
        "--unsafe-fixes",
        "--no-cache",
        "./...",
        cwd=module,
        GOFIXMAP_CACHE_DIR=str(tmp_path / "c"),
    )
    assert out.returncode == 1, out.stderr
    header = "store.go:27:2: NM002 fix 'Guard the write with a nil check that makes s.values'"
    assert f"{header}: verify passed" in out.stdout, out.stdout + out.stderr
    assert "+\tif s.values == nil {\n+\t\ts.values = make(map[string]string)\n+\t}\n" in out.stdout
    assert "make" not in "".join(ln for ln in out.stdout.splitlines() if "&Store{" in ln)
