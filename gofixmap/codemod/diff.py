"""Unified diffs of byte strings that ``git apply`` and unidiff accept."""

from __future__ import annotations

import difflib

_NO_NEWLINE = b"\\ No newline at end of file\n"


def unified_diff(path: str, before: bytes, after: bytes, context: int = 3) -> bytes:
    """A ``--- a/path`` / ``+++ b/path`` diff; empty when nothing changed.

    Works on bytes so CRLF endings and non-UTF-8 bytes survive unchanged.
    """
    if before == after:
        return b""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    name = path.replace("\\", "/").lstrip("/")
    if name.startswith("./"):
        name = name[2:]
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        a,
        b,
        fromfile=b"a/" + name.encode(),
        tofile=b"b/" + name.encode(),
        n=context,
        lineterm=b"\n",
    )
    out: list[bytes] = []
    for line in lines:
        if line.startswith((b"---", b"+++")) and line.rstrip(b"\n").endswith(b"\t"):
            line = line.rstrip(b"\t\n") + b"\n"
        if not line.endswith(b"\n"):
            out.append(line + b"\n")
            out.append(_NO_NEWLINE)
        else:
            out.append(line)
    return b"".join(out)
