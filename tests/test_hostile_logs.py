"""Crash logs are untrusted: no frame path may take triage or race outside ``--repo``."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixmap.crashlog import Frame, map_frame_to_repo
from tests.test_cli import gofixmap

VICTIM = """package outside

func Victim() {
	var m map[string]int
	m["x"] = 1
}
"""

APP = """package app

func Run() {
	println("ok")
}
"""


def panic_log(path: str, function: str = "example.com/app.Run") -> str:
    return (
        "panic: assignment to entry in nil map\n\n"
        "goroutine 1 [running]:\n"
        f"{function}()\n"
        f"\t{path}:5 +0x2c\n"
        "main.main()\n"
        "\t/src/app/main.go:4 +0x14\n"
        "exit status 2\n"
    )


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (repo / "app.go").write_text(APP)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.go").write_text(VICTIM)
    return repo, outside / "victim.go"


@pytest.mark.parametrize(
    "file",
    [
        "../outside/victim.go",  # relative, as -trimpath would print it
        "example.com/app/../outside/victim.go",  # -trimpath with the module path
        "{outside}",  # absolute
    ],
)
def test_frames_outside_the_repo_are_unmapped(layout: tuple[Path, Path], file: str) -> None:
    repo, victim = layout
    frame = Frame.make("example.com/app.Run", file.format(outside=victim), 5)
    assert map_frame_to_repo(frame, repo, "example.com/app") is None
    forged_pkg = Frame.make("example.com/app/../outside.Victim", "victim.go", 5)
    assert map_frame_to_repo(forged_pkg, repo, "example.com/app") is None


def test_symlink_in_the_repo_pointing_out_is_unmapped(layout: tuple[Path, Path]) -> None:
    repo, victim = layout
    (repo / "link.go").symlink_to(victim)
    frame = Frame.make("example.com/app.Victim", str(repo / "link.go"), 5)
    assert map_frame_to_repo(frame, repo, "example.com/app") is None


def test_triage_w_never_writes_outside(layout: tuple[Path, Path]) -> None:
    repo, victim = layout
    for path in ("../outside/victim.go", "example.com/app/../outside/victim.go", str(victim)):
        out = gofixmap("triage", "--repo", str(repo), "-w", "-", cwd=repo, stdin=panic_log(path))
        assert out.returncode == 1, out.stdout + out.stderr  # a crash, but not in this repo
        assert "Traceback" not in out.stderr
        assert victim.read_text() == VICTIM


def test_triage_never_prints_a_file_outside(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    log = panic_log("../../../../../../../../etc/passwd", "main.main")
    out = gofixmap("triage", "--repo", str(repo), "-", cwd=repo, stdin=log)
    assert "root:" not in out.stdout + out.stderr
    assert "Traceback" not in out.stderr


def test_race_from_never_reads_outside(layout: tuple[Path, Path], tmp_path: Path) -> None:
    repo, victim = layout
    report = tmp_path / "race.txt"
    report.write_text(
        "==================\n"
        "WARNING: DATA RACE\n"
        "Write at 0x00c000122000 by goroutine 8:\n"
        "  runtime.mapassign_faststr()\n"
        "      /usr/local/go/src/internal/runtime/maps/runtime_faststr.go:223 +0x0\n"
        "  example.com/app.Victim()\n"
        f"      {victim}:5 +0x64\n"
        "\n"
        "Previous write at 0x00c000122000 by goroutine 7:\n"
        "  runtime.mapassign_faststr()\n"
        "      /usr/local/go/src/internal/runtime/maps/runtime_faststr.go:223 +0x0\n"
        "  example.com/app.Victim()\n"
        "      ../outside/victim.go:5 +0x64\n"
        "==================\n"
    )
    out = gofixmap("race", "--from", str(report), "-w", str(repo), cwd=repo)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode in (0, 1), out.stdout + out.stderr
    assert victim.read_text() == VICTIM
