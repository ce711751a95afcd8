"""Reading a file that must be a regular one, without waiting on anything
else: no tree-sitter here, so the cached path (which imports no parser)
can use it too."""

from __future__ import annotations

import errno
import os
import stat


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at ``path``; ``OSError`` for anything
    else. The file is opened without blocking and checked after the open: a
    FIFO named ``x.go`` in a module's tree would otherwise stop the reader
    until some writer came (and a device never ends)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)
