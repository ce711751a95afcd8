"""Files that tree-sitter cannot fully parse: a syntax error, or a gap of the grammar?

An ERROR node says only that gofixmap's grammar could not parse something.
Go has the last word: :func:`diagnose` asks ``gofmt -e`` (reading the file on
stdin; only files with ERROR nodes get here, so the cost is one short process
per such file) and returns one of

- ``SYNTAX_ERROR``: Go reports the error too; its first position and message;
- ``GO_ACCEPTS``: Go parses the file; the grammar has a gap there. The file is
  analysed :func:`without_unparsed` declarations;
- ``UNCONFIRMED``: no Go toolchain (or gofmt did not answer): tree-sitter's
  own first error position, and no claim that the file is invalid.

Positions are 1-based lines and 1-based byte columns, as Go tools print them.
"""

from __future__ import annotations

import enum
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gofixmap.codemod.model import Lines

if TYPE_CHECKING:
    import tree_sitter

GOFMT_TIMEOUT = 60.0

# The reason of a file skipped with ERROR nodes when no Go could confirm a
# syntax error (such a result is not cached: a toolchain may come).
UNCONFIRMED_REASON = "could not parse (tree-sitter)"


class Verdict(enum.Enum):
    SYNTAX_ERROR = "syntax error"
    GO_ACCEPTS = "go accepts"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True, slots=True)
class ParseProblem:
    verdict: Verdict
    line: int
    column: int
    message: str = ""  # Go's message, for SYNTAX_ERROR


def first_error(root: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node of ``root`` that holds no other one: the
    earliest place tree-sitter gave up (an outer ERROR node can start far
    before it, even at the top of the file)."""
    if not (root.has_error or root.is_error or root.is_missing):
        return None
    best: tree_sitter.Node | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            inner = True  # (a leaf)
        else:
            children = [c for c in node.children if c.has_error or c.is_error or c.is_missing]
            stack.extend(children)
            inner = not children
        first = best is None or node.start_byte < best.start_byte
        if (node.is_error or node.is_missing) and inner and first:
            best = node
    return best if best is not None else root


# gofmt -e on stdin: "<standard input>:LINE:COLUMN: message", earliest first.
_GOFMT_ERROR = re.compile(r"^<standard input>:(\d+):(\d+): (.*)$", re.MULTILINE)

# The gofmt to ask, per (GOFIXMAP_GO, PATH): looked up once per process.
_gofmts: dict[tuple[str | None, str | None], Path | None] = {}


def _gofmt() -> Path | None:
    """gofmt of the toolchain gofixmap uses (``find_go``), or None."""
    from gofixmap.codemod.toolchain import ToolchainError, find_go

    key = (os.environ.get("GOFIXMAP_GO"), os.environ.get("PATH"))
    if key not in _gofmts:
        try:
            gofmt: Path | None = find_go().gofmt
        except ToolchainError:
            gofmt = None
        _gofmts[key] = gofmt if gofmt is not None and gofmt.is_file() else None
    return _gofmts[key]


def go_syntax(data: bytes) -> tuple[int, int, str] | Verdict | None:
    """Go's first syntax error in ``data`` (line, column, message); None if Go
    parses it; ``Verdict.UNCONFIRMED`` if no Go could be asked."""
    gofmt = _gofmt()
    if gofmt is None:
        return Verdict.UNCONFIRMED
    try:
        done = subprocess.run(
            [str(gofmt), "-e"],
            input=data,
            capture_output=True,
            timeout=GOFMT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return Verdict.UNCONFIRMED
    if done.returncode == 0:
        return None
    match = _GOFMT_ERROR.search(done.stderr.decode("utf-8", "replace"))
    if match is None:
        return Verdict.UNCONFIRMED
    return int(match.group(1)), int(match.group(2)), match.group(3).strip()


def diagnose(data: bytes, root: tree_sitter.Node) -> ParseProblem:
    """What the ERROR nodes of ``root`` (the tree of ``data``) mean."""
    node = first_error(root)
    at = node.start_byte if node is not None else 0
    position = Lines(data).position(at)
    answer = go_syntax(data)
    if answer is Verdict.UNCONFIRMED:
        return ParseProblem(Verdict.UNCONFIRMED, position.line, position.column)
    if answer is None:
        return ParseProblem(Verdict.GO_ACCEPTS, position.line, position.column)
    assert not isinstance(answer, Verdict)
    line, column, message = answer
    return ParseProblem(Verdict.SYNTAX_ERROR, line, column, message)


# The first line of a top-level declaration (gofmt puts them at column 1).
_DECLARATION = re.compile(rb"^(?:func|type|var|const|import)\b", re.MULTILINE)
_PACKAGE = re.compile(rb"^package\s+\w+[^\n]*\n?", re.MULTILINE)


def _blank(data: bytearray, start: int, end: int) -> bool:
    """Spaces over ``data[start:end]``, line breaks kept (so every offset,
    line and column stays); False if there was nothing left to blank."""
    changed = False
    for i in range(start, end):
        if data[i] not in b" \t\r\n":
            data[i] = 0x20
            changed = True
    return changed


def without_unparsed(data: bytes, parse: Callable[[bytes], tree_sitter.Tree]) -> bytes:
    """``data`` with the top-level declarations that ``parse`` cannot parse
    blanked out, one at a time from the first error, until the rest parses:
    the same length, line breaks and offsets, and what is kept byte-identical.
    The package clause is never blanked (an error there, or more than 256
    declarations to blank, leave the rest as it is)."""
    current = bytearray(data)
    package = _PACKAGE.search(data)
    floor = package.end() if package is not None else 0
    for _ in range(256):  # each round blanks one declaration
        node = first_error(parse(bytes(current)).root_node)
        if node is None:
            break
        at = min(node.start_byte, max(len(current) - 1, 0))
        line_start = current.rfind(b"\n", 0, at) + 1
        start = line_start
        for match in _DECLARATION.finditer(current, floor):
            if match.start() > line_start:
                break
            start = match.start()
        following = _DECLARATION.search(current, line_start + 1)
        end = following.start() if following is not None else len(current)
        if start < floor or not _blank(current, start, end):
            break
    return bytes(current)
