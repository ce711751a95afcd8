"""CALLEE_WRITES: which map parameters the functions of a package write into
while they may still be the caller's nil map, told to the packages that
import it (an exported fact computed from source, like a go/analysis object
fact).

For a package of the run it is computed from MAP_SUMMARIES; for an imported
package (another package of the module, a dependency in the module cache or
``vendor/``), the importer parses the package's files the first time a
caller asks (``Fact(from_source=True)``), and the same summaries are
computed there. A caller that passes a nil map to such a parameter panics
inside the callee; NM005 reports the call.

``funcs[key][i]`` (``key``: ``F`` or ``T.M``, exported names only) is a
:class:`ParamWrite`: the parameter's name, its type as the callee writes it,
whether that text means the same in any file (only predeclared types: a
``make`` of it can be written at the caller), and whether the callee
compares the parameter with nil (then nil and empty can be told apart).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from gofixmap.codemod.declarations import PREDECLARED
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.rules.facts.summaries import MAP_SUMMARIES

_TYPE_WORDS = PREDECLARED | {"map", "chan", "func", "interface", "struct"}


def compares_nil(text: str, name: str) -> bool:
    """``name == nil`` or ``name != nil`` (either order) in ``text``."""
    pattern = rf"\b{re.escape(name)}\s*[!=]=\s*nil\b|\bnil\s*[!=]=\s*{re.escape(name)}\b"
    return re.search(pattern, text) is not None


def portable(type_text: str) -> bool:
    """``type_text`` names only predeclared types: it means the same in any file."""
    return "." not in type_text and all(
        word in _TYPE_WORDS for word in re.findall(r"[A-Za-z_]\w*", type_text)
    )


@dataclass(frozen=True)
class ParamWrite:
    name: str
    type_text: str  # as the callee writes it
    portable: bool
    compares_nil: bool


@dataclass(frozen=True)
class CalleeWrites:
    funcs: Mapping[str, Mapping[int, ParamWrite]] = field(default_factory=dict)

    def write(self, key: str, position: int) -> ParamWrite | None:
        return self.funcs.get(key, {}).get(position)


def _produce(pkg: Pass) -> CalleeWrites:
    summaries = pkg.fact(MAP_SUMMARIES)
    funcs: dict[str, dict[int, ParamWrite]] = {}
    for key, func in pkg.package.funcs.items():
        if not func.name[:1].isupper() or func.body is None:
            continue
        for position, param in enumerate(func.params):
            name = summaries.param_write(func, position)
            if name is None:
                continue
            text = func.file.text(func.node)
            write = ParamWrite(
                name, param.type_text, portable(param.type_text), compares_nil(text, name)
            )
            funcs.setdefault(key, {})[position] = write
    return CalleeWrites(funcs)


CALLEE_WRITES: Fact[CalleeWrites] = Fact(
    "callee-writes", _produce, (MAP_SUMMARIES,), from_source=True
)


def imported_writes(pkg: Pass, import_path: str) -> CalleeWrites | None:
    """The CALLEE_WRITES of the package ``import_path`` that ``pkg`` imports
    (``None``: its sources cannot be read)."""
    other = pkg.dependency(import_path)
    if other is None:
        return None
    try:
        return other.fact(CALLEE_WRITES)
    except UndeclaredFact:
        return None
