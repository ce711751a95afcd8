"""The result cache: keys, round trips, corrupt entries, concurrent writers, the CLI."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from gofixmap import cli, rules
from gofixmap.codemod import cache, freshness, parallel
from gofixmap.codemod.discover import expand
from gofixmap.codemod.model import (
    Applicability,
    AppliedFix,
    Diagnostic,
    Edit,
    FileResult,
    Fix,
    Span,
    Status,
    Subject,
)
from gofixmap.codemod.runner import RunOptions
from tests.helpers import NIL_MAP


def test_default_dir_order() -> None:
    assert cache.default_dir({"GOFIXMAP_CACHE_DIR": "/a", "XDG_CACHE_HOME": "/b"}) == Path("/a")
    assert cache.default_dir({"XDG_CACHE_HOME": "/b"}) == Path("/b/gofixmap")
    assert cache.default_dir({}) == Path.home() / ".cache" / "gofixmap"


def test_key_depends_on_every_input() -> None:
    salt = cache.salt(("NM001",))
    files = [("a.go", b"package p\n"), ("b.go", b"package p\nvar x int\n")]
    base = cache.unit_key(salt, "/d", "m", files)
    assert base == cache.unit_key(salt, "/d", "m", list(files))
    variants = [
        cache.unit_key(cache.salt(("NM002",)), "/d", "m", files),
        cache.unit_key(salt, "/e", "m", files),
        cache.unit_key(salt, "/d", "n", files),
        cache.unit_key(salt, "/d", "m", [files[0], ("b.go", b"package p\nvar y int\n")]),
        cache.unit_key(salt, "/d", "m", [files[0], ("c.go", files[1][1])]),
        cache.unit_key(salt, "/d", "m", files[:1]),
        cache.unit_key(salt, "/d", "m", files, b"dep"),
    ]
    assert base not in variants and len(set(variants)) == len(variants)


def _result(display: str, other: str) -> FileResult:
    fix = Fix(
        "Initialise m with make",
        (Edit(10, 12, b"x"), Edit(0, 0, b"y", path=other)),
        Applicability.SAFE,
        ("sync",),
    )
    diag = Diagnostic("NM001", "nil-map-write", display, Span(3, 9), "write to nil map m", (fix,))
    typed = Diagnostic(
        "MR001",
        "concurrent-map-write",
        display,
        Span(4, 8),
        "concurrent write to map c.hits",
        subject="c.hits",
        about=Subject("field", "Counter", "hits"),
    )
    return FileResult(
        display,
        Status.FIXED,
        b"original",
        b"fixed",
        (diag, typed),
        (AppliedFix(diag, fix),),
        ((diag, "conflict"),),
        (diag, typed),
        "",
        0,
    )


def test_encode_decode_round_trip_maps_paths() -> None:
    results = [_result("old/a.go", "old/b.go"), FileResult("old/b.go", Status.CLEAN, b"b", b"b")]
    value = cache.encode(results, {"old/a.go": "a.go", "old/b.go": "b.go"})
    back = cache.decode(
        value, {"a.go": "new/a.go", "b.go": "new/b.go"}, {"a.go": b"original", "b.go": b"b"}
    )
    assert back == [
        _result("new/a.go", "new/b.go"),
        FileResult("new/b.go", Status.CLEAN, b"b", b"b"),
    ]


def test_internal_errors_are_cached_but_unreadable_files_are_not(tmp_path: Path) -> None:
    failed = [FileResult("a.go", Status.FAILED, reason="internal error: RecursionError()")]
    assert cache.decode(
        cache.encode(failed, {"a.go": "a.go"}), {"a.go": "a.go"}, {"a.go": b""}
    ) == (failed)
    (tmp_path / "a.go").write_bytes(NIL_MAP)
    (tmp_path / "b.go").write_bytes(b"package p\n")
    files = expand([str(tmp_path)])
    (tmp_path / "b.go").unlink()  # unreadable when the run reads it
    store = tmp_path / "cache"
    results = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert [r.status for r in results] == [Status.FAILED, Status.FINDINGS]
    assert not (store / f"v{cache.FORMAT}").exists()


def test_corrupt_entries_are_misses_and_rewritten(tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path)
    store.store("abcdef", (1, ("x",)))
    assert store.load("abcdef") == (1, ("x",))
    entry = tmp_path / f"v{cache.FORMAT}" / "ab" / "cdef"
    blob = entry.read_bytes()
    for bad in (b"", blob[:-1], blob[:5], b"garbage" * 10, blob[:-1] + bytes([blob[-1] ^ 1])):
        entry.write_bytes(bad)
        assert store.load("abcdef") is None
    store.store("abcdef", (1, ("x",)))
    assert store.load("abcdef") == (1, ("x",))
    assert not [p for p in entry.parent.iterdir() if p.name.startswith(".tmp-")]


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    store = cache.ResultCache(tmp_path / "file")
    store.store("abcdef", (1,))
    assert store.load("abcdef") is None


def _hammer(root: str, seed: int) -> int:
    store = cache.ResultCache(Path(root))
    bad = 0
    for i in range(200):
        key = f"{(i + seed) % 7:02x}key"
        store.store(key, (1, tuple(range(2000)), key))
        value = store.load(key)
        if value is not None and value != (1, tuple(range(2000)), key):
            bad += 1
    return bad


def test_concurrent_writers_never_expose_a_partial_entry(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(4) as pool:
        bad = pool.starmap(_hammer, [(str(tmp_path), s) for s in range(4)])
    assert bad == [0, 0, 0, 0]


def _options() -> RunOptions:
    return RunOptions(rules=rules.all_rules(), external_types=rules.external_types())


def test_warm_run_returns_the_same_results(tmp_path: Path) -> None:
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "a.go").write_bytes(NIL_MAP)
    (pkg / "b.go").write_bytes(b"package p\n\nvar n = map[string]int{}\n")
    files = expand([str(pkg)])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    entries = list((store / f"v{cache.FORMAT}").rglob("*"))
    assert any(p.is_file() for p in entries)
    warm = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert warm == cold
    # a change in another file of the package is a miss
    (pkg / "b.go").write_bytes(b'package p\n\nvar n = map[string]int{"a": 1}\n')
    again = list(parallel.run(expand([str(pkg)]), _options(), jobs=1, cache_dir=store))
    assert [r.diagnostics for r in again] == [r.diagnostics for r in cold]
    assert again[1].original != cold[1].original


def test_a_corrupt_entry_is_recomputed(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(NIL_MAP)
    files = expand([str(tmp_path / "a.go")])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    entries = [
        p for p in (store / f"v{cache.FORMAT}").rglob("*") if p.is_file() and p.name != ".pruned"
    ]
    assert len(entries) == 3  # by content, by stat, and the run's snapshot of the stat entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:20])
    assert list(parallel.run(files, _options(), jobs=1, cache_dir=store)) == cold
    assert all(len(entry.read_bytes()) > 20 for entry in entries)  # rewritten


def _aged(*paths: Path) -> None:
    """Modification times well before any cache entry written from now on."""
    for path in paths:
        old = path.stat().st_mtime_ns - 60_000_000_000
        os.utime(path, ns=(old, old))


def _no_work(unit: parallel.Unit, config: parallel.Config) -> list[FileResult]:
    raise AssertionError(f"{unit.directory} was checked again")


def _checked_units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The directories that runs from now on check (not answered by stat)."""
    calls: list[str] = []
    real = parallel.process_unit

    def counting(unit: parallel.Unit, config: parallel.Config) -> list[FileResult]:
        calls.append(unit.directory)
        return real(unit, config)

    monkeypatch.setattr(parallel, "process_unit", counting)
    return calls


