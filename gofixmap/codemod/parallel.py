"""Run the rules over many packages: prefilter, cache, worker processes.

The unit of work is the set of Go files of one directory (every package of
that directory: ``foo`` and ``foo_test``). Workers receive paths, read the
bytes themselves, parse, check, fix, and send back plain FileResults
(tree-sitter objects never cross a process boundary; FileResult, Diagnostic,
Fix and Edit are frozen dataclasses of plain data, so they pickle). Results are
yielded in the order of the units, with at most a bounded window of units in
flight, so memory stays bounded: a worker keeps the trees of one package at a
time, and the parent keeps only the results not yet consumed.

Whether a unit's cached results are still good (stat entries, the packages
it depends on) is :mod:`gofixmap.codemod.freshness`.

``lean=True`` drops the bytes of results that need none (clean, unchanged,
no diagnostics; skipped without an error line): a caller that keeps every
result, like the command line, then holds the bytes of the files with
findings only.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gofixmap.codemod import cache as rcache
from gofixmap.codemod import freshness, gomod, parsecheck, prefilter
from gofixmap.codemod.discover import GoFile, gopath_project_of, package_clause
from gofixmap.codemod.facts import ModuleFacts
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
    # the module facts of this run (each process fills its own copy)
    modules: ModuleFacts = field(default_factory=ModuleFacts, compare=False, repr=False)


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
            options.min_confidence,
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


def process_unit(unit: Unit, config: Config) -> list[FileResult]:
    """Every FileResult of ``unit``; never raises for user input or a rule bug."""
    from gofixmap.codemod import source as src
    from gofixmap.codemod.runner import PackageEntry, run_package

    options = config.options
    early: list[FileResult] = []
    read: list[tuple[GoFile, bytes]] = []
    stats: list[freshness.FileStat | None] = []
    for path, display, explicit in unit.files:
        go = GoFile(Path(path), display, explicit)
        stats.append(freshness.file_stat(path))  # before the read: a later change is seen next time
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
        freshness.dependencies(unit.directory, contents.values(), options.importer is not None)
        if cacheable
        else ()
    )

    def remember(payload: object) -> None:
        """Write the stat entry: the next run needs no read to find ``payload``."""
        assert store is not None
        entry = freshness.stat_entry(stats, dependencies, payload)
        store.store(freshness.stat_key(config.salt, unit.directory), entry)

    if store is not None and cacheable:
        key = rcache.unit_key(
            config.salt,
            unit.directory,
            freshness.module_of(unit.directory)[1],
            [(go.path.name, data) for go, data in read],
            freshness.dependency_stamp(dependencies),
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
                _import_prefix(unit.directory),
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
            results.extend(
                run_package(directory, name, entries, replace(options, rules=rules), config.modules)
            )
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
    freshness.clear()
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
    directories = [unit.directory for unit in work]
    snapshot = store.load(freshness.snapshot_key(config.salt, directories)) if store else None
    if not isinstance(snapshot, dict):
        snapshot = {}
    reused: set[str] = set()  # the directories the snapshot answered
    if store is not None:
        for i, unit in enumerate(work):
            hit, from_snapshot = freshness.cached_by_stat(
                unit.directory,
                unit.files,
                config.salt,
                config.lean,
                store,
                snapshot.get(unit.directory),
            )
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
            freshness.write_snapshot(store, config.salt, directories, snapshot, reused)
        else:
            store.touch(freshness.snapshot_key(config.salt, directories))  # in use: not pruned
        store.prune()


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


def _import_prefix(directory: str) -> str:
    """The path the packages of ``directory``'s module import each other
    under, for the prefilter's module-import marker: the go.mod's module
    path, or outside a module the import path of the GOPATH project around
    it (``gopath_project_of``: Gopkg.toml, glide.yaml, .git ...; "" when
    none is found)."""
    path = freshness.module_of(directory)[1]
    if path or freshness.module_root(directory):
        return path
    project = gopath_project_of(directory)
    return project.path if project is not None else ""
