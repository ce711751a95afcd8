"""The one place gofixmap replaces a source file (scan ``-w``, ``triage -w``, ``race -w``).

Nothing is lost:

- the file must still hold the bytes the fix was computed from; the check
  runs under an advisory lock (``flock``) that two gofixmap runs both take, so
  an edit made meanwhile (by a person or another run) is never overwritten;
- the new bytes go to a temporary file in the same directory, are flushed,
  and replace the file with ``rename`` (atomic); owner, group, mode and
  extended attributes (POSIX ACLs live there) are copied first;
- a file with several hard links is rewritten in place instead (after the
  space is reserved with ``posix_fallocate``), so the links stay one file;
- a symbolic link is kept: the write goes through it when its target lies
  inside the scanned tree, and is refused otherwise;
- temporary files carry the writer's pid (``.NAME.RANDOM.PID.gofixmap``):
  they are removed on any exception (SIGINT, SIGTERM via
  :func:`signals_raise`), and a later run removes those whose writer died.

Every refusal is a :class:`WriteError` whose message is one line.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "WriteError", "remove_stale_temps", "signals_raise", "write_file"]

TEMP_SUFFIX = ".gofixmap"
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]+\.(?P<pid>\d+)\.gofixmap$")
_OLD_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.gofixmap$")  # before the pid was in the name


class WriteError(Exception):
    """A file was not written; ``str()`` is the one-line reason."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(directory: Path) -> list[Path]:
    """Remove temporary files that an interrupted gofixmap left in ``directory``.

    A temporary file names its writer's pid; it is stale when that process is
    gone. Files of the old naming (no pid) are stale after a minute.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(TEMP_SUFFIX) or not entry.name.startswith("."):
            continue
        match = _TEMP.match(entry.name)
        if match:
            stale = not _alive(int(match["pid"]))
        elif _OLD_TEMP.match(entry.name):
            try:
                stale = now - entry.stat(follow_symlinks=False).st_mtime > 60
            except OSError:
                continue
        else:
            continue
        if stale and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _copy_xattrs(source: int, target: int) -> None:
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for attr in names:
        with contextlib.suppress(OSError):
            os.setxattr(target, attr, os.getxattr(source, attr))


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _target(path: Path, root: Path | None) -> Path:
    """The regular file to write for ``path`` (through a symlink when allowed)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror}") from exc
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        boundary = (root or path.parent).resolve()
        if not _inside(target, boundary):
            raise WriteError(
                f"{path}: not written: a symbolic link to {target}, outside the scanned tree"
            )
        path = target
        try:
            info = os.stat(path)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write: {exc.strerror}") from exc

    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{path}: not written: not a regular file")
    return path


_swept: set[str] = set()  # directories whose leftover temp files were removed


def write_file(path: Path, data: bytes, expected: bytes | None, root: Path | None = None) -> Path:
    """Replace the contents of ``path`` with ``data``; the file written is returned.

    ``expected`` is what the file held when the change was computed (None:
    no check). ``root`` is the scanned tree a symbolic link must stay in
    (default: the link's own directory).
    """
    path = Path(path)
    target = _target(path, root)
    if str(target.parent) not in _swept:  # once per directory and process
        _swept.add(str(target.parent))
        remove_stale_temps(target.parent)
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        info = os.fstat(fd)
        if expected is not None and _read_all(fd) != expected:
            raise WriteError(f"{path}: not written: the file changed since it was read")
        if info.st_nlink > 1:
            _rewrite_in_place(fd, data, path)
        else:
            _replace(fd, info, target, data, path)
    finally:
        os.close(fd)
    return target


def _rewrite_in_place(fd: int, data: bytes, shown: Path) -> None:
    try:
        if len(data):
            os.posix_fallocate(fd, 0, len(data))
        os.lseek(fd, 0, os.SEEK_SET)
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {exc.strerror}") from exc


def _replace(fd: int, info: os.stat_result, target: Path, data: bytes, shown: Path) -> None:
    tmp: str | None = None
    try:
        out, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".{os.getpid()}{TEMP_SUFFIX}", dir=target.parent
        )
        try:
            _write_all(out, data)
            os.fsync(out)
            os.fchmod(out, info.st_mode & 0o7777)
            if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):
                    os.fchown(out, info.st_uid, info.st_gid)
                os.fchmod(out, info.st_mode & 0o7777)  # chown clears set-id bits
            _copy_xattrs(fd, out)
        finally:
            os.close(out)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EXDEV:
            reason = "cross-device rename"
        raise WriteError(f"{shown}: cannot write: {reason}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP raise (like SIGINT) so temp files are removed."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous: dict[signal.Signals, object] = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave the handlers alone
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]
