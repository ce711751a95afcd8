"""NM003 beyond the goldens."""

from __future__ import annotations

from gofixmap.codemod.model import Applicability
from gofixmap.rules.nm003_nil_inner_map_write import NilInnerMapWrite
from tests.helpers import run_source


def test_call_key_has_note_and_no_fix() -> None:
    code = (
        'package p\n\nfunc k() string { return "" }\n\n'
        'func f(m map[string]map[string]int) {\n\tm[k()]["x"] = 1\n}\n'
    )
    result = run_source(code, [NilInnerMapWrite], Applicability.SAFE)
    (diag,) = result.diagnostics
    assert diag.fixes == ()
    assert "side effects" in diag.note
    assert result.fixed == result.original


def test_three_levels_flag_the_innermost_missing_map() -> None:
    code = (
        "package p\n\nfunc f(a, b, c string) map[string]map[string]map[string]int {\n"
        "\tm := make(map[string]map[string]map[string]int)\n"
        "\tm[a] = make(map[string]map[string]int)\n"
        "\tm[a][b][c] = 1\n\treturn m\n}\n"
    )
    result = run_source(code, [NilInnerMapWrite], Applicability.SAFE)
    assert [d.message.split(":")[0] for d in result.diagnostics] == [
        "write to inner map m[a][b] that may be nil"
    ]
    assert b"\tif m[a][b] == nil {\n\t\tm[a][b] = make(map[string]int)\n\t}\n" in result.fixed


def test_constant_key_made_by_constructor_is_silent() -> None:
    code = (
        "package p\n\ntype S struct{ m map[string]map[string]int }\n\n"
        'func New() *S {\n\treturn &S{m: map[string]map[string]int{"pods": {}}}\n}\n\n'
        'func (s *S) Add(n string) {\n\ts.m["pods"][n] = 1\n}\n'
    )
    result = run_source(code, [NilInnerMapWrite])
    assert not result.diagnostics


def test_type_parameter_value_is_silent() -> None:
    code = (
        "package p\n\nfunc f[V any](m map[string]V, k string, v V) {\n\tm[k] = v\n}\n\n"
        "func g[M ~map[string]int](m map[string]M, a, b string) {\n\tm[a][b] = 1\n}\n"
    )
    result = run_source(code, [NilInnerMapWrite])
    assert not result.diagnostics
