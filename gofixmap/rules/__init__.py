"""The rules, in an explicit registry. A rule never prints, writes or applies."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from gofixmap.codemod.rule import Rule
from gofixmap.rules.mr001_concurrent_map_write import ConcurrentMapWrite
from gofixmap.rules.mr002_unlocked_map_access import UnlockedMapAccess
from gofixmap.rules.nm001_nil_map_write import NilMapWrite
from gofixmap.rules.nm002_nil_map_field_write import NilMapFieldWrite
from gofixmap.rules.nm003_nil_inner_map_write import NilInnerMapWrite
from gofixmap.rules.nm004_nil_k8s_map_write import NilK8sMapWrite
from gofixmap.rules.nm005_nil_map_param_write import NilMapParamWrite

RULES: tuple[type[Rule], ...] = (
    NilMapWrite,
    NilMapFieldWrite,
    NilInnerMapWrite,
    NilK8sMapWrite,
    NilMapParamWrite,
    ConcurrentMapWrite,
    UnlockedMapAccess,
)


def all_rules() -> tuple[Rule, ...]:
    return tuple(cls() for cls in RULES)


def by_code(code: str) -> type[Rule] | None:
    wanted = code.upper()
    for cls in RULES:
        if cls.code == wanted or cls.name == code.lower():
            return cls
    return None


def matches(code: str, patterns: Iterable[str]) -> bool:
    """``NM001`` matches ``NM001``, ``NM`` and ``ALL``; names match too."""
    cls = by_code(code)
    for pattern in patterns:
        p = pattern.strip()
        if not p:
            continue
        if p.upper() == "ALL" or code.startswith(p.upper()):
            return True
        if cls is not None and cls.name == p.lower():
            return True
    return False


def select(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    chosen = list(select) or ["ALL"]
    ignored = list(ignore)
    return tuple(
        cls() for cls in RULES if matches(cls.code, chosen) and not matches(cls.code, ignored)
    )


def unknown_codes(patterns: Iterable[str]) -> list[str]:
    return [
        p
        for p in patterns
        if p.strip()
        and p.strip().upper() != "ALL"
        and not any(matches(cls.code, [p]) for cls in RULES)
    ]


@cache
def external_types() -> Mapping[str, Mapping[str, str]]:
    """Named map types of well-known packages, from ``data/std_named_types.json``."""
    text = resources.files("gofixmap.rules").joinpath("data/std_named_types.json").read_text()
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}
