"""cover.first_write: where one guard covers every write of a path."""

from __future__ import annotations

import pytest

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.rules.fixes.cover import first_write


def _place(body: str, target: str = "m", marker: str = "// W") -> str:
    """The first line of the statement a guard for the write marked ``// W`` goes before."""
    data = f"package p\n\nfunc f(ok bool, keys []string, m map[string]int, c *C) {{\n{body}}}\n"
    file = src.parse("a.go", data.encode())
    at = data.index(marker)
    line_start = data.rindex("\n", 0, at) + 1
    stmt = next(
        n
        for n in sx.walk(file.root)
        if n.start_byte >= line_start and sx.in_statement_list(n) and n.end_byte <= at
    )
    chosen = first_write(file, stmt, target)
    return file.text(chosen).splitlines()[0].strip()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        # the later unconditional write covers the branch before it
        ('\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\tm["b"] = 2\n', "if ok {"),
        # the reported write is the later one: the guard still goes first
        ('\tif ok {\n\t\tm["a"] = 1\n\t}\n\tm["b"] = 2 // W\n', "if ok {"),
        # a loop and the write after it
        (
            '\tfor _, k := range keys {\n\t\tm[k]++ // W\n\t}\n\tm["n"] = 1\n',
            "for _, k := range keys {",
        ),
        # reads, len, range and delete in between cannot tell nil from empty
        (
            '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\t_ = len(m) + m["x"]\n'
            '\tdelete(m, "x")\n\tfor range m {\n\t}\n\tm["b"] = 2\n',
            "if ok {",
        ),
        # a break that ends a loop inside the span stays inside it
        (
            '\tfor _, k := range keys {\n\t\tif k == "" {\n\t\t\tbreak\n\t\t}\n'
            '\t\tm[k] = 1 // W\n\t}\n\tm["n"] = 1\n',
            "for _, k := range keys {",
        ),
        # a field of a pointer: other fields may be read and set
        (
            '\tif ok {\n\t\tc.hits["a"]++ // W\n\t}\n\tc.seen++\n\tc.hits["b"]++\n',
            "if ok {",
        ),
    ],
)
def test_guard_goes_before_the_first_write(body: str, where: str) -> None:
    target = "c.hits" if "c.hits" in body else "m"
    assert _place(body, target) == where


@pytest.mark.parametrize(
    "body",
    [
        # no write after the branch: nothing covers the other path
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n',
        # a return between the writes
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t\treturn\n\t}\n\tm["b"] = 2\n',
        # compared with nil in between
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\tprintln(m == nil)\n\tm["b"] = 2\n',
        # passed to a function in between
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\tuse(m)\n\tm["b"] = 2\n',
        # assigned in between
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\tm = nil\n\tm["b"] = 2\n',
        # captured by a closure in between
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t}\n\tgo func() { m["c"] = 3 }()\n\tm["b"] = 2\n',
        # a break that leaves the loop around the span
        '\tfor {\n\t\tif ok {\n\t\t\tm["a"] = 1 // W\n\t\t\tbreak\n\t\t}\n\t\tm["b"] = 2\n\t}\n',
        # panic between
        '\tif ok {\n\t\tm["a"] = 1 // W\n\t\tpanic(1)\n\t}\n\tm["b"] = 2\n',
        # declared again in between: another m
        '\tif ok {\n\t\tm := map[string]int{}\n\t\tm["a"] = 1\n\t}\n\tm["b"] = 2 // W\n',
    ],
)
def test_guard_stays_at_the_write(body: str) -> None:
    line = next(ln for ln in body.splitlines() if "// W" in ln)
    assert _place(body) == line.split("//")[0].strip()


def test_a_method_call_on_the_holder_stops_the_hoist() -> None:
    body = '\tif ok {\n\t\tc.hits["a"]++ // W\n\t}\n\tc.reset()\n\tc.hits["b"]++\n'
    assert _place(body, "c.hits") == 'c.hits["a"]++'
