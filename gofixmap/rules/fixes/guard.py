"""The nil guard: ``if m == nil { m = make(...) }`` just before a write.

It changes only the paths that used to panic, which makes it the safe
fallback of every nil-map rule (DESIGN "Which fix").
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.fixes.cover import first_write

Node = tree_sitter.Node

GUARD_TITLE = "Guard the write with a nil check"


def nil_guard(file: SourceFile, stmt: Node, target: str, value: str, also: str = "") -> Edit | None:
    """An edit inserting ``if target == nil { target = value }`` on lines of its
    own just before ``stmt`` (with the statement ``also`` after the assignment,
    if given), gofmt-clean in the file's indentation and line endings;
    ``None`` when ``stmt`` does not start its line.

    When ``stmt`` writes ``target`` and other writes of the same path follow
    or precede it, the guard goes before the first of them, covering all
    (:func:`~gofixmap.rules.fixes.cover.first_write`)."""
    hoisted = first_write(file, stmt, target)
    if hoisted.id != stmt.id and _starts_line(file, hoisted):
        stmt = hoisted
    indent = file.indent_at(stmt.start_byte)
    if file.data.rfind(b"\n", 0, stmt.start_byte) + 1 + len(indent) != stmt.start_byte:
        return None
    nl = file.newline
    text = (
        f"if {target} == nil {{".encode() + nl
        + indent + f"\t{target} = {value}".encode() + nl
        + (indent + f"\t{also}".encode() + nl if also else b"")
        + indent + b"}" + nl
        + indent
    )  # fmt: skip
    return Edit(stmt.start_byte, stmt.start_byte, text)


def _starts_line(file: SourceFile, stmt: Node) -> bool:
    indent = file.indent_at(stmt.start_byte)
    return file.data.rfind(b"\n", 0, stmt.start_byte) + 1 + len(indent) == stmt.start_byte


def guard_fix(
    file: SourceFile,
    at: Node,
    target: str,
    make_type: str,
    title: str = GUARD_TITLE,
    applicability: Applicability = Applicability.SAFE,
    *,
    statement: Node | None = None,
    also: str = "",
) -> Fix | None:
    """A fix guarding the statement that holds ``at`` (or ``statement``) with
    ``if target == nil { target = make(make_type) }``; ``None`` when no
    statement can be inserted there (a condition, a loop header) or it does
    not start its line."""
    stmt = statement if statement is not None else sx.insertion_statement(at)
    if stmt is None:
        return None
    edit = nil_guard(file, stmt, target, f"make({make_type})", also)
    return Fix(title, (edit,), applicability) if edit is not None else None
