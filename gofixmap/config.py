"""``.gofixmap.toml``: found upward from the first path, overridden by flags."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gofixmap.codemod.model import CONFIDENCE

CONFIG_NAME = ".gofixmap.toml"


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    strategy: str = "mutex"
    exclude: tuple[str, ...] = ()
    include_generated: bool = False
    include_tests: bool = False
    confidence: str = "low"


_KEYS = {
    "select",
    "ignore",
    "unsafe-fixes",
    "strategy",
    "exclude",
    "include-generated",
    "include-tests",
    "confidence",
}


def find(start: Path) -> Path | None:
    # realpath, not Path.resolve: a symlink loop must reach discovery, which names it
    current = Path(os.path.realpath(start))
    if not current.is_dir():
        current = current.parent
    for candidate in (current, *current.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def _strings(path: Path, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{path}: {key} must be a string or a list of strings")


def load(start: Path) -> Config:
    path = find(start)
    if path is None:
        return Config()
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("gofixmap", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [gofixmap] must be a table")
    unknown = sorted(set(table) - _KEYS - {"gofixmap"})
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    strategy = table.get("strategy", "mutex")
    if strategy not in ("mutex", "syncmap"):
        raise ConfigError(f'{path}: strategy must be "mutex" or "syncmap"')
    unsafe = table.get("unsafe-fixes", False)
    generated = table.get("include-generated", False)
    tests = table.get("include-tests", False)
    if not all(isinstance(v, bool) for v in (unsafe, generated, tests)):
        raise ConfigError(
            f"{path}: unsafe-fixes, include-generated and include-tests must be true or false"
        )
    confidence = table.get("confidence", "low")
    if confidence not in CONFIDENCE:
        raise ConfigError(f'{path}: confidence must be "high", "medium" or "low"')
    return Config(
        path,
        _strings(path, "select", table.get("select", [])),
        _strings(path, "ignore", table.get("ignore", [])),
        unsafe,
        strategy,
        _strings(path, "exclude", table.get("exclude", [])),
        generated,
        tests,
        confidence,
    )
