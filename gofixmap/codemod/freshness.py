"""What a unit's cached result depends on, and the stat entries that answer a
warm run without reading a file.

A unit (the Go files of one directory) is cached by content under a key that
also covers its module and the packages it imports (:func:`dependencies`,
:func:`dependency_stamp`): some rules read other packages' declarations, and a
cached result must not outlive a change there. A *stat entry* records the
size, times and inode of each file and the stamp of each dependency when the
result was written; while they all still match, the result is read back
without reading the files (:func:`cached_by_stat`). The entries of one run
over the same directories are also kept together in one *snapshot*, read in
one go by the next run (:func:`write_snapshot`).

:mod:`gofixmap.codemod.parallel` runs the units; this module only decides
whether their results are still good.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from gofixmap.codemod import cache as rcache
from gofixmap.codemod import gomod, stdlib
from gofixmap.codemod.discover import read_module
from gofixmap.codemod.model import FileResult

UnitFile = tuple[str, str, bool]  # (absolute path, display, explicit)


def clear() -> None:
    """Forget what was found on disk (at the start of each run)."""
    module_of.cache_clear()
    module_root.cache_clear()
    dir_stamp.cache_clear()


@lru_cache(maxsize=4096)
def module_of(directory: str) -> tuple[str, str]:
    """(root, path) of the module of ``directory`` (already resolved: unit
    directories are); ("", "") outside a module."""
    root = module_root(directory)
    return (root, read_module(Path(root)).path) if root else ("", "")


@lru_cache(maxsize=4096)
def module_root(directory: str) -> str:
    """The nearest directory at or above ``directory`` with a go.mod, "" for none."""
    if os.path.isfile(os.path.join(directory, "go.mod")):
        return directory
    parent = os.path.dirname(directory)
    return "" if parent == directory else module_root(parent)


_MODULE_FILES = frozenset(("go.mod", "go.work", "modules.txt"))


@lru_cache(maxsize=4096)
def dir_stamp(directory: str) -> bytes:
    """Names, sizes, modification and change times and inodes of the Go files
    of ``directory`` (and of its go.mod, go.work or modules.txt).

    What the stat check of a unit's own files covers: an edit that keeps the
    size and restores the modification time still moves the change time.
    """
    try:
        entries = sorted(
            (e for e in os.scandir(directory) if e.name.endswith(".go") or e.name in _MODULE_FILES),
            key=lambda e: e.name,
        )
    except OSError:
        return b"?"
    parts = []
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        stat = f":{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        parts.append(os.fsencode(entry.name) + stat.encode())
    return b"\n".join(parts)


_IMPORT_BLOCK = re.compile(rb"^import\s*\(([^)]*)\)", re.MULTILINE)
_IMPORT_LINE = re.compile(rb'^import\s+(?:[\w.]+\s+)?"([^"\s]+)"', re.MULTILINE)
_QUOTED = re.compile(rb'"([^"\s]+)"')


def _imported_paths(data: bytes) -> set[bytes]:
    found = set(_IMPORT_LINE.findall(data))
    for block in _IMPORT_BLOCK.findall(data):
        found.update(_QUOTED.findall(block))
    return found


_RESOLVER: list[gomod.Resolver] = []


def _third_party(root: str, module: str, datas: Iterable[bytes]) -> list[tuple[bytes, str]]:
    """(import path, directory) of the imports of another module, where the
    sources are or would be once downloaded; and the directories of the
    go.mod, go.work and vendor/modules.txt that decide it."""
    if not _RESOLVER:
        _RESOLVER.append(gomod.Resolver())
    resolver = _RESOLVER[0]
    own = module.encode()
    found: list[tuple[bytes, str]] = []
    for name in sorted({p for data in datas for p in _imported_paths(data)}):
        text = name.decode("utf-8", "replace")
        if stdlib.is_std(text) or name == own or name.startswith(own + b"/"):
            continue
        target = resolver.expected(text, root)
        if target:
            found.append((name, target))
    blist = resolver.build_list(root)
    for file in blist.files if blist is not None else ():
        found.append((os.fsencode(os.path.basename(file)), os.path.dirname(file)))
    return found


def dependencies(
    directory: str, datas: Iterable[bytes], other_modules: bool = False
) -> tuple[tuple[bytes, str], ...]:
    """The other packages of the same module that the files name, as
    (import path, directory); with ``other_modules``, also those of other
    modules (see :func:`_third_party`).

    Some rules read the declarations of other packages of the module (custom
    resource types), and of dependencies (through the run's importer); a
    cached result must not outlive a change there. Conservative: every quoted
    ``"<module>/..."`` string counts.
    """
    root, path = module_of(directory)
    if not path:
        return ()
    datas = list(datas)
    extra = _third_party(root, path, datas) if other_modules else []
    pattern = re.compile(b'"(' + re.escape(os.fsencode(path)) + rb'/[^"\s]*)"')
    imported = sorted({m for data in datas for m in pattern.findall(data)})
    found = []
    for name in imported:
        sub = name.decode("utf-8", "replace")[len(path) + 1 :]
        found.append((name, os.path.join(root, *sub.split("/"))))
    return (*found, *extra)


def dependency_stamp(dependencies: Iterable[tuple[bytes, str]]) -> bytes:
    """The :func:`dir_stamp` of every package in ``dependencies``."""
    return b"\n".join(name + b"\0" + dir_stamp(target) for name, target in dependencies)


# A file whose modification time is this close to the moment its stat entry
# was written may have changed again within the same timestamp tick: such an
# entry is not trusted (the unit is checked by content instead, which rewrites
# the entry), as git does with "racily clean" index entries.
_RACY_NS = 2_000_000_000

FileStat = tuple[str, int, int, int, int]  # name, size, mtime_ns, ctime_ns, inode

_STAT_TAG = "stat1"


def file_stat(path: str, name: str = "") -> FileStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (name or os.path.basename(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def stat_key(salt: bytes, directory: str) -> str:
    """Where the stat entry of the unit of ``directory`` lives: the run's
    salt, the directory and its module (the entry itself names the files it
    stands for)."""
    root, module = module_of(directory)
    parts = [salt, b"stat", os.fsencode(directory), os.fsencode(root), os.fsencode(module)]
    return rcache.key_of(parts)


def snapshot_key(salt: bytes, directories: Iterable[str]) -> str:
    """Where the stat entries of a whole run over ``directories`` are kept together."""
    return rcache.key_of([salt, b"run", *(os.fsencode(d) for d in directories)])


def stat_entry(
    stats: Sequence[FileStat | None],
    dependencies: Iterable[tuple[bytes, str]],
    payload: object,
) -> tuple[object, ...]:
    """The stat entry of a unit whose files had ``stats`` (taken before they
    were read) and whose encoded results are ``payload``."""
    recorded = tuple((name, target, dir_stamp(target)) for name, target in dependencies)
    return (_STAT_TAG, tuple(stats), recorded, time.time_ns(), payload)


def cached_by_stat(
    directory: str,
    files: Sequence[UnitFile],
    salt: bytes,
    lean: bool,
    store: rcache.ResultCache,
    entry: object = None,
) -> tuple[list[FileResult] | None, bool]:
    """The results of the unit of ``files`` from a stat entry (``entry``, from
    the run's snapshot, if still good, else the unit's own), reading no file
    that the results do not need, when every file (and every package of the
    module that it imports) has the size, times and inode recorded when the
    entry was written, and none was modified just before that; and whether
    ``entry`` gave them. ``(None, False)`` when neither entry is good."""
    current = [file_stat(path) for path, _, _ in files]
    if entry is not None:
        found = _from_stat_entry(files, lean, entry, current)
        if found is not None:
            return found, True
    own = store.load(stat_key(salt, directory))
    return _from_stat_entry(files, lean, own, current), False


def _from_stat_entry(
    files: Sequence[UnitFile], lean: bool, entry: Any, current: list[FileStat | None]
) -> list[FileResult] | None:
    """The results in ``entry`` (untrusted: any shape that is not a good stat
    entry for files whose stats are now ``current`` is a miss)."""
    try:
        tag, stats, dependencies, written, payload = entry
        if tag != _STAT_TAG or list(stats) != current:
            return None
        if any(stat[2] >= written - _RACY_NS for stat in stats):
            return None
        if any(dir_stamp(target) != stamp for _, target, stamp in dependencies):
            return None
    except (TypeError, ValueError):
        return None
    names = [stat[0] for stat in stats]
    paths = {name: f[1] for f, name in zip(files, names, strict=True)}
    contents = _Contents({name: f[0] for f, name in zip(files, names, strict=True)})
    try:
        return rcache.decode(payload, paths, contents, lean=lean)  # leaned if lean
    except OSError:
        return None


class _Contents(Mapping[str, bytes]):
    """The bytes of the files of a unit by base name, read when asked for."""

    def __init__(self, located: Mapping[str, str]) -> None:
        self._located = located
        self._read: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        data = self._read.get(name)
        if data is None:
            with open(self._located[name], "rb") as handle:
                data = self._read[name] = handle.read()
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._located)

    def __len__(self) -> int:
        return len(self._located)


def write_snapshot(
    store: rcache.ResultCache,
    salt: bytes,
    directories: Sequence[str],
    old: Mapping[str, object],
    reused: set[str],
) -> None:
    """Gather the units' stat entries into one: those of ``old`` that answered
    this run (``reused``), the others as the workers wrote them."""
    entries: dict[str, object] = {}
    for directory in directories:
        entry = old[directory] if directory in reused else store.load(stat_key(salt, directory))
        if entry is not None:
            entries[directory] = entry
    if entries:
        store.store(snapshot_key(salt, directories), entries)
