"""Facts: what the rules know about a package, each computed once.

The model is go/analysis: an ``Analyzer`` names the analyzers it ``Requires``
and reads their results from ``Pass.ResultOf``; a package's exported facts
are visible to the packages that import it. Here:

- a :class:`Fact` is a kind of knowledge about one package (the type of every
  expression, where structs are built, the call graph, ...): a producer
  function from a :class:`Pass` to a typed value, and the facts that producer
  reads (``requires``);
- a :class:`Pass` is what a rule or a producer sees of one package: its
  index, settings, the hints of the run, and ``fact(F)`` for the facts it
  declared (a rule's ``REQUIRES``, a producer's ``requires``): reading one it
  did not declare is a bug (:class:`UndeclaredFact`);
- a :class:`PackageFacts` computes each fact of its package once, on first
  use, and keeps it for the rest of the run over that package (every rule,
  every fix round on unchanged code is a new package);
- ``Pass.dependency(path)`` is the pass of an imported package, through which
  only facts marked ``exported`` can be read; an :class:`Importer` finds and
  loads such packages (declarations only), once per run. An exported fact
  marked ``from_source`` (what a function's body does: go/analysis's object
  facts) needs the imported package's function bodies: the first time one is
  read, the package's files are parsed (the importer's ``sources``) and the
  fact is computed on them like on a package of the run;
- ``Pass.used_builtin(path)`` records that a rule fell back on built-in
  knowledge of ``path`` (its sources were not found): the run says so;
- a :class:`ModuleFact` is knowledge about the whole module a package is in,
  read from the files of its other packages on disk (who calls a function,
  who asserts a type: the reverse direction of go/analysis facts, which flow
  from a package to its importers only). ``Pass.module(F)`` reads it, for a
  declared F; a :class:`ModuleFacts` (one per run, shared by every package
  of the run) computes each once per module.

The engine knows nothing about maps: the facts themselves live with the rules
(``gofixmap.rules.facts``).
"""

from __future__ import annotations

import collections
import functools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar

from gofixmap.codemod import discover, gomod
from gofixmap.codemod.model import Settings

if TYPE_CHECKING:
    from gofixmap.codemod.index import PackageIndex
    from gofixmap.codemod.source import SourceFile

T = TypeVar("T")
H = TypeVar("H")


class Fact(Generic[T]):
    """A kind of knowledge about a package, produced by ``produce`` from the
    facts in ``requires``. ``exported``: the packages that import this one may
    read it (it must then depend on declarations only, not on the importer).
    Facts compare by identity: declare each once, at module level."""

    __slots__ = ("doc", "exported", "from_source", "name", "produce", "requires")

    def __init__(
        self,
        name: str,
        produce: Callable[[Pass], T],
        requires: Iterable[Requirement] = (),
        *,
        exported: bool = False,
        from_source: bool = False,
        doc: str = "",
    ) -> None:
        self.name = name
        self.produce = produce
        self.requires: tuple[Requirement, ...] = tuple(requires)
        self.exported = exported or from_source
        # computed from function bodies: for an imported package, from its
        # parsed files (not from its declarations)
        self.from_source = from_source
        self.doc = doc or produce.__doc__ or ""

    def __repr__(self) -> str:
        return f"Fact({self.name})"


@dataclass(frozen=True)
class Module:
    """The module a package is in: ``root``, the directory of the nearest
    go.mod at or above the package (without one, the root of the GOPATH
    project around it, :func:`.discover.gopath_module_of`; the package's
    own directory when there is neither), and its module ``path`` ("" when
    unknown)."""

    root: str
    path: str


def module_of(index: PackageIndex) -> Module:
    """The :class:`Module` of the package ``index``."""
    found = gomod.find_upward(index.directory, "go.mod")
    if found:
        return Module(os.path.abspath(os.path.dirname(found)), index.module_path)
    project = _gopath_project(os.path.abspath(index.directory))
    root = str(project.root) if project is not None else index.directory
    return Module(os.path.abspath(root), index.module_path)


@functools.lru_cache(maxsize=256)
def _gopath_project(directory: str) -> discover.Module | None:
    return discover.gopath_module_of(directory)


