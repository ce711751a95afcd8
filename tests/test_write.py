"""The write path (``codemod.write``): nothing lost, metadata kept, links kept, no temp left."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gofixmap.codemod.write import WriteError, remove_stale_temps, write_file
from tests.helpers import ROOT
from tests.test_cli import BUGGY, gofixmap

OLD = b"package p\n"
NEW = b"package p\n\nvar x = 1\n"


def temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".gofixmap"))


def test_replaces_bytes_and_keeps_mode(tmp_path: Path) -> None:
    f = tmp_path / "a.go"
    f.write_bytes(OLD)
    f.chmod(0o640)
    write_file(f, NEW, expected=OLD)
    assert f.read_bytes() == NEW
    assert f.stat().st_mode & 0o7777 == 0o640
    assert temps(tmp_path) == []


def test_concurrent_edit_is_never_overwritten(tmp_path: Path) -> None:
    f = tmp_path / "a.go"
    f.write_bytes(b"package p // edited by a person meanwhile\n")
    with pytest.raises(WriteError, match="changed since it was read"):
        write_file(f, NEW, expected=OLD)
    assert f.read_bytes() == b"package p // edited by a person meanwhile\n"
    assert temps(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_owner_and_group_are_kept(tmp_path: Path) -> None:
    f = tmp_path / "a.go"
    f.write_bytes(OLD)
    os.chown(f, 1234, 2345)
    f.chmod(0o664)
    write_file(f, NEW, expected=OLD)
    info = f.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (1234, 2345, 0o664)


def test_hard_links_stay_one_file(tmp_path: Path) -> None:
    f = tmp_path / "a.go"
    f.write_bytes(OLD)
    other = tmp_path / "b.go"
    os.link(f, other)
    inode = f.stat().st_ino
    write_file(f, NEW, expected=OLD)
    assert f.stat().st_ino == inode == other.stat().st_ino
    assert other.read_bytes() == NEW
    write_file(f, b"package p\n", expected=NEW)  # shorter: truncated
    assert other.read_bytes() == b"package p\n"


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    f = tmp_path / "a.go"
    f.write_bytes(OLD)
    try:
        os.setxattr(f, "user.gofixmap.test", b"kept")
    except OSError as exc:
        pytest.skip(f"this file system has no user extended attributes: {exc.strerror}")
    write_file(f, NEW, expected=OLD)
    assert os.getxattr(f, "user.gofixmap.test") == b"kept"


def test_symlink_inside_the_tree_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.go"
    real.write_bytes(OLD)
    link = tmp_path / "link.go"
    link.symlink_to("real.go")
    written = write_file(link, NEW, expected=OLD, root=tmp_path)
    assert written == real.resolve()
    assert link.is_symlink() and real.read_bytes() == NEW


def test_symlink_leaving_the_tree_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.go"
    outside.write_bytes(OLD)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.go").symlink_to(outside)
    with pytest.raises(WriteError, match="outside the scanned tree"):
        write_file(tree / "link.go", NEW, expected=OLD, root=tree)
    assert outside.read_bytes() == OLD and (tree / "link.go").is_symlink()


def test_non_regular_files_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.go"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="not a regular file"):
        write_file(fifo, NEW, expected=None)


def test_stale_temps_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = tmp_path / f".a.go.abcd1234.{pid}.gofixmap"
    stale.write_bytes(b"")
    live = tmp_path / f".a.go.abcd1234.{os.getpid()}.gofixmap"
    live.write_bytes(b"")
    unrelated = tmp_path / ".notes.gofixmap"
    unrelated.write_bytes(b"mine")
    assert remove_stale_temps(tmp_path) == [stale]
    assert temps(tmp_path) == sorted([live.name, unrelated.name])


def test_failed_write_is_not_counted_as_fixed(tmp_path: Path) -> None:
    """EFBIG (a file-size limit, as a full disk would give ENOSPC): exit 2, nothing claimed."""
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    f = tmp_path / "m.go"
    f.write_text(BUGGY)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    environ = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run(
        [sys.executable, "-m", "gofixmap", "-w", "--no-cache", str(f)],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        check=False,
    )
    assert out.returncode == 2, out.stderr
    assert "m.go: cannot write: File too large" in out.stderr
    assert "0 files fixed" in out.stderr and "1 remaining" in out.stderr
    assert f.read_text() == BUGGY
    assert temps(tmp_path) == []


def test_cli_write_still_fixes(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    f = tmp_path / "m.go"
    f.write_text(BUGGY)
    out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "make(map[string]int)" in f.read_text()


def test_cli_writes_through_a_link_inside_the_scanned_tree_only(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "real").mkdir(parents=True)
    (tree / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tree / "real" / "m.go").write_text(BUGGY)
    (tree / "pkg").mkdir()
    (tree / "pkg" / "m.go").symlink_to("../real/m.go")  # a link to another package of the tree
    outside = tmp_path / "outside.go"
    outside.write_text(BUGGY)
    (tree / "pkg" / "out.go").symlink_to(outside)
    out = gofixmap("-w", "--no-cache", "./...", cwd=tree)
    assert (tree / "pkg" / "m.go").is_symlink() and (tree / "pkg" / "out.go").is_symlink()
    assert "make(map[string]int)" in (tree / "real" / "m.go").read_text()
    assert outside.read_text() == BUGGY
    assert "outside the scanned tree" in out.stderr and out.returncode == 2
