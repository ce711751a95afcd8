"""NM002 nil-map-field-write beyond the goldens: packages of several files,
the value-receiver note, and the examples/ module fixed and tested with Go."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixmap import rules
from gofixmap.codemod import source as src
from gofixmap.codemod.declarations import DependencyLoader
from gofixmap.codemod.discover import GoFile
from gofixmap.codemod.index import build
from gofixmap.codemod.model import Applicability, FileResult
from gofixmap.codemod.rule import Settings
from gofixmap.codemod.runner import RunOptions, run
from gofixmap.rules.facts.types import TypeResolver
from gofixmap.rules.nm002_nil_map_field_write import NilMapFieldWrite
from tests.helpers import ROOT, copy_tree, go, gofmt_unformatted, run_source


def _run_dir(
    directory: Path, fix: Applicability | None, include_tests: bool = False
) -> dict[str, FileResult]:
    files = [GoFile(p, p.name, True) for p in sorted(directory.glob("*.go"))]
    options = RunOptions(
        rules=(NilMapFieldWrite(),),
        fix=fix,
        settings=Settings(),
        external_types=rules.external_types(),
        include_tests=include_tests,
    )
    return {r.path: r for r in run(files, options)}


CTOR = """package store

// Store keeps objects by name.
type Store struct {
	name    string
	objects map[string]int
}

// NewStore forgets objects.
func NewStore(name string) *Store {
	return &Store{
		name: name,
	}
}
"""

WRITER = """package store

// Put writes through the pointer receiver.
func (s *Store) Put(k string, v int) {
	s.objects[k] = v
}
"""


def test_literal_fix_lands_in_the_constructors_file(tmp_path: Path) -> None:
    (tmp_path / "store.go").write_text(CTOR)
    (tmp_path / "put.go").write_text(WRITER)
    found = _run_dir(tmp_path, None)
    diags = found["put.go"].diagnostics
    assert [d.message for d in diags] == [
        "write to nil map field s.objects: the Store literal in NewStore omits objects"
    ]
    fix = diags[0].fixes[0]
    assert fix.applicability is Applicability.SAFE
    assert {e.path for e in fix.edits} == {"store.go"}
    fixed = _run_dir(tmp_path, Applicability.SAFE)
    assert fixed["put.go"].fixed == fixed["put.go"].original
    assert b"\t\tobjects: make(map[string]int),\n" in fixed["store.go"].fixed
    assert b"\t\tname:    name,\n" in fixed["store.go"].fixed
    for name, result in fixed.items():
        (tmp_path / name).write_bytes(result.fixed)
    assert gofmt_unformatted(sorted(tmp_path.glob("*.go"))) == []
    assert _run_dir(tmp_path, None)["put.go"].diagnostics == ()


def test_test_literals_never_argue_for_production_writes(tmp_path: Path) -> None:
    (tmp_path / "store.go").write_text(
        CTOR.replace("\t\tname: name,\n", "\t\tname:    name,\n\t\tobjects: map[string]int{},\n")
    )
    (tmp_path / "put.go").write_text(WRITER)
    # the test builds the store without the map and writes through it: the
    # production write is still judged by production's construction paths
    (tmp_path / "store_test.go").write_text(
        'package store\n\nimport "testing"\n\nfunc TestPut(t *testing.T) {\n'
        '\ts := &Store{name: "x"}\n\ts.Put("a", 1)\n}\n'
    )
    assert _run_dir(tmp_path, None)["put.go"].diagnostics == ()
    # a production literal without the map is reported, whatever the tests do
    (tmp_path / "store.go").write_text(CTOR)
    diags = _run_dir(tmp_path, None)["put.go"].diagnostics
    assert len(diags) == 1 and "NewStore" in diags[0].message


def test_test_literals_count_for_writes_in_test_files(tmp_path: Path) -> None:
    (tmp_path / "store.go").write_text(
        CTOR.replace("\t\tname: name,\n", "\t\tname:    name,\n\t\tobjects: map[string]int{},\n")
    )
    (tmp_path / "put.go").write_text(WRITER)
    (tmp_path / "store_test.go").write_text(
        'package store\n\nimport "testing"\n\nfunc TestPut(t *testing.T) {\n'
        '\ts := &Store{name: "x"}\n\ts.objects["a"] = 1\n}\n'
    )
    # reported in the test file only when asked: by default `go test` reports it
    assert _run_dir(tmp_path, None)["store_test.go"].diagnostics == ()
    result = _run_dir(tmp_path, None, include_tests=True)
    assert result["put.go"].diagnostics == ()
    diags = result["store_test.go"].diagnostics
    assert len(diags) == 1 and "TestPut" in diags[0].message


def test_value_receiver_that_drops_its_copy_gets_no_guard_and_a_note() -> None:
    """The guard would only hide the panic: the caller's value keeps its nil
    map. Making the map in the constructor reaches every copy: that is the
    fix offered."""
    code = (ROOT / "golden/nil-map-field-write/value_receiver.go").read_text()
    result = run_source(code, [NilMapFieldWrite])
    (diag,) = result.diagnostics
    assert [f.title for f in diag.fixes] == [
        "Initialise words with make in the Tally literal (NewTally)"
    ]
    assert diag.note.startswith("value receiver: a guard would set the field on a copy that is")


def test_dominating_write_is_reported_once() -> None:
    code = """package p