class ModuleFact(Generic[T]):
    """A kind of knowledge about a whole module, produced by ``produce`` from
    the :class:`ModulePass` of the module (through which it reads the module
    facts in ``requires``), once per module per run. Its value may answer
    questions lazily (a name's uses, found when first asked): each answer is
    then also computed once per module per run. Compare by identity: declare
    each once, at module level."""

    __slots__ = ("doc", "name", "produce", "requires")

    def __init__(
        self,
        name: str,
        produce: Callable[[ModulePass], T],
        requires: Iterable[ModuleFact[Any]] = (),
        *,
        doc: str = "",
    ) -> None:
        self.name = name
        self.produce = produce
        self.requires: tuple[ModuleFact[Any], ...] = tuple(requires)
        self.doc = doc or produce.__doc__ or ""

    def __repr__(self) -> str:
        return f"ModuleFact({self.name})"


Requirement: TypeAlias = "Fact[Any] | ModuleFact[Any]"
"""What a rule's ``REQUIRES`` or a producer's ``requires`` may name."""


class ModuleFacts:
    """The module facts of one run: each computed once per module, on first
    use, for every package of the run in that module (a run makes one; a
    package checked on its own gets its own).

    A run visits the packages of a module together (its units come in
    directory order), so the facts of the ``kept`` modules used last are
    kept and older ones dropped: a run over many modules holds the word
    counts and file lists of a few at a time."""

    def __init__(self, kept: int = 4) -> None:
        self._modules: dict[Module, dict[ModuleFact[Any], Any]] = {}
        self._kept = kept
        self.computed: collections.Counter[tuple[str, str]] = collections.Counter()
        self._active: list[ModuleFact[Any]] = []

    def value(self, fact: ModuleFact[T], module: Module) -> T:
        values = self._modules.get(module)
        if values is None:
            while len(self._modules) >= self._kept:
                del self._modules[next(iter(self._modules))]  # the oldest
            values = self._modules[module] = {}
        if fact in values:
            found: T = values[fact]
            return found
        if fact in self._active:
            chain = " -> ".join(f.name for f in (*self._active, fact))
            raise FactCycle(f"module facts require each other: {chain}")
        self._active.append(fact)
        try:
            value = fact.produce(ModulePass(self, module, fact))
        finally:
            self._active.pop()
        values[fact] = value
        self.computed[(fact.name, module.root)] += 1
        return value


class ModulePass:
    """What a module fact's producer sees: the module and the module facts
    it declared."""

    __slots__ = ("_fact", "_store", "module")

    def __init__(self, store: ModuleFacts, module: Module, fact: ModuleFact[Any]) -> None:
        self._store = store
        self._fact = fact
        self.module = module

    def fact(self, key: ModuleFact[T]) -> T:
        if key not in self._fact.requires:
            raise UndeclaredFact(f"{self._fact.name} reads {key.name} without requiring it")
        return self._store.value(key, self.module)


class UndeclaredFact(LookupError):
    """A rule or producer read a fact it did not declare."""


class FactCycle(RuntimeError):
    """A fact requires itself, directly or not."""


class Importer(Protocol):
    """Finds and loads the packages a package imports, for their exported
    facts. ``load`` answers the facts of the package ``import_path`` as seen
    from a package in ``directory`` (of module ``module_path``), or ``None``
    when its sources are not available; it loads each package once per run.

    The implementation, :class:`gofixmap.codemod.declarations.DependencyLoader`,
    looks in the importing package's own module (and its ``go.work``), then
    in its ``vendor/`` or the module cache (versions and ``replace`` from
    go.mod), reading declarations only; its packages come with the value of
    the exported fact ``DECLARATIONS`` given, from which the rules' exported
    facts (``gofixmap.rules.facts.exports``) are computed."""

    def load(self, import_path: str, directory: str, module_path: str) -> PackageFacts | None: ...


@dataclass(frozen=True)
class Hints:
    """Typed information about the run that the rules may use: values whose
    type is their key (a race report's sites, ...). Hashable, so that the
    result cache can key on them."""

    values: tuple[object, ...] = ()

    def get(self, kind: type[H]) -> H | None:
        for value in self.values:
            if isinstance(value, kind):
                return value
        return None


