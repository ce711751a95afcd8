"""MR001 concurrent-map-write: detection, never-reported cases, fixes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from gofixmap.codemod.model import Applicability
from gofixmap.rules.fixes.declare import tab_align
from gofixmap.rules.mr001_concurrent_map_write import ConcurrentMapWrite
from tests.helpers import run_source

LOCAL = """package p

import "sync"

func count(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) { defer wg.Done(); counts[w]++ }(w)
	}
	wg.Wait()
	return counts
}
"""


def test_local_map_in_goroutines_is_flagged_and_fixed_with_a_local_mutex() -> None:
    report = run_source(LOCAL, [ConcurrentMapWrite])
    assert [d.message for d in report.diagnostics] == [
        "concurrent write to map counts: shared with goroutines without a lock"
    ]
    fixed = run_source(LOCAL, [ConcurrentMapWrite], Applicability.UNSAFE).fixed.decode()
    assert "\tvar mu sync.Mutex\n" in fixed
    assert "\t\t\tmu.Lock()\n\t\t\tcounts[w]++\n\t\t\tmu.Unlock()\n" in fixed
    assert run_source(LOCAL, [ConcurrentMapWrite], Applicability.SAFE).fixed.decode() == LOCAL


def test_name_collision_picks_another_mutex_name() -> None:
    code = LOCAL.replace("var wg sync.WaitGroup", "var wg sync.WaitGroup\n\tmu := 1\n\t_ = mu")
    fixed = run_source(code, [ConcurrentMapWrite], Applicability.UNSAFE).fixed.decode()
    assert "var countsMu sync.Mutex" in fixed


def test_struct_field_gets_rwmutex_and_defer_form() -> None:
    code = """package p

type C struct {
	n    int
	hits map[string]int
}

func (c *C) Hit(k string) {
	c.hits[k]++
}

func (c *C) Get(k string) int {
	return c.hits[k]
}

func run(c *C) {
	for i := 0; i < 3; i++ {
		go c.Hit("x")
	}
}
"""
    report = run_source(code, [ConcurrentMapWrite])
    assert len(report.diagnostics) == 1
    fixed = run_source(code, [ConcurrentMapWrite], Applicability.UNSAFE).fixed.decode()
    assert "\tn    int\n\tmu   sync.RWMutex\n\thits map[string]int\n" in fixed
    assert "\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.hits[k]++" in fixed
    assert "\tc.mu.RLock()\n\tdefer c.mu.RUnlock()\n\treturn c.hits[k]" in fixed
    assert 'import "sync"' in fixed


def test_value_copies_decline_the_mutex() -> None:
    code = """package p

type C struct{ hits map[string]int }

func (c *C) Hit(k string) { c.hits[k]++ }

func (c C) Len() int { return len(c.hits) }

func run(c *C) {
	for i := 0; i < 3; i++ {
		go c.Hit("x")
	}
}
"""
    report = run_source(code, [ConcurrentMapWrite])
    assert len(report.diagnostics) == 1
    diag = report.diagnostics[0]
    assert not diag.fixes
    assert "value receiver" in diag.note


def test_never_reported() -> None:
    cases = [
        # held lock with defer
        """package p

import "sync"

var mu sync.Mutex

func f(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func(k string) {
			mu.Lock()
			defer mu.Unlock()
			m[k]++
		}(k)
	}
}
""",
        # confined to one goroutine
        """package p

func f(keys []string) {
	go func() {
		m := map[string]int{}
		for _, k := range keys {
			m[k]++
		}
	}()
}
""",
        # written on one goroutine, read after a receive
        """package p

func f(keys []string) map[string]int {
	m := map[string]int{}
	done := make(chan bool)
	go func() {
		for _, k := range keys {
			m[k]++
		}
		done <- true
	}()
	<-done
	m["x"] = 1
	return m
}
""",
        # only read concurrently
        """package p

func f(keys []string, out []int) {
	m := map[string]int{"a": 1}
	for i, k := range keys {
		go func(i int, k string) { out[i] = m[k] }(i, k)
	}
}
""",
    ]
    for code in cases:
        assert run_source(code, [ConcurrentMapWrite]).diagnostics == (), code


def test_handler_global_map() -> None:
    code = """package p

import "net/http"

var hits = map[string]int{}

func handle(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}

