"""NM005 nil-map-param-write beyond the goldens: callees in other files,
variadic and closure cases, loops, and fix applicability."""

from __future__ import annotations

from pathlib import Path

from gofixmap.codemod.model import Applicability
from gofixmap.rules.nm005_nil_map_param_write import NilMapParamWrite
from tests.helpers import go, run_source
from tests.test_cli import gofixmap


def test_callee_in_another_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "fill.go").write_text(
        'package m\n\nfunc fill(m map[string]int) {\n\tm["a"] = 1\n}\n'
    )
    (tmp_path / "use.go").write_text(
        "package m\n\nfunc Use() map[string]int {\n"
        "\tvar counts map[string]int\n\tfill(counts)\n\treturn counts\n}\n"
    )
    (tmp_path / "use_test.go").write_text(
        'package m\n\nimport "testing"\n\nfunc TestUse(t *testing.T) {\n'
        '\tif Use()["a"] != 1 {\n\t\tt.Fatal("no a")\n\t}\n}\n'
    )
    assert go(["test", "./..."], cwd=tmp_path).returncode != 0
    out = gofixmap("--select", "NM005", ".", cwd=tmp_path)
    assert "use.go:5:7: NM005 counts is nil when passed to fill" in out.stdout, out.stdout
    assert gofixmap("-w", "--select", "NM005", ".", cwd=tmp_path).returncode == 0
    assert "counts := make(map[string]int)" in (tmp_path / "use.go").read_text()
    assert go(["test", "-race", "./..."], cwd=tmp_path).returncode == 0


def test_silent_cases() -> None:
    code = """package p

func put(m map[string]int) {
	m["a"] = 1
}

func lazy(m map[string]int) map[string]int {
	if m == nil {
		m = make(map[string]int)
	}
	m["a"] = 1
	return m
}

func variadic(ms ...map[string]int) {
	ms[0]["a"] = 1
}

func callers(in map[string]int) {
	put(in)
	lazy(nil)
	variadic(nil)
	var later map[string]int
	func() {
		later = make(map[string]int)
	}()
	put(later)
	var loop map[string]int
	for i := 0; i < 2; i++ {
		if loop != nil {
			put(loop)
		}
		loop = map[string]int{}
	}
}
"""
    result = run_source(code, [NilMapParamWrite])
    assert result.diagnostics == (), [d.message for d in result.diagnostics]


def test_nil_literal_fix_uses_the_parameter_type() -> None:
    code = """package p

type Set map[string]struct{}

func add(s Set, k string) {
	s[k] = struct{}{}
}

func f() {
	add(nil, "a")
}
"""
    result = run_source(code, [NilMapParamWrite], Applicability.SAFE)
    assert len(result.diagnostics) == 1
    assert b'add(make(Set), "a")' in result.fixed


def test_nil_compare_in_callee_makes_the_fix_unsafe() -> None:
    code = """package p

func add(m map[string]int, force bool) bool {
	m["a"] = 1
	return m == nil && force
}

func f() {
	add(nil, true)
}
"""
    safe = run_source(code, [NilMapParamWrite], Applicability.SAFE)
    assert len(safe.diagnostics) == 1
    assert safe.fixed == safe.original
    unsafe = run_source(code, [NilMapParamWrite], Applicability.UNSAFE)
    assert b"add(make(map[string]int), true)" in unsafe.fixed


def test_named_result_gets_a_guard_before_the_call() -> None:
    code = """package p

func fill(m map[int]bool) {
	m[1] = true
}

func f() (seen map[int]bool) {
	fill(seen)
	return
}
"""
    result = run_source(code, [NilMapParamWrite], Applicability.SAFE)
    assert b"\tif seen == nil {\n\t\tseen = make(map[int]bool)\n\t}\n\tfill(seen)" in result.fixed
