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

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from gofixmap.codemod import cache as rcache
from gofixmap.codemod import prefilter
from gofixmap.codemod import source as src
from gofixmap.codemod.discover import GoFile, find_module, package_clause
from gofixmap.codemod.model import FileResult, Status
from gofixmap.codemod.runner import RunOptions, _Entry, run_package, syntax_error

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
    gate: tuple[bytes, ...] = prefilter.GATE  # the package gate of these options


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def units(files: Sequence[GoFile]) -> list[Unit]:
    """Group ``files`` by directory, in order of first appearance."""
    grouped: dict[Path, list[GoFile]] = defaultdict(list)
    for go in files:
        grouped[go.path.parent].append(go)
    return [
        Unit(str(directory), tuple((str(g.path), g.display, g.explicit) for g in members))
        for directory, members in grouped.items()
    ]


@lru_cache(maxsize=4096)
def _module(directory: str) -> tuple[str, str]:
    """(root, path) of the module of ``directory``; ("", "") outside a module."""
    module = find_module(Path(directory))
    return (str(module.root), module.path) if module is not None else ("", "")


@lru_cache(maxsize=4096)
def _dir_stamp(directory: str) -> bytes:
    """Names, sizes and modification times of the Go files of ``directory``."""
    try:
        entries = sorted(
            (e for e in os.scandir(directory) if e.name.endswith(".go")), key=lambda e: e.name
        )
    except OSError:
        return b"?"
    parts = []
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def _dependencies(directory: str, datas: Iterable[bytes]) -> bytes:
    """A stamp of the other packages of the same module that the files name.

    Some rules read the declarations of other packages of the module (custom
    resource types); a cached result must not outlive a change there.
    Conservative: every quoted ``"<module>/..."`` string counts.
    """
    root, path = _module(directory)
    if not path:
        return b""
    pattern = re.compile(b'"(' + re.escape(path.encode()) + rb'/[^"\s]*)"')
    imported = sorted({m for data in datas for m in pattern.findall(data)})
    stamps = []
    for name in imported:
        sub = name.decode("utf-8", "replace")[len(path) + 1 :]
        target = os.path.join(root, *sub.split("/"))
        stamps.append(name + b"\0" + _dir_stamp(target))
    return b"\n".join(stamps)


def _salt(options: RunOptions, use_prefilter: bool) -> bytes:
    return rcache.salt(
        (
            tuple(type(r).__module__ + "." + type(r).__qualname__ for r in options.rules),
            options.fix,
            options.settings,
            options.max_rounds,
            sorted((k, sorted(v.items())) for k, v in options.external_types.items()),
            options.skip_generated,
            use_prefilter,
        )
    )


def _lean(result: FileResult) -> FileResult:
    if result.status is Status.CLEAN and not result.diagnostics and not result.changed:
        return FileResult(result.path, Status.CLEAN, reason=result.reason)
    if result.status is Status.SKIPPED and not result.error_line:
        return FileResult(result.path, Status.SKIPPED, reason=result.reason)
    return result


def _unchecked(entry: _Entry) -> FileResult:
    """A file no rule can fire on: clean, unless it does not even parse."""
    broken = syntax_error(entry)
    entry.parsed = None  # keep no tree
    return broken or FileResult(entry.go.display, Status.CLEAN, entry.data, entry.data)


def process_unit(unit: Unit, config: Config) -> list[FileResult]:
    """Every FileResult of ``unit``; never raises for user input or a rule bug."""
    options = config.options
    early: list[FileResult] = []
    read: list[tuple[GoFile, bytes]] = []
    for path, display, explicit in unit.files:
        go = GoFile(Path(path), display, explicit)
        try:
            data = go.path.read_bytes()
        except OSError as exc:
            early.append(FileResult(display, Status.FAILED, reason=f"cannot read: {exc.strerror}"))
            continue
        read.append((go, data))
    packages: dict[str, list[_Entry]] = defaultdict(list)
    for go, data in read:
        reason = src.skip_reason(data, options.skip_generated)
        if reason:
            early.append(FileResult(go.display, Status.SKIPPED, data, data, reason=reason))
            continue
        packages[package_clause(data)].append(_Entry(go, data))

    active = {
        name: (
            prefilter.active_rules(
                options.rules,
                [e.data for e in entries],
                config.gate,
                _module(unit.directory)[1],
            )
            if config.use_prefilter
            else options.rules
        )
        for name, entries in packages.items()
    }
    store = rcache.ResultCache(Path(config.cache_dir)) if config.cache_dir else None
    key = ""
    names = {go.display: go.path.name for go, _ in read}
    paths = {go.path.name: go.display for go, _ in read}
    contents = {go.path.name: data for go, data in read}
    cacheable = store is not None and not any(r.status is Status.FAILED for r in early)
    cacheable = cacheable and len(names) == len(paths)
    if store is not None and cacheable:
        key = rcache.unit_key(
            config.salt,
            unit.directory,
            _module(unit.directory)[1],
            [(go.path.name, data) for go, data in read],
            _dependencies(unit.directory, contents.values()),
        )
        cached = store.load(key)
        if cached is not None:
            decoded = rcache.decode(cached, paths, contents)
            if decoded is not None:
                return [_lean(r) for r in decoded] if config.lean else decoded

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
    if store is not None and cacheable:
        with contextlib.suppress(rcache.Unencodable):
            store.store(key, rcache.encode(results, names))
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
) -> Iterator[FileResult]:
    """Results for ``files``, unit by unit in order, on ``jobs`` processes
    (default: the cores; 1: in this process)."""
    _module.cache_clear()
    _dir_stamp.cache_clear()
    config = Config(
        options,
        str(cache_dir) if cache_dir else None,
        lean,
        use_prefilter,
        _salt(options, use_prefilter) if cache_dir else b"",
        prefilter.gate_markers(options.external_types),
    )
    work = units(files)
    total = len(files)
    done = 0
    count = default_jobs() if not jobs or jobs < 1 else jobs
    count = min(count, len(work))
    if count <= 1:
        for unit in work:
            results = process_unit(unit, config)
            done += len(unit.files)
            if progress is not None:
                progress(done, total)
            yield from results
        return
    window = count * 16
    with cf.ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=_init_worker, initargs=(config,)
    ) as pool:
        pending: deque[tuple[Unit, cf.Future[list[FileResult]]]] = deque()
        queue = iter(work)
        try:
            for unit in queue:
                pending.append((unit, pool.submit(_work, unit)))
                if len(pending) < window:
                    continue
                head, future = pending.popleft()
                yield from _collect(head, future, config)
                done += len(head.files)
                if progress is not None:
                    progress(done, total)
            while pending:
                head, future = pending.popleft()
                yield from _collect(head, future, config)
                done += len(head.files)
                if progress is not None:
                    progress(done, total)
        finally:
            for _, future in pending:
                future.cancel()


def _collect(unit: Unit, future: cf.Future[list[FileResult]], config: Config) -> list[FileResult]:
    try:
        return future.result()
    except BrokenProcessPool:
        return [
            FileResult(display, Status.FAILED, reason="internal error: worker process died")
            for _, display, _ in unit.files
        ]
