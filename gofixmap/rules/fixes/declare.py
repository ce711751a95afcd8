"""Declarations a fix adds: a field in a struct (realigned as gofmt
aligns it), and names that do not collide with what is in scope."""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Edit
from gofixmap.codemod.source import SourceFile


def identifiers(node: Node, file: SourceFile) -> set[str]:
    return {
        file.text(n)
        for n in sx.walk(node)
        if n.type in ("identifier", "field_identifier", "type_identifier")
    }


def free_name(taken: set[str], *candidates: str) -> str:
    for name in candidates:
        if name not in taken:
            return name
    base = candidates[-1]
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def _width(text: str) -> int:
    return len(text)


def tab_align(rows: list[list[str]]) -> list[str]:
    """Render cell rows the way gofmt's tabwriter does (padding 1, empty
    columns discarded); the last cell of a row is never padded."""
    widths: list[list[int]] = [[0] * max(len(r) - 1, 0) for r in rows]

    def fmt(column: int, line0: int, line1: int) -> None:
        this = line0
        while this < line1:
            if column >= len(rows[this]) - 1:
                this += 1
                continue
            start = this
            width = 0
            discardable = True
            while this < line1 and column < len(rows[this]) - 1:
                cell = rows[this][column]
                width = max(width, _width(cell) + 1)
                if cell:
                    discardable = False
                this += 1
            if discardable:
                width = 0
            for row in range(start, this):
                widths[row][column] = width
            fmt(column + 1, start, this)

    fmt(0, 0, len(rows))
    out = []
    for row, cells in zip(widths, rows, strict=True):
        parts = [cell + " " * (w - _width(cell)) for cell, w in zip(cells, row, strict=False)]
        parts.append(cells[-1] if cells else "")
        out.append("".join(parts).rstrip(" ") if cells else "")
    return out


def _field_cells(file: SourceFile, decl: Node, comment: Node | None) -> list[str] | None:
    if file.position(decl.start_byte).line != file.position(decl.end_byte).line:
        return None
    names = decl.children_by_field_name("name")
    kind = decl.child_by_field_name("type")
    tag = decl.child_by_field_name("tag")
    if kind is None:
        return None
    cells: list[str] = []
    if names:
        cells.append(", ".join(file.text(n) for n in names))
        cells.append(file.text(kind))
        if tag is not None:
            cells.append(file.text(tag))
        if comment is not None:
            cells.append(file.text(comment))
    else:
        text = file.data[decl.start_byte : kind.end_byte].decode()
        cells.append(text)
        if tag is not None:
            cells.append(file.text(tag))
        if comment is not None:
            if tag is None:
                cells.append("")
            cells.append(file.text(comment))
    return cells


def insert_field(
    file: SourceFile, field_decl: Node, new_name: str, new_type: str, replace: str | None = None
) -> Edit | None:
    """An edit adding ``new_name new_type`` on the line above ``field_decl``
    (or, with ``replace``, changing ``field_decl``'s type) and realigning the
    field section gofmt-style. ``None`` when the section is too irregular."""
    flist = field_decl.parent
    if flist is None or flist.type != "field_declaration_list":
        return None
    if file.position(flist.start_byte).line == file.position(field_decl.start_byte).line:
        return None
    # The section: consecutive lines without a blank line between them.
    members = [c for c in flist.named_children]
    pos = members.index(field_decl)

    def line(n: Node) -> int:
        return file.position(n.start_byte).line

    def end_line(n: Node) -> int:
        return file.position(n.end_byte).line

    lo = pos
    while lo > 0 and line(members[lo]) - end_line(members[lo - 1]) <= 1:
        lo -= 1
    hi = pos
    while hi + 1 < len(members) and line(members[hi + 1]) - end_line(members[hi]) <= 1:
        hi += 1
    section = members[lo : hi + 1]
    rows: list[list[str]] = []
    i = 0
    target_row = -1
    while i < len(section):
        node = section[i]
        comment = None
        if (
            i + 1 < len(section)
            and section[i + 1].type == "comment"
            and line(section[i + 1]) == end_line(node)
            and node.type != "comment"
        ):
            comment = section[i + 1]
        if node.type == "comment":
            rows.append([file.text(node)])
        else:
            cells = _field_cells(file, node, comment)
            if cells is None:
                return None
            if node == field_decl:
                if replace is not None:
                    cells[1] = replace
                else:
                    rows.append([new_name, new_type])
            rows.append(cells)
        i += 2 if comment is not None else 1
    indent = file.indent_at(section[0].start_byte).decode()
    nl = file.newline.decode()
    text = nl.join(indent + r for r in tab_align(rows))
    start = file.data.rfind(b"\n", 0, section[0].start_byte) + 1
    last = section[-1]
    end = file.data.find(b"\n", last.end_byte)
    if end < 0:
        end = len(file.data)
    if file.data[end - 1 : end] == b"\r":
        end -= 1
    del target_row
    return Edit(start, end, text.encode())
