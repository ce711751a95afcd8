"""A fix never calls make or new where they are not Go's built-ins."""

from __future__ import annotations

from pathlib import Path

from gofixmap import rules
from gofixmap.codemod import parallel, shadow, source
from gofixmap.codemod.discover import expand
from gofixmap.codemod.model import Applicability, RunOptions, Status
from tests.helpers import NIL_MAP, ROOT, run_file


def _shadows(code: bytes) -> list[tuple[str, bytes, bool]]:
    file = source.parse("x.go", code)
    return [
        (s.name, b"" if s.package else code[s.start : s.end], s.package)
        for s in shadow.shadowing(file)
    ]


def test_declarations_and_their_scopes() -> None:
    code = b"""package p

func f(make func(int) []int) {
	_ = make(3)
}

func g(xs []int) {
	if new := len(xs); new > 1 {
		_ = new
	}
	for make := range xs {
		_ = make
	}
	new := 1
	_ = new
}
"""
    # each visible from its declaration to the end of its scope
    assert _shadows(code) == [
        ("make", b") {\n\t_ = make(3)\n}", False),  # a parameter: f's body
        ("new", b" := len(xs); new > 1 {\n\t\t_ = new\n\t}", False),  # the if statement
        ("make", b" := range xs {\n\t\t_ = make\n\t}", False),  # the for statement
        ("new", b" := 1\n\t_ = new\n}", False),  # the rest of g's block
    ]


def test_package_level_declarations_shadow_everywhere() -> None:
    for decl, name in (
        (b"var new = 1", "new"),
        (b"func make() {}", "make"),
        (b"type make int", "make"),
        (b"const (\n\tnew = 1\n)", "new"),
    ):
        assert _shadows(b"package p\n\n" + decl + b"\n") == [(name, b"", True)], decl


def test_uses_and_other_names_are_not_declarations() -> None:
    code = b"""package p

// make sure nothing here declares make or new
type T struct{ make int }

func (T) new() {}

func f(t T) map[string]int {
	m := make(map[string]int)
	p := new(int)
	_, _ = p, t.make
	return m
}
"""
    assert _shadows(code) == []


def test_the_golden_with_a_local_make_gets_no_fix_and_says_why() -> None:
    case = ROOT / "golden" / "nil-map-write" / "shadowed_make.go"
    rule = rules.by_code("nil-map-write")
    assert rule is not None
    result = run_file(case, [rule], Applicability.UNSAFE)
    assert result.status is Status.FINDINGS and result.fixed == result.original
    assert [why for _, why in result.rejected] == [
        "fix 'Initialise out with make' calls make, which is not the built-in here"
    ]


def test_a_make_declared_in_another_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(NIL_MAP)
    options = RunOptions(
        rules=rules.all_rules(), fix=Applicability.UNSAFE, external_types=rules.external_types()
    )
    (tmp_path / "b.go").write_bytes(b"package p\n\nfunc g() {}\n")
    [a, _] = sorted(parallel.run(expand([str(tmp_path)]), options, jobs=1), key=lambda r: r.path)
    assert a.changed  # make is the built-in: fixed
    (tmp_path / "b.go").write_bytes(b"package p\n\nfunc make(string) int { return 0 }\n")
    [a, _] = sorted(parallel.run(expand([str(tmp_path)]), options, jobs=1), key=lambda r: r.path)
    assert not a.changed and a.diagnostics and a.rejected