def test_an_unchanged_unit_is_answered_by_stat_without_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "a.go").write_bytes(NIL_MAP)
    (pkg / "b.go").write_bytes(b"package p\n\nvar n = map[string]int{}\n")
    _aged(pkg / "a.go", pkg / "b.go")
    files = expand([str(pkg)])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    read: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        read.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    with monkeypatch.context() as m:
        m.setattr(parallel, "process_unit", _no_work)
        m.setattr("builtins.open", spy)
        warm = list(parallel.run(files, _options(), jobs=1, cache_dir=store, lean=True))
    assert [r.diagnostics for r in warm] == [r.diagnostics for r in cold]
    assert [r.status for r in warm] == [r.status for r in cold]
    # only the file with a finding is read (for its bytes), not the clean one
    assert [Path(p).name for p in read if not p.startswith(str(store))] == ["a.go"]
    assert warm[0].original == NIL_MAP and warm[1].original == b""


def test_a_warm_run_reads_one_snapshot_not_an_entry_per_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.go").write_bytes(
            NIL_MAP.replace(b"package p", b"package " + name.encode())
        )
        _aged(tmp_path / name / "x.go")
    files = expand([str(tmp_path)])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    loads: list[str] = []
    real = cache.ResultCache.load

    def counting(self: cache.ResultCache, key: str) -> object:
        loads.append(key)
        return real(self, key)

    monkeypatch.setattr(cache.ResultCache, "load", counting)
    monkeypatch.setattr(parallel, "process_unit", _no_work)
    assert list(parallel.run(files, _options(), jobs=1, cache_dir=store)) == cold
    assert len(loads) == 1
    # a stale snapshot entry falls back to the unit's own entry, then to content
    (tmp_path / "b" / "x.go").write_bytes(b"package b\n")
    monkeypatch.undo()
    again = list(parallel.run(expand([str(tmp_path)]), _options(), jobs=1, cache_dir=store))
    assert [bool(r.diagnostics) for r in again] == [True, False, True]


