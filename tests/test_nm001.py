"""NM001 beyond the goldens: the shared type helpers and the flow analysis."""

from __future__ import annotations

import pytest

from gofixmap import rules
from gofixmap.codemod import index as idx
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability
from gofixmap.codemod.source import parse, walk
from gofixmap.rules.facts.types import TypeResolver, split_map
from gofixmap.rules.facts.writes import write_sites
from gofixmap.rules.nm001_nil_map_write import NilMapWrite
from tests.helpers import run_source


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("map[string]int", ("string", "int")),
        ("map[[2]int]map[string][]byte", ("[2]int", "map[string][]byte")),
        ("map[struct{ a [3]int }]func() []int", ("struct{ a [3]int }", "func() []int")),
        ("(map[K]V)", ("K", "V")),
        ("[]map[string]int", None),
        ("Labels", None),
    ],
)
def test_split_map(text: str, parts: tuple[str, str] | None) -> None:
    assert split_map(text) == parts


SOURCE = b"""package p

import "net/http"

type Labels map[string]string

type Store struct {
	byKind map[string]map[string]int
	L      Labels
}

func New() *Store { return &Store{} }

func f(s *Store) (out map[string]bool) {
	var h http.Header
	st := New()
	n := make(map[string][]int)
	for k, v := range n {
		_, _ = k, v
	}
	s.byKind[s.L["a"]][st.L["b"]] = 1
	_ = h
	return
}
"""


def _types() -> dict[str, str | None]:
    file = parse("x.go", SOURCE)
    index = idx.build("p", ".", [file], external_types=rules.external_types())
    types = TypeResolver(index)
    found: dict[str, str | None] = {}
    for node in walk(file.root):
        if node.type in ("identifier", "selector_expression", *sx.INDEX_TYPES):
            found[file.text(node)] = types.type_of(file, node)  # the last use wins
    return found


def test_type_of_locals_fields_and_named_types() -> None:
    types = _types()
    assert types["h"] == "http.Header"
    assert types["st"] == "*Store"
    assert types["k"] == "string"
    assert types["v"] == "[]int"
    assert types["out"] == "map[string]bool"
    assert types["s.byKind"] == "map[string]map[string]int"
    assert types["st.L"] == "Labels"


def test_write_sites_of_index_chains_keyed_by_selectors() -> None:
    file = parse("x.go", b"package p\nfunc f() {\n\tm[a.b][c.d] = 1\n\tm[x][y]++\n}\n")
    sites = list(write_sites(file.root, file))
    assert [file.text(s.operand) for s in sites] == ["m[a.b]", "m[x]"]
    assert [file.text(s.key) for s in sites] == ["c.d", "y"]


def test_guard_uses_crlf_and_indentation() -> None:
    code = (
        "package p\r\n\r\nfunc f(xs []string) map[string]int {\r\n"
        "\tvar m map[string]int\r\n\tfor _, x := range xs {\r\n\t\tm[x]++\r\n\t}\r\n"
        "\treturn m\r\n}\r\n"
    )
    result = run_source(code, [NilMapWrite], Applicability.SAFE)
    assert b"\t\tif m == nil {\r\n\t\t\tm = make(map[string]int)\r\n\t\t}\r\n\t\tm[x]++" in (
        result.fixed
    )


@pytest.mark.parametrize(
    "body",
    [
        # goto: the analysis gives up
        "var m map[string]int\nloop:\n\tif len(m) > 3 {\n\t\tgoto loop\n\t}\n"
        '\tm = map[string]int{}\n\tm["a"] = 1',
        # panic ends the nil path
        'var m map[string]int\n\tif true {\n\t\tpanic("x")\n\t}\n'
        '\tm = map[string]int{}\n\tm["a"] = 1',
        # made in every case of a select
        "var m map[string]int\n\tc := make(chan int)\n\tselect {\n\tcase <-c:\n"
        '\t\tm = map[string]int{}\n\tdefault:\n\t\tm = map[string]int{}\n\t}\n\tm["a"] = 1',
        # break out of an infinite loop only after making
        'var m map[string]int\n\tfor {\n\t\tm = map[string]int{}\n\t\tbreak\n\t}\n\tm["a"] = 1',
    ],
)
def test_flow_silent(body: str) -> None:
    code = f"package p\n\nfunc f() {{\n\t{body}\n}}\n"
    result = run_source(code, [NilMapWrite])
    assert not result.diagnostics, [d.message for d in result.diagnostics]


@pytest.mark.parametrize(
    "body",
    [
        # continue skips the make on some iterations
        "var m map[int]int\n\tfor i := 0; i < 3; i++ {\n\t\tif i == 1 {\n\t\t\tcontinue\n\t\t}\n"
        "\t\tm = map[int]int{}\n\t}\n\tm[1] = 1\n\t_ = m",
        # a break before the make leaves it nil
        "var m map[int]int\n\tfor {\n\t\tbreak\n\t}\n\tm[1] = 1",
        # the type switch makes it in one case only
        "var m map[int]int\n\tvar x any = 1\n\tswitch x.(type) {\n\tcase int:\n"
        "\t\tm = map[int]int{}\n\t}\n\tm[1] = 1",
    ],
)
def test_flow_flags(body: str) -> None:
    code = f"package p\n\nfunc f() {{\n\t{body}\n}}\n"
    result = run_source(code, [NilMapWrite])
    assert [d.rule for d in result.diagnostics] == ["NM001"]