type T struct{ m map[string]int }

func New() *T { return new(T) }

func (t *T) Two() {
	t.m["a"] = 1
	t.m["b"] = 2
}
"""
    result = run_source(code, [NilMapFieldWrite], Applicability.SAFE)
    assert len(result.diagnostics) == 1
    assert result.fixed.count(b"if t.m == nil") == 1


def test_guard_keeps_crlf() -> None:
    code = (
        "package p\r\n\r\ntype T struct{ m map[string]int }\r\n\r\n"
        "func New() *T { return new(T) }\r\n\r\n"
        'func (t *T) Put() {\r\n\tt.m["a"] = 1\r\n}\r\n'
    )
    result = run_source(code, [NilMapFieldWrite], Applicability.SAFE)
    assert b"\tif t.m == nil {\r\n\t\tt.m = make(map[string]int)\r\n\t}\r\n" in result.fixed
    assert b"\n" not in result.fixed.replace(b"\r\n", b"")


@pytest.mark.skipif(not (ROOT / "examples/registry").is_dir(), reason="no examples/")
def test_examples_registry_fixed_vets_and_passes_race_tests(tmp_path: Path) -> None:
    module = copy_tree(ROOT / "examples", tmp_path / "examples")
    registry = module / "registry"
    found = _run_dir(registry, None)
    messages = [d.message for r in found.values() for d in r.diagnostics]
    assert messages == [
        "write to nil map field r.handlers: the Registry literal in NewRegistry omits handlers"
    ]
    fixed = _run_dir(registry, Applicability.SAFE)
    for name, result in fixed.items():
        (registry / name).write_bytes(result.fixed)
    assert (
        b"return &Registry{handlers: make(map[string]Handler)}"
        in (registry / "registry.go").read_bytes()
    )
    vet = go(["vet", "./registry/"], cwd=module)
    assert vet.returncode == 0, vet.stderr
    test = go(["test", "-race", "-count=1", "./registry/"], cwd=module, timeout=600)
    assert test.returncode == 0, test.stdout + test.stderr


def test_cyclic_named_types_do_not_recurse() -> None:
    # internal/reflectlite has `type Loop *Loop`: local_struct recursed forever
    code = b"""package p

type Loop *Loop

type Ptr *Loop

type S struct{ m map[string]int }

type N S
"""
    file = src.parse("p.go", code)
    types = TypeResolver(build("p", ".", [file]))
    assert types.local_struct("Loop") is None
    assert types.local_struct("*Ptr") is None
    assert types.local_struct("*N") == "S"


# near misses of the refinements tuned on the standard library: each takes a
# negative golden case, changes one thing that breaks the argument, and expects
# the write to be reported again

NEAR_MISSES = {
    # the overwriting literal keeps the map New built
    "neg_pool_refilled.go": (
        "sizes: make(map[string]int)}",
        "sizes: p.sizes}",
    ),
    # the closure is defined before the legacy reader is turned away
    "neg_rejected_holder.go": (
        """	if r.legacy != nil {
		if len(r.legacy.events) == 0 {
			return ""
		}
		return r.legacy.events[0]
	}
	step := func(s string) {
		r.order.advance(id, s)
	}
