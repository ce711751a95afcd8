"""Making a struct's map field where the struct is built: ``m: make(...)``
added to each composite literal that omits it (aligned as gofmt aligns
keyed elements), and the guard that makes a field chain just before a write.

The literal fix is the idiomatic one; it is safe only when nil and empty
cannot be told apart afterwards: not when the field is compared with nil,
serialised (JSON ``null`` vs ``{}``), or the struct is compared with
``reflect.DeepEqual`` and friends.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.chains import Chain
from gofixmap.rules.facts.constructions import Construction, Constructions, func_name
from gofixmap.rules.facts.serial import serialised
from gofixmap.rules.facts.types import imports_compatible
from gofixmap.rules.fixes.guard import nil_guard

Node = tree_sitter.Node


def chain_guard(
    ctx: FileContext, stmt: Node, operand: Node, type_text: str, origin: SourceFile
) -> Fix | None:
    c_text = ctx.text(operand)
    if "\n" in c_text or any(n.type == "call_expression" for n in src.walk(operand)):
        return None
    for n in src.walk(operand):
        if n.type == "index_expression":
            return None
    if not imports_compatible(ctx.package, type_text, origin, ctx.file):
        return None
    placed = sx.statement_of(stmt)
    if placed is None or placed != stmt:
        return None  # the write is inside a statement header: no place for a guard
    edit = nil_guard(ctx.file, stmt, c_text, f"make({type_text})")
    if edit is None:
        return None
    return Fix(
        f"Guard the write with a nil check that makes {sx.norm(c_text)}",
        (edit,),
        Applicability.SAFE,
    )


def literal_fix(
    ctx: FileContext,
    info: Constructions,
    c: Chain,
    paths: list[tuple[Construction, bool]],
    origin: SourceFile,
) -> Fix | None:
    literals = [p for p, direct in paths if direct]
    if not literals:
        return None
    type_text = c.field.type_text
    edits: list[Edit] = []
    for lit in literals:
        if lit.keys is None:
            return None  # positional with an explicit nil: leave it to a person
        if not imports_compatible(ctx.package, type_text, origin, lit.file):
            return None
        found = literal_edits(lit.file, lit.node, c.field.name, f"make({type_text})")
        if found is None:
            return None
        path = "" if lit.file.path == ctx.file.path else lit.file.path
        edits.extend(Edit(e.start, e.end, e.new_text, path) for e in found)
    unsafe = (
        c.field.name in info.nil_compared
        or serialised(info.types, c.owner, c.field)
        or c.owner in info.deep_equal
        or "*" in info.deep_equal
    )
    where = sorted({func_name(p.file, p.func) or "package level" for p in literals})
    return Fix(
        f"Initialise {c.field.name} with make in the {c.owner} literal"
        + ("s" if len(literals) > 1 else "")
        + f" ({', '.join(where)})",
        tuple(edits),
        Applicability.UNSAFE if unsafe else Applicability.SAFE,
    )


def literal_edits(file: SourceFile, lit: Node, key: str, value: str) -> list[Edit] | None:
    """Edits adding ``key: value`` to the literal_value ``lit``, gofmt-style."""
    data = file.data
    elements = [c for c in lit.named_children if c.type != "comment"]
    has_comments = any(c.type == "comment" for c in lit.named_children)
    open_end = lit.start_byte + 1
    close = lit.end_byte - 1
    if data[close : close + 1] != b"}":
        return None
    entry = f"{key}: {value}"
    if not elements:
        if has_comments or b"\n" in data[open_end:close]:
            return None
        return [Edit(open_end, close, entry.encode())]
    last = elements[-1]
    if file.position(close).line == file.position(last.end_byte).line:
        return [Edit(last.end_byte, last.end_byte, f", {entry}".encode())]
    line_start = data.rfind(b"\n", 0, close) + 1
    if data[line_start:close].strip():
        return None
    nl = file.newline
    indent = file.indent_at(last.start_byte)
    # the alignment section: single-line keyed elements on consecutive lines above
    section: list[Node] = []
    expected_line = file.position(close).line - 1
    for element in reversed(elements):
        start = file.position(element.start_byte).line
        end = file.position(element.end_byte).line
        if start != end or end != expected_line or element.type != "keyed_element":
            break
        line = file.line_text(start)
        stripped = line.strip()
        if not stripped.startswith(file.text(element).encode()[:1]):
            break
        section.append(element)
        expected_line -= 1
    widths = [len(file.text(e.named_children[0]).encode()) + 1 for e in section if e.named_children]
    width = max([len(key) + 1, *widths])
    edits: list[Edit] = []
    commented = False
    for element in section:
        k, v = element.named_children[0], element.named_children[-1]
        want = b" " * (width - (k.end_byte - k.start_byte + 1) + 1)
        colon = k.end_byte
        if data[colon : colon + 1] != b":":
            return None
        if data[colon + 1 : v.start_byte] != want:
            edits.append(Edit(colon + 1, v.start_byte, want))
        after = file.line_text(file.position(element.end_byte).line)
        if b"//" in after[after.find(b",") if b"," in after else 0 :] or b"/*" in after:
            commented = True
    if edits and commented:
        return None
    pad = " " * (width - (len(key) + 1) + 1)
    line = indent + f"{key}:{pad}{value},".encode() + nl
    edits.append(Edit(line_start, line_start, line))
    return edits
