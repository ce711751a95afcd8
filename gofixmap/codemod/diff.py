"""Unified diffs of byte strings that ``git apply`` and unidiff accept."""

from __future__ import annotations

import difflib
import os

_NO_NEWLINE = b"\\ No newline at end of file\n"


_ESCAPES = {7: b"\\a", 8: b"\\b", 9: b"\\t", 10: b"\\n", 11: b"\\v", 12: b"\\f", 13: b"\\r"}


def quote_path(name: bytes) -> bytes:
    """``name`` as git writes it in a diff header (``core.quotePath``).

    A name with a double quote, backslash, control byte or a byte >= 0x80 is
    put in double quotes with C escapes (octal for the rest), so a newline
    or an undecodable byte in a file name cannot break the patch.
    """
    if not any(b < 0x20 or b >= 0x7F or b in b'"\\' for b in name):
        return name
    out = bytearray(b'"')
    for b in name:
        if b in b'"\\':
            out += b"\\" + bytes([b])
        elif b in _ESCAPES:
            out += _ESCAPES[b]
        elif b < 0x20 or b >= 0x7F:
            out += b"\\%03o" % b
        else:
            out.append(b)
    out += b'"'
    return bytes(out)


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
        fromfile=quote_path(b"a/" + os.fsencode(name)),
        tofile=quote_path(b"b/" + os.fsencode(name)),
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
