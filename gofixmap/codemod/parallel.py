"""Run the rules over many packages: prefilter, cache, worker processes.

The unit of work is the set of Go files of one directory (every package of
that directory: ``foo`` and ``foo_test``). Workers receive paths, read the
bytes themselves, parse, check, fix, and send back plain FileResults
(tree-sitter objects never cross a process boundary; FileResult, Diagnostic,
Fix and Edit are frozen dataclasses of plain data, so they pickle). Results are
yielded in the order of the units, with at most a bounded window of units in
flight, so memory stays bounded: a worker keeps the trees of one package at a
time, and the parent keeps only the results not yet consumed.

``lean=True`` drops the bytes of results that need none (clean, unchanged,
no diagnostics; skipped without an error line): a caller that keeps every
result, like the command line, then holds the bytes of the files with
findings only.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gofixmap.codemod import cache as rcache
from gofixmap.codemod import gomod, parsecheck, prefilter, stdlib
from gofixmap.codemod.discover import GoFile, package_clause, read_module
from gofixmap.codemod.model import FileResult, RunOptions, Status

if TYPE_CHECKING:
    # Imported where used: a run that the cache answers needs neither the
    # parser nor the worker pool.
    import concurrent.futures as cf
    import multiprocessing.context

    from gofixmap.codemod.rule import Rule
    from gofixmap.codemod.runner import PackageEntry

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Unit:
    """The files of one directory, in the order given: (absolute path, display)."""

    directory: str
    files: tuple[tuple[str, str, bool], ...]  # (path, display, explicit)


@dataclass(frozen=True)
class Config:
    options: RunOptions
    cache_dir: str | None = None  # None: no cache
    lean: bool = False
    use_prefilter: bool = True
    salt: bytes = b""  # the cache salt of these options
    external: tuple[bytes, ...] = ()  # prefilter.external_imports of these options
    # (path, bytes): files whose content is given, not read (stdin); never cached
    contents: tuple[tuple[str, bytes], ...] = ()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def units(files: Sequence[GoFile]) -> list[Unit]:
    """Group ``files`` by directory, in order of first appearance."""
    grouped: dict[str, list[GoFile]] = defaultdict(list)
    for go in files:
        grouped[os.path.dirname(go.filename)].append(go)
    return [
        Unit(directory, tuple((g.filename, g.display, g.explicit) for g in members))
        for directory, members in grouped.items()
    ]


@lru_cache(maxsize=4096)
def _module(directory: str) -> tuple[str, str]:
    """(root, path) of the module of ``directory`` (already resolved: unit
    directories are); ("", "") outside a module."""
    root = _module_root(directory)
    return (root, read_module(Path(root)).path) if root else ("", "")


@lru_cache(maxsize=4096)
def _module_root(directory: str) -> str:
    """The nearest directory at or above ``directory`` with a go.mod, "" for none."""
    if os.path.isfile(os.path.join(directory, "go.mod")):
        return directory
    parent = os.path.dirname(directory)
    return "" if parent == directory else _module_root(parent)


_MODULE_FILES = frozenset(("go.mod", "go.work", "modules.txt"))


@lru_cache(maxsize=4096)
def _dir_stamp(directory: str) -> bytes:
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


def _dependencies(
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
    root, path = _module(directory)
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


def _dependency_stamp(dependencies: Iterable[tuple[bytes, str]]) -> bytes:
    """The :func:`_dir_stamp` of every package in ``dependencies``."""
    return b"\n".join(name + b"\0" + _dir_stamp(target) for name, target in dependencies)


def rule_identities(rules: Sequence[Rule]) -> tuple[str, ...]:
    """``module.Class`` of each rule, without loading rules that say who
    they are (``identities``: a lazily loaded rule set)."""
    named = getattr(rules, "identities", None)
    if callable(named):
        return tuple(str(n) for n in named())
    return tuple(type(r).__module__ + "." + type(r).__qualname__ for r in rules)


def _salt(options: RunOptions, use_prefilter: bool) -> bytes:
    return rcache.salt(
        (
            rule_identities(options.rules),
            options.fix,
            options.settings,
            options.max_rounds,
            sorted((k, sorted(v.items())) for k, v in options.external_types.items()),
            options.skip_generated,
            options.include_tests,
            options.hints,
            repr(options.importer),
            use_prefilter,
        )
    )


def _lean(result: FileResult) -> FileResult:
    if (
        result.status is Status.CLEAN
        and not result.diagnostics
        and not result.changed
        and not result.rule_errors  # a rule's crash must reach the output
    ):
        return FileResult(
            result.path,
            Status.CLEAN,
            reason=result.reason,
            note=result.note,
            builtin_types=result.builtin_types,
        )
    if result.status is Status.SKIPPED and not result.error_line:
        return FileResult(result.path, Status.SKIPPED, reason=result.reason)
    return result


def _unchecked(entry: PackageEntry) -> FileResult:
    """A file no rule can fire on: clean, unless it does not even parse."""
    from gofixmap.codemod import source as src
    from gofixmap.codemod.runner import syntax_error

    broken = syntax_error(entry)
    entry.parsed = None  # keep no tree
    src.release()  # (parsing registered it)
    return broken or FileResult(
        entry.go.display, Status.CLEAN, entry.data, entry.data, note=entry.note
    )


# A file whose modification time is this close to the moment its stat entry
# was written may have changed again within the same timestamp tick: such an
# entry is not trusted (the unit is checked by content instead, which rewrites
# the entry), as git does with "racily clean" index entries.
_RACY_NS = 2_000_000_000

FileStat = tuple[str, int, int, int, int]  # name, size, mtime_ns, ctime_ns, inode


def _stat(path: str, name: str = "") -> FileStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (name or os.path.basename(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _stat_key(config: Config, unit: Unit) -> str:
    """Where the stat entry of ``unit`` lives: the run's salt, the directory
    and its module (the entry itself names the files it stands for)."""
    root, module = _module(unit.directory)
    parts = [
        config.salt,
        b"stat",
        os.fsencode(unit.directory),
        os.fsencode(root),
        os.fsencode(module),
    ]
    return rcache.key_of(parts)


def _snapshot_key(config: Config, work: Sequence[Unit]) -> str:
    """Where the stat entries of a whole run over ``work`` are kept together."""
    return rcache.key_of([config.salt, b"run", *(os.fsencode(u.directory) for u in work)])


def cached_by_stat(
    unit: Unit, config: Config, store: rcache.ResultCache, entry: object = None
) -> tuple[list[FileResult] | None, bool]:
    """The results of ``unit`` from a stat entry (``entry``, from the run's
    snapshot, if still good, else the unit's own), reading no file that the
    results do not need, when every file (and every package of the module that
    it imports) has the size, times and inode recorded when the entry was
    written, and none was modified just before that; and whether ``entry``
    gave them. ``(None, False)`` when neither entry is good."""
    current = [_stat(path) for path, _, _ in unit.files]
    if entry is not None:
        found = _from_stat_entry(unit, config, entry, current)
        if found is not None:
            return found, True
    own = store.load(_stat_key(config, unit))
    return _from_stat_entry(unit, config, own, current), False


def _from_stat_entry(
    unit: Unit, config: Config, entry: Any, current: list[FileStat | None]
) -> list[FileResult] | None:
    """The results in ``entry`` (untrusted: any shape that is not a good stat
    entry for files whose stats are now ``current`` is a miss)."""
    try:
        tag, stats, dependencies, written, payload = entry
        if tag != _STAT_TAG or list(stats) != current:
            return None
        if any(stat[2] >= written - _RACY_NS for stat in stats):
            return None
        if any(_dir_stamp(target) != stamp for _, target, stamp in dependencies):
            return None
    except (TypeError, ValueError):
        return None
    names = [stat[0] for stat in stats]
    paths = {name: f[1] for f, name in zip(unit.files, names, strict=True)}
    contents = _Contents({name: f[0] for f, name in zip(unit.files, names, strict=True)})
    try:
        return rcache.decode(payload, paths, contents, lean=config.lean)  # leaned if lean
    except OSError:
        return None


_STAT_TAG = "stat1"


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


def process_unit(unit: Unit, config: Config) -> list[FileResult]:
    """Every FileResult of ``unit``; never raises for user input or a rule bug."""
    from gofixmap.codemod import source as src
    from gofixmap.codemod.runner import PackageEntry, run_package

    options = config.options
    early: list[FileResult] = []
    read: list[tuple[GoFile, bytes]] = []
    stats: list[FileStat | None] = []
    for path, display, explicit in unit.files:
        go = GoFile(Path(path), display, explicit)
        stats.append(_stat(path))  # before the read: a later change is seen next time
        given = dict(config.contents).get(path) if config.contents else None
        try:
            data = given if given is not None else go.path.read_bytes()
        except OSError as exc:
            early.append(FileResult(display, Status.FAILED, reason=f"cannot read: {exc.strerror}"))
            continue
        read.append((go, data))
    packages: dict[str, list[PackageEntry]] = defaultdict(list)
    for go, data in read:
        reason = src.skip_reason(data, options.skip_generated)
        if reason:
            early.append(FileResult(go.display, Status.SKIPPED, data, data, reason=reason))
            continue
        packages[package_clause(data)].append(PackageEntry(go, data))

    store = rcache.ResultCache(Path(config.cache_dir)) if config.cache_dir else None
    key = ""
    names = {go.display: go.path.name for go, _ in read}
    paths = {go.path.name: go.display for go, _ in read}
    contents = {go.path.name: data for go, data in read}
    cacheable = store is not None and not any(r.status is Status.FAILED for r in early)
    cacheable = cacheable and len(names) == len(paths) and None not in stats
    dependencies = (
        _dependencies(unit.directory, contents.values(), options.importer is not None)
        if cacheable
        else ()
    )

    def remember(payload: object) -> None:
        """Write the stat entry: the next run needs no read to find ``payload``."""
        assert store is not None
        recorded = tuple((name, target, _dir_stamp(target)) for name, target in dependencies)
        store.store(
            _stat_key(config, unit),
            (_STAT_TAG, tuple(stats), recorded, time.time_ns(), payload),
        )

    if store is not None and cacheable:
        key = rcache.unit_key(
            config.salt,
            unit.directory,
            _module(unit.directory)[1],
            [(go.path.name, data) for go, data in read],
            _dependency_stamp(dependencies),
        )
        cached = store.load(key)
        if cached is not None:
            decoded = rcache.decode(cached, paths, contents)
            if decoded is not None:
                remember(cached)
                return [_lean(r) for r in decoded] if config.lean else decoded

    active = {
        name: (
            prefilter.active_rules(
                options.rules,
                [e.data for e in entries],
                config.external,
                _module(unit.directory)[1],
            )
            if config.use_prefilter
            else options.rules
        )
        for name, entries in packages.items()
    }
    results = list(early)
    directory = Path(unit.directory)
    for name, entries in packages.items():
        rules = active[name]
        if not rules:
            results.extend(_unchecked(e) for e in entries)
            continue
        try:
            results.extend(run_package(directory, name, entries, replace(options, rules=rules)))
        except Exception as exc:  # a rule bug must not lose the other packages
            done = {r.path for r in results}
            results.extend(
                FileResult(e.go.display, Status.FAILED, reason=f"internal error: {exc!r}")
                for e in entries
                if e.go.display not in done
            )
    cacheable = cacheable and not any(r.rule_errors for r in results)  # show a bug again
    # Without a Go toolchain ERROR nodes cannot be confirmed as syntax errors:
    # such a verdict is not kept (a toolchain may be there next time).
    unconfirmed = any(r.reason == parsecheck.UNCONFIRMED_REASON for r in results)
    if store is not None and cacheable and not unconfirmed:
        with contextlib.suppress(rcache.Unencodable):
            encoded = rcache.encode(results, names)
            store.store(key, encoded)
            remember(encoded)
    return [_lean(r) for r in results] if config.lean else results


# --- worker processes ------------------------------------------------------------

_WORKER_CONFIG: Config | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config


def _work(unit: Unit) -> list[FileResult]:
    assert _WORKER_CONFIG is not None
    return process_unit(unit, _WORKER_CONFIG)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # fork: workers inherit the imported rules; nothing in the parent holds a tree.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run(
    files: Sequence[GoFile],
    options: RunOptions,
    *,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    lean: bool = False,
    use_prefilter: bool = True,
    progress: Progress | None = None,
    contents: Mapping[str, bytes] | None = None,
) -> Iterator[FileResult]:
    """Results for ``files``, unit by unit in order, on ``jobs`` processes
    (default: the cores; 1: in this process). ``contents`` gives the bytes of
    some files (by resolved path) instead of reading them: an editor's buffer
    on stdin; such a run uses no cache."""
    if contents:
        cache_dir = None
    _module.cache_clear()
    _module_root.cache_clear()
    _dir_stamp.cache_clear()
    config = Config(
        options,
        str(cache_dir) if cache_dir else None,
        lean,
        use_prefilter,
        _salt(options, use_prefilter) if cache_dir else b"",
        prefilter.external_imports(options.external_types),
        tuple(sorted((contents or {}).items())),
    )
    work = units(files)
    total = len(files)
    done = 0
    # Units whose files have not changed since their results were cached are
    # answered here, from their stat entries, without reading them.
    # The stat entries of the last run over the same directories come in one
    # read; each is checked like the unit's own.
    known: dict[int, list[FileResult]] = {}
    store = rcache.ResultCache(Path(cache_dir)) if cache_dir else None
    snapshot = store.load(_snapshot_key(config, work)) if store else None
    if not isinstance(snapshot, dict):
        snapshot = {}
    reused: set[str] = set()  # the directories the snapshot answered
    if store is not None:
        for i, unit in enumerate(work):
            hit, from_snapshot = cached_by_stat(unit, config, store, snapshot.get(unit.directory))
            if hit is not None:
                known[i] = hit
            if from_snapshot:
                reused.add(unit.directory)
    missing = [unit for i, unit in enumerate(work) if i not in known]
    if missing and options.importer is not None:
        gomod.environment()  # (once, here: the workers inherit it)
    count = default_jobs() if not jobs or jobs < 1 else jobs
    count = min(count, len(missing))
    computed: Iterator[list[FileResult]]
    with contextlib.ExitStack() as stack:
        if count <= 1:
            computed = (process_unit(unit, config) for unit in missing)
        else:
            computed = _in_workers(missing, config, count, stack)
        for i, unit in enumerate(work):
            results = known.get(i)
            yield from results if results is not None else next(computed)
            done += len(unit.files)
            if progress is not None:
                progress(done, total)
    if store is not None:
        if len(reused) != len(work):
            _write_snapshot(store, config, work, snapshot, reused)
        else:
            store.touch(_snapshot_key(config, work))  # in use: not pruned
        store.prune()


def _write_snapshot(
    store: rcache.ResultCache,
    config: Config,
    work: Sequence[Unit],
    old: Mapping[str, object],
    reused: set[str],
) -> None:
    """Gather the units' stat entries into one: those of ``old`` that answered
    this run (``reused``), the others as the workers wrote them."""
    entries: dict[str, object] = {}
    for unit in work:
        entry = (
            old[unit.directory] if unit.directory in reused else store.load(_stat_key(config, unit))
        )
        if entry is not None:
            entries[unit.directory] = entry
    if entries:
        store.store(_snapshot_key(config, work), entries)


def _in_workers(
    work: Sequence[Unit], config: Config, count: int, stack: contextlib.ExitStack
) -> Iterator[list[FileResult]]:
    """The results of each unit of ``work`` in order, computed by ``count``
    worker processes with a bounded window of units in flight."""
    import concurrent.futures as cf

    window = count * 16
    pool = stack.enter_context(
        cf.ProcessPoolExecutor(
            max_workers=count, mp_context=_context(), initializer=_init_worker, initargs=(config,)
        )
    )
    pending: deque[tuple[Unit, cf.Future[list[FileResult]]]] = deque()
    stack.callback(lambda: [future.cancel() for _, future in pending])
    queue = iter(work)
    for unit in queue:
        pending.append((unit, pool.submit(_work, unit)))
        if len(pending) >= window:
            head, future = pending.popleft()
            yield _collect(head, future, config)
    while pending:
        head, future = pending.popleft()
        yield _collect(head, future, config)


def _collect(unit: Unit, future: cf.Future[list[FileResult]], config: Config) -> list[FileResult]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return [
            FileResult(display, Status.FAILED, reason="internal error: worker process died")
            for _, display, _ in unit.files
        ]