""",
        """	step := func(s string) {
		r.order.advance(id, s)
	}
	if r.legacy != nil {
		if len(r.legacy.events) == 0 {
			return ""
		}
		return r.legacy.events[0]
	}
""",
    ),
    # the constant selects the case that writes
    "neg_constant_selects_other_case.go": (
        "return st.add(name, 0, externDef)",
        "return st.add(name, 0, hashedDef)",
    ),
    # one call of the closure passes a request built without the map
    "neg_made_by_closure_callers.go": (
        "req := &Request{URL: u, Header: make(map[string][]string)}",
        "req := NewRequest(u)",
    ),
    # a recursive call passes another value, whose map nothing made
    "neg_made_by_function_callers.go": (
        """	f.sumState.m[mod] = append(f.sumState.m[mod], h)
}""",
        """	f.sumState.m[mod] = append(f.sumState.m[mod], h)
	if mod == "" {
		addSumLocked(NewFetcher(h), "x", h)
	}
}""",
    ),
}


@pytest.mark.parametrize("case", sorted(NEAR_MISSES))
def test_refinement_near_misses_are_reported(case: str) -> None:
    code = (ROOT / "golden/nil-map-field-write" / case).read_text()
    assert not run_source(code, [NilMapFieldWrite]).diagnostics
    old, new = NEAR_MISSES[case]
    assert old in code
    result = run_source(code.replace(old, new), [NilMapFieldWrite])
    assert len(result.diagnostics) == 1, result.diagnostics


_COLLECTOR = """package alloc

type Collector struct {
	Name    string
	Targets map[string]int
}

// NewCollector is how production builds a Collector.
func NewCollector(name string) *Collector {
	return &Collector{Name: name, Targets: make(map[string]int)}
}

func (c *Collector) Assign(job string) {
	c.Targets[job]++
}

func Build(names []string) []*Collector {
	var out []*Collector
	for _, n := range names {
		out = append(out, NewCollector(n))
	}
	return out
}
"""

_HELPER = """package alloc

// MakeNCollectors builds collectors for the tests of several packages.
func MakeNCollectors(n int) map[string]*Collector {
	out := map[string]*Collector{}
	for i := 0; i < n; i++ {
		out[string(rune('a'+i))] = &Collector{Name: "c"}
	}
	return out
}
"""

_HELPER_TEST = """package alloc

import "testing"

func TestAssign(t *testing.T) {
	for _, c := range MakeNCollectors(2) {
		_ = c.Name
	}
}
"""


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir()
    (directory / "go.mod").write_text("module example.com/alloc\n\ngo 1.22\n")
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def test_a_helper_only_tests_call_is_no_production_path(tmp_path: Path) -> None:
    """A non-test function used only by _test.go files builds test data; the
    type's production constructor makes the map."""
    pkg = _write(
        tmp_path / "alloc",
        {"alloc.go": _COLLECTOR, "testutils.go": _HELPER, "alloc_test.go": _HELPER_TEST},
    )
    found = _run_dir(pkg, None)
    assert [d.message for r in found.values() for d in r.diagnostics] == []


def test_a_helper_production_also_calls_is_a_path(tmp_path: Path) -> None:
    use = "package alloc\n\nfunc Default() map[string]*Collector { return MakeNCollectors(1) }\n"
    pkg = _write(
        tmp_path / "alloc",
        {
            "alloc.go": _COLLECTOR,
            "testutils.go": _HELPER,
            "alloc_test.go": _HELPER_TEST,
            "default.go": use,
        },
    )
    found = _run_dir(pkg, None)
    assert [d.message for r in found.values() for d in r.diagnostics] == [
        "write to nil map field c.Targets: the Collector literal in MakeNCollectors omits Targets"
    ]