func main() {
	http.HandleFunc("/", handle)
}
"""
    report = run_source(code, [ConcurrentMapWrite])
    assert [d.message for d in report.diagnostics] == [
        "concurrent write to map hits: handle runs on several goroutines without a lock"
    ]
    fixed = run_source(code, [ConcurrentMapWrite], Applicability.UNSAFE).fixed.decode()
    assert "var hitsMu sync.RWMutex // guards hits" in fixed
    assert "\thitsMu.Lock()\n\tdefer hitsMu.Unlock()\n\thits[r.URL.Path]++" in fixed


def test_syncmap_strategy_declines_read_modify_write() -> None:
    report = run_source(LOCAL, [ConcurrentMapWrite], strategy="syncmap")
    diag = report.diagnostics[0]
    assert not diag.fixes
    assert "read-modify-write" in diag.note


def test_tab_align_matches_gofmt_columns() -> None:
    rows = [["a", "int", "// x"], ["bbbb", "string", "// y"], ["c", "int"]]
    assert tab_align(rows) == ["a    int    // x", "bbbb string // y", "c    int"]


GO_WORKER = """package p

import "sync"

func worker(m map[string]int, w string, wg *sync.WaitGroup) {
	defer wg.Done()
	m[w] = len(w)
}

func run(words []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go worker(m, w, &wg)
	}
	wg.Wait()
	return m
}
"""


def test_map_passed_to_go_function_is_flagged_and_threaded_a_mutex() -> None:
    report = run_source(GO_WORKER, [ConcurrentMapWrite])
    assert [d.message for d in report.diagnostics] == [
        "concurrent write to map m: worker writes it on a goroutine without a lock"
    ]
    fixed = run_source(GO_WORKER, [ConcurrentMapWrite], Applicability.UNSAFE).fixed.decode()
    assert "wg *sync.WaitGroup, mu *sync.Mutex) {" in fixed
    assert "go worker(m, w, &wg, &mu)" in fixed
    assert "\tmu.Lock()\n\tm[w] = len(w)\n\tmu.Unlock()\n" in fixed


def test_map_passed_to_go_function_declines_syncmap_and_callee_that_passes_it_on() -> None:
    report = run_source(GO_WORKER, [ConcurrentMapWrite], strategy="syncmap")
    assert [d.fixes for d in report.diagnostics] == [()]
    assert "parameter type would change" in report.diagnostics[0].note
    code = GO_WORKER.replace("\tm[w] = len(w)\n", "\tm[w] = len(w)\n\tkeep(m)\n") + (
        "\nfunc keep(map[string]int) {}\n"
    )
    report = run_source(code, [ConcurrentMapWrite])
    assert [d.fixes for d in report.diagnostics] == [()]
    assert "passes m on" in report.diagnostics[0].note


def test_map_passed_to_go_function_that_only_reads_is_silent() -> None:
    code = GO_WORKER.replace("\tm[w] = len(w)\n", "\t_ = m[w]\n")
    assert not run_source(code, [ConcurrentMapWrite]).diagnostics


SYNC_BASE = """package p

import "sync"

func run(ids []int) int {
	m := map[int]int{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			m[id] = id
		}(id)
	}
	wg.Wait()
	total := 0
TAIL
	return total
}
"""


def _syncmap(tail: str) -> tuple[str, str]:
    code = SYNC_BASE.replace("TAIL\n", tail)
    report = run_source(code, [ConcurrentMapWrite], strategy="syncmap")
    fixed = run_source(
        code, [ConcurrentMapWrite], Applicability.UNSAFE, strategy="syncmap"
    ).fixed.decode()
    return report.diagnostics[0].note, fixed


def test_syncmap_range_keeps_inner_loop_jumps_and_avoids_name_collisions() -> None:
    note, fixed = _syncmap(
        "\tkey := 1\n"
        "\tfor k, v := range m {\n"
        "\t\tfor i := 0; i < v; i++ {\n"
        "\t\t\tif i > key {\n\t\t\t\tbreak\n\t\t\t}\n"
        "\t\t\tcontinue\n"
        "\t\t}\n"
        "\t\tswitch k {\n\t\tcase 1:\n\t\t\tbreak\n\t\t}\n"
        "\t\ttotal += k\n"
        "\t\tbreak\n"
        "\t}\n"
    )
    assert note == ""
    assert "m.Range(func(k0, value any) bool {\n\t\tk, v := k0.(int), value.(int)\n" in fixed
    assert "\t\t\t\tbreak\n" in fixed and "\t\t\tcontinue\n" in fixed
    assert "\t\t\tbreak\n\t\t}\n" in fixed
    assert "\t\ttotal += k\n\t\treturn false\n\t})\n" in fixed


def test_syncmap_declines_len_in_expression_and_computed_load_or_store_value() -> None:
    note, _ = _syncmap("\ttotal = len(m) + 1\n")
    assert "len(m) is used inside an expression" in note
    note, _ = _syncmap("\tif _, ok := m[0]; !ok {\n\t\tm[0] = run(nil)\n\t}\n")
    assert "LoadOrStore would compute it every time" in note


def test_syncmap_plain_assignment_read_and_labelled_range_decline() -> None:
    note, fixed = _syncmap("\ttotal = m[1]\n")
    assert note == ""
    assert "\ttotalAny, _ := m.Load(1)\n\ttotal, _ = totalAny.(int)\n" in fixed
    note, _ = _syncmap("outer:\n\tfor k := range m {\n\t\ttotal += k\n\t\tbreak outer\n\t}\n")
    assert "label" in note


FRESH_PARAM = """package p

