"""Verification of fixes with the real Go toolchain on small fixture modules."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from gofixmap.codemod import verify as verify_mod
from gofixmap.codemod.gorun import (
    RunCache,
    RunSummary,
    module_hash,
    normalize_vet,
    parse_test_json,
)
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.sandbox import bwrap_status
from gofixmap.codemod.toolchain import Toolchain, ToolchainError, find_go
from gofixmap.codemod.verify import (
    Candidate,
    VerifyOptions,
    default_cache_dir,
    verify,
)
from gofixmap.rules.crashes import crash_markers

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"


@pytest.fixture(scope="module")
def toolchain() -> Toolchain:
    try:
        return find_go()
    except ToolchainError as exc:
        pytest.skip(f"no Go toolchain: {exc}")


# -- helpers -------------------------------------------------------------------


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "src" / name
    shutil.copytree(FIXTURES / name, target)
    return target


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def replace(source: bytes, old: bytes, new: bytes, title: str = "make the map") -> Fix:
    start = source.index(old)
    return Fix(title, (Edit(start, start + len(old), new),), Applicability.SAFE)


def guard(source: bytes, write: bytes, var: bytes, typ: bytes) -> Fix:
    """``if var == nil { var = make(typ) }`` on the line before ``write``."""
    at = source.index(write)
    line = source.rindex(b"\n", 0, at) + 1
    indent = source[line:at]
    text = (
        indent
        + b"if "
        + var
        + b" == nil {\n"
        + indent
        + b"\t"
        + var
        + b" = make("
        + typ
        + b")\n"
        + indent
        + b"}\n"
    )
    return Fix("guard the write", (Edit(line, line, text),), Applicability.SAFE)


def candidate(module: Path, filename: str, *fixes_: Fix, key: str = "") -> Candidate:
    path = module / filename
    return Candidate(key or filename, path, path.read_bytes(), tuple(fixes_))


def make_fix(module: Path, filename: str, decl: bytes, made: bytes, key: str = "") -> Candidate:
    source = (module / filename).read_bytes()
    return candidate(module, filename, replace(source, decl, made), key=key)


def options(tmp_path: Path, **kw: object) -> VerifyOptions:
    kw.setdefault("crash_markers", crash_markers())
    return VerifyOptions(cache_dir=tmp_path / "cache", **kw)  # type: ignore[arg-type]


def live_processes(*needles: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if any(n in cmdline for n in needles):
            found.append(f"{entry.name}: {cmdline}")
    return found


def recording_sandboxes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record the temporary root of every sandbox verify() opens."""
    roots: list[Path] = []

    class Recording(verify_mod.Sandbox):
        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            roots.append(self.root)

    monkeypatch.setattr(verify_mod, "Sandbox", Recording)
    return roots


# -- the fixture modules -------------------------------------------------------


