"""Each fact on its own: a small Go package (``CACHE``), the
fact's producer run through the real framework (PackageFacts), the values it
must give; and each fact computed once per package per run."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
import tree_sitter

from gofixmap import rules
from gofixmap.codemod import index as idx
from gofixmap.codemod import runner
from gofixmap.codemod import source as src
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.discover import expand
from gofixmap.codemod.facts import (
    Fact,
    Module,
    ModuleFact,
    ModuleFacts,
    PackageFacts,
    UndeclaredFact,
    computed,
)
from gofixmap.codemod.model import Applicability, RunOptions
from gofixmap.rules import facts as F
from gofixmap.rules.facts.apicallees import WHEN_PARAM
from gofixmap.rules.facts.callees import ParamWrite
from gofixmap.rules.facts.continuations import CONTINUATIONS
from gofixmap.rules.facts.fanout import FAN_OUT
from gofixmap.rules.facts.fieldinit import FIELD_INIT
from gofixmap.rules.facts.fieldvalues import FIELD_VALUES
from gofixmap.rules.facts.returnedfields import RETURNED_NIL_FIELDS

CACHE = b"""package p

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
	names map[string]string
}

func NewCache() *Cache {
	return &Cache{items: make(map[string]int)}
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Name(k string) {
	c.names[k] = k
}

func (c *Cache) Start() {
	go c.Put("a", 1)
	for i := 0; i < 3; i++ {
		go func() { c.Name("x") }()
	}
}

const debug = false

func count(words []string) map[string]int {
	var m map[string]int
	for _, w := range words {
		m[w]++
	}
	if debug {
		println(len(m))
	}
	return m
}

func maybe(ok bool) map[string]int {
	if ok {
		return map[string]int{}
	}
	return nil
}

func fill(dst map[string]int) {
	dst["x"] = 1
}

func use() int {
	c := NewCache()
	return len(c.items)
}
"""


class Package:
    """The package of ``cache.go`` with a fresh fact store."""

    def __init__(self) -> None:
        self.data = CACHE
        self.file = src.parse("cache.go", self.data)
        self.index = idx.build("p", "/p", [self.file])
        self.store = PackageFacts(self.index)

    def node(self, text: str, kind: str, skip: int = 0) -> tree_sitter.Node:
        """The node of ``kind`` that starts ``skip`` bytes into the first ``text``."""
        at = self.data.index(text.encode()) + skip
        for node in src.walk(self.file.root):
            if node.type == kind and node.start_byte == at:
                return node
        raise KeyError(text)


@pytest.fixture
def pkg() -> Package:
    return Package()


def test_types_expressions_calls_and_fields(pkg: Package) -> None:
    types = pkg.store.value(F.TYPES)
    write = pkg.node("c.items[k] = v", "index_expression")
    operand = write.child_by_field_name("operand")
    assert operand is not None
    assert types.type_of(pkg.file, operand) == "map[string]int"
    assert types.type_of(pkg.file, pkg.node("c := NewCache()", "call_expression", 5)) == "*Cache"
    names = types.field("Cache", "names")
    assert names is not None and names.type_text == "map[string]string" and not names.embedded
    assert types.field("Cache", "missing") is None
    assert types.is_map("map[string]int", pkg.file)
    assert types.map_parts("map[string]int", pkg.file) == ("string", "int")
    assert types.elem_type("[]string", pkg.file) == "string"
    assert types.elem_type("map[string]int", pkg.file) is None  # slices and arrays only


def test_calls_resolve_methods_and_functions(pkg: Package) -> None:
    calls = pkg.store.value(F.CALLS)
    callees = calls.callees()
    assert callees["Cache.Start"] == {"Cache.Put", "Cache.Name"}  # a method value and a closure
    assert callees["use"] == {"NewCache"}
    assert callees["fill"] == set()
    assert calls.reaches({"use"}, "NewCache") and not calls.reaches({"fill"}, "NewCache")


def test_constants_know_boolean_constants(pkg: Package) -> None:
    constants = pkg.store.value(F.CONSTANTS)
    assert constants.booleans() == {"debug": False}
    assert constants.value(pkg.file, pkg.node("debug {", "identifier")) is False


def test_constructions_name_each_literal_and_its_keys(pkg: Package) -> None:
    constructions = pkg.store.value(F.CONSTRUCTIONS).constructions
    (literal,) = constructions["Cache"]
    assert literal.kind == "literal" and literal.keys == frozenset({"items"})
    assert literal.describe() == "the Cache literal in NewCache"


def test_locks_held_at_a_write(pkg: Package) -> None:
    locks = pkg.store.value(F.LOCKS)
    assert locks.under_write_lock(pkg.file, pkg.node("c.items[k] = v", "assignment_statement"))
    assert not locks.under_write_lock(pkg.file, pkg.node("c.names[k] = k", "assignment_statement"))


def test_goroutines_launches_and_how_many_run_at_once(pkg: Package) -> None:
    goroutines = pkg.store.value(F.GOROUTINES)
    launches = [(launch.targets, launch.multiplicity) for launch in goroutines.launches]
    assert launches == [(("Cache.Put",), 1), ((), 2)]  # `go c.Put`, then a closure in a loop
    assert goroutines.funcs == {"Cache.Put": 1, "Cache.Name": 2}


CONTINUES = b"""package p

import "sync"

type A struct {
	mu   sync.Mutex
	kick chan bool
	in   chan string
	ids  map[string]bool
}

func (a *A) Work() {
	a.set("early")
	go func() {
		for range a.kick {
			a.notify()
		}
	}()
	for e := range a.in {
		a.set(e)
	}
}

func (a *A) set(e string) { a.ids[e] = true }

func (a *A) notify() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.check()
}