import "net/http"

type gen struct{ open map[string]int }

func newGen() *gen { return &gen{open: map[string]int{}} }

func (g *gen) Begin(name string) { g.open[name]++ }

func run(g *gen, names []string) {
	for _, n := range names {
		g.Begin(n)
	}
}

var shared = newGen()

func Handler(names []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ARG
	})
}
"""


def test_fresh_object_passed_as_parameter_is_not_shared() -> None:
    own = FRESH_PARAM.replace("ARG", "g := newGen()\n\t\trun(g, names)")
    assert run_source(own, [ConcurrentMapWrite]).diagnostics == ()
    literal = FRESH_PARAM.replace("ARG", "run(&gen{open: map[string]int{}}, names)")
    assert run_source(literal, [ConcurrentMapWrite]).diagnostics == ()
    # the package-level generator is shared by every request
    common = FRESH_PARAM.replace("ARG", "run(shared, names)")
    assert [d.message for d in run_source(common, [ConcurrentMapWrite]).diagnostics] == [
        "concurrent write to map g.open: Begin runs on several goroutines without a lock"
    ]
    # a parameter reassigned from shared state is no longer fresh
    mixed = FRESH_PARAM.replace("ARG", "run(newGen(), names)").replace(
        "func run(g *gen, names []string) {", "func run(g *gen, names []string) {\n\tg = shared"
    )
    assert len(run_source(mixed, [ConcurrentMapWrite]).diagnostics) == 1


WAITED = """package p

type srv struct {
	seen  map[string]int
	ready chan bool
}

func (s *srv) serve() {
	BODY
}

func (s *srv) note(k string) { s.seen[k]++ }

func (s *srv) Start() {
	go s.serve()
	<-s.ready
	s.seen["start"]++
}
"""


def test_goroutine_waited_to_the_end_runs_like_a_call() -> None:
    done = WAITED.replace("BODY", 'defer func() { s.ready <- true }()\n\ts.note("serve")')
    assert run_source(done, [ConcurrentMapWrite]).diagnostics == ()
    last = WAITED.replace("BODY", 's.note("serve")\n\ts.ready <- true')
    assert run_source(last, [ConcurrentMapWrite]).diagnostics == ()
    # a goroutine that only says it has started keeps running beside Start
    started = WAITED.replace("BODY", 's.ready <- true\n\ts.note("serve")\n\ts.note("more")')
    assert len(run_source(started, [ConcurrentMapWrite]).diagnostics) == 2


CACHE = """package p

type Snapshot struct {
	cache map[string]int
}

func (s *Snapshot) Find(k string) int {
	if v, ok := s.cache[k]; ok {
		return v
	}
	s.cache[k] = len(k)
	return s.cache[k]
}
"""

CACHE_TEST = """package p

import "testing"