class PackageFacts:
    """The facts of one package for one run: each computed on first use."""

    def __init__(
        self,
        index: PackageIndex,
        settings: Settings | None = None,
        hints: Hints | None = None,
        importer: Importer | None = None,
        *,
        declarations_only: bool = False,
        given: Mapping[Fact[Any], Any] | None = None,
        sources: Callable[[], PackageIndex | None] | None = None,
        modules: ModuleFacts | None = None,
    ) -> None:
        self.index = index
        self.modules = modules if modules is not None else ModuleFacts()
        self._module: Module | None = None
        self.settings = settings or Settings()
        self.hints = hints or Hints()
        self.importer = importer
        self.declarations_only = declarations_only  # a dependency: exported facts only
        self.computed: collections.Counter[str] = collections.Counter()  # fact name -> runs
        # values known without a producer (a dependency's declarations, from disk)
        self._values: dict[Fact[Any], Any] = dict(given or {})
        # import paths whose types a rule took from built-in knowledge instead
        self.builtin: set[str] = set()
        self._active: list[Fact[Any]] = []
        # a dependency: its parsed files, for facts computed from source
        self._sources = sources
        self._full: PackageFacts | None = None

    def value(self, fact: Fact[T]) -> T:
        if fact in self._values:
            found: T = self._values[fact]
            return found
        if self.declarations_only and not fact.exported:
            raise UndeclaredFact(f"{fact.name} is not exported: not available for a dependency")
        if self.declarations_only and fact.from_source:
            full = self._source_facts()
            if full is None:
                raise UndeclaredFact(f"{fact.name}: the sources of the dependency are not readable")
            found_source: T = full.value(fact)
            self._values[fact] = found_source
            return found_source
        if fact in self._active:
            chain = " -> ".join(f.name for f in (*self._active, fact))
            raise FactCycle(f"facts require each other: {chain}")
        self._active.append(fact)
        try:
            value = fact.produce(Pass(self, fact.requires, fact.name))
        finally:
            self._active.pop()
        self._values[fact] = value
        self.computed[fact.name] += 1
        return value

    def _source_facts(self) -> PackageFacts | None:
        """The facts of this dependency computed on its parsed files (once)."""
        if self._full is None and self._sources is not None:
            index = self._sources()
            self._sources = None
            if index is not None:
                self._full = PackageFacts(
                    index, self.settings, self.hints, self.importer, modules=self.modules
                )
        return self._full

    @property
    def module(self) -> Module:
        """The module of this package (found once)."""
        if self._module is None:
            self._module = module_of(self.index)
        return self._module

    def pass_for(self, requires: Iterable[Requirement], who: str) -> Pass:
        return Pass(self, tuple(requires), who)


class Pass:
    """What a rule (or a fact's producer) sees of one package."""

    __slots__ = ("_allowed", "_store", "who")

    def __init__(self, store: PackageFacts, allowed: tuple[Requirement, ...], who: str) -> None:
        self._store = store
        self._allowed = frozenset(allowed)
        self.who = who

    @property
    def package(self) -> PackageIndex:
        return self._store.index

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return self._store.index.files

    @property
    def settings(self) -> Settings:
        return self._store.settings

    @property
    def module_root(self) -> str:
        """The root directory of this package's module (found once per
        package)."""
        return self._store.module.root

    def hint(self, kind: type[H]) -> H | None:
        """The run's hint of type ``kind``, if the caller gave one."""
        return self._store.hints.get(kind)

    def fact(self, key: Fact[T]) -> T:
        """The value of ``key`` for this package (computed once)."""
        if key not in self._allowed:
            raise UndeclaredFact(f"{self.who} reads {key.name} without requiring it")
        return self._store.value(key)

    def module(self, key: ModuleFact[T]) -> T:
        """The value of ``key`` for the module of this package (computed
        once per module per run)."""
        if key not in self._allowed:
            raise UndeclaredFact(f"{self.who} reads {key.name} without requiring it")
        return self._store.modules.value(key, self._store.module)

    def used_builtin(self, import_path: str) -> None:
        """Say that what a rule knows of ``import_path`` came from built-in
        knowledge (a table) because its sources were not found: the run's
        output names such packages."""
        self._store.builtin.add(import_path)

    def dependency(self, import_path: str) -> Pass | None:
        """The pass of the package ``import_path`` that this one imports, for
        its exported facts (the ones this pass may read, and the fact this
        pass produces: a producer reads its own fact of the packages it
        imports, as a go/analysis analyzer does), or ``None`` when its
        sources cannot be found."""
        store = self._store
        if store.importer is None:
            return None
        index = store.index
        other = store.importer.load(import_path, index.directory, index.module_path)
        if other is None:
            return None
        exported = tuple(f for f in self._allowed if isinstance(f, Fact) and f.exported)
        own = tuple(f for f in store._active[-1:] if f.exported and f.name == self.who)
        return Pass(other, exported + own, self.who)


def computed(stores: Iterable[PackageFacts]) -> Mapping[str, int]:
    """How many times each fact was produced over ``stores`` (for tests)."""
    total: collections.Counter[str] = collections.Counter()
    for store in stores:
        total.update(store.computed)
    return total
