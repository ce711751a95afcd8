"""The rules, in an explicit registry. A rule never prints, writes or applies.

The registry names each rule's code, name, module and class, so that choosing
rules (``select``, ``unknown_codes``) and keying the result cache need no rule
module: a run whose every package is answered by the cache never imports one.
The classes are imported the first time a rule is asked for (``RULES``,
``select(...)`` when iterated, ``by_code``); a test checks that the table
agrees with the classes.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from gofixmap.codemod.prefilter import DEPENDENCY_IMPORT, EXTERNAL_TYPES_IMPORT

if TYPE_CHECKING:
    from gofixmap.codemod.declarations import DependencyLoader
    from gofixmap.codemod.rule import Rule

MAP_GATE: tuple[bytes, ...] = (b"map[", b"sync.", EXTERNAL_TYPES_IMPORT, DEPENDENCY_IMPORT)
"""The package gate of the rules that report maps (their ``PREFILTER``).

Every such rule reports a map, and knows that a value is a map only from text
it can see in the package: a map type literal ``map[`` (declarations,
``make(map[...``, composite literals, named types ``type Labels map[...]``,
type constraints); a named map type of another package listed in
:func:`external_types` (``http.Header``, ``url.Values`` ...), which the
package can only use by importing its path (``EXTERNAL_TYPES_IMPORT``); a
named map type or a struct with a map field that a dependency of the module
declares, which the dependency loader reads (``DEPENDENCY_IMPORT``); or
``sync.`` for the lock-based rules (a mutex or a ``sync.Map``). A package with
none of these cannot have a finding of such a rule. A rule that learns about
maps some other way (the map fields of Kubernetes API types) declares its own
patterns covering that source.
"""


DECLARATION_SIGNATURES: tuple[bytes, ...] = (b"map[",)
"""Of a dependency's files that declare no type, those worth reading: a
function whose signature line names a map (its summary, a named map type it
returns). The engine's loader takes this as data (:func:`dependency_loader`)."""


def dependency_loader(cache_dir: str | Path | None = None) -> DependencyLoader:
    """The run's :class:`~gofixmap.codemod.declarations.DependencyLoader`,
    reading what the rules need of a dependency's sources."""
    from gofixmap.codemod.declarations import DependencyLoader

    return DependencyLoader(cache_dir, DECLARATION_SIGNATURES)


class Entry(NamedTuple):
    code: str
    name: str
    module: str  # under gofixmap.rules
    cls: str


REGISTRY: tuple[Entry, ...] = (
    Entry("NM001", "nil-map-write", "nm001_nil_map_write", "NilMapWrite"),
    Entry("NM002", "nil-map-field-write", "nm002_nil_map_field_write", "NilMapFieldWrite"),
    Entry("NM003", "nil-inner-map-write", "nm003_nil_inner_map_write", "NilInnerMapWrite"),
    Entry("NM004", "nil-k8s-map-write", "nm004_nil_k8s_map_write", "NilK8sMapWrite"),
    Entry("NM005", "nil-map-param-write", "nm005_nil_map_param_write", "NilMapParamWrite"),
    Entry("MR001", "concurrent-map-write", "mr001_concurrent_map_write", "ConcurrentMapWrite"),
    Entry("MR002", "unlocked-map-access", "mr002_unlocked_map_access", "UnlockedMapAccess"),
)


def _load(entry: Entry) -> type[Rule]:
    cls: type[Rule] = getattr(importlib.import_module(f"gofixmap.rules.{entry.module}"), entry.cls)
    return cls


@cache
def rule_classes() -> tuple[type[Rule], ...]:
    """Every rule class, in registry order (imports the rule modules)."""
    return tuple(_load(entry) for entry in REGISTRY)


def __getattr__(name: str) -> tuple[type[Rule], ...]:
    if name == "RULES":  # the classes, loaded on first use
        return rule_classes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RuleSet(Sequence["Rule"]):
    """Rule instances named by code, created the first time they are used:
    ``codes`` is known at once, the rule modules are imported only when an
    element is asked for."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(codes)
        self._rules: tuple[Rule, ...] | None = None

    def _loaded(self) -> tuple[Rule, ...]:
        if self._rules is None:
            classes = {cls.code: cls for cls in rule_classes()}
            self._rules = tuple(classes[code]() for code in self.codes)
        return self._rules

    @overload
    def __getitem__(self, index: int) -> Rule: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Rule]: ...
    def __getitem__(self, index: int | slice) -> Rule | Sequence[Rule]:
        return self._loaded()[index]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._loaded())

    def identities(self) -> tuple[str, ...]:
        """``module.Class`` of each rule, as ``type(rule)`` would give,
        without importing any."""
        entries = {e.code: e for e in REGISTRY}
        return tuple(f"gofixmap.rules.{entries[c].module}.{entries[c].cls}" for c in self.codes)

    def __repr__(self) -> str:
        return f"RuleSet({self.codes!r})"

    def __reduce__(self) -> tuple[type[RuleSet], tuple[tuple[str, ...]]]:
        return (RuleSet, (self.codes,))


def all_rules() -> RuleSet:
    return RuleSet(entry.code for entry in REGISTRY)


def _entry(code: str) -> Entry | None:
    wanted = code.strip()
    for entry in REGISTRY:
        if entry.code == wanted.upper() or entry.name == wanted.lower():
            return entry
    return None


def by_code(code: str) -> type[Rule] | None:
    """The class of the rule with this code or name."""
    entry = _entry(code)
    return _load(entry) if entry is not None else None


def matches(code: str, patterns: Iterable[str]) -> bool:
    """``NM001`` matches ``NM001``, ``NM`` and ``ALL``; names match too."""
    entry = _entry(code)
    for pattern in patterns:
        p = pattern.strip()
        if not p:
            continue
        if p.upper() == "ALL" or code.startswith(p.upper()):
            return True
        if entry is not None and entry.name == p.lower():
            return True
    return False


def selected_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[str, ...]:
    chosen = list(select) or ["ALL"]
    ignored = list(ignore)
    return tuple(
        e.code for e in REGISTRY if matches(e.code, chosen) and not matches(e.code, ignored)
    )


def select(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
    return RuleSet(selected_codes(select, ignore))


def unknown_codes(patterns: Iterable[str]) -> list[str]:
    return [
        p
        for p in patterns
        if p.strip()
        and p.strip().upper() != "ALL"
        and not any(matches(e.code, [p]) for e in REGISTRY)
    ]


@cache
def external_types() -> Mapping[str, Mapping[str, str]]:
    """Named map types of well-known packages, from ``data/std_named_types.json``."""
    text = (Path(__file__).parent / "data" / "std_named_types.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}
