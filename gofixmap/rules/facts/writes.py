"""Where maps are written: index writes and the byte gates in front of them.

A write is ``x[k] = v``, ``x[k] op= v``, ``x[k]++``/``--`` and ``x[k], y =
...``; the rules that report writes first check the bytes of a file or a
declaration for one (``may_write``, ``write_decls``) and walk nothing where
there is none (half the bytes of the standard library).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.syntax import INDEX_TYPES, index_view, is_assigned

Node = tree_sitter.Node


@dataclass(frozen=True, eq=False)
class WriteSite:
    """An index write: ``target`` is the ``index_expression`` written
    (``x[k]``), ``statement`` the assignment / inc / dec statement holding it,
    ``op`` one of ``=``, ``+=`` (any op-assign), ``++``, ``--``."""

    statement: Node
    target: Node
    op: str

    @property
    def operand(self) -> Node:
        """The indexed expression ``x`` of ``x[k]`` (an ``identifier`` or
        ``type_identifier`` for a plain variable, see :func:`index_view`)."""
        view = index_view(self.target)
        assert view is not None
        return view[0]

    @property
    def key(self) -> Node:
        """The key expression ``k`` of ``x[k]``."""
        view = index_view(self.target)
        assert view is not None
        return view[1]


# The bytes every write site holds: the ``]`` that ends its index expression,
# then (past closing parentheses, spaces and block comments) an assignment
# operator, ``++``/``--``, or a comma followed, in the same statement, by an
# assignment operator (``a[i], b = ...``). A file without them has no write
# site: the rules that report writes skip it without walking its tree (half
# the bytes of the standard library).
_GAP = rb"(?:\s|\)|/\*(?:[^*]|\*+[^*/])*\*+/)*"


_ASSIGN = rb"(?:[-+*/%&|^]|<<|>>|&\^)?=(?!=)"


_MAY_WRITE = re.compile(rb"\]" + _GAP + rb"(?:" + _ASSIGN + rb"|\+\+|--|,[^;{}]*?[^=!<>:]=(?!=))")


def identifiers_named(
    root: Node, names: set[str], kinds: tuple[str, ...] = ("identifier",)
) -> Iterator[Node]:
    """The nodes of ``kinds`` under ``root`` (closures included) spelled as one
    of ``names``, in source order; a root whose bytes hold none of the names
    is not walked."""
    data = root.text or b""
    wanted = {name.encode() for name in names}
    if not any(name in data for name in wanted):
        return
    base = root.start_byte
    for node in src.of_types(root, kinds):
        if data[node.start_byte - base : node.end_byte - base] in wanted:
            yield node


def may_call(file: SourceFile, function: Node, names: frozenset[bytes]) -> bool:
    """Whether the function expression of a call (``f``, ``x.f``, ``(x.f)``)
    can name one of ``names``, from its bytes; one with a comment inside is
    looked at properly (true)."""
    text = file.data[function.start_byte : function.end_byte]
    if b"/" in text:
        return True
    return text.rsplit(b".", 1)[-1].strip(b" \t\r\n()") in names


def may_write(file: SourceFile) -> bool:
    """Whether ``file`` can hold a write site (``write_sites`` finds none
    when this is false)."""
    return _may_write(file.data)


@lru_cache(maxsize=64)
def _may_write(data: bytes) -> bool:
    return _MAY_WRITE.search(data) is not None


def write_decls(file: SourceFile) -> list[Node]:
    """The top-level declarations of ``file`` whose bytes can hold a write
    site: the only ones whose trees the write-reporting rules walk."""
    if not may_write(file):
        return []
    data = file.data
    return [
        top
        for top in file.root.named_children
        if _MAY_WRITE.search(data, top.start_byte, top.end_byte) is not None
    ]


def write_sites(root: Node, file: SourceFile, into_closures: bool = True) -> Iterator[WriteSite]:
    """Every ``x[k] = v``, ``x[k] op= v``, ``x[k]++/--`` and ``x[k], y = ...``
    under ``root`` in source order (any ``x``: callers check its type).
    ``into_closures=False`` skips the bodies of func literals."""
    kinds = ("assignment_statement", "inc_statement", "dec_statement")
    if root == file.root:  # declaration by declaration, only where bytes allow
        for top in write_decls(file):
            yield from write_sites(top, file, into_closures)
        return
    for node in src.of_types(root, kinds, "" if into_closures else "func_literal"):
        kind = node.type
        if kind == "assignment_statement":
            left = node.child_by_field_name("left")
            operator = node.child_by_field_name("operator")
            op = file.text(operator) if operator is not None else "="
            if left is not None:
                for target in left.named_children:
                    if target.type in INDEX_TYPES and index_view(target) is not None:
                        yield WriteSite(node, target, op)
        elif kind in ("inc_statement", "dec_statement"):
            first = node.named_children[0] if node.named_children else None
            if first is not None and first.type in INDEX_TYPES and index_view(first) is not None:
                yield WriteSite(node, first, "++" if kind == "inc_statement" else "--")


def is_write_operand(node: tree_sitter.Node) -> bool:
    """``node`` is ``m`` of ``m[k] = v``, ``m[k] += v`` or ``m[k]++``."""
    parent = node.parent
    if parent is None or parent.type != "index_expression":
        return False
    if parent.child_by_field_name("operand") != node:
        return False
    up = parent.parent
    return is_assigned(parent) or (up is not None and up.type in ("inc_statement", "dec_statement"))


def is_side_effect_free(file: SourceFile, expr: Node) -> bool:
    """Identifiers, selectors, literals, index expressions and operators over
    them: evaluating the expression twice is the same as once (no calls, no
    receives)."""
    kind = expr.type
    if kind in ("qualified_type", "type_elem", "generic_type", "type_instantiation_expression"):
        return all(is_side_effect_free(file, c) for c in expr.named_children)
    if kind == "type_arguments":
        return all(is_side_effect_free(file, c) for c in expr.named_children)
    if kind in (
        "identifier",
        "type_identifier",
        "package_identifier",
        "field_identifier",
        "int_literal",
        "float_literal",
        "imaginary_literal",
        "rune_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "true",
        "false",
        "nil",
        "iota",
    ):
        return True
    if kind == "selector_expression":
        operand = expr.child_by_field_name("operand")
        return operand is not None and is_side_effect_free(file, operand)
    if kind == "index_expression":
        # reading a map never panics; a slice index that panics would have
        # panicked at its first evaluation already
        return all(is_side_effect_free(file, c) for c in expr.named_children)
    if kind in ("parenthesized_expression", "binary_expression"):
        return all(is_side_effect_free(file, c) for c in expr.named_children)
    if kind == "unary_expression":
        operator = expr.child_by_field_name("operator")
        operand = expr.child_by_field_name("operand")
        return (
            operator is not None
            and file.text(operator) in ("-", "+", "!", "^")
            and operand is not None
            and is_side_effect_free(file, operand)
        )
    return False