func (a *A) check() bool { return a.ids[""] }
"""


def test_continuations_goroutine_and_the_rest_of_its_starter() -> None:
    file = src.parse("a.go", CONTINUES)
    value = PackageFacts(idx.build("p", "/p", [file])).value(CONTINUATIONS)
    [launched] = value.by_owner["A"]
    assert launched.name == "a"
    # the goroutine reaches check only under notify's lock
    assert launched.goroutine == {"A.notify": False, "A.check": True}
    # the loop after the go statement runs beside it
    assert launched.after == {"A.set": False}
    assert launched.receives == frozenset({"kick"})


SERVES = b"""package p

var hits = map[string]int{}

func worker() { hits["w"]++ }

func Run() {
	hits["setup"] = 0
	go worker()
	hits["late"] = 1
}
"""


def test_serving_knows_setup_before_the_goroutines_start() -> None:
    file = src.parse("serve.go", SERVES)
    store = PackageFacts(idx.build("p", "/p", [file]))
    (hits,) = store.value(F.SHARED_MAPS).globals()
    serving = store.value(F.SERVING)
    by_key = {file.text(src.parent(a.node) or a.node): a for a in hits.accesses}
    worker = [by_key['hits["w"]']]
    assert serving.setup(by_key['hits["setup"]'], worker)  # before `go worker()`
    assert not serving.setup(by_key['hits["late"]'], worker)  # after it: concurrent
    assert not serving.setup(by_key['hits["w"]'], worker)  # the worker itself


def test_shared_maps_are_the_fields_goroutines_reach(pkg: Package) -> None:
    shared = pkg.store.value(F.SHARED_MAPS)
    fields = sorted((s.kind, s.owner, s.name, len(s.accesses)) for s in shared.fields())
    assert fields == [("field", "Cache", "items", 1), ("field", "Cache", "names", 1)]
    assert shared.globals() == []


def test_nil_flow_knows_which_results_can_be_nil(pkg: Package) -> None:
    flows = pkg.store.value(F.NIL_FLOW)
    assert flows.nil_results(pkg.index.funcs["maybe"]) == frozenset({0})  # `return nil`
    assert flows.nil_results(pkg.index.funcs["count"]) == frozenset()  # no nil literal


REGISTRY = b"""package p

var handlers map[string]int

var routes map[string]int

var Exported map[string]int

func init() { routes = map[string]int{} }

func handlerMap() map[string]int { return handlers }

func routeMap() map[string]int { return routes }
"""


def test_package_maps_are_those_nothing_makes() -> None:
    file = src.parse("registry.go", REGISTRY)
    index = idx.build("p", "/p", [file])
    store = PackageFacts(index)
    # routes is made in init; Exported may be made by another package
    assert sorted(store.value(F.PACKAGE_MAPS).unmade()) == ["handlers"]
    flows = store.value(F.NIL_FLOW)
    assert flows.nil_results(index.funcs["handlerMap"]) == frozenset({0})
    assert flows.nil_results(index.funcs["routeMap"]) == frozenset()


def test_map_summaries_know_parameters_written_as_maps(pkg: Package) -> None:
    summaries = pkg.store.value(F.MAP_SUMMARIES)
    assert summaries.map_param_functions() == frozenset({b"fill"})
    assert summaries.param_write(pkg.index.funcs["fill"], 0) == "dst"
    assert summaries.param_write(pkg.index.funcs["count"], 0) is None  # a slice parameter


def test_field_init_indexes_selectors_and_unexported_functions(pkg: Package) -> None:
    fields = pkg.store.value(FIELD_INIT)
    sites = [pkg.file.text(node) for _, node in fields.selectors("items")]
    assert sites == ["c.items", "c.items"]  # in Put and in use; a literal key is no selector
    assert fields.selectors("missing") == []
    # unexported package functions only: not NewCache, not the methods
    assert set(fields.function_uses()) == {"count", "maybe", "fill", "use"}


RELOAD = b"""package p

type Source struct{ Values map[string]string }

type Store struct {
	values map[string]string
	made   map[string]int
}

func New(src Source) *Store {
	return &Store{values: src.Values, made: make(map[string]int)}
}

func (s *Store) Reload(src *Source) {
	s.values = src.Values
	fresh := make(map[string]int)
	s.made = fresh
}

func (s *Store) Adopt(m map[string]int) {
	s.made = m
	if s.made == nil {
		s.made = map[string]int{}
	}
}
"""


def test_field_values_that_may_be_nil() -> None:
    """Values put into a map field that may be nil: from a parameter's field
    (assigned or keyed in a literal); not a made map, not a local made map,
    not one checked for nil at once; test files only for writes in tests."""
    file = src.parse("store.go", RELOAD)
    test_file = src.parse(
        "store_test.go",
        b"package p\n\nfunc (s *Store) reset(src *Source) { s.values = src.Values }\n",
    )
    store = PackageFacts(idx.build("p", "/p", [file, test_file]))
    values = store.value(FIELD_VALUES)
    found = [
        (v.kind, v.file.path, v.describe())
        for v in values.nilable("Store", "values", in_test=False)
    ]
    assert found == [
        ("assign", "store.go", "Store.Reload sets values from src.Values"),
        ("keyed", "store.go", "the Store literal in New sets values from src.Values"),
    ]
    in_tests = values.nilable("Store", "values", in_test=True)
    assert {v.describe() for v in in_tests} - {d for _, _, d in found} == {
        "Store.reset sets values from src.Values"
    }
    assert values.nilable("Store", "made", in_test=True) == []


def _declared_facts() -> list[Fact[Any]]:
    """Every fact declared at module level in the rules' facts package (and
    the engine's DECLARATIONS), found by import: a new fact cannot be missed."""
    found: dict[int, Fact[Any]] = {id(DECLARATIONS): DECLARATIONS}
    for info in pkgutil.iter_modules(F.__path__, F.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Fact):
                found.setdefault(id(value), value)
    return sorted(found.values(), key=lambda f: f.name)