def test_same_size_same_mtime_edit_is_seen(tmp_path: Path) -> None:
    """An edit that keeps the size and puts the old modification time back
    still changes the inode change time: the unit is checked again."""
    (tmp_path / "a.go").write_bytes(NIL_MAP)
    _aged(tmp_path / "a.go")
    before = (tmp_path / "a.go").stat()
    files = expand([str(tmp_path)])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert cold[0].diagnostics
    fixed = NIL_MAP.replace(b"var m map[string]int", b"m := map[string]int{}")
    fixed = fixed.replace(b'm["a"]', b'm[""]')
    assert len(fixed) == len(NIL_MAP)
    (tmp_path / "a.go").write_bytes(fixed)
    os.utime(tmp_path / "a.go", ns=(before.st_atime_ns, before.st_mtime_ns))
    warm = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert warm[0].status is Status.CLEAN and warm[0].original == fixed


def test_a_racily_fresh_file_is_checked_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file modified just before its stat entry was written may change again
    within the same timestamp tick: its stat entry is not trusted."""
    (tmp_path / "a.go").write_bytes(NIL_MAP)  # modified now
    files = expand([str(tmp_path)])
    store = tmp_path / "cache"
    cold = list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    calls = _checked_units(monkeypatch)
    assert list(parallel.run(files, _options(), jobs=1, cache_dir=store)) == cold
    assert calls == [str(tmp_path)]


def test_a_change_in_an_imported_package_of_the_module_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "go.mod").write_bytes(b"module example.com/m\n\ngo 1.22\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "api" / "t.go").write_bytes(b"package api\n\ntype T struct{ M map[string]int }\n")
    (tmp_path / "app" / "a.go").write_bytes(
        b'package app\n\nimport "example.com/m/api"\n\nfunc f(t *api.T) { t.M["a"] = 1 }\n'
    )
    _aged(tmp_path / "api" / "t.go", tmp_path / "app" / "a.go")
    files = expand([str(tmp_path / "app")])
    store = tmp_path / "cache"
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    with monkeypatch.context() as m:
        m.setattr(parallel, "process_unit", _no_work)
        list(parallel.run(files, _options(), jobs=1, cache_dir=store))  # by stat
    (tmp_path / "api" / "t.go").write_bytes(b"package api\n\ntype T struct{ M map[string]int64 }\n")
    calls = _checked_units(monkeypatch)
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert calls == [str(tmp_path / "app")]


def test_cli_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.go").write_bytes(NIL_MAP)
    monkeypatch.setenv("GOFIXMAP_CACHE_DIR", str(tmp_path / "cache"))
    target = str(tmp_path / "src")
    assert cli.main(["--no-cache", target]) == cli.EXIT_FINDINGS
    assert not (tmp_path / "cache").exists()
    first = capsys.readouterr().out
    assert cli.main([target]) == cli.EXIT_FINDINGS
    assert (tmp_path / "cache").exists()
    assert cli.main([target]) == cli.EXIT_FINDINGS
    out = capsys.readouterr().out
    assert out == first * 2 and "NM001" in first


def test_the_tool_fingerprint_is_stable() -> None:
    assert cache.tool_fingerprint() == cache.tool_fingerprint()
    assert len(cache.tool_fingerprint()) == 32
    assert os.path.basename(cache.__file__) == "cache.py"


def test_prune_deletes_old_entries_once_a_day(tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path)
    store.store("aaold", (1,))
    store.store("bbnew", (2,))
    old_tmp = tmp_path / f"v{cache.FORMAT}" / "aa" / ".tmp-left-by-a-killed-run"
    old_tmp.write_bytes(b"half")
    fresh_tmp = tmp_path / f"v{cache.FORMAT}" / "bb" / ".tmp-being-written"
    fresh_tmp.write_bytes(b"half")
    long_ago = time.time() - 31 * 86400
    os.utime(tmp_path / f"v{cache.FORMAT}" / "aa" / "old", (long_ago, long_ago))
    os.utime(old_tmp, (time.time() - 7200, time.time() - 7200))
    assert store.prune() == 2
    assert store.load("aaold") is None and store.load("bbnew") == (2,)
    assert not old_tmp.exists() and fresh_tmp.exists()
    # at most once a day: a second prune right away does nothing
    store.store("ccold", (3,))
    os.utime(tmp_path / f"v{cache.FORMAT}" / "cc" / "old", (long_ago, long_ago))
    assert store.prune() == 0 and store.load("ccold") == (3,)


def test_a_used_snapshot_is_kept_fresh(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(NIL_MAP)
    _aged(tmp_path / "a.go")
    files = expand([str(tmp_path)])
    store = tmp_path / "cache"
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    entries = [
        p for p in (store / f"v{cache.FORMAT}").rglob("*") if p.is_file() and p.name != ".pruned"
    ]
    long_ago = time.time() - 31 * 86400
    for entry in entries:
        os.utime(entry, (long_ago, long_ago))
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))  # answered by the snapshot
    fresh = [p for p in entries if p.stat().st_mtime > long_ago + 1]
    assert len(fresh) == 1  # the snapshot, touched: the prune of a day later keeps it


def test_same_size_same_mtime_change_in_an_imported_package_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that keeps the size and restores the mtime still moves ctime."""
    (tmp_path / "go.mod").write_bytes(b"module example.com/m\n\ngo 1.22\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "app").mkdir()
    api = tmp_path / "api" / "t.go"
    api.write_bytes(b"package api\n\ntype T struct{ M map[string]int }\n")
    (tmp_path / "app" / "a.go").write_bytes(
        b'package app\n\nimport "example.com/m/api"\n\nfunc f(t *api.T) { t.M["a"] = 1 }\n'
    )
    _aged(api, tmp_path / "app" / "a.go")
    files = expand([str(tmp_path / "app")])
    store = tmp_path / "cache"
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    before = api.stat()
    api.write_bytes(b"package api\n\ntype T struct{ M map[string]in8 }\n")  # same size
    os.utime(api, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (api.stat().st_size, api.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    freshness.dir_stamp.cache_clear()
    calls = _checked_units(monkeypatch)
    list(parallel.run(files, _options(), jobs=1, cache_dir=store))
    assert calls == [str(tmp_path / "app")]


def test_a_forged_entry_with_a_recomputed_checksum_is_a_miss(tmp_path: Path) -> None:
    import hashlib
    import marshal

    store = cache.ResultCache(tmp_path)
    store.store("abcdef", (1, ("x",)))
    entry = tmp_path / f"v{cache.FORMAT}" / "ab" / "cdef"
    head = entry.read_bytes()[: len(cache._MAGIC)]
    forged = marshal.dumps((1, ("injected code",)))
    for digest in (
        hashlib.blake2b(forged, digest_size=cache._DIGEST).digest(),  # the old unkeyed checksum
        hashlib.blake2b(forged, digest_size=cache._DIGEST, key=b"guess").digest(),
    ):
        entry.write_bytes(head + digest + forged)
        assert cache.ResultCache(tmp_path).load("abcdef") is None


def test_the_mac_key_is_private_and_shared_by_runs(tmp_path: Path) -> None:
    first = cache.ResultCache(tmp_path)
    first.store("abcdef", (1,))
    key = tmp_path / "key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert cache.ResultCache(tmp_path).load("abcdef") == (1,)  # a later run trusts it
    key.chmod(0o644)  # readable by others: not trusted, so neither is what it signed
    assert cache.ResultCache(tmp_path).load("abcdef") is None