def test_the_only_constructor_is_a_path_even_when_only_tests_call_it(tmp_path: Path) -> None:
    """A library's sole constructor that only its tests call is its API, not
    test support: with no other production construction it still counts."""
    only = _COLLECTOR.replace("Targets: make(map[string]int)", "")
    only = only[: only.index("func Build")]
    test = (
        'package alloc\n\nimport "testing"\n\n'
        'func TestNew(t *testing.T) { _ = NewCollector("a") }\n'
    )
    pkg = _write(tmp_path / "alloc", {"alloc.go": only, "alloc_test.go": test})
    found = _run_dir(pkg, None)
    assert [d.message for r in found.values() for d in r.diagnostics] == [
        "write to nil map field c.Targets: the Collector literal in NewCollector omits Targets"
    ]


_DEP = """package dep

// Options is a dependency's struct with map fields.
type Options struct {
	Name   string
	Labels map[string]string
	Inner  Inner
	Ptr    *Inner
}

type Inner struct {
	Tags map[string]bool
}
"""

_APP = """package app

import "example.com/dep"

// Reconciler holds the dependency's Options by value.
type Reconciler struct {
	name string
	opts dep.Options
}

func New(name string) *Reconciler {
	return &Reconciler{name: name}
}

func (r *Reconciler) Label(k, v string) {
	r.opts.Labels[k] = v
}

func (r *Reconciler) Tag(k string) {
	r.opts.Inner.Tags[k] = true
}

func (r *Reconciler) PtrTag(k string) {
	r.opts.Ptr.Tags[k] = true
}
"""


def _dependency_module(tmp_path: Path, app: str) -> Path:
    dep = tmp_path / "dep"
    dep.mkdir()
    (dep / "go.mod").write_text("module example.com/dep\n\ngo 1.22\n")
    (dep / "dep.go").write_text(_DEP)
    root = tmp_path / "app"
    root.mkdir()
    (root / "go.mod").write_text(
        "module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\n"
        "replace example.com/dep => ../dep\n"
    )
    (root / "app.go").write_text(app)
    return root


def _run_module(directory: Path, fix: Applicability | None) -> dict[str, FileResult]:
    files = [GoFile(p, p.name, True) for p in sorted(directory.glob("*.go"))]
    options = RunOptions(
        rules=(NilMapFieldWrite(),),
        fix=fix,
        settings=Settings(),
        external_types=rules.external_types(),
        importer=DependencyLoader(),
    )
    return {r.path: r for r in run(files, options)}


def test_a_dependency_struct_held_by_value_is_followed(tmp_path: Path) -> None:
    """#13 class 3: a package struct holds a dependency's struct by value;
    the constructor leaves it zero, so its maps are nil (a pointer hop is
    not followed: the pointee is built elsewhere)."""
    app = _dependency_module(tmp_path, _APP)
    found = _run_module(app, None)
    assert sorted(d.message for r in found.values() for d in r.diagnostics) == [
        "write to nil map field r.opts.Inner.Tags: the Reconciler literal in New omits opts",
        "write to nil map field r.opts.Labels: the Reconciler literal in New omits opts",
    ]
    fixed = _run_module(app, Applicability.SAFE)
    for name, result in fixed.items():
        (app / name).write_bytes(result.fixed)
    text = (app / "app.go").read_text()
    assert "if r.opts.Labels == nil {\n\t\tr.opts.Labels = make(map[string]string)\n\t}" in text
    assert "r.opts.Inner.Tags = make(map[string]bool)" in text
    assert not gofmt_unformatted([app / "app.go"])
    vet = go(["vet", "./..."], cwd=app)
    assert vet.returncode == 0, vet.stderr


def test_a_dependency_struct_built_with_its_map_is_not_reported(tmp_path: Path) -> None:
    made = _APP.replace(
        "return &Reconciler{name: name}",
        "r := &Reconciler{name: name}\n\tr.opts.Labels = map[string]string{}\n\treturn r",
    ).replace("func (r *Reconciler) Tag(k string) {\n\tr.opts.Inner.Tags[k] = true\n}\n", "")
    app = _dependency_module(tmp_path, made)
    found = _run_module(app, None)
    assert [d.message for r in found.values() for d in r.diagnostics] == []