func TestFindConcurrently(t *testing.T) {
	snaps := []*Snapshot{{cache: map[string]int{}}, {cache: map[string]int{}}}
	done := make(chan bool)
	for _, s := range snaps {
		go func(s *Snapshot) {
			s.Find("a")
			done <- true
		}(s)
	}
	for range snaps {
		<-done
	}
	SHARED
}
"""


def _run_package(files: dict[str, str]) -> list[tuple[str, str]]:
    from gofixmap import rules
    from gofixmap.codemod.discover import GoFile
    from gofixmap.codemod.rule import Settings
    from gofixmap.codemod.runner import RunOptions, run

    options = RunOptions(
        rules=(ConcurrentMapWrite(),),
        settings=Settings(strategy="mutex"),
        external_types=rules.external_types(),
        include_tests=True,
        importer=rules.dependency_loader(),
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, code in files.items():
            path = Path(tmp) / name
            path.write_text(code)
            paths.append(GoFile(path, name, True))
        return [(r.path, d.message) for r in run(paths, options) for d in r.diagnostics]


def test_goroutines_a_test_starts_are_no_evidence_for_production_code() -> None:
    """A production method that only a test runs on goroutines is not
    reported from that test's goroutines (production findings are argued
    from production code); the test's own accesses still are."""
    own = CACHE_TEST.replace("SHARED", "")
    assert _run_package({"cache.go": CACHE, "cache_test.go": own}) == []
    shared = CACHE_TEST.replace(
        "SHARED",
        'm := map[string]int{}\n\tfor range 2 {\n\t\tgo func() { m["x"]++ }()\n\t}',
    )
    found = _run_package({"cache.go": CACHE, "cache_test.go": shared})
    assert [path for path, _ in found] == ["cache_test.go"]


def test_lazy_package_cache_in_a_gopath_project_is_found_through_its_importers() -> None:
    """Without go.mod (GOPATH), an importer's import path ends with the
    package's path under the project's root (here the one holding vendor/),
    and client-go (vendored) calls the project's code from its goroutines."""
    import subprocess
    import sys

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "src", "example.com", "proj")
        (root / "vendor" / "k8s.io" / "client-go").mkdir(parents=True)
        (root / "pkg" / "zones").mkdir(parents=True)
        (root / "pkg" / "app").mkdir(parents=True)
        (root / "pkg" / "zones" / "zones.go").write_text(
            "package zones\n\nvar cache = map[string]string{}\n\n"
            "func Find(k string) string {\n\tif z, ok := cache[k]; ok {\n\t\treturn z\n\t}\n"
            '\tcache[k] = k + "."\n\treturn cache[k]\n}\n'
        )
        app = (
            'package app\n\nimport "example.com/proj/pkg/zones"\n\n'
            "func Handle(k string) string { return zones.Find(k) }\n"
        )
        (root / "pkg" / "app" / "app.go").write_text(app)
        cmd = [sys.executable, "-m", "gofixmap", "--select", "MR001", "--no-cache", "."]
        out = subprocess.run(cmd, cwd=root, capture_output=True, text=True).stdout
        assert "zones.go:9:2: MR001 concurrent write to map cache: Find fills" in out
        # the importer only names another package of that name: no caller
        (root / "pkg" / "app" / "app.go").write_text(app.replace("proj/pkg/zones", "other/zones"))
        out = subprocess.run(cmd, cwd=root, capture_output=True, text=True).stdout
        assert "MR001" not in out


def _deep_reconciler(workers: int) -> str:
    """A reconciler whose Reconcile reaches a map write through a chain of
    300 methods (more functions than a small walk would visit)."""
    steps = "".join(f"func (r *R) step{i}(k string) {{ r.step{i + 1}(k) }}\n\n" for i in range(300))
    options = (
        "func (r *R) Options() Options {\n"
        f"\treturn Options{{MaxConcurrentReconciles: {workers}}}\n}}\n\n"
        if workers > 1
        else ""
    )
    return (
        'package p\n\nimport "context"\n\n'
        "type Request struct{ Name string }\n\ntype Result struct{}\n\n"
        "type Options struct{ MaxConcurrentReconciles int }\n\n"
        "type R struct{ seen map[string]int }\n\n"
        f"{options}"
        "func (r *R) Reconcile(ctx context.Context, req Request) (Result, error) {\n"
        "\tr.seen[req.Name]++\n\tr.step0(req.Name)\n\treturn Result{}, nil\n}\n\n"
        f"{steps}"
        "func (r *R) step300(k string) { r.seen[k] = 0 }\n"
    )


def test_deep_reconcile_path_is_one_goroutine_with_one_worker() -> None:
    """Every function Reconcile reaches runs on its worker, however deep the
    call: with one worker (controller-runtime's default) the map written at
    the end of a long chain and in Reconcile is one goroutine's; with two
    workers both writes race."""
    assert run_source(_deep_reconciler(1), [ConcurrentMapWrite]).diagnostics == ()
    found = run_source(_deep_reconciler(2), [ConcurrentMapWrite]).diagnostics
    expected = "concurrent write to map r.seen: Reconcile runs on several goroutines without a lock"
    assert [d.message for d in found] == [expected] * 2  # in Reconcile and in step300
