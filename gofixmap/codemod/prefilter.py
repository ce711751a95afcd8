"""A byte-level prefilter: which rules can possibly fire on a package.

It runs on the raw bytes of every file of a package, before anything is
parsed, and must be *conservative*: it may let through a package on which no
rule fires, never drop one on which a rule would fire. A test compares
prefiltered and unfiltered results over the whole Go standard library.

The contract with rules
-----------------------
A rule class may declare::

    PREFILTER: ClassVar[tuple[bytes, ...]] = (b"map[", b"k8s.io/")

meaning "this rule can report something on a package only if at least one of
these byte strings occurs in some file of the package" (any file: a map type
can be declared in another file of the package). The patterns are the whole
story for that rule; the engine does not add anything to them. An empty tuple
means the rule never fires (useful while a rule is a placeholder).

A rule that declares nothing gets the *package gate*, which needs no rule
cooperation: every current rule reports a map, and the rules know that a value
is a map only from text they can see in the package:

- a map type literal ``map[`` (declarations, ``make(map[...``, composite
  literals, named types ``type Labels map[...]``, type constraints);
- a named map type of another package listed in the external types data
  (``rules.external_types()``: ``http.Header``, ``url.Values`` ...), which
  the package can only use by importing its path, so the quoted import path
  is the marker;
- ``sync.`` for the lock-based rules (a mutex or a ``sync.Map``).

A package with none of these cannot have a finding of a rule without a
``PREFILTER``. A rule that learns about maps some other way (for example the
map fields of Kubernetes API types) must declare a ``PREFILTER`` covering that
source (``b"k8s.io/"``), together with ``GATE`` if it also fires on ordinary
maps: ``PREFILTER = (*prefilter.GATE, b"k8s.io/")``.

Besides literal byte strings, ``PREFILTER`` may hold :data:`MODULE_IMPORT`,
which stands for an import of another package of the same module (the quoted
module path followed by ``/``), for rules that read the declarations of other
packages of the module (Kubernetes custom resource types)::

    PREFILTER = (*prefilter.GATE, b"k8s.io/", b"ObjectMeta", prefilter.MODULE_IMPORT)

A file skipped by the prefilter is reported CLEAN without being parsed, so a
syntax error in a package that cannot have a finding is not reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gofixmap.codemod.rule import Rule

# The markers of the package gate that do not depend on data.
GATE: tuple[bytes, ...] = (b"map[", b"sync.")

# In a PREFILTER: an import of another package of the same module.
MODULE_IMPORT = b"\x00module-import"


def gate_markers(external_types: Mapping[str, Mapping[str, str]]) -> tuple[bytes, ...]:
    """The package gate: :data:`GATE` plus the quoted import path of every
    package that has a named map type in ``external_types``."""
    paths = sorted(path for path, names in external_types.items() if names)
    return (*GATE, *(b'"' + path.encode() + b'"' for path in paths))


def rule_markers(rule: Rule, gate: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The byte strings of which one must occur for ``rule`` to fire."""
    declared = getattr(rule, "PREFILTER", None)
    if declared is None:
        return gate
    return tuple(declared)


def _occurs(patterns: Sequence[bytes], datas: Sequence[bytes]) -> bool:
    return any(pattern in data for data in datas for pattern in patterns)


def _expand(markers: tuple[bytes, ...], module_path: str | None) -> tuple[bytes, ...]:
    if MODULE_IMPORT not in markers:
        return markers
    rest = tuple(m for m in markers if m != MODULE_IMPORT)
    if module_path is None:  # unknown here: any import could be one
        return (*rest, b"import")
    if not module_path:  # no module: no other package of it to import
        return rest
    return (*rest, b'"' + module_path.encode() + b"/")


def active_rules(
    rules: Iterable[Rule],
    datas: Sequence[bytes],
    gate: tuple[bytes, ...],
    module_path: str | None = None,
) -> tuple[Rule, ...]:
    """The rules that can possibly fire on a package whose files hold ``datas``
    (``module_path``: of the module the package is in, "" for none, ``None``
    for unknown)."""
    memo: dict[tuple[bytes, ...], bool] = {}
    active: list[Rule] = []
    for rule in rules:
        markers = _expand(rule_markers(rule, gate), module_path)
        hit = memo.get(markers)
        if hit is None:
            hit = memo[markers] = _occurs(markers, datas)
        if hit:
            active.append(rule)
    return tuple(active)