def test_the_facts_package_documents_every_fact_it_declares() -> None:
    """The package docstring is the index of the facts: each one declared in
    a module of the package is named there, and what a producer requires is
    itself a declared fact."""
    declared = {
        name
        for info in pkgutil.iter_modules(F.__path__, F.__name__ + ".")
        for name, value in vars(importlib.import_module(info.name)).items()
        if isinstance(value, Fact) and value.produce.__module__ == info.name
    }
    assert {"TYPES", "FAN_OUT", "FIELD_INIT", "RETURNED_NIL_FIELDS"} <= declared
    index = F.__doc__ or ""
    assert sorted(n for n in declared if f"``{n}``" not in index) == []
    facts = _declared_facts()
    assert len({fact.name for fact in facts}) == len(facts)  # one name, one fact
    modules = _declared_module_facts()
    assert sorted(f.name for f in modules if f"``{_names()[id(f)]}``" not in index) == []
    for fact in facts:
        assert set(fact.requires) <= {*facts, *modules}, fact
    for module_fact in modules:
        assert set(module_fact.requires) <= set(modules), module_fact


def _names() -> dict[int, str]:
    return {
        id(value): name
        for info in pkgutil.iter_modules(F.__path__, F.__name__ + ".")
        for name, value in vars(importlib.import_module(info.name)).items()
        if isinstance(value, ModuleFact)
    }


def _declared_module_facts() -> list[ModuleFact[Any]]:
    """Every module fact declared in the rules' facts package, found by import."""
    found: dict[int, ModuleFact[Any]] = {}
    for info in pkgutil.iter_modules(F.__path__, F.__name__ + "."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, ModuleFact):
                found.setdefault(id(value), value)
    return sorted(found.values(), key=lambda f: f.name)


def test_each_module_fact_is_computed_once_per_module(tmp_path: Path) -> None:
    """Knowledge about the other packages of a module (who calls a function,
    who asserts a type) is a declared module fact: each computed once per
    module of a run, and a producer reads only the module facts it requires."""
    every = _declared_module_facts()
    assert {"module files", "test-only functions", "asserted types"} <= {f.name for f in every}
    assert len(every) >= 6
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.go").write_text("package a\n")
    store = ModuleFacts()
    one, two = Module(str(tmp_path), "example.com/m"), Module(str(tmp_path / "a"), "")
    for module in (one, two):
        for fact in every:
            first = store.value(fact, module)
            assert store.value(fact, module) is first
    assert dict(store.computed) == {(f.name, m.root): 1 for f in every for m in (one, two)}
    files = next(f for f in every if f.name == "module files")
    assert store.value(files, two) == (str(tmp_path / "a" / "a.go"),)
    undeclared: ModuleFact[int] = ModuleFact("reads files", lambda m: len(m.fact(files)))
    with pytest.raises(UndeclaredFact):
        store.value(undeclared, one)


def test_each_fact_is_computed_once_per_store(pkg: Package) -> None:
    every = _declared_facts()
    assert len(every) >= 20
    for fact in every:
        first = pkg.store.value(fact)
        assert pkg.store.value(fact) is first
    assert dict(pkg.store.computed) == {fact.name: 1 for fact in every}


@pytest.mark.parametrize("fix", [None, Applicability.SAFE])
def test_a_run_computes_each_fact_once_per_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fix: Applicability | None
) -> None:
    """All the rules over two packages: every fact that is read is produced
    once per package version (each fix round checks a new version)."""
    stores: list[PackageFacts] = []

    class Recording(PackageFacts):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            stores.append(self)

    monkeypatch.setattr(runner, "PackageFacts", Recording)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "cache.go").write_bytes(CACHE)
    options = RunOptions(rules=rules.select([], []), fix=fix)
    results = list(runner.run(expand([str(tmp_path)]), options))
    assert len(results) == 2 and all(r.diagnostics for r in results)
    assert {s.index.directory for s in stores} == {str(tmp_path / "a"), str(tmp_path / "b")}
    if fix is None:
        assert len(stores) == 2  # one check of each package
    for store in stores:
        assert store.computed and max(store.computed.values()) == 1, store.computed
        assert store.computed["types"] == 1  # every rule reads TYPES: produced once
    assert computed(stores)["types"] == len(stores)
    # a rule keeps nothing of its own between packages or rounds (go/analysis'
    # Analyzer is a value; what it learns goes into facts)
    assert [vars(rule) for rule in options.rules] == [{} for _ in options.rules]


