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
these byte strings occurs in some file of the package" (any file: a type can
be declared in another file of the package). The patterns are the whole
story for that rule; the engine adds nothing to them and knows nothing of
what they mean. An empty tuple means the rule never fires (useful while a
rule is a placeholder); a rule without ``PREFILTER`` runs on every package.

Besides literal byte strings, ``PREFILTER`` may hold three markers that the
engine expands:

- :data:`MODULE_IMPORT`: an import of another package of the same module
  (the quoted module path followed by ``/``), for rules that read the
  declarations of other packages of the module;
- :data:`EXTERNAL_TYPES_IMPORT`: an import of a package that has a type in
  ``RunOptions.external_types`` (its quoted import path), for rules that learn
  about a type from that table rather than from text in the package;
- :data:`DEPENDENCY_IMPORT`: an import of a package of another module (a
  quoted path whose first element holds a dot, as every module path a
  ``go get`` can fetch does), for rules that read the declarations of the
  module's dependencies (a named map type, a struct's map field).

A file skipped by the prefilter is reported CLEAN without being parsed, so a
syntax error in a package that cannot have a finding is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gofixmap.codemod.rule import Rule

# In a PREFILTER: an import of another package of the same module.
MODULE_IMPORT = b"\x00module-import"

# In a PREFILTER: an import of a package that has a type in ``external_types``.
EXTERNAL_TYPES_IMPORT = b"\x00external-types-import"

# In a PREFILTER: an import of a package of another module.
DEPENDENCY_IMPORT = b"\x00dependency-import"

# A quoted import path whose first element holds a dot ("k8s.io/api/...",
# "gopkg.in/yaml.v3", "example.com"); a string literal that looks the same
# only lets a package through, which is the safe side.
_DEPENDENCY_PATH = re.compile(rb'"[\w~-]+(?:\.[\w~-]+)+[/"]')


def external_imports(external_types: Mapping[str, Mapping[str, str]]) -> tuple[bytes, ...]:
    """What :data:`EXTERNAL_TYPES_IMPORT` stands for: the quoted import path
    of every package that has a type in ``external_types``."""
    paths = sorted(path for path, names in external_types.items() if names)
    return tuple(b'"' + path.encode() + b'"' for path in paths)


def rule_markers(rule: Rule) -> tuple[bytes, ...] | None:
    """The byte strings of which one must occur for ``rule`` to fire
    (``None``: the rule runs on every package)."""
    declared = getattr(rule, "PREFILTER", None)
    return None if declared is None else tuple(declared)


def _occurs(patterns: Sequence[bytes], datas: Sequence[bytes]) -> bool:
    dependency = DEPENDENCY_IMPORT in patterns
    return any(
        pattern in data for data in datas for pattern in patterns if pattern != DEPENDENCY_IMPORT
    ) or (dependency and any(_DEPENDENCY_PATH.search(data) for data in datas))


def _expand(
    markers: tuple[bytes, ...], module_path: str | None, external: tuple[bytes, ...]
) -> tuple[bytes, ...]:
    if EXTERNAL_TYPES_IMPORT in markers:
        markers = (*(m for m in markers if m != EXTERNAL_TYPES_IMPORT), *external)
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
    external: tuple[bytes, ...] = (),
    module_path: str | None = None,
) -> tuple[Rule, ...]:
    """The rules that can possibly fire on a package whose files hold ``datas``
    (``external``: :func:`external_imports` of the run; ``module_path``: of the
    module the package is in, "" for none, ``None`` for unknown)."""
    memo: dict[tuple[bytes, ...], bool] = {}
    active: list[Rule] = []
    for rule in rules:
        declared = rule_markers(rule)
        if declared is None:
            active.append(rule)
            continue
        markers = _expand(declared, module_path, external)
        hit = memo.get(markers)
        if hit is None:
            hit = memo[markers] = _occurs(markers, datas)
        if hit:
            active.append(rule)
    return tuple(active)
