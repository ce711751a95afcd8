"""copies.copy_kept: whether a guard on a value receiver or parameter reaches anyone."""

from __future__ import annotations

import pytest

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.rules.fixes.copies import copy_kept


def _kept(results: str, tail: str) -> bool:
    data = (
        "package p\n\ntype O struct{ m map[string]int }\n\n"
        f"func f(o O, dst *O, r map[string]O, ch chan O) {results} {{\n"
        f'\to.m["a"] = 1\n{tail}}}\n'
    )
    file = src.parse("a.go", data.encode())
    at = data.index('o.m["a"]')
    stmt = next(n for n in sx.walk(file.root) if n.start_byte == at and sx.in_statement_list(n))
    return copy_kept(file, stmt, "o")


@pytest.mark.parametrize(
    ("results", "tail"),
    [
        ("O", "\treturn o\n"),
        ("*O", "\treturn &o\n"),
        ("(O, error)", "\treturn o, nil\n"),
        ("", "\t*dst = o\n"),
        ("", '\tr["k"] = o\n'),
        ("", "\tch <- o\n"),
    ],
)
def test_returned_or_stored_copy_is_kept(results: str, tail: str) -> None:
    assert _kept(results, tail)


@pytest.mark.parametrize(
    ("results", "tail"),
    [
        ("", ""),  # dropped at the end of the function
        ("", "\tx := o\n\t_ = x\n"),  # copied into a local that is dropped too
        ("O", "\tif len(o.m) > 1 {\n\t\treturn O{}\n\t}\n\treturn o\n"),  # not on every return
        ("", "\tdst = &o\n\t_ = dst\n"),  # a local pointer, not through it
    ],
)
def test_dropped_copy_is_not_kept(results: str, tail: str) -> None:
    assert not _kept(results, tail)
