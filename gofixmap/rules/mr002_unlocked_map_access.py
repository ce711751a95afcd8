"""MR002 unlocked-map-access: a struct's map field accessed under its mutex in
some methods and without it in another.

The module is longer than 600 lines because a third of it is the rule's own
documentation, evidence table and VALID/INVALID examples; the analysis of
who holds which lock lives in the facts (shared, mutexes, callerlocks,
packagelocks), and what stays here is the rule's policy per kind of map
(field, package variable, a map handed out of its lock)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.model import Diagnostic, Fix, Span
from gofixmap.codemod.rule import Invalid, Pass, Rule
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import CALLS, GOROUTINES, SERVING, SHARED_MAPS, TYPES
from gofixmap.rules.facts.callerlocks import (
    constructing_methods,
    covered,
    exclusive_methods,
    runs_in_callers,
)
from gofixmap.rules.facts.closurelocks import on_goroutine_of, on_its_goroutine
from gofixmap.rules.facts.copiedmaps import shared_copy_writes
from gofixmap.rules.facts.exports import EXPORTED_TYPES
from gofixmap.rules.facts.fieldcallbacks import read_locked_callbacks
from gofixmap.rules.facts.foreignfields import GUARDED_FIELDS, foreign_accesses
from gofixmap.rules.facts.goroutines import Goroutines, multiplicity
from gofixmap.rules.facts.happensbefore import ordered_by_close
from gofixmap.rules.facts.incidental import incidental_lock
from gofixmap.rules.facts.joined import joined_methods
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import Access, guarded, is_test_file
from gofixmap.rules.facts.mutexes import locked_by_owner, locks_first, var_mutexes
from gofixmap.rules.facts.packagelocks import (
    called_under,
    function_name,
    guarding_lock,
    is_package_mutex,
    locked_caller,
    top_key,
)
from gofixmap.rules.facts.parammutex import unlocked_param_accesses
from gofixmap.rules.facts.readhelpers import read_locked_helpers, read_locked_reacher
from gofixmap.rules.facts.serving import Serving
from gofixmap.rules.facts.shared import SharedMaps
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.testonly import MODULE_FILES
from gofixmap.rules.facts.types import TypeResolver
from gofixmap.rules.facts.uncalled import OUTSIDE, never_runs
from gofixmap.rules.fixes.mutex import field_fix, global_fix


class UnlockedMapAccess(Rule):
    """What it does
    Finds a struct whose map field is accessed under the struct's mutex in
    some methods and without it in another: a forgotten `Lock` on one write
    path, or a read without `RLock` while the writes lock. With several
    mutexes, the one held at most of the field's accesses guards it.
    Likewise a package-level map under a package-level mutex in some
    functions and without it in another (not when every write is made in
    the start phase, nor in an unexported function every call of which is
    made where the lock is or may be held); so is the map field of a
    package-level variable of a struct type under that variable's own
    mutex (`state.mu` held around `state.pods` in some functions).
    A method that takes the map's mutex itself is never excused by what its
    callers hold: Go's mutexes are not reentrant, so that is another lock. A
    call is an access of the map it is handed when the callee only reads,
    or writes, that map parameter (`equal(s.entries, fresh)`), and so is a
    method of a named map type that reads or writes its receiver
    (`s.seen.Has(k)`, `s.seen.Insert(k)` on a `sets.Set` field), read from
    the callee's source.

    A lock taken only in test helpers (functions with a `testing.TB`
    parameter) is no evidence. Not reported: accesses under the lock on
    every path to them, following the function's control flow
    (`Lock`/`Unlock`, `defer Unlock`, `RLock` for reads, an early `Unlock();
    return` or `continue` that leaves, a lock held across a loop's
    iterations, below `if !mu.TryLock() { return }` or a call of a method
    that returns true only once it holds the lock; a lock taken by a
    method that locks and returns, `c.acquire()`/`defer c.release()`; `if
    doLock { s.Lock() }` when every caller passes true or holds the lock; a
    func deferred after `defer mu.Unlock()`, which runs before it; a func
    literal called on the spot), also in callbacks that run before the call returns
    (`sort.Slice`, `slices.SortFunc`, `filepath.Walk`/`WalkDir`, `once.Do`,
    `sync.Map.Range`, `retry.RetryOnConflict`/`OnError` of client-go,
    `controllerutil.CreateOrUpdate`/`CreateOrPatch`, a function of the
    package, of another package of the module or of a dependency whose
    source is on disk that only calls its func parameter — under the
    locks it holds at those calls, in the caller's
    terms: `c.SafeWrite(func() {...})` where `SafeWrite` locks `c.mu`, calls
    `f()` and unlocks —, an iterator called with its yield, a local `f :=
    func() {...}` called only where the lock is held, or handed there to
    such a function, `timed(f)` (closures that call
    each other included; a literal such a closure hands to a method of the
    package that posts it on a channel of its receiver, `t.results <-
    result{fn: func() { cb(out) }}`, runs where the values received from
    that channel are called, `r.fn()`), a func literal handed to a function
    whose body is not read here when the caller reads a local the literal
    assigns right after the call), methods documented to run with the
    lock held (`// Lock should be held.`, `// Lock held on entry.`, `// Caller
    must hold s.mu.`), helper methods that are only called with the lock
    held, methods whose every call is made on a value not yet shared (a
    constructor's `idx := &T{...}; idx.load(); return idx` (or a named
    result, `ds = &T{...}; ds.load()`; a handler that `load` gets from a
    method of the type and hands straight to a dependency's method that
    only calls it, `bkt.ForEach(ds.handler())`, runs there too), with nothing
    before the call handing `idx` on or starting a goroutine with it (a
    goroutine that reaches `idx` only through fields holding no map, a
    channel, a scalar or a lock, `<-m.messages`, touches none of its maps),
    or a
    copy of a part of such a receiver, `node = other` after `other, ok :=
    t.Nodes[name]`, in a method called so) or
    holds the lock, and reads of a map that no method writes, or that only
    such methods write on a value not yet shared (filled while its
    constructor builds it, read-only once it is returned). The lock
    counts as the map's when the map is written under it only inside such a
    helper, every call of which holds that lock (`ensureResult` called by
    `SetImage` between `Lock` and `Unlock`): the accesses elsewhere without
    it are reported. So are the accesses of another value's map outside
    the owner's methods through a range variable over values others hold
    (taken there, so no caller holds their locks) without that value's
    lock, when every write of the
    owner's methods holds it (`for d := range t.discoverers { range
    d.timestamps }` under the collector's lock only). Nor accesses
    made in the program's start phase, before any goroutine exists (in `main`
    or `init` before their first start, or in functions whose every call in
    the module is made there, across packages): nothing can race with them. Nor
    accesses without the lock made before `close(c)` on their goroutine
    when every other access of the map waits on `<-c` of the same value
    first (or follows the close): the close happens before those receives
    return, so nothing else touches the map until it is filled. Nor accesses
    in a method that never runs while goroutines share a value, when the
    type's values reach other goroutines only from a function that makes
    one (`l := NewList()`), starts goroutines on it that signal a waiter
    (`defer wg.Done()`, `g.Go(func() ...)`) and waits (`wg.Wait()`, on every
    path that started them) before the value leaves it, calling nothing but
    methods on it in between (a method it defers runs in between when a
    `return` can come before the wait): what a goroutine does before `Done`
    happens before `Wait` returns, so the lock is needed only there (a value never
    kept in a field, a package variable, a channel or a container). Nor when every access
    under the lock is in an unexported function that only operations already
    touching the map without the lock call (on their own goroutine): that
    lock guards something next to the map (counters published on the way),
    not the map. Nor a read made on the one goroutine that makes every
    write of the map (the loop of a long-lived goroutine, `for { select
    {...} }`, from which alone the reader and every writer run, or one
    launch of a single worker, which reaches the methods also through an
    interface of the package that one type of the package alone implements,
    or through a local closure it starts, `run := func() {...}; go
    wait.Until(run, ...)`; a write made before that goroutine starts, a
    state loaded in `Run` before `go`, is ordered before it): reads do not
    race with reads, and the writes are that goroutine's own. A func literal of that loop runs on
    its goroutine when every way it runs is a call made there (on the spot,
    deferred, a synchronous callback, a local closure only ever called, a
    callback posted back on a channel whose received values the loop
    calls; closures calling each other included), not when one is started
    with `go` or handed on; so does a literal that runs so inside a
    launched one, `go func() { run := func() { p.collect(); n =
    len(p.results) }; timed(run) }()`, on the launch's goroutine, and what
    it calls is what that goroutine calls. Nor accesses in a function or method that nothing can
    call: no call or other use of it in the module or its tests (for a
    command's or an internal package's, only in the packages and test
    binaries that a program linking it links: a value of its types exists
    nowhere else), and no
    one else who could (unexported; or in a command or below an
    ``internal`` directory of the module, and for a method no interface of
    a package the module imports, the standard library's included, that
    the type may implement with it: `Size` of a type without `Sum` is no
    `hash.Hash`'s), so it never runs. A lock held only around
    reads counts: a method that locks to read the map says the map is read
    while something else may write it (`Get` takes `RLock`, `Set` takes
    nothing), whatever the package itself starts.

    Also a method that returns the map itself while it holds the mutex
    (`return s.data`, or `m := s.data` then `return m`, under `Lock` or
    `RLock`) when another method writes the map in place under that mutex:
    the lock ends when the method returns, so the caller ranges or reads the
    map while the writer writes it (reported without a fix: return a copy
    made under the lock). Not when the writers replace the map instead of
    writing into it (copy on write), nor for a copy (`maps.Clone(s.data)`).
    Likewise an inner map of a map of maps (`l, ok := s.byNode[n]; return
    l`, `return s.byNode[n]`) that another method writes in place under the
    mutex (`s.byNode[n][id] = x`, `delete(s.byNode[n], id)`); not when the
    inner maps are only replaced whole, nor for a value that is no map.

    Also a map reached from the receiver or a parameter of a function that
    is handed a mutex (`nodesLock *sync.RWMutex`: the caller's lock, shared
    with the other goroutines it hands it to) and accessed there without
    it, while the function, or a method on the same receiver (a function
    of the package on the same value) that it hands the mutex to, holds it
    around that map: a write without it or under only its read lock, a
    read when the lock is taken around a write of the map or in write
    mode (reported without a fix; not when another write lock is held at
    the access).

    Also a write to the map in a helper method that some caller runs under
    only the read lock of the receiver's `sync.RWMutex` (`Get` takes
    `c.mu.RLock()` and calls `c.fill(k)`, one or more calls deep), and a
    write to a map of the receiver in a func literal kept in a func-typed
    field (`q.filters = append(q.filters, f)`) that a method calls under
    only its read lock, handing it the receiver (`f(sil, s)`): read locks
    are shared, so two readers write the map at once, a lazy cache filled
    per request (reported without a fix: the reader must take `Lock`).

    Also an access from another package of the module to an exported map
    field of a struct whose own package writes it under the struct's mutex
    (in a method that may run once the value is shared, not one that runs
    only while a constructor builds it): `for ip := range sub.IPToPod`, `sub`
    an `*ipam.Subnet` (a parameter, a variable, a field, an element of a map
    or slice of them, a result of the package's function, as declared),
    while `ipam` writes `IPToPod` under `s.mutex`. An unexported mutex can
    never be taken outside its package (reported without a fix: read the map
    through a method of its package that holds the lock, or export the
    lock); an exported one (`Mu`, an embedded `sync.Mutex`) counts where the
    access holds it. Not a value the function made itself (`s :=
    &ipam.Subnet{...}`, never assigned again), nor one handed to a func
    literal as its parameter by whoever calls it (that caller may hold the
    lock), nor reads of a field no method writes under the lock.

    Also a write into a map of a struct copied out of a field that its
    owner's mutex guards (`ncfg := o.cfg`, `o.cfg` accessed under `o.mu`
    in a method of the owner): the copy shares the field's maps, so a
    write to `ncfg.Metadata[k]` without `o.mu` (here, or in a function of
    the package handed `&ncfg` or `ncfg`, two calls deep) races with the
    owner's locked reads (reported without a fix). Not when the copy's map
    is replaced first (`ncfg.Metadata = maps.Clone(ncfg.Metadata)`), the
    write holds the owner's lock, the copy is made by a method
    (`o.cfg.Clone()`), or the copy of the receiver's own field is made in a
    method of the owner that never takes the lock (its callers may hold it).

    Why is this bad
    One unlocked path is enough for the runtime to abort the process with
    `fatal error: concurrent map read and map write`; the other methods'
    locking gives a false sense of safety.

    Example
        func (s *Store) Put(k, v string) { s.mu.Lock(); s.m[k] = v; s.mu.Unlock() }
        func (s *Store) Delete(k string) { delete(s.m, k) } // no lock

    Fix safety
    Unsafe. The fix takes the struct's own mutex around the access (`RLock`
    for reads when it is a `sync.RWMutex`; the `defer` form when the whole
    method body is the critical section). It declines when the region would
    call a method that takes the same lock (a self-deadlock), when a caller
    of the method (or of a method calling it on its receiver, up the chain)
    holds that mutex at the call (Go's mutexes are not reentrant), the
    access is in a local closure called somewhere a lock is held, or the
    method has a value receiver. With `--strategy syncmap` it converts the field to
    `sync.Map` when every use converts.
    """

    code = "MR002"
    PREFILTER = MAP_GATE
    REQUIRES = (
        TYPES,
        CALLS,
        GOROUTINES,
        SHARED_MAPS,
        SERVING,
        STARTUP,
        MODULE_FILES,
        OUTSIDE,
        # of the module's other packages: their map fields guarded by a mutex
        GUARDED_FIELDS,
        EXPORTED_TYPES,
        DECLARATIONS,
    )
    name = "unlocked-map-access"
    summary = "a map guarded by a mutex in some methods and touched without it in another"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "lock-discipline": (
            "medium",
            "the program locks a mutex around this map's other accesses, so it expects "
            "them on several goroutines; this one holds no lock",
        ),
        "lock-escape": (
            "medium",
            "a method returns the guarded map itself: its callers read it after the unlock",
        ),
        "mutex-parameter": (
            "medium",
            "the function is handed a mutex that it (or a callee it hands the mutex to) "
            "holds around this map; this access holds no lock",
        ),
        "shared-copy": (
            "medium",
            "a struct copied out of a field its owner's mutex guards shares that field's maps; "
            "this write into the copy's map holds no lock",
        ),
    }
    VALID = (
        """package p

import "sync"

type Store struct {
	mu sync.RWMutex
	m  map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *Store) Get(k string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k]
}
""",
    )
    INVALID = (
        Invalid(
            """package p

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *Store) Delete(k string) {
	delete(s.m, k)
}
""",
            None,
            """package p

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *Store) Delete(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        shared = pkg.fact(SHARED_MAPS)
        gr = pkg.fact(GOROUTINES)
        if _package_mutex(pkg):
            under: dict[str, set[str]] = {}  # lock → called_under, once per package
            for sm in shared.globals() + shared.global_fields():
                yield from self._global(pkg, shared, sm, under)
        yield from self._param_mutex(pkg, shared)
        yield from self._copied(pkg, shared)
        yield from self._callbacks(shared)
        yield from self._other_packages(pkg, shared)
        for sm in shared.fields():
            mutex = shared.guarding_mutex(sm)
            if mutex is None:
                continue
            locked = [
                a
                for a in sm.accesses
                if locked_by_owner(a, shared.receiver_name(a), mutex)
                and not _test_helper(shared, a)
            ]
            lock_method = _method_name(shared, locked[0]) if locked else ""
            around = ""  # the lock is held around a helper that has the accesses
            if not locked:
                # only in helpers that the lock's holders call: those
                # accesses are made under the lock all the same
                by = shared.locked_by(sm.owner, mutex)
                locked = _in_locked_helpers(shared, sm, mutex)
                if not any(a.is_write for a in locked):
                    # reads under a lock taken for other fields say nothing,
                    # unless other functions write the map under it
                    yield from self._foreign(pkg, shared, sm, mutex, locked)
                    continue
                helper = shared.method_key(locked[0])
                lock_method = by[helper].rsplit(".", 1)[-1]
                around = f" around {helper.rsplit('.', 1)[-1]}"
            yield from self._escapes(shared, sm, mutex, locked)
            yield from self._foreign(pkg, shared, sm, mutex, locked)
            helpers = shared.helpers(sm.owner, mutex)
            # a helper some caller runs under only the read lock: its writes
            # are made by every reader at once (readers share an RLock)
            readers = read_locked_helpers(shared, sm.owner, mutex)
            open_ = [
                a
                for a in sm.accesses
                if a.kind != "escape"
                and not guarded(a)
                and (
                    shared.method_key(a) not in helpers
                    or (
                        a.is_write
                        and shared.method_key(a) in readers
                        and _read_locker(shared, sm.owner, mutex, a)
                    )
                )
                # every call of the method has the value to itself (holds
                # its owner's lock, or the value is not shared yet), unless
                # the method takes this very mutex itself: then its callers
                # cannot hold it, and whatever they hold is another lock
                and not (
                    covered(
                        a,
                        shared.method_key(a),
                        exclusive_methods(shared, sm.owner),
                        _in_callers(shared, a),
                    )
                    and not _takes_itself(shared, a, mutex)
                )
                # an access in a test on the test's own goroutine: tests
                # inspect an object's state once it is quiet (under -race)
                and not (is_test_file(a.file) and not multiplicity(gr, a))
            ]
            if open_:
                # made before any goroutine of the program exists
                serving = pkg.fact(SERVING)
                open_ = [a for a in open_ if not serving.start_phase(a)]
            if open_:
                # filled before a channel close that every other access waits on
                ordered = ordered_by_close(shared, sm.accesses, open_)
                open_ = [a for a in open_ if id(a) not in ordered]
            if open_:
                # the lock is needed only while joined goroutines share a value
                open_ = _outside_joins(pkg, shared, sm.owner, open_)
            if open_:
                # in a function that nothing can call: it never runs
                open_ = [a for a in open_ if not never_runs(pkg, a)]
            if not open_:
                continue
            if incidental_lock(shared, locked, {shared.method_key(a) for a in open_}):
                continue
            # writes made only while a constructor builds the value, before
            # any other goroutine can reach it, race with no read
            building = {key: "w" for key in constructing_methods(shared, sm.owner)}
            writes = [
                a
                for a in sm.accesses
                if a.is_write and not covered(a, shared.method_key(a), building)
            ]
            report = [
                a
                for a in open_
                if a.is_write
                or (writes and not _on_the_writer(shared, gr, a, writes, pkg.fact(SERVING)))
            ]
            if not report:
                continue
            # (a lock taken in a read-locked helper would deadlock under the
            # reader's RLock: the reader must take the write lock instead)
            fixable = [a for a in open_ if shared.method_key(a) not in readers]
            fix, note = field_fix(pkg, sm, fixable, mutex) if fixable else (None, "")
            for access in report:
                recv = shared.receiver_name(access)
                lock_text = recv if mutex[2] else f"{recv}.{mutex[0]}"
                expr = access.file.text(access.node)
                key = shared.method_key(access)
                if key in readers and access.is_write:
                    locker = _read_locker(shared, sm.owner, mutex, access) or readers[key]
                    reader = locker.rsplit(".", 1)[-1]
                    helper = key.rsplit(".", 1)[-1]
                    message = (
                        f"write to map {expr} under only the read lock of {lock_text}: "
                        f"{reader} holds {lock_text}.RLock() around {helper}, and readers "
                        "share it"
                    )
                    advice = (
                        f"take {lock_text}.Lock() in {reader} for the write (not RLock), "
                        "or guard the map with a lock of its own"
                    )
                    yield self._unlocked(access, message, None, advice, expr, sm)
                    continue
                if access.is_write:
                    message = (
                        f"write to map {expr} without holding {lock_text}: "
                        f"{lock_method} locks it{around}"
                    )
                else:
                    writer = next(
                        (_method_name(shared, a) for a in locked if a.is_write and not around),
                        lock_method,
                    )
                    message = (
                        f"read of map {expr} without holding {lock_text}: {writer} locks it{around}"
                    )
                yield self._unlocked(access, message, fix, note, expr, sm)

    def _other_packages(self, pkg: Pass, shared: SharedMaps) -> Iterator[Diagnostic]:
        """``x.F``, ``F`` a map field of another package's struct that its
        package writes under the struct's mutex, without that mutex
        (:mod:`.foreignfields`)."""
        gr = pkg.fact(GOROUTINES)
        serving = pkg.fact(SERVING)
        for found in foreign_accesses(pkg, shared):
            access, guard = found.access, found.guard
            if is_test_file(access.file) and not multiplicity(gr, access):
                continue  # a test inspecting the value once it is quiet
            if serving.start_phase(access) or never_runs(pkg, access):
                continue
            expr = access.file.text(access.node)
            kind = "write to" if access.is_write else "read of"
            owner = f"{found.package}.{found.owner}"
            where = f"{guard.writer} locks it in package {found.package} ({guard.where})"
            if guard.exported:
                lock = found.operand if guard.embedded else f"{found.operand}.{guard.mutex}"
                message = f"{kind} map {expr} without holding {lock}: {where}"
                note = f"take {lock}.Lock() around the access, as {guard.writer} does"
            else:
                message = f"{kind} map {expr} without holding the mutex of {owner}: {where}"
                note = (
                    f"the mutex {owner}.{guard.mutex} is unexported, so no code outside "
                    f"package {found.package} can take it: access the map through a method "
                    f"of {owner} that holds it (or export the lock)"
                )
            yield self._at_site(access, message, note, expr, "lock-discipline")

    def _copied(self, pkg: Pass, shared: SharedMaps) -> Iterator[Diagnostic]:
        """A write into a map of a struct copied out of a field its owner's
        mutex guards, without that mutex (:mod:`.copiedmaps`)."""
        for found in shared_copy_writes(pkg, shared.locks):
            access = found.access
            expr = access.file.text(access.node)
            message = (
                f"write to map {expr} without holding {found.lock}: {found.copy} := "
                f"{found.source} in {found.where} copies the struct but shares its map"
            )
            field = access.node.child_by_field_name("field")
            copied = f"{found.copy}.{access.file.text(field) if field is not None else 'M'}"
            note = (
                f"replace the copy's map first ({copied} = maps.Clone({copied})) "
                f"or hold {found.lock}"
            )
            yield self._at_site(access, message, note, expr, "shared-copy")

    def _callbacks(self, shared: SharedMaps) -> Iterator[Diagnostic]:
        """A write into the receiver's map in a func literal kept in a func
        field and called under only the read lock (:mod:`.fieldcallbacks`)."""
        for found in read_locked_callbacks(shared):
            access = found.access
            expr = access.file.text(access.node)
            message = (
                f"write to map {expr} under only the read lock of {found.lock}: "
                f"{found.caller} calls the {found.field} funcs with {found.lock}.RLock() "
                "held, and readers share it"
            )
            note = (
                f"take {found.lock}.Lock() in {found.caller} (not RLock), "
                "or guard the map with a lock of its own"
            )
            yield self._at_site(access, message, note, expr, "lock-discipline")

    def _param_mutex(self, pkg: Pass, shared: SharedMaps) -> Iterator[Diagnostic]:
        """A map accessed without the mutex parameter that its function (or
        a callee handed the mutex) holds around it (:mod:`.parammutex`)."""
        for found in unlocked_param_accesses(pkg, shared.locks):
            access = found.access
            expr = access.file.text(access.node)
            kind = "write to" if access.is_write else "read of"
            held = (
                f"under only the read lock of {found.lock}"
                if found.read_locked
                else f"without holding {found.lock}"
            )
            message = f"{kind} map {expr} {held}: {found.witness} locks it around the map"
            note = (
                f"take {found.lock}.Lock() around the write, not RLock()"
                if found.read_locked
                else f"hold {found.lock} around the access"
            )
            yield self._at_site(access, message, note, expr, "mutex-parameter")

    def _foreign(
        self,
        pkg: Pass,
        shared: SharedMaps,
        sm: SharedMap,
        mutex: tuple[str, str, bool],
        locked: list[Access],
    ) -> Iterator[Diagnostic]:
        """``x.m`` where ``x`` is a range variable over values of the owner
        (values others hold, taken here), without ``x``'s lock, while every
        write of the owner's methods holds it: the value's
        own discipline says the map is written while others may read it
        (``for d := range t.discoverers { for k := range d.timestamps }``
        under the collector's lock, not the discoverer's). Also ``x.m``, ``x``
        a parameter or reached through one (``c.acc.keys``), in a function
        that takes ``x``'s lock itself elsewhere (:func:`_locks_elsewhere`),
        while the owner's writes hold it, or, when the owner's methods do
        not write the map, a function writes it under ``x``'s write lock."""
        helpers = shared.helpers(sm.owner, mutex)
        if any(
            a.is_write
            and a not in locked
            and shared.method_key(a) not in helpers
            and not is_test_file(a.file)
            for a in sm.accesses
        ):
            return  # the methods' own writes are not all under the lock
        types = pkg.fact(TYPES)
        owners = (sm.owner, f"*{sm.owner}")
        writer = next((_method_name(shared, a) for a in locked if a.is_write), "")
        # a write elsewhere under the value's lock counts only where the
        # function takes that lock itself (a range variable of values not
        # yet shared may still be filled before the lock's holders see it)
        by_owner = bool(writer)
        if not writer:
            writer = _foreign_writer(shared, types, sm, mutex, owners)
        if not writer:
            return
        for file, node in shared.selectors(sm.name):
            operand = node.child_by_field_name("operand")
            if (
                operand is None
                or is_test_file(file)
                or sx.declaration_of(node) is None  # (in a function or method)
            ):
                continue
            name = file.text(operand)
            lock_text = name if mutex[2] else f"{name}.{mutex[0]}"
            if not (by_owner and _range_owner(types, file, operand, owners)) and not (
                _locks_elsewhere(types, file, node, owners, lock_text)
            ):
                # (a parameter or a field may come with its lock held by the
                # caller: a range variable is taken here)
                continue
            access = shared.locks.access(file, node)
            if access.kind == "escape" or locked_by_owner(access, name, mutex):
                continue
            kind = "write to" if access.is_write else "read of"
            message = f"{kind} map {name}.{sm.name} without holding {lock_text}: {writer} locks it"
            note = f"hold {lock_text} around the access, as {writer} does"
            yield self._unlocked(access, message, None, note, f"{name}.{sm.name}", sm)

    def _unlocked(
        self,
        access: Access,
        message: str,
        fix: Fix | None,
        note: str,
        name: str,
        sm: SharedMap,
    ) -> Diagnostic:
        return self.diagnostic(
            access.file,
            Span(access.site.start_byte, access.site.end_byte),
            message,
            (fix,) if fix else (),
            note,
            name,
            sm.subject(),
            evidence="lock-discipline",
        )

    def _at_site(
        self, access: Access, message: str, note: str, name: str, evidence: str
    ) -> Diagnostic:
        """A finding at the access's operation with no fix (its note says
        what to change)."""
        return self.diagnostic(
            access.file,
            Span(access.site.start_byte, access.site.end_byte),
            message,
            (),
            note,
            name,
            evidence=evidence,
        )

    def _global(
        self, pkg: Pass, shared: SharedMaps, sm: SharedMap, under_lock: dict[str, set[str]]
    ) -> Iterator[Diagnostic]:
        """A package-level map under a package-level mutex in some functions
        and without it in another: the lock held at most of its accesses
        (writes among them) guards it. ``under_lock`` keeps
        :func:`.packagelocks.called_under` per lock across the package's maps."""
        index = pkg.package
        accesses = [a for a in sm.accesses if a.kind != "escape"]
        guard = guarding_lock(index, accesses)
        if guard is None:
            return  # no package lock, or one held only around reads
        lock, locked = guard
        serving = pkg.fact(SERVING)
        if all(serving.start_phase(a) for a in accesses if a.is_write):
            return  # filled before any goroutine exists (registrations from init)
        if lock not in under_lock:
            under_lock[lock] = called_under(pkg, shared, lock)
        under = under_lock[lock]
        open_ = [
            a
            for a in accesses
            if not guarded(a, lambda t: t == lock)
            and not is_test_file(a.file)
            and top_key(shared, a) not in under
        ]
        open_ = [a for a in open_ if not serving.start_phase(a)]
        if not open_:
            return
        caller = locked_caller(pkg, shared, {top_key(shared, a) for a in open_}, lock)
        if caller:
            fix, note = None, f"{caller} calls it with {lock} held; lock by hand at the other calls"
        else:
            fix, note = global_fix(pkg, sm, open_, accesses, dynamic_calls=True)
        writer = next((function_name(shared, a) for a in locked if a.is_write), "another function")
        for access in open_:
            kind = "write to" if access.is_write else "read of"
            message = f"{kind} map {sm.name} without holding {lock}: {writer} locks it"
            yield self._unlocked(access, message, fix, note, sm.name, sm)

    def _escapes(
        self,
        shared: SharedMaps,
        sm: SharedMap,
        mutex: tuple[str, str, bool],
        locked: list[Access],
    ) -> Iterator[Diagnostic]:
        """A method that returns the map itself while it holds the mutex that
        guards the map's writes: the lock ends when the method returns, and
        the caller reads the map (ranges it, looks keys up, clones it) while
        another goroutine writes it under the lock. Also an inner map of a
        map of maps (``v, ok := s.m[k]; return v``) that other methods write
        under the lock (``s.m[k][k2] = x``, ``delete(s.m[k], k2)``). A write
        in a helper that the package calls only with the lock held
        (:meth:`~.shared.SharedMaps.locked_by`: ``upsert`` locks and calls
        ``put``, which writes) is made under the lock too."""
        writers = [
            *(a for a in locked if a.is_write),
            *(a for a in _in_locked_helpers(shared, sm, mutex) if a.is_write and a not in locked),
        ]
        inner_writers = [a for a in locked if _inner_write(a)] if _map_of_maps(shared, sm) else []
        if not writers and not inner_writers:
            return
        for access in sm.accesses:
            if is_test_file(access.file):
                continue
            if access.kind == "escape" and writers:
                inner = False
            elif access.kind == "read" and inner_writers and _inner_value(access):
                inner = True
            else:
                continue
            recv = shared.receiver_name(access)
            if not recv or not _held_by_owner(access, recv, mutex):
                continue
            leaves = _returned(access, access.site if inner else access.node)
            if leaves is None:
                continue
            method = shared.method_key(access)
            others = [
                w for w in (inner_writers if inner else writers) if shared.method_key(w) != method
            ]
            if not others:
                continue
            lock_text = recv if mutex[2] else f"{recv}.{mutex[0]}"
            expr = access.file.text(access.site if inner else access.node)
            getter = _method_name(shared, access)
            writer = _method_name(shared, others[0])
            message = (
                f"map {expr} escapes {lock_text}: {getter} returns it, and its callers "
                f"read it after the unlock while {writer} writes it under the lock"
            )
            # an inner map is reported where it leaves (the ``return``)
            at = leaves if inner else access.node
            yield self.diagnostic(
                access.file,
                Span(at.start_byte, at.end_byte),
                message,
                (),
                "return a copy (maps.Clone) made under the lock",
                expr,
                sm.subject(),
                evidence="lock-escape",
            )


def _in_locked_helpers(
    shared: SharedMaps, sm: SharedMap, mutex: tuple[str, str, bool]
) -> list[Access]:
    """The accesses of ``sm`` in helpers that the package calls only with
    ``mutex`` held (:meth:`~.shared.SharedMaps.locked_by`): made under the
    lock all the same."""
    by = shared.locked_by(sm.owner, mutex)
    return [a for a in sm.accesses if not a.held and shared.method_key(a) in by]


def _foreign_writer(
    shared: SharedMaps,
    types: TypeResolver,
    sm: SharedMap,
    mutex: tuple[str, str, bool],
    owners: tuple[str, ...],
) -> str:
    """A function of the package (not a test) that writes ``x.m`` of a
    value ``x`` of the owner under ``x``'s mutex in write mode
    (``a.mu.Lock(); a.keys[k] = v``): the lock guards the map there too."""
    for file, node in shared.selectors(sm.name):
        operand = node.child_by_field_name("operand")
        if operand is None or is_test_file(file) or sx.declaration_of(node) is None:
            continue
        access = shared.locks.access(file, node)
        if not access.is_write:
            continue
        name = file.text(operand)
        lock = name if mutex[2] else f"{name}.{mutex[0]}"
        if (lock, "w") not in access.held:
            continue
        if (types.type_of(file, operand) or "").replace(" ", "") not in owners:
            continue
        decl = sx.declaration_of(node)
        return sx.declared_name(file, decl) if decl is not None else ""
    return ""


def _range_owner(
    types: TypeResolver, file: SourceFile, operand: Node, owners: tuple[str, ...]
) -> bool:
    """``operand`` is a range variable over values of the owner."""
    if operand.type != "identifier":
        return False
    binding = types.resolve(file, file.text(operand), operand)
    return (
        binding is not None
        and binding.kind == "range"
        and (binding.type_text or "").replace(" ", "") in owners
    )


def _locks_elsewhere(
    types: TypeResolver, file: SourceFile, node: Node, owners: tuple[str, ...], lock: str
) -> bool:
    """``x.m`` (``node``), ``x`` a value of the owner other than the
    receiver of the method around it, in a function that takes ``x``'s
    mutex itself elsewhere (``c.acc.mu.RLock()``): Go's mutexes are not
    reentrant, so its callers do not hold that lock, and where the
    function does not hold it the access is made without it."""
    operand = node.child_by_field_name("operand")
    func = sx.enclosing_function(node)
    if operand is None or func is None or func.type == "func_literal":
        return False
    if operand.type == "identifier" and types.binding_kind(file, operand, file.text(operand)) in (
        "receiver",
        "",
    ):
        return False  # the owner's own methods are read apart
    root: Node | None = operand
    while root is not None and root.type == "selector_expression":
        root = root.child_by_field_name("operand")
    if root is None:
        return False
    if root.type != "identifier" or types.binding_kind(file, root, file.text(root)) not in (
        "receiver",
        "param",
    ):
        return False  # a local may hold a value not shared yet
    if (types.type_of(file, operand) or "").replace(" ", "") not in owners:
        return False
    body = sx.body(func)
    if body is None:
        return False
    for call in sx.nodes(body, ("call_expression",), closures=False):
        parts = sx.call_parts(file, call)
        if parts is not None and sx.norm(parts[0]) == lock and parts[1] in ("Lock", "RLock"):
            return True
    return False


def _held_by_owner(access: Access, recv: str, mutex: tuple[str, str, bool]) -> bool:
    """The owner's mutex is held at the access, in either mode (``RLock``
    is enough to read the field itself)."""
    name, _, embedded = mutex
    targets = {recv if embedded else f"{recv}.{name}", f"{recv}.{name}"}
    return any(target in targets for target, _ in access.held)


def _map_of_maps(shared: SharedMaps, sm: SharedMap) -> bool:
    """The field's map holds maps (``map[K]map[K2]V``, through named types)."""
    decl = shared.package.types.get(sm.owner)
    found = next((f for f in decl.fields if f.name == sm.name), None) if decl else None
    if decl is None or found is None:
        return False
    parts = shared.types.map_parts(found.type_text, decl.file)
    return parts is not None and shared.types.is_map(parts[1], decl.file)


def _inner_value(access: Access) -> bool:
    """``s.m[k]`` read as a value of its own (not indexed again, not the
    operand of a further write): the inner map itself."""
    site = access.site
    return site.type == "index_expression" and site.child_by_field_name("operand") == access.node


def _inner_write(access: Access) -> bool:
    """``s.m[k][k2] = v`` (also ``op=``, ``++``) or ``delete(s.m[k], k2)``:
    a write of the inner map ``s.m[k]``; also through a local the function
    binds it to (``l, ok := s.m[k]`` ... ``delete(l, k2)``, ``l[k2] = v``)."""
    site = access.site
    if not _inner_value(access):
        return False
    up = site.parent
    if up is None:
        return False
    if up.type == "expression_list" and len(up.named_children) == 1:
        return _alias_written(access, up)
    if up.type == "index_expression" and up.child_by_field_name("operand") == site:
        holder = up.parent
        if holder is not None and holder.type in ("inc_statement", "dec_statement"):
            return True
        stmt = holder.parent if holder is not None else None
        return (
            holder is not None
            and holder.type == "expression_list"
            and stmt is not None
            and stmt.type == "assignment_statement"
            and stmt.child_by_field_name("left") == holder
        )
    if up.type == "argument_list" and up.named_children[:1] == [site]:
        call = up.parent
        parts = sx.call_parts(access.file, call) if call is not None else None
        return parts in (("", "delete"), ("", "clear"))
    return False


def _alias_written(access: Access, values: Node) -> bool:
    """``l := s.m[k]`` / ``l, ok = s.m[k]`` (``values`` the right side)
    followed, in the same function, by a write into ``l``: ``l[k2] = v`` or
    ``delete(l, k2)`` (not after ``l`` is assigned again)."""
    stmt = values.parent
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = stmt.child_by_field_name("left")
    if stmt.child_by_field_name("right") != values or left is None or not left.named_children:
        return False
    target = left.named_children[0]
    if target.type != "identifier":
        return False
    file, name = access.file, access.file.text(target)
    for node in sx.nodes(access.func, ("assignment_statement", "call_expression"), closures=False):
        if node.start_byte < stmt.end_byte:
            continue
        if node.type == "call_expression":
            parts = sx.call_parts(file, node)
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            if parts == ("", "delete") and first is not None and file.text(first) == name:
                return True
            continue
        lefts = node.child_by_field_name("left")
        for item in lefts.named_children if lefts is not None else []:
            if file.text(item) == name:
                return False  # assigned again: another map from here on
            operand = (
                item.child_by_field_name("operand") if item.type == "index_expression" else None
            )
            if operand is not None and file.text(operand) == name:
                return True
    return False


def _returned(access: Access, node: Node) -> Node | None:
    """The function hands the map ``node`` out: ``return s.m`` (the map one
    of the results), or ``m := s.m`` (``m, ok := s.m[k]`` for an inner map)
    followed by a ``return`` of ``m`` (not when the field is assigned another
    map before that return: the map handed out is then no longer the
    field's, a swap). The answer is where the map leaves: ``node`` itself,
    or the local in the ``return``."""
    holder = node.parent
    if holder is None or holder.type != "expression_list":
        return None
    stmt = holder.parent
    if stmt is not None and stmt.type == "return_statement":
        return node
    if stmt is None or stmt.type != "short_var_declaration":
        return None
    if stmt.child_by_field_name("right") != holder or len(holder.named_children) != 1:
        return None
    left = stmt.child_by_field_name("left")
    comma_ok = node.type == "index_expression"
    if left is None or not (1 <= len(left.named_children) <= (2 if comma_ok else 1)):
        return None
    name = access.file.text(left.named_children[0])
    field = sx.norm(access.file.text(node))
    swaps = [
        s.start_byte
        for s in sx.nodes(access.func, ("assignment_statement",), closures=False)
        if s.start_byte > stmt.end_byte
        and any(
            sx.norm(access.file.text(t)) == field
            for t in (s.child_by_field_name("left") or s).named_children
        )
    ]
    for other in sx.nodes(access.func, ("return_statement",), closures=False):
        if other.start_byte < stmt.end_byte:
            continue
        if any(at < other.start_byte for at in swaps):
            continue  # ``m := s.m; s.m = fresh; return m``: the field holds another map
        results = other.named_children[0] if other.named_children else None
        if results is None:
            continue
        values = results.named_children if results.type == "expression_list" else [results]
        for v in values:
            if v.type == "identifier" and access.file.text(v) == name:
                return v
    return None


def _on_the_writer(
    shared: SharedMaps, gr: Goroutines, read: Access, writes: list[Access], serving: Serving
) -> bool:
    """The read runs on the one goroutine that makes every write of the map
    (one launch that runs one at a time reaches them all, or the same single
    root function of the package calls them all and runs on one goroutine
    at a time): it cannot race with them, whoever else reads under the
    lock. A write made on no goroutine before that launch starts (a state
    loaded before the worker runs: :meth:`.serving.Serving.setup`) happens
    before every access of the goroutine, as the ``go`` statement orders it."""
    accesses = [read, *writes]
    if any(_in_closure(shared, gr, a) for a in accesses):
        return False
    if _one_launch(gr, accesses):
        return True
    running = [a for a in accesses if multiplicity(gr, a, True)]
    if running and len(running) < len(accesses):
        before = [a for a in writes if not multiplicity(gr, a, True) and serving.setup(a, running)]
        if before and _one_launch(gr, [a for a in accesses if a not in before]):
            return True
    tests = is_test_file(read.file)
    roots = shared.roots(shared.method_key(read), tests)
    if len(roots) != 1 or "*" in roots:
        return False
    (root,) = roots
    table = gr.funcs if tests else gr.funcs_prod
    decl = shared.package.funcs.get(root)
    if table.get(root, 0) > 1 or decl is None or not _runs_a_loop(decl):
        return False
    return all(shared.roots(shared.method_key(w), tests) == roots for w in writes)


def _one_launch(gr: Goroutines, accesses: list[Access]) -> bool:
    """Every access runs only on one goroutine launch that runs one at a time
    (a reconciler's single worker, reaching the methods through fields)."""
    contexts: set[object] = set()
    for access in accesses:
        if multiplicity(gr, access, True) != 1:
            return False
        launches = gr.reaching(access, True)
        if len(launches) != 1 or launches[0].multiplicity != 1:
            return False
        contexts.add(launches[0].context)
    return len(contexts) == 1


def _runs_a_loop(decl: FuncDecl) -> bool:
    """The function is the body of a long-lived goroutine: it loops until
    told to stop (``for { select { ... } }``, ``for range ticker.C``), so it
    is started once, not called again and again by concurrent callers."""
    body = decl.body
    if body is None:
        return False
    for loop in sx.nodes(body, ("for_statement",), closures=False):
        clauses = [c for c in loop.named_children if c.type != "block" and c.type != "comment"]
        if not clauses:
            return True  # for { ... }
        if clauses[0].type == "range_clause":
            right = clauses[0].child_by_field_name("right")
            text = decl.file.text(right) if right is not None else ""
            if text.endswith(".C") or "<-" in text:
                return True
    return False


def _in_closure(shared: SharedMaps, gr: Goroutines, access: Access) -> bool:
    """In a func literal that may run on another goroutine than the function
    around it: not one called on the spot, deferred, handed to a call that
    runs it before returning, or a local closure whose every call runs
    there (:func:`.closurelocks.on_its_goroutine`); nor one that runs so on
    the goroutine of a launched literal around it (``go func() { ...;
    timed(f) }()``), whose launch is the one :func:`_one_launch` reads."""
    inner = sx.enclosing_function(access.node)
    if inner is None or inner.type != "func_literal":
        return False
    if on_its_goroutine(shared.locks, access.file, inner):
        return False
    launched = next(
        (n for n in sx.ancestors(inner) if n.type == "func_literal" and n.id in gr.closures),
        None,
    )
    return launched is None or not on_goroutine_of(shared.locks, access.file, inner, launched)


_TESTING = ("testing.TB", "*testing.T", "*testing.B", "*testing.F")


def _test_helper(shared: SharedMaps, access: Access) -> bool:
    """In a function that takes a ``testing.TB`` (``EnableForTest(tb, ...)``):
    a lock taken there says nothing about how production code shares the
    map (a production access of a test file still counts)."""
    if is_test_file(access.file):
        return False
    decl = shared.method_decl(access)
    return decl is not None and any(p.type_text.replace(" ", "") in _TESTING for p in decl.params)


def _package_mutex(pkg: Pass) -> bool:
    """The package declares a package-level mutex (else its package maps
    cannot be under one, and are not collected for this rule)."""
    index = pkg.package
    return any(is_package_mutex(v) or var_mutexes(index, v) for v in index.vars.values())


def _read_locker(
    shared: SharedMaps, owner: str, mutex: tuple[str, str, bool], access: Access
) -> str:
    """The method under whose read lock the write ``access`` of a
    read-locked helper can run ("": none, the write is behind a bool
    parameter every read-locked call passes as ``false``:
    :func:`.readhelpers.read_locked_reacher`)."""
    decl = shared.method_decl(access)
    key = shared.method_key(access)
    if decl is None:
        return read_locked_helpers(shared, owner, mutex).get(key, "")
    return read_locked_reacher(shared, owner, mutex, decl, access.site)


def _takes_itself(shared: SharedMaps, access: Access, mutex: tuple[str, str, bool]) -> bool:
    """The method around the access locks ``mutex`` before any unlock of it."""
    decl = shared.method_decl(access)
    return decl is not None and locks_first(decl, mutex)


def _method_name(shared: SharedMaps, access: Access) -> str:
    decl = shared.method_decl(access)
    return decl.name if decl is not None else "another method"


def _outside_joins(pkg: Pass, shared: SharedMaps, owner: str, open_: list[Access]) -> list[Access]:
    """``open_`` without the accesses in methods of ``owner`` that never run
    while goroutines joined by the function that made the value share it,
    when that is the only way the type's values are shared (:mod:`.joined`)."""
    window = joined_methods(pkg.module(STARTUP), pkg.package.directory, owner)
    if window is None:
        return open_
    kept = []
    for a in open_:
        decl = shared.method_decl(a)
        if (
            decl is not None
            and decl.receiver == owner
            and a.func == decl.node
            and decl.name not in window
        ):
            continue
        kept.append(a)
    return kept


def _in_callers(shared: SharedMaps, access: Access) -> bool:
    """The access is in a func literal its method returns to callers that
    run it at once (:func:`.callerlocks.runs_in_callers`)."""
    if access.func.type != "func_literal":
        return False
    decl = shared.method_decl(access)
    return decl is not None and runs_in_callers(shared.package, shared.locks, decl, access.func)