def test_a_run_computes_each_module_fact_once_per_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every package of a run shares the run's module facts: each is produced
    once for the module, however many packages read it; the next run starts
    afresh (it sees the module's files as they are then)."""
    stores: list[PackageFacts] = []

    class Recording(PackageFacts):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            stores.append(self)

    monkeypatch.setattr(runner, "PackageFacts", Recording)
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "cache.go").write_bytes(
            CACHE.replace(b"package p", b"package " + name.encode())
        )
    options = RunOptions(rules=rules.select([], []))
    results = list(runner.run(expand([str(tmp_path)]), options))
    assert len(results) == 2 and all(r.diagnostics for r in results)
    assert len(stores) == 2 and stores[0].modules is stores[1].modules
    module = stores[0].modules
    assert {root for _, root in module.computed} == {str(tmp_path)}
    assert {"module files", "test-only functions"} <= {name for name, _ in module.computed}
    assert max(module.computed.values()) == 1, module.computed
    stores.clear()
    list(runner.run(expand([str(tmp_path / "a")]), options))
    assert stores and stores[0].modules is not module


FAN = b"""package p

import "sync"

type Status struct {
	Instances map[string]int
}

type Chaos struct {
	Status Status
}

type Pod struct {
	Name string
}

func apply(pod *Pod, chaos *Chaos) {
	chaos.Status.Instances[pod.Name] = 1
}

func applyLocked(mu *sync.Mutex, pod *Pod, chaos *Chaos) {
	mu.Lock()
	defer mu.Unlock()
	chaos.Status.Instances[pod.Name] = 1
}

func run(pods []Pod, chaos *Chaos) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range pods {
		pod := &pods[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			apply(pod, chaos)
			applyLocked(&mu, pod, chaos)
		}()
	}
	wg.Wait()
}

func once(pod *Pod, chaos *Chaos) {
	go apply(pod, chaos)
}
"""


def test_fan_out_writes_through_the_value_every_goroutine_of_a_loop_shares() -> None:
    """``chaos`` is declared outside the loop: every goroutine writes its map;
    ``pod`` is each iteration's own; the locked callee and the goroutine
    started outside a loop are not fan-out writes."""
    file = src.parse("fan.go", FAN)
    store = PackageFacts(idx.build("p", "/p", [file]))
    writes = store.value(FAN_OUT)
    found = [(w.starter, w.arg, w.callee.key, w.param, file.text(w.access.node)) for w in writes]
    assert found == [("run", "chaos", "apply", "chaos", "chaos.Status.Instances")]
    assert store.value(FAN_OUT) is writes


RETURNED = b"""package p

import "errors"

type Config struct {
	Name   string
	Labels map[string]string
	Extra  map[string]string
}

func NewConfig(name string) *Config {
	return &Config{Name: name, Extra: map[string]string{}}
}

func Zero() Config {
	var c Config
	return c
}

func Made() *Config {
	return &Config{Labels: map[string]string{}, Extra: map[string]string{}}
}

func Failed() (*Config, error) {
	return &Config{}, errors.New("no")
}

func Filled() *Config {
	c := &Config{}
	fill(c)
	return c
}

func fill(c *Config) {
	c.Labels = map[string]string{}
	c.Extra = map[string]string{}
}
"""


def test_returned_nil_fields_name_the_map_fields_a_result_may_hold_nil() -> None:
    """A literal without the field, a zero value returned as it is; not a
    literal that sets it, one returned beside an error, or a local handed
    to a call that may make it."""
    file = src.parse("config.go", RETURNED)
    store = PackageFacts(idx.build("p", "/p", [file]))
    fields = store.value(RETURNED_NIL_FIELDS)
    assert set(fields.funcs) == {"NewConfig", "Zero"}
    labels = fields.nil_field("NewConfig", "Labels")
    assert labels is not None and labels.type_text == "map[string]string" and labels.portable
    assert fields.nil_field("NewConfig", "Extra") is None
    assert set(fields.funcs["Zero"]) == {"Labels", "Extra"}
    assert (
        fields.nil_field("Made", "Labels") is None and fields.nil_field("Failed", "Labels") is None
    )


def test_callee_writes_of_a_package_of_the_run(pkg: Package) -> None:
    """Only exported functions are told to importers; ``fill`` is unexported."""
    assert pkg.store.value(F.CALLEE_WRITES).funcs == {}
    data = CACHE.replace(b"func fill(", b"func Fill(")
    file = src.parse("cache.go", data)
    store = PackageFacts(idx.build("p", "/p", [file]))
    writes = store.value(F.CALLEE_WRITES)
    assert writes.write("Fill", 0) == ParamWrite("dst", "map[string]int", True, False)
    assert writes.write("Fill", 1) is None and writes.write("NewCache", 0) is None


DEP_GO = """package dep

type Set map[string]bool

func Add(s Set, k string) { s[k] = true }

func AddOrMake(m map[string]int, k string) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[k]++
	return m
}
"""


def test_callee_writes_of_an_imported_package_come_from_its_source(tmp_path: Path) -> None:
    """Another package of the module: read whole the first time a from-source
    fact is asked for, once; its declarations alone for the other facts."""
    from gofixmap.codemod.facts import UndeclaredFact
    from gofixmap.rules.facts.exports import EXPORTED_TYPES

    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep/dep.go").write_text(DEP_GO)
    (tmp_path / "app").mkdir()
    loader = rules.dependency_loader()
    store = loader.load("example.com/m/dep", str(tmp_path / "app"), "example.com/m")
    assert store is not None
    store.value(EXPORTED_TYPES)
    assert loader.bodies_parsed == 0  # declarations only so far
    writes = store.value(F.CALLEE_WRITES)
    assert writes.write("Add", 0) == ParamWrite("s", "Set", False, False)
    assert writes.write("AddOrMake", 0) is None  # made when nil
    assert store.value(F.CALLEE_WRITES) is writes
    again = loader.load("example.com/m/dep", str(tmp_path / "app"), "example.com/m")
    assert again is store and again.value(F.CALLEE_WRITES) is writes
    assert loader.bodies_parsed == 1
    with pytest.raises(UndeclaredFact):
        store.value(F.MAP_SUMMARIES)  # not exported: never for a dependency


