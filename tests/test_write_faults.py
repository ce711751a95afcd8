"""`-w` on a faulty machine: full disk, read-only and immutable targets, SIGINT mid-write.

Real processes, real files, real signals. The full disk is a real 128 KiB tmpfs
(``mount -t tmpfs -o size=...``) filled to the last block, so the write fails with
ENOSPC as on a real disk; the read-only target is the same kind of tmpfs remounted
``ro`` (EROFS); the immutable one is ``chattr +i`` on the test directory's file
system (EPERM). Each needs root (or the capability) and is skipped where the
machine refuses the mount or the attribute.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.test_cli import BUGGY, gofixmap

GO_MOD = "module example.com/m\n\ngo 1.22\n"


def temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".gofixmap"))


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "128k") -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def assert_not_fixed(out: subprocess.CompletedProcess[str], f: Path, reason: str) -> None:
    assert out.returncode == 2, out.stderr
    assert f"m.go: cannot write: {reason}" in out.stderr, out.stderr
    assert "0 files fixed" in out.stderr and "1 remaining" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert f.read_text() == BUGGY
    assert temps(f.parent) == []


def test_full_disk_leaves_the_file_and_claims_nothing(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk") as disk:
        (disk / "go.mod").write_text(GO_MOD)
        f = disk / "m.go"
        f.write_text(BUGGY)
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:  # take every free block
            with contextlib.suppress(OSError):
                while True:
                    os.write(filler, b"\0" * 4096)
        finally:
            os.close(filler)
        assert shutil.disk_usage(disk).free < 4096
        out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
        assert_not_fixed(out, f, "No space left on device")


def test_read_only_file_system_leaves_the_file_and_claims_nothing(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "ro") as ro:
        (ro / "go.mod").write_text(GO_MOD)
        f = ro / "m.go"
        f.write_text(BUGGY)
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(ro)], capture_output=True, check=False
        )
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.decode().strip()}")
        out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
        assert_not_fixed(out, f, "Read-only file system")


def test_immutable_file_leaves_the_file_and_claims_nothing(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    f = tmp_path / "m.go"
    f.write_text(BUGGY)
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    flagged = subprocess.run(["chattr", "+i", str(f)], capture_output=True, check=False)
    if flagged.returncode != 0:
        pytest.skip(f"cannot set the immutable attribute: {flagged.stderr.decode().strip()}")
    try:
        out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
    finally:
        subprocess.run(["chattr", "-i", str(f)], check=False)
    assert_not_fixed(out, f, os.strerror(errno.EPERM))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_cli_write_leaves_no_temp_and_the_file_intact(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """The real CLI, stopped by a real signal while its temp file exists."""
    (tmp_path / "go.mod").write_text(GO_MOD)
    f = tmp_path / "m.go"
    f.write_text(BUGGY)
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        real_fsync = os.fsync
        def slow_fsync(fd):
            real_fsync(fd)
            print("ready", flush=True)
            time.sleep(60)
        os.fsync = slow_fsync
        from gofixmap.cli import main
        sys.exit(main(["-w", "--no-cache", {str(f)!r}]))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == "ready"
    assert len(temps(tmp_path)) == 1  # caught mid-write
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    err = proc.stderr.read()
    assert code in (130, 128 + sig), (code, err)
    assert "Traceback" not in err, err
    assert f.read_text() == BUGGY
    assert temps(tmp_path) == []
    # the next run fixes the file as if nothing had happened
    out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "make(map[string]int)" in f.read_text()


def _posix_acl(*entries: tuple[int, int, int]) -> bytes:
    """The kernel's ``system.posix_acl_access`` value (what ``setfacl`` writes)."""
    import struct

    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


def test_an_acl_survives_and_its_mask_gives_the_group_nothing_new(tmp_path: Path) -> None:
    """user::rw-, user:4242:r--, group::r--, mask::r--, other::--- (mode 0640)."""
    undefined = 0xFFFFFFFF
    acl = _posix_acl(
        (0x01, 6, undefined),  # ACL_USER_OBJ rw-
        (0x02, 4, 4242),  # ACL_USER 4242 r--
        (0x04, 4, undefined),  # ACL_GROUP_OBJ r--
        (0x10, 4, undefined),  # ACL_MASK r--
        (0x20, 0, undefined),  # ACL_OTHER ---
    )
    (tmp_path / "go.mod").write_text(GO_MOD)
    f = tmp_path / "m.go"
    f.write_text(BUGGY)
    os.chmod(f, 0o640)
    try:
        os.setxattr(f, "system.posix_acl_access", acl)
    except OSError as exc:
        pytest.skip(f"this file system takes no POSIX ACL: {exc.strerror}")
    before = os.getxattr(f, "system.posix_acl_access")
    out = gofixmap("-w", "--no-cache", str(f), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "make(map[string]int)" in f.read_text()
    assert os.getxattr(f, "system.posix_acl_access") == before
    assert os.stat(f).st_mode & 0o777 == 0o640  # the group (mask) gained no write


def test_an_edit_made_during_cli_write_is_kept_and_reported(tmp_path: Path) -> None:
    """A person saves the file after `-w` read it and before it writes: their edit stays."""
    (tmp_path / "go.mod").write_text(GO_MOD)
    f = tmp_path / "m.go"
    f.write_text(BUGGY)
    script = textwrap.dedent(
        f"""
        import fcntl, sys
        sys.path.insert(0, {str(ROOT)!r})
        real_flock = fcntl.flock
        def paused_flock(fd, op):
            if op == fcntl.LOCK_EX:
                print("ready", flush=True)
                sys.stdin.readline()  # the test edits the file now
            return real_flock(fd, op)
        fcntl.flock = paused_flock
        from gofixmap.cli import main
        sys.exit(main(["-w", "--no-cache", {str(f)!r}]))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    edited = BUGGY + "\n// saved by a person meanwhile\n"
    f.write_text(edited)
    _, err = proc.communicate("go on\n", timeout=60)
    assert proc.returncode == 2, err
    assert "m.go: not written: the file changed since it was read" in err, err
    assert "0 files fixed" in err and "1 remaining" in err, err
    assert f.read_text() == edited
    assert temps(tmp_path) == []
