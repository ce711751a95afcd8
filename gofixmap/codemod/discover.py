"""Turn command-line paths into Go files grouped by package and module."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules"})


class PathError(Exception):
    """A path given by the user that cannot be used."""


@dataclass(frozen=True, slots=True)
class Module:
    root: Path
    path: str  # the module path from go.mod, "" when unknown
    go_version: str = ""


@dataclass(frozen=True, slots=True)
class GoFile:
    path: Path
    display: str  # how the user named it, relative where possible
    explicit: bool  # named on the command line: never skipped as vendor/testdata


_MODULE_LINE = re.compile(rb"^\s*module\s+\"?([^\s\"]+)\"?", re.MULTILINE)
_GO_LINE = re.compile(rb"^\s*go\s+(\d+\.\d+(?:\.\d+)?)", re.MULTILINE)


def read_module(root: Path) -> Module:
    try:
        data = (root / "go.mod").read_bytes()
    except OSError:
        return Module(root, "")
    mod = _MODULE_LINE.search(data)
    go = _GO_LINE.search(data)
    return Module(
        root,
        mod.group(1).decode() if mod else "",
        go.group(1).decode() if go else "",
    )


def find_module(directory: Path) -> Module | None:
    """The module whose go.mod is nearest above ``directory``."""
    current = directory.resolve()
    for candidate in (current, *current.parents):
        if (candidate / "go.mod").is_file():
            return read_module(candidate)
    return None


def _skip_dir(name: str) -> bool:
    return name in SKIP_DIRS or name.startswith((".", "_"))


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def expand(paths: Sequence[str], cwd: Path | None = None) -> list[GoFile]:
    """Files for ``paths``: a file, a directory (recursive), or ``dir/...``.

    Raises :class:`PathError` for a path that does not exist.
    """
    base = cwd or Path.cwd()
    seen: set[Path] = set()
    files: list[GoFile] = []

    def add(path: Path, explicit: bool, resolved: Path | None = None) -> None:
        resolved = resolved or path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        display = _display(path if path.is_absolute() else base / path, base)
        files.append(GoFile(resolved, display, explicit))

    for raw in paths or ["."]:
        text = raw
        if text == "..." or text.endswith("/..."):
            text = text[: -len("...")] or "."
        candidate = Path(text) if Path(text).is_absolute() else base / text
        if not candidate.exists():
            raise PathError(f"{raw}: no such file or directory")
        if candidate.is_file():
            if not candidate.name.endswith(".go"):
                raise PathError(f"{raw}: not a Go file (want a .go file, a directory or ./...)")
            add(candidate, True)
            continue
        # os.walk does not follow symlinked directories, so below the resolved
        # top every path is already canonical: resolve once, not per file.
        top = candidate.resolve()
        for found in _walk(candidate):
            add(found, False, top / found.relative_to(candidate))
    return files


def _walk(top: Path) -> Iterable[Path]:
    def on_error(exc: OSError) -> None:
        raise PathError(f"{exc.filename}: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(top, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d))
        for name in sorted(filenames):
            if name.endswith(".go") and not name.startswith((".", "_")):
                yield Path(dirpath) / name


@dataclass(frozen=True, slots=True)
class PackageKey:
    directory: Path
    name: str  # the package clause; "" when unparsable


def package_clause(data: bytes) -> str:
    """The package name, read cheaply without a parse."""
    match = _PACKAGE.search(data)
    return match.group(1).decode("utf-8", "replace") if match else ""


_PACKAGE = re.compile(rb"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