@pytest.mark.sandbox
def test_passes(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("passes", tmp_path)
    before = tree_digest(module)
    c = make_fix(module, "count.go", b"var m map[string]int", b"m := make(map[string]int)")
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen == 0, outcome
    assert outcome.status == "passed"
    (v,) = outcome.tried
    assert v.status == "passed"
    assert "TestWords" in v.detail
    assert v.seconds > 0
    assert tree_digest(module) == before


@pytest.mark.sandbox
def test_panic_expected_fails_naming_the_test(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("panic_expected", tmp_path)
    before = tree_digest(module)
    c = make_fix(module, "count.go", b"var m map[string]int", b"m := make(map[string]int)")
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen is None
    (v,) = outcome.tried
    assert v.status == "failed"
    assert "TestWordsPanics" in v.detail
    assert "expects the nil-map panic" in v.detail  # the tail of its output
    assert tree_digest(module) == before


@pytest.mark.sandbox
def test_offline_dependency_is_skipped(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("offline_dep", tmp_path)
    c = make_fix(module, "dep.go", b"var idx map[string]string", b"idx := make(map[string]string)")
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen is None
    assert outcome.status == "skipped"
    (v,) = outcome.tried
    assert v.status == "skipped"
    assert v.detail.startswith("not verifiable offline")
    assert "example.invalid/nothere" in v.detail


@pytest.mark.sandbox
def test_no_tests_is_skipped_but_builds_and_vets(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("no_tests", tmp_path)
    c = make_fix(module, "owners.go", b"var out map[Ref][]string", b"out := make(map[Ref][]string)")
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    (v,) = outcome.tried
    assert v.status == "skipped"
    assert v.detail == "no tests in example.com/vfy/no_tests; builds and vets clean"
    assert outcome.chosen is None


@pytest.mark.sandbox
def test_no_tests_still_catches_a_broken_build(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("no_tests", tmp_path)
    c = make_fix(module, "owners.go", b"var out map[Ref][]string", b"out := make(map[Ref][]strin)")
    (v,) = verify([c], options(tmp_path), toolchain)[c.key].tried
    assert v.status == "failed"
    assert "strin" in v.detail


@pytest.mark.slow  # waits out a verification timeout (about 17 s)
def test_hang_fails_by_timeout_and_leaves_no_process(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = copy_fixture("hangs", tmp_path)
    before = tree_digest(module)
    roots = recording_sandboxes(monkeypatch)
    c = make_fix(
        module, "informers.go", b"var started map[string]bool", b"started := make(map[string]bool)"
    )
    start = time.monotonic()
    outcome = verify([c], options(tmp_path, timeout=20.0), toolchain)[c.key]
    elapsed = time.monotonic() - start
    (v,) = outcome.tried
    assert v.status == "failed"
    assert "timed out" in v.detail or "times out" in v.detail
    if "test timed out after" in v.detail:  # go test -timeout fired, naming the test
        assert "TestStart" in v.detail
    assert elapsed < 75  # baseline + one patched run of at most 20 s each
    time.sleep(0.2)
    assert len(roots) == 1
    assert live_processes(str(module), str(roots[0])) == []
    assert not roots[0].exists()
    assert tree_digest(module) == before


@pytest.mark.sandbox
def test_alternatives_first_fails_second_passes(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("alternatives", tmp_path)
    before = tree_digest(module)
    source = (module / "overrides.go").read_bytes()
    c = candidate(
        module,
        "overrides.go",
        replace(source, b"var out map[string]string", b"out := make(map[string]string)"),
        guard(source, b"out[k] = v", b"out", b"map[string]string"),
    )
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen == 1
    first, second = outcome.tried
    assert first.status == "failed"
    assert "TestNotConfigured" in first.detail
    assert second.status == "passed"
    assert "TestParse" in second.detail
    assert tree_digest(module) == before


@pytest.mark.sandbox
def test_cache_hit_is_fast_and_corrupt_entries_are_rewritten(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    module = copy_fixture("passes", tmp_path)
    c = make_fix(module, "count.go", b"var m map[string]int", b"m := make(map[string]int)")
    opts = options(tmp_path)
    t0 = time.monotonic()
    first = verify([c], opts, toolchain)[c.key]
    cold = time.monotonic() - t0
    t0 = time.monotonic()
    second = verify([c], opts, toolchain)[c.key]
    warm = time.monotonic() - t0
    assert second.chosen == first.chosen == 0
    assert [v.status for v in second.tried] == [v.status for v in first.tried]
    assert [v.detail for v in second.tried] == [v.detail for v in first.tried]
    assert warm < cold / 5, (warm, cold)
    assert second.tried[0].seconds < first.tried[0].seconds / 5
    entries = list((tmp_path / "cache" / "verify").rglob("*.json"))
    assert len(entries) == 2  # baseline and patched
    for entry in entries:
        entry.write_text("{not json")
    third = verify([c], opts, toolchain)[c.key]
    assert third.chosen == 0
    for entry in entries:
        assert json.loads(entry.read_text())["protocol"] == verify_mod.PROTOCOL
    # a different fix is a different patch: no stale hit
    other = make_fix(module, "count.go", b"var m map[string]int", b"m := map[string]int{1: 2}")
    (v,) = verify([other], opts, toolchain)[other.key].tried
    assert v.status == "failed"


# -- batching and bisection ----------------------------------------------------

WORDS = """package multi

// {name} tallies words.
func {name}(words []string) map[string]int {{
	var m map[string]int
	for _, k := range words {{
		m[k]++
	}}
	return m
}}
"""

CRASH_TEST = """package multi

import "testing"

func Test{name}(t *testing.T) {{
	if got := {name}([]string{{"a", "a"}}); got["a"] != 2 {{
		t.Fatalf("{name} = %v", got)
	}}
}}
"""

PANIC_TEST = """package multi

import "testing"

func Test{name}Panics(t *testing.T) {{
	defer func() {{
		if recover() == nil {{
			t.Fatal("{name} did not panic")
		}}
	}}()
	{name}([]string{{"a"}})
}}
"""


def multi_module(tmp_path: Path, good: list[str], bad: list[str]) -> Path:
    root = tmp_path / "src" / "multi"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/multi\n\ngo 1.22\n")
    for name in good + bad:
        (root / f"{name.lower()}.go").write_text(WORDS.format(name=name))
        test = CRASH_TEST if name in good else PANIC_TEST
        (root / f"{name.lower()}_test.go").write_text(test.format(name=name))
    return root


def counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = verify_mod._Module._execute

    def counted(self: verify_mod._Module, files: dict[Path, bytes]) -> RunSummary:
        runs.append(len(files))
        return real(self, files)

    monkeypatch.setattr(verify_mod._Module, "_execute", counted)
    return runs


@pytest.mark.sandbox
def test_batch_then_bisect(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = ["Alpha", "Beta", "Gamma"]
    bad = ["Delta"]
    root = multi_module(tmp_path, good, bad)
    cands = [
        make_fix(
            root, f"{n.lower()}.go", b"var m map[string]int", b"m := make(map[string]int)", key=n
        )
        for n in good + bad
    ]
    runs = counting_runs(monkeypatch)
    out = verify(cands, options(tmp_path), toolchain)
    for name in good:
        assert out[name].chosen == 0, out[name]
        assert f"Test{name}" in out[name].tried[0].detail
    assert out["Delta"].chosen is None
    assert "TestDeltaPanics" in out["Delta"].tried[0].detail
    # baseline, all four, halves {A,B} and {G,D}, then {G} and {D}
    assert runs == [0, 4, 2, 2, 1, 1]


@pytest.mark.sandbox
def test_independent_fixes_cost_one_patched_run(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = ["One", "Two", "Three"]
    root = multi_module(tmp_path, good, [])
    cands = [
        make_fix(
            root, f"{n.lower()}.go", b"var m map[string]int", b"m := make(map[string]int)", key=n
        )
        for n in good
    ]
    runs = counting_runs(monkeypatch)
    out = verify(cands, options(tmp_path), toolchain)
    assert all(out[n].chosen == 0 for n in good)
    assert runs == [0, 3]


@pytest.mark.sandbox
def test_same_file_fixes_combine_and_overlapping_ones_run_apart(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "src" / "same"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/same\n\ngo 1.22\n")
    (root / "words.go").write_text(
        WORDS.format(name="Left") + WORDS.format(name="Right").split("\n", 1)[1]
    )
    (root / "words_test.go").write_text(
        CRASH_TEST.format(name="Left")
        + CRASH_TEST.format(name="Right").split('import "testing"\n', 1)[1]
    )
    source = (root / "words.go").read_bytes()
    decl = b"var m map[string]int"
    first = source.index(decl)
    second = source.index(decl, first + 1)

    def at(offset: int, new: bytes) -> Fix:
        return Fix("make", (Edit(offset, offset + len(decl), new),), Applicability.SAFE)

    path = root / "words.go"
    left = Candidate("left", path, source, (at(first, b"m := make(map[string]int)"),))
    right = Candidate("right", path, source, (at(second, b"m := make(map[string]int)"),))
    runs = counting_runs(monkeypatch)
    out = verify([left, right], options(tmp_path), toolchain)
    assert out["left"].chosen == 0 and out["right"].chosen == 0
    assert runs == [0, 1]  # one file, both fixes in one run

    # an overlapping alternative for the same declaration: verified apart
    runs.clear()
    clash = Candidate("clash", path, source, (at(first, b"m := map[string]int{}"),))
    out = verify([left, clash], options(tmp_path / "other"), toolchain)
    assert out["left"].chosen == 0 and out["clash"].chosen == 0
    assert runs == [0, 1, 1]


@pytest.mark.sandbox
def test_toolchain_too_old_is_skipped(toolchain: Toolchain, tmp_path: Path) -> None:
    root = tmp_path / "src" / "future"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/future\n\ngo 1.999\n")
    (root / "a.go").write_text(WORDS.format(name="Words").replace("package multi", "package f"))
    c = make_fix(root, "a.go", b"var m map[string]int", b"m := make(map[string]int)")
    (v,) = verify([c], options(tmp_path), toolchain)[c.key].tried
    assert v.status == "skipped"
    assert "older than the module's go 1.999" in v.detail


def test_file_outside_any_module_is_skipped(toolchain: Toolchain, tmp_path: Path) -> None:
    path = tmp_path / "loose.go"
    path.write_text("package loose\n")
    c = Candidate("loose", path, path.read_bytes(), (Fix("x", (), Applicability.SAFE),))
    out = verify([c], options(tmp_path), toolchain)
    assert out["loose"].tried[0].status == "skipped"
    assert "no go.mod" in out["loose"].tried[0].detail
    assert verify([], options(tmp_path), toolchain) == {}


@pytest.mark.sandbox
def test_overlay_tracks_candidate_bytes_not_disk(toolchain: Toolchain, tmp_path: Path) -> None:
    """The candidate's original bytes, not what is on disk now, are the baseline."""
    module = copy_fixture("passes", tmp_path)
    c = make_fix(module, "count.go", b"var m map[string]int", b"m := make(map[string]int)")
    (module / "count.go").write_text("package count\n\nthis does not parse\n")
    before = tree_digest(module)
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen == 0, outcome
    assert tree_digest(module) == before


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bwrap is not installed")
def test_verify_runs_under_bwrap(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if bwrap_status() is not None:
        pytest.skip(str(bwrap_status()))
    seen: list[bool] = []
    real = verify_mod.Sandbox.run

    def spy(self: verify_mod.Sandbox, *args: object, **kw: object) -> object:
        result = real(self, *args, **kw)  # type: ignore[arg-type]
        seen.append(result.isolated)
        return result

    monkeypatch.setattr(verify_mod.Sandbox, "run", spy)
    module = copy_fixture("network", tmp_path)
    c = make_fix(
        module, "probe.go", b"var failed map[string]string", b"failed := make(map[string]string)"
    )
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    assert outcome.chosen == 0, outcome
    assert seen and all(seen)


# -- pieces without the toolchain ---------------------------------------------


def test_parse_crash_without_final_action_is_a_map_crash() -> None:
    events = [
        {"Action": "start", "Package": "p"},
        {"Action": "run", "Package": "p", "Test": "TestOK"},
        {"Action": "pass", "Package": "p", "Test": "TestOK"},
        {"Action": "run", "Package": "p", "Test": "TestConc"},
        {"Action": "output", "Package": "p", "Test": "TestConc", "Output": "=== RUN TestConc\n"},
        {"Action": "output", "Package": "p", "Output": "fatal error: concurrent map writes\n"},
        {"Action": "output", "Package": "p", "Output": "FAIL\tp\t0.01s\n"},
        {"Action": "fail", "Package": "p"},
        {"Action": "start", "Package": "q"},
        {"Action": "output", "Package": "q", "Output": "?   \tq\t[no test files]\n"},
        {"Action": "skip", "Package": "q"},
    ]
    summary = RunSummary()
    parse_test_json("\n".join(json.dumps(e) for e in events), summary, crash_markers())
    assert summary.tests["p\tTestOK"].status == "pass"
    conc = summary.tests["p\tTestConc"]
    assert conc.status == "crash" and conc.target_crash
    assert "concurrent map writes" in conc.tail
    assert summary.packages == {"p": "fail", "q": "notests"}
    assert not summary.build_error


@pytest.mark.parametrize(
    ("output", "target"),
    [
        ("fatal error: concurrent map clone and map write\n", True),  # maps.Clone
        ("panic: assignment to entry in nil map\n", True),
        ("WARNING: DATA RACE\n", True),
        ("panic: runtime error: index out of range [3] with length 3\n", False),
    ],
)
def test_parse_failure_is_a_target_crash_by_the_markers(output: str, target: bool) -> None:
    events = [
        {"Action": "run", "Package": "p", "Test": "TestX"},
        {"Action": "output", "Package": "p", "Test": "TestX", "Output": output},
        {"Action": "fail", "Package": "p", "Test": "TestX"},
        {"Action": "fail", "Package": "p"},
    ]
    stdout = "\n".join(json.dumps(e) for e in events)
    summary = RunSummary()
    parse_test_json(stdout, summary, crash_markers())
    assert summary.tests["p\tTestX"].target_crash is target
    unmarked = RunSummary()
    parse_test_json(stdout, unmarked)  # the engine alone knows no crash
    assert not unmarked.tests["p\tTestX"].target_crash


def test_parse_build_failure() -> None:
    events = [
        {
            "ImportPath": "p [p.test]",
            "Action": "build-output",
            "Output": "./a.go:2:1: undefined: x\n",
        },
        {"ImportPath": "p [p.test]", "Action": "build-fail"},
        {"Action": "fail", "Package": "p", "FailedBuild": "p [p.test]"},
    ]
    summary = RunSummary()
    parse_test_json("\n".join(json.dumps(e) for e in events), summary)
    assert "undefined: x" in summary.build_error


def test_vet_lines_are_normalized_across_overlay_paths() -> None:
    a, _ = normalize_vet("# p\n/tmp/x/scratch/0/a.go:6:2: bad printf\n", ["/tmp/x/scratch/"])
    b, _ = normalize_vet("# p\nvet: ./a.go:9:5: bad printf\n", [])
    assert a == b == ["a.go: bad printf"]


def test_run_cache_round_trip_and_corruption(tmp_path: Path) -> None:
    cache = RunCache(tmp_path)
    summary = RunSummary(seconds=1.5, vet=["a.go: x"])
    cache.put("ab" * 32, summary)
    got = cache.get("ab" * 32)
    assert got is not None and got.vet == ["a.go: x"] and got.seconds == 1.5
    path = tmp_path / "verify" / "ab" / f"{'ab' * 32}.json"
    path.write_text('{"protocol": 1, "summary": {"tests": 3}}')
    assert cache.get("ab" * 32) is None
    assert cache.get("cd" * 32) is None
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_module_hash_ignores_nested_modules_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n")
    (tmp_path / "a.go").write_text("package m\n")
    first = module_hash(tmp_path, {})
    (tmp_path / "README.md").write_text("hello")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "go.mod").write_text("module inner\n")
    (tmp_path / "inner" / "b.go").write_text("package inner\n")
    assert module_hash(tmp_path, {}) == first
    (tmp_path / "a.go").write_text("package m // changed\n")
    assert module_hash(tmp_path, {}) != first
    assert module_hash(tmp_path, {tmp_path / "a.go": b"package m\n"}) == first


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOFIXMAP_CACHE_DIR", str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("GOFIXMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "gofixmap"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "gofixmap"


# -- fixes that edit another file of the package --------------------------------

REGISTRY = """package reg

// Registry counts names.
type Registry struct {
	counts map[string]int
}

// Add counts name.
func (r *Registry) Add(name string) {
	r.counts[name]++
}
"""

CONSTRUCTOR = """package reg

// New returns an empty registry.
func New() *Registry {
	return &Registry{}
}
"""

REGISTRY_TEST = """package reg

import "testing"

func TestAdd(t *testing.T) {
	r := New()
	r.Add("a")
	if r.counts["a"] != 1 {
		t.Fatal(r.counts)
	}
}
"""


@pytest.mark.sandbox
def test_fix_that_edits_another_file(toolchain: Toolchain, tmp_path: Path) -> None:
    root = tmp_path / "src" / "reg"
    root.mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/reg\n\ngo 1.22\n")
    (root / "registry.go").write_text(REGISTRY)
    (root / "new.go").write_text(CONSTRUCTOR)
    (root / "registry_test.go").write_text(REGISTRY_TEST)
    before = tree_digest(root)
    source = (root / "registry.go").read_bytes()
    ctor = (root / "new.go").read_bytes()
    at = ctor.index(b"&Registry{}")
    fix = Fix(
        "initialise counts in New",
        (Edit(at, at + len(b"&Registry{}"), b"&Registry{counts: map[string]int{}}", "new.go"),),
        Applicability.SAFE,
    )
    site = source.index(b"r.counts[name]++")
    c = Candidate("add", root / "registry.go", source, (fix,), site)
    outcome = verify([c], options(tmp_path), toolchain)["add"]
    assert outcome.chosen == 0, outcome
    assert "crashed before, pass now: TestAdd" in outcome.tried[0].detail
    assert tree_digest(root) == before


# -- the command-line glue -----------------------------------------------------


def test_offset_map_through_edits_and_imports() -> None:
    from gofixmap.commands.verification import _OffsetMap

    original = b"package p\n\nfunc f() {\n\tx := 1\n\ty := 2\n}\n"
    edits = [Edit(original.index(b"\tx"), original.index(b"\tx"), b"\t// hi\n")]
    final = b'package p\n\nimport "sync"\n\nfunc f() {\n\t// hi\n\tx := 1\n\ty := 2\n}\n'
    m = _OffsetMap(original, edits, final)
    y = original.index(b"y :=")
    assert final[m(y) : m(y) + 4] == b"y :="
    x = original.index(b"\tx")
    assert final[m(x) : m(x) + 7] == b"\tx := 1"  # an insertion at the offset comes first
    assert m(3) == 3


@pytest.mark.sandbox
def test_apply_verification_keeps_only_passed_fixes(toolchain: Toolchain, tmp_path: Path) -> None:
    from gofixmap import rules
    from gofixmap.codemod import render
    from gofixmap.codemod.discover import GoFile
    from gofixmap.codemod.model import Status
    from gofixmap.codemod.runner import RunOptions, run
    from gofixmap.commands.verification import apply_verification, verification_lines

    files = []
    for name, filename in [("passes", "count.go"), ("panic_expected", "count.go")]:
        module = copy_fixture(name, tmp_path)
        files.append(GoFile(module / filename, str(module / filename), True))
    before = {f.path: f.path.read_bytes() for f in files}
    run_options = RunOptions(
        rules=rules.select([], []),
        fix=Applicability.UNSAFE,
        external_types=rules.external_types(),
    )
    results = list(run(files, run_options))
    assert all(r.status is Status.FIXED for r in results)

    new = apply_verification(results, options(tmp_path), toolchain, threshold=Applicability.UNSAFE)
    good, bad = new
    assert good.status is Status.FIXED and good.fixed == results[0].fixed
    assert [dataclasses.replace(a.fix, verification=None) for a in good.applied] == [
        a.fix for a in results[0].applied
    ]
    # the verification is a field of the fix: on the applied fix and on the
    # same fix among the diagnostic's alternatives
    verification = good.applied[0].fix.verification
    assert verification is not None and verification.status == "passed"
    assert good.diagnostics[0].fixes[0].verification == verification
    assert good.applied[0].diagnostic is good.diagnostics[0]
    # every alternative of the panic-pinning module failed: the file stays as it is
    assert bad.status is Status.FINDINGS
    assert bad.fixed == bad.original == before[files[1].path]
    assert not bad.applied
    (remaining,) = bad.remaining
    assert remaining.span == bad.diagnostics[0].span
    assert [f.verification and f.verification.status for f in remaining.fixes] == [
        "failed",
        "failed",
    ]
    assert any("TestWordsPanics" in why for _, why in bad.rejected)
    document = json.loads(render.to_json(new, remaining_only=True))
    (finding,) = document["findings"]
    assert finding["line"] == 8
    assert finding["fixes"][0]["verified"]["status"] == "failed"
    comments = verification_lines(new)
    assert "verify passed" in comments[good.path][0]
    diff = render.diff(new, comments).decode()
    assert diff.startswith("# 8:3: NM001 fix")
    assert "panic_expected" not in diff
    assert {f.path: f.path.read_bytes() for f in files} == before

    # a scan without fixing: results as they were, every tried fix verified
    scan = list(run(files, replace_fix(run_options)))
    same = apply_verification(scan, options(tmp_path), toolchain)
    assert [(r.path, r.status, r.fixed, len(r.diagnostics)) for r in same] == [
        (r.path, r.status, r.fixed, len(r.diagnostics)) for r in scan
    ]
    fixes = [f for r in same for d in r.diagnostics for f in d.fixes]
    statuses = sorted(f.verification.status for f in fixes if f.verification)
    assert statuses == ["failed", "passed"]  # the safe guard of each finding


def replace_fix(run_options: object) -> object:
    import dataclasses

    return dataclasses.replace(run_options, fix=None)  # type: ignore[type-var]


@pytest.mark.sandbox
def test_map_race_fixed_with_a_mutex(toolchain: Toolchain, tmp_path: Path) -> None:
    module = tmp_path / "src" / "maprace"
    shutil.copytree(FIXTURES.parent / "crashers" / "maprace", module)
    before = tree_digest(module)
    source = (module / "cache.go").read_bytes()
    field_at = source.index(b"\titems map[string]int")
    write_at = source.index(b"\tc.items[k] = v")
    mutex = Fix(
        "guard items with a mutex",
        (
            Edit(field_at, field_at, b"\tmu    sync.Mutex\n"),
            Edit(write_at, write_at, b"\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n"),
        ),
        Applicability.SAFE,
        ("sync",),
    )
    useless = Fix(
        "a no-op that leaves the race",
        (Edit(write_at, write_at, b"\t_ = 0\n"),),
        Applicability.SAFE,
    )
    c = Candidate("race", module / "cache.go", source, (useless, mutex), write_at + 1)
    outcome = verify([c], options(tmp_path), toolchain)["race"]
    assert outcome.chosen == 1, outcome
    assert outcome.tried[0].status == "failed"
    assert "TestCachePut still crashes" in outcome.tried[0].detail
    assert "DATA RACE" in outcome.tried[0].detail
    assert "crashed before, pass now: TestCachePut" in outcome.tried[1].detail
    assert tree_digest(module) == before


@pytest.mark.sandbox
def test_no_cache_option_writes_nothing(toolchain: Toolchain, tmp_path: Path) -> None:
    module = copy_fixture("no_tests", tmp_path)
    c = make_fix(module, "owners.go", b"var out map[Ref][]string", b"out := make(map[Ref][]string)")
    outcome = verify([c], options(tmp_path, use_cache=False), toolchain)[c.key]
    assert outcome.tried[0].status == "skipped"
    assert not (tmp_path / "cache").exists()


@pytest.mark.sandbox
def test_a_baseline_timeout_is_not_called_a_build_failure(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    module = copy_fixture("hangs", tmp_path)
    # init runs before go test's own -timeout alarm starts: only the sandbox's
    # time limit can stop this test binary
    (module / "stall_test.go").write_text(
        'package informers\n\nimport "time"\n\nfunc init() { time.Sleep(time.Hour) }\n'
    )
    c = make_fix(
        module, "informers.go", b"var started map[string]bool", b"started := make(map[string]bool)"
    )
    (v,) = verify([c], options(tmp_path, timeout=8.0), toolchain)[c.key].tried
    assert v.status == "skipped"
    assert "did not finish within 8s" in v.detail
    assert "does not build" not in v.detail


@pytest.mark.sandbox
def test_constructor_fix_of_a_reloaded_field_fails_and_the_guard_passes(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    """The two fixes NM002 offers for a field that Reload can set to nil,
    tried with the constructor fix first: it fails (the test that reloads
    from an empty source still panics), the guard at the write passes."""
    from gofixmap.rules.nm002_nil_map_field_write import NilMapFieldWrite
    from tests.helpers import run_file

    module = copy_fixture("reload", tmp_path)
    (diag,) = run_file(module / "store.go", [NilMapFieldWrite]).diagnostics
    guard_fix, literal_fix = diag.fixes
    assert guard_fix.applicability == Applicability.SAFE
    assert literal_fix.applicability == Applicability.UNSAFE
    c = candidate(module, "store.go", literal_fix, guard_fix)
    outcome = verify([c], options(tmp_path), toolchain)[c.key]
    first, second = outcome.tried
    assert first.status == "failed"
    assert "TestSetAfterReloadFromEmptySource" in first.detail
    assert second.status == "passed" and outcome.chosen == 1


@pytest.mark.sandbox
def test_the_fix_of_each_of_several_writes_passes_alone(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    """Two writes of one path (a loop, then the total): each finding's fix
    goes before the first write and covers both, so each passes go test on
    its own, and the two findings share one edit."""
    from gofixmap.rules.nm001_nil_map_write import NilMapWrite
    from tests.helpers import run_file

    module = copy_fixture("several_writes", tmp_path)
    diags = run_file(module / "count.go", [NilMapWrite]).diagnostics
    assert len(diags) == 2
    first, second = (d.fixes[0] for d in diags)
    assert first.edits == second.edits
    candidates = [
        candidate(module, "count.go", d.fixes[0], key=f"finding{i}") for i, d in enumerate(diags)
    ]
    for c in candidates:
        outcome = verify([c], options(tmp_path), toolchain)[c.key]
        assert [t.status for t in outcome.tried] == ["passed"], outcome.tried
        assert "TestCountNoKeys" in outcome.tried[0].detail
