"""Where Go's built-in ``make`` and ``new`` are shadowed.

A local variable or function may be named ``make`` or ``new`` (and a package
may declare them); there a fix that calls ``make(map[K]V)`` calls something
else. The runner asks :func:`shadowing` for each file and rejects such fixes.

Scopes follow the Go spec: a name declared in a function (a parameter, a
short variable declaration, ``var``/``const``/``type``, a range or select
variable, a type switch's symbol, a type parameter) is visible from the end of
its declaration to the end of the innermost block-like node around it; a name
declared at the top level of any file of the package is visible everywhere in
the package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.source import SourceFile

BUILTINS = ("make", "new")

# ASCII word bytes and whitespace, as ``\b`` and ``\s`` of a bytes pattern
_WORD = frozenset(b"_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SPACE = frozenset(b" \t\n\r\f\v")

# Nodes that open a scope (blocks and the implicit blocks of if, for, switch,
# select and their clauses, and of functions for their parameters).
_SCOPES = frozenset(
    {
        "block",
        "function_declaration",
        "method_declaration",
        "func_literal",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "expression_case",
        "type_case",
        "default_case",
        "communication_case",
        "source_file",
    }
)


def _names(data: bytes) -> list[tuple[int, int]]:
    """The spans of ``make`` and ``new`` as whole words of ``data``, in
    order (what ``\b(?:make|new)\b`` finds; searched as bytes, which is
    ten times faster than the regex)."""
    spans: list[tuple[int, int]] = []
    for word in (b"make", b"new"):
        at = data.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or data[at - 1] not in _WORD) and (
                end == len(data) or data[end] not in _WORD
            ):
                spans.append((at, end))
            at = data.find(word, end)
    return sorted(spans)


def _maybe_declared(data: bytes, spans: list[tuple[int, int]]) -> bool:
    """A byte gate: ``make``/``new`` somewhere other than directly before
    ``(`` (``make :=``, ``var new``, ``(make func()``), or after ``func`` (a
    function declared with the name). Comments pass the gate too; the tree
    decides."""
    for start, end in spans:
        after = end
        while after < len(data) and data[after] in _SPACE:
            after += 1
        if after == len(data) or data[after] != ord("("):
            return True
        before = start
        while before > 0 and data[before - 1] in _SPACE:
            before -= 1
        if (
            before < start
            and data[before - 4 : before] == b"func"
            and (before == 4 or data[before - 5] not in _WORD)
        ):
            return True
    return False


_CALL = {name: re.compile(rb"\b" + name.encode() + rb"\s*\(") for name in BUILTINS}


@dataclass(frozen=True, slots=True)
class Shadow:
    """``name`` means something else in ``[start, end)`` of its file, or in the
    whole package if ``package``."""

    name: str
    start: int
    end: int
    package: bool = False


def _declares(ident: tree_sitter.Node) -> bool:
    """``ident`` (an identifier) is the name being declared, not a use."""
    up = src.parent(ident)
    if up is None:
        return False
    kind = up.type
    if kind in (
        "var_spec",
        "const_spec",
        "parameter_declaration",
        "variadic_parameter_declaration",
        "type_parameter_declaration",
        "function_declaration",
        "type_spec",
        "type_alias",
    ):
        return any(n == ident for n in up.children_by_field_name("name"))
    if kind == "type_switch_statement":
        return up.child_by_field_name("alias") == ident
    if kind != "expression_list":
        return False
    holder = src.parent(up)
    if holder is None or holder.child_by_field_name("left") != up:
        return False
    if holder.type == "short_var_declaration":
        return True
    if holder.type in ("range_clause", "receive_statement"):
        return any(c.type == ":=" for c in holder.children)
    return False


def _scope(ident: tree_sitter.Node) -> tree_sitter.Node | None:
    current = src.parent(ident)
    while current is not None and current.type not in _SCOPES:
        current = src.parent(current)
    return current


def shadowing(file: SourceFile) -> list[Shadow]:
    """Every declaration of ``make`` or ``new`` in ``file``, with its scope."""
    spans = _names(file.data)
    if not _maybe_declared(file.data, spans):
        return []
    shadows: list[Shadow] = []
    for start, end in spans:
        ident = file.root.named_descendant_for_byte_range(start, end)
        if (
            ident is None
            or ident.type not in ("identifier", "type_identifier")
            or (ident.start_byte, ident.end_byte) != (start, end)
            or not _declares(ident)
        ):
            continue
        name = file.data[start:end].decode()
        scope = _scope(ident)
        if scope is None:
            continue
        if scope.type == "source_file" or (
            scope.type == "function_declaration" and scope.child_by_field_name("name") == ident
        ):
            shadows.append(Shadow(name, 0, len(file.data), package=True))
            continue
        # visible after its declaration (a function's parameters: in its body)
        declaration = src.parent(ident)
        start = declaration.end_byte if declaration is not None else ident.end_byte
        shadows.append(Shadow(name, start, scope.end_byte))
    return shadows


def calls_shadowed(
    new_text: bytes, offset: int, path: str, shadows: Mapping[str, Sequence[Shadow]]
) -> str:
    """The built-in that ``new_text``, inserted at ``offset`` of ``path``, would
    call where it is shadowed ("" if none)."""
    for name, call in _CALL.items():
        if not call.search(new_text):
            continue
        for file_shadows in shadows.values():
            for s in file_shadows:
                if s.name == name and s.package:
                    return name
        for s in shadows.get(path, ()):
            if s.name == name and s.start <= offset < s.end:
                return name
    return ""