def test_test_only_word_counts_answer_as_the_file_scan(tmp_path: Path) -> None:
    # after a few names a module's word counts replace reading every file per
    # name: both must agree on every name, comments and longer words apart
    from gofixmap.rules.facts import testonly

    files = {
        "a.go": "package a\n\n// UsedInComment only here\nfunc Helper() int { return 1 }\n"
        "func Prod() int { return Other() + HelperX() }\nfunc Other() int { return 2 }\n"
        "func HelperX() int { return 0 }\nfunc UsedInComment() {}\n"
        'var url = "http://Prod/Only"\n',
        "a_test.go": "package a\n\nfunc TestA() { _ = Helper(); _ = Other(); /* Prod() */ }\n"
        "func TestB() { UsedInComment() }\n",
        "b_test.go": "package a\n\nvar _ = Only\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    paths = sorted(str(p) for p in tmp_path.iterdir())
    names = ["Helper", "Other", "Prod", "HelperX", "UsedInComment", "Only", "Missing", "Test"]
    scanned = {n: testonly._only_tests(paths, n) for n in names}
    assert scanned["Helper"] and scanned["UsedInComment"]
    assert not scanned["Other"] and not scanned["Prod"] and not scanned["HelperX"]
    scope = (str(tmp_path), True)
    uses = ModuleFacts().value(testonly.TEST_ONLY, Module(str(tmp_path), ""))
    uses._read[scope] = testonly._SCANS * len(paths)  # the next name takes the counts
    counted = {n: uses._only_tests_in(scope, paths, n) for n in names}
    assert scope in uses._counts
    assert counted == scanned


PROOFS = b"""package p

import "errors"

type Meta struct {
	Name        string
	Annotations map[string]string
}

type Secret struct {
	Meta
	Data map[string][]byte
}

func Ensure(m *Meta) {
	if m.Annotations == nil {
		m.Annotations = make(map[string]string)
	}
}

func Written(m *Meta) {
	m.Annotations["v"] = "1"
}

func Undone(m *Meta, keep bool) {
	m.Annotations = map[string]string{}
	if !keep {
		m.Annotations = nil
	}
}

func Early(m *Meta) {
	if m.Name == "" {
		return
	}
	m.Annotations = map[string]string{}
}

func ByValue(m Meta) {
	m.Annotations = map[string]string{}
}

func Parse(s *Secret) ([]byte, error) {
	key, ok := s.Data["key"]
	if !ok {
		return nil, errors.New("no key")
	}
	if len(s.Meta.Annotations) == 0 {
		return nil, errors.New("no annotations")
	}
	return key, nil
}

func Branch(s *Secret, strict bool) error {
	if strict {
		if s.Data == nil {
			return errors.New("no data")
		}
	}
	return nil
}

func Cached(s *Secret, hit bool) error {
	if hit {
		return nil
	}
	if _, ok := s.Data["key"]; !ok {
		return errors.New("no key")
	}
	return nil
}

func Wiped(m *Meta, fresh bool) {
	m.Annotations = map[string]string{}
	if fresh {
		*m = Meta{}
	}
}

func Later(m *Meta) func() {
	m.Annotations = map[string]string{}
	return func() { m.Annotations = nil }
}

func Reset(s *Secret) error {
	if s.Data == nil {
		return errors.New("no data")
	}
	s.Meta = Meta{}
	s.Data = nil
	return nil
}

func Remade(s *Secret) error {
	if len(s.Data) == 0 {
		return errors.New("no data")
	}
	s.Data = map[string][]byte{}
	return nil
}

func Deref(m *Meta) {
	(*m).Annotations = make(map[string]string)
}

func NoError(s *Secret) bool {
	_, ok := s.Data["key"]
	return ok
}

func NilFirst(m *Meta) {
	if m == nil {
		return
	}
	Ensure(m)
}

func (m *Meta) ensure() {
	if m.Annotations == nil {
		m.Annotations = map[string]string{}
	}
}

func Method(s *Secret) {
	s.Meta.ensure()
	s.ensureData()
}

func (s *Secret) ensureData() {
	s.Data = map[string][]byte{}
}

func Name(m *Meta) string {
	if m == nil {
		return ""
	}
	return m.Name
}

func Handed(m *Meta) { Undone(m, false) }

func Local(m *Meta) {
	a := map[string]string{}
	a["k"] = "v"
	m.Annotations = a
}

func Shadowed(m *Meta, b bool) {
	a := map[string]string{}
	if b {
		a = nil
	}
	m.Annotations = a
}
"""


def test_api_callees_what_a_body_proves_about_its_pointer_parameters() -> None:
    file = src.parse("proofs.go", PROOFS)
    store = PackageFacts(idx.build("p", "/p", [file]))
    proofs = store.value(F.API_CALLEES)
    proving = {k for k, v in proofs.funcs.items() if v.ensured or v.checked or v.ensured_if}
    assert proving == {
        "Ensure",
        "Written",
        "Parse",
        "Remade",
        "Deref",
        "NilFirst",
        "Meta.ensure",
        "Secret.ensureData",
        "Local",
        "Method",
        "Reset",
    }
    # Reset: after its error exit it assigns s.Meta a literal (a struct
    # value, as ensured says of it) and sets Data nil: no map is checked
    assert dict(proofs.funcs["Reset"].checked) == {0: frozenset({"Meta"})}
    # a nil receiver or parameter has no object below it: `if m == nil
    # {return}` does not end the scan; a callee's proof (a function, a
    # method on the receiver) is the caller's; a local made (and written)
    # before it is assigned is a made map; one that a branch sets to nil is not
    assert dict(proofs.funcs["NilFirst"].ensured) == {0: frozenset({"Annotations"})}
    assert dict(proofs.funcs["Meta.ensure"].ensured) == {-1: frozenset({"Annotations"})}
    assert dict(proofs.funcs["Secret.ensureData"].ensured) == {-1: frozenset({"Data"})}
    assert dict(proofs.funcs["Local"].ensured) == {0: frozenset({"Annotations"})}
    # s.Meta.ensure(): a method of a field's value, whose type is not known here
    assert dict(proofs.funcs["Method"].ensured) == {0: frozenset({"Data"})}
    # the parameters a function only reads (fields, nil checks): untouched
    assert 0 in proofs.funcs["Name"].untouched and 0 in proofs.funcs["NoError"].untouched
    # assigned below it (even a map entry: an element may hold maps), or
    # handed to a function that does: not untouched
    for name in ("Ensure", "Written", "Handed", "Deref", "Remade"):
        found = proofs.get(name)
        assert found is None or 0 not in found.untouched, name
    ensure, written, parse = (proofs.funcs[name] for name in ("Ensure", "Written", "Parse"))
    assert dict(ensure.ensured) == {0: frozenset({"Annotations"})}
    assert dict(written.ensured) == {0: frozenset({"Annotations"})}  # a nil map panics
    assert not ensure.checked and not parse.ensured
    assert dict(parse.checked) == {0: frozenset({"Data", "Meta.Annotations"})}
    # made again after the check: still not nil
    assert dict(proofs.funcs["Remade"].checked) == {0: frozenset({"Data"})}
    assert not proofs.funcs["Remade"].ensured  # its error return comes first
    assert dict(proofs.funcs["Deref"].ensured) == {0: frozenset({"Annotations"})}
    # Undone assigns nil in a branch, Early may return first, ByValue changes
    # a copy, Branch checks only sometimes, Cached returns nil before its
    # check, NoError has no error to check; Wiped may zero the whole object,
    # Later hands out a literal that sets nil, Reset sets nil after its check
    assert store.value(F.API_CALLEES) is proofs


WHEN = b"""package p

type Spec struct {
	Off  bool
	Mode string
}

type Obj struct {
	Spec    Spec
	Results map[string]bool
	Other   map[string]bool
}

func (o *Obj) Defaults(strict bool) {
	if !o.Spec.Off && o.Results == nil {
		o.Results = make(map[string]bool)
	}
	if o.Spec.Mode == "a" && o.Other == nil && strict {
		o.Other = map[string]bool{}
	}
}

func Flip(o *Obj) {
	if o.Spec.Mode == "a" {
		o.Results = map[string]bool{}
	}
	o.Spec.Mode = "b"
}

func Call(o *Obj) {
	if check(o) {
		o.Results = map[string]bool{}
	}
}

func Late(o *Obj) error {
	if o.Spec.Off {
		return nil
	}
	if o.Spec.Mode == "a" {
		o.Results = map[string]bool{}
	}
	return nil
}

func check(o *Obj) bool { return o.Spec.Off }
"""


def test_api_callees_maps_made_under_a_condition_on_the_object() -> None:
    file = src.parse("when.go", WHEN)
    store = PackageFacts(idx.build("p", "/p", [file]))
    proofs = store.value(F.API_CALLEES)
    p = WHEN_PARAM
    # the nil test of the map made drops out of its condition; a term on
    # another name (strict) is not a condition on the object
    assert dict(proofs.funcs["Obj.Defaults"].ensured_when) == {
        -1: {"Results": frozenset({f"!{p}.Spec.Off"})}
    }
    # the condition's field assigned after, a call in the condition, a
    # return before the make: nothing
    for name in ("Flip", "Call", "Late"):
        found = proofs.get(name)
        assert found is None or not found.ensured_when, name


def test_api_callees_of_an_imported_package_come_from_its_source(tmp_path: Path) -> None:
    """What the functions of another package prove is read from its source
    (an exported fact), as its importers' guards ask for it."""
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep/dep.go").write_text(PROOFS.decode().replace("package p", "package dep"))
    (tmp_path / "app").mkdir()
    loader = rules.dependency_loader()
    store = loader.load("example.com/m/dep", str(tmp_path / "app"), "example.com/m")
    assert store is not None
    proofs = store.value(F.API_CALLEES)
    ensure = proofs.get("Ensure")
    assert ensure is not None and dict(ensure.ensured) == {0: frozenset({"Annotations"})}
    for name in ("Undone", "NoError"):
        found = proofs.get(name)
        assert found is None or not (found.ensured or found.checked or found.ensured_if)


def test_test_only_search_reads_the_declaring_package_first(tmp_path: Path) -> None:
    # a name its own package uses is answered from the package's files; the
    # order of the files never changes the answer
    from gofixmap.rules.facts import testonly

    for rel, text in {
        "a/x.go": "package a\n",
        "b/b.go": "package b\n\nfunc New() int { return 1 }\nvar v = New()\n",
        "b/b_test.go": "package b\n\nvar _ = New()\n",
        "b/c/c.go": "package c\n",
        "z/z.go": "package z\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    paths = sorted(str(p) for p in tmp_path.rglob("*.go"))
    first = testonly._package_first(paths, str(tmp_path / "b"))
    assert first[:2] == [str(tmp_path / "b/b.go"), str(tmp_path / "b/b_test.go")]
    assert sorted(first) == paths
    assert testonly._search(first, "New") == (False, 1)  # declaration and use in b.go
    assert testonly._search(paths, "New") == (False, 2)
    assert testonly._package_first(paths, str(tmp_path / "none")) == paths


MADE = b"""package p

import "maps"

func Literal() map[string]string { return map[string]string{} }

func Made(n int) map[string]int { return make(map[string]int, n) }

func Local(k, v string) map[string]string {
	m := map[string]string{}
	if k != "" {
		m[k] = v
	}
	return m
}

func Through() map[string]string { return Local("", "") }

func Param(m map[string]string) map[string]string { return m }

func Cloned(m map[string]string) map[string]string { return maps.Clone(m) }

func Reset(drop bool) map[string]string {
	m := map[string]string{}
	if drop {
		m = nil
	}
	return m
}

func Addressed() map[string]string {
	m := map[string]string{}
	clear(&m)
	return m
}

func clear(m *map[string]string) { *m = nil }

func Named() (m map[string]string) {
	m = map[string]string{}
	return
}

func Declared() map[string]string {
	var m map[string]string
	return m
}

func Two() (map[string]string, error) { return map[string]string{}, nil }

func Panics() map[string]string { panic("no") }

type T struct{}

func (T) Method() map[string]string { return map[string]string{} }
"""


def test_made_returns_functions_that_never_return_a_nil_map() -> None:
    file = src.parse("made.go", MADE)
    store = PackageFacts(idx.build("p", "/p", [file]))
    # Param and Cloned may give nil, Reset assigns nil, Addressed hands out
    # &m, Named and Declared return named results or a var left nil, Two has
    # two results, Panics never returns, Method is a method
    assert store.value(F.MADE_RETURNS) == {"Literal", "Made", "Local", "Through"}


def _merge_module(tmp_path: Path, version: str, replace: str = "") -> PackageFacts:
    (tmp_path / "app").mkdir(parents=True)
    (tmp_path / "app/app.go").write_text("package app\n")
    mod = f"module example.com/m\n\ngo 1.22\n\nrequire k8s.io/apimachinery {version}\n{replace}"
    (tmp_path / "go.mod").write_text(mod)
    index = idx.build("app", str(tmp_path / "app"), [], "example.com/m")
    return PackageFacts(index, importer=rules.dependency_loader())


def test_made_returns_of_a_dependency_come_from_its_source_before_the_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """A dependency's source, when it can be read, decides; without it the
    built-in fallback answers (and the run says it used built-in knowledge)."""
    from gofixmap.codemod import gomod
    from gofixmap.rules.facts.madereturns import imported_made

    labels = "k8s.io/apimachinery/pkg/labels"
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("GOFLAGS", "-mod=mod")
    # the environment is read once per process: not an earlier test's, and
    # not this one's for the tests after it
    gomod.reset_environment()
    request.addfinalizer(gomod.reset_environment)
    fallback = _merge_module(tmp_path / "a", "v0.35.2")
    pass_ = fallback.pass_for((F.MADE_RETURNS,), "test")
    assert imported_made(pass_, labels, "Merge")
    assert fallback.builtin == {labels}
    assert not imported_made(pass_, labels, "Equals")
    # a replaced dependency whose Merge hands back its parameter: not made
    local = tmp_path / "b" / "apimachinery"
    (local / "pkg/labels").mkdir(parents=True)
    (local / "go.mod").write_text("module k8s.io/apimachinery\n\ngo 1.22\n")
    (local / "pkg/labels/labels.go").write_text(
        "package labels\n\ntype Set map[string]string\n\n"
        "func Merge(a, b Set) Set { return a }\n\n"
        "func Fresh() Set { return Set{} }\n"
    )
    source = _merge_module(
        tmp_path / "b", "v0.1.0", "replace k8s.io/apimachinery => ./apimachinery\n"
    )
    pass_ = source.pass_for((F.MADE_RETURNS,), "test")
    assert not imported_made(pass_, labels, "Merge")
    assert imported_made(pass_, labels, "Fresh")
    assert not source.builtin


def _computed_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> list[PackageFacts]:
    stores: list[PackageFacts] = []

    class Recording(PackageFacts):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            stores.append(self)

    monkeypatch.setattr(runner, "PackageFacts", Recording)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    list(runner.run(expand([str(tmp_path)]), RunOptions(rules=rules.select([], []))))
    return stores


LAZY_LIB = """package lib

var names map[string]string

func Name(k string) string {
	if v, ok := names[k]; ok {
		return v
	}
	names[k] = k
	return k
}
"""


@pytest.mark.parametrize("framework", [False, True])
def test_package_maps_are_looked_at_for_lazy_caches_only_on_a_concurrent_framework(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, framework: bool
) -> None:
    """A library package that starts no goroutine and locks nothing has
    package maps worth collecting for MR001 only if one can be a lazy cache,
    which needs a framework that calls the module's code concurrently."""
    from gofixmap.rules.facts.shared import SharedMaps

    asked: list[int] = []
    collect = SharedMaps.globals

    def counted(self: SharedMaps) -> Any:
        asked.append(1)
        return collect(self)

    monkeypatch.setattr(SharedMaps, "globals", counted)
    require = "\nrequire google.golang.org/grpc v1.60.0\n" if framework else ""
    files = {"go.mod": f"module example.com/m\n\ngo 1.22\n{require}", "lib/lib.go": LAZY_LIB}
    stores = _computed_facts(tmp_path, monkeypatch, files)
    assert len(stores) == 1 and "goroutines" in stores[0].computed
    assert bool(asked) is framework


@pytest.mark.parametrize("field", [False, True])
def test_constructions_are_computed_only_for_a_write_to_a_map_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: bool
) -> None:
    """NM002 needs CONSTRUCTIONS (and FIELD_INIT) only to judge a write
    through a field to a map: a package whose map writes are all to local
    maps never computes them."""
    write = "s.m[k] = 1" if field else "local := map[string]int{}\n\tlocal[k] = 1"
    text = (
        "package p\n\ntype S struct{ m map[string]int }\n\n"
        f"func (s *S) Put(k string) {{\n\t{write}\n}}\n"
    )
    stores = _computed_facts(tmp_path, monkeypatch, {"p/p.go": text})
    assert len(stores) == 1
    assert ("constructions" in stores[0].computed) is field
    assert ("field-init" in stores[0].computed) is field


MAP_USES_SRC = b"""package p

type Set map[string]struct{}

func New(items ...string) Set {
	s := Set{}
	for _, i := range items {
		s.Add(i)
	}
	return s
}

func With(s Set, item string) Set { return s.Add(item) }

func (s Set) Add(k string) Set {
	s[k] = struct{}{}
	return s
}

func (s Set) Has(k string) bool {
	_, ok := s[k]
	return ok
}

func (s Set) Drop(k string) { (Set)(s).remove(k) }

func (s Set) remove(k string) { delete(s, k) }

func (s Set) Keep(f func(Set)) { f(s) }

func (s *Set) Reset() { *s = nil }

func equal(a, b map[string]int) bool {
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return len(a) == len(b)
}

func put(m map[string]int, k string) { m[k]++ }

func stored(m map[string]int, into *map[string]int) { *into = m }

func captured(m map[string]int) func() int { return func() int { return len(m) } }

func shadowed(m map[string]int) {
	for m := range []int{} {
		_ = m
	}
}
"""


def test_map_uses_methods_constructors_and_parameters() -> None:
    """How a package's functions use the maps handed to them: the methods
    of a named map type that write or read the receiver (through another
    method, also of a converted receiver), the constructors (not one that
    hands back a set it was given), the map parameters read or written;
    a map stored, captured, handed to an unknown function or a name declared
    again is left out."""
    from gofixmap.rules.facts.mapuses import MAP_USES

    file = src.parse("uses.go", MAP_USES_SRC)
    store = PackageFacts(idx.build("p", "/p", [file]))
    uses = store.value(MAP_USES)
    assert dict(uses.methods["Set"]) == {
        "Add": "write",
        "Has": "read",
        "Drop": "write",
        "remove": "write",
    }
    assert dict(uses.constructors) == {"New": "Set"}
    assert {k: dict(v) for k, v in uses.params.items()} == {
        "With": {0: "write"},
        "equal": {0: "read", 1: "read"},
        "put": {0: "write"},
    }


UNSET = b"""package p

type T struct {
	never    map[string]int
	assigned map[string]int
	keyed    map[string]int
	addr     map[string]int
	ranged   map[string]int
	Exported map[string]int
}

type byPos struct{ m map[string]int }

type elided struct{ m2 map[string]int }

type other struct{ x map[string]int }

var _ = T{keyed: nil}
var _ = byPos{nil}
var _ = []elided{{nil}}

func f(t *T, o *other, src map[int]map[string]int) {
	t.assigned = map[string]int{}
	p := &t.addr
	_ = p
	for _, t.ranged = range src {
	}
	o.x = nil
}
"""


def test_unset_fields_are_unexported_fields_nothing_of_the_package_sets() -> None:
    from gofixmap.rules.facts.unsetfields import UNSET_FIELDS

    file = src.parse("t.go", UNSET)
    fields = PackageFacts(idx.build("p", "/p", [file])).value(UNSET_FIELDS)
    assert fields.unset("T", "never")
    for name in ("assigned", "keyed", "addr", "ranged", "Exported", "missing"):
        assert not fields.unset("T", name), name
    assert not fields.unset("byPos", "m")  # an unkeyed literal sets every field
    assert not fields.unset("elided", "m2")  # also with the element type elided
    assert not fields.unset("other", "x")  # any assignment counts, even of nil
    assert not fields.unset("Nope", "never")  # not a struct of the package


@pytest.mark.parametrize(
    ("doc", "name", "promised"),
    [
        ("Client is safe for concurrent use by multiple goroutines.", "Client", True),
        ("A Pool is safe for use by multiple goroutines simultaneously.", "Pool", True),
        ("Cache holds hashes. It is safe to use concurrently.", "Cache", True),
        ("Registry is thread-safe.", "Registry", True),
        ("Cache is shared among goroutines that reconcile objects.", "Cache", True),
        ("Lookup may be called concurrently.", "Lookup", True),
        ("Add adds c. constraint may be called concurrently.", "Add", False),
        ("Tracker is not safe for concurrent use.", "Tracker", False),
        ("Builder isn't thread-safe; keep one per request.", "Builder", False),
        ("A Parser is used by one goroutine at a time.", "Parser", False),
        ("Store holds the objects.", "Store", False),
    ],
)
def test_docs_that_promise_concurrent_use(doc: str, name: str, promised: bool) -> None:
    from gofixmap.rules.facts.concurrentdocs import promises_concurrency

    assert promises_concurrency(doc, name) is promised
