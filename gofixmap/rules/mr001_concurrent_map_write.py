"""MR001 concurrent-map-write: a map written from a goroutine while other
goroutines can reach it without a common lock.

The module is longer than 600 lines because a third of it is the rule's own
documentation, its evidence table and its VALID/INVALID examples; the
analysis lives in the facts (goroutines, shared, serving, fanout, lazycache)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import ClassVar

from tree_sitter import Node

from gofixmap.codemod import prefilter
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Diagnostic, Fix, Span
from gofixmap.codemod.rule import FileContext, Invalid, Pass, Rule, files_of
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import CALLS, GOROUTINES, LOCKS, SERVING, SHARED_MAPS, TYPES
from gofixmap.rules.facts.callerlocks import covered, exclusive_methods
from gofixmap.rules.facts.confined import CONFINED
from gofixmap.rules.facts.continuations import CONTINUATIONS, racing_writes
from gofixmap.rules.facts.fanout import FAN_OUT
from gofixmap.rules.facts.goroutines import Goroutines, multiplicity
from gofixmap.rules.facts.initcalls import INIT_CALLS
from gofixmap.rules.facts.lazycache import IMPORTER_CALLS, lazy_fills, lazy_fills_possible
from gofixmap.rules.facts.listerwrites import ListerWrite, lister_writes, read_locked_writes
from gofixmap.rules.facts.localmaps import SharedMap, concurrent_local
from gofixmap.rules.facts.locks import Access, access_kind, guarded, is_test_file
from gofixmap.rules.facts.loopfields import loop_owned
from gofixmap.rules.facts.mutexes import locked_by_owner, same_group
from gofixmap.rules.facts.once import once_fill
from gofixmap.rules.facts.packagelocks import guarding_lock
from gofixmap.rules.facts.restarts import restarted
from gofixmap.rules.facts.runloops import run_owned
from gofixmap.rules.facts.shared import copied_into_own_field
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.testonly import MODULE_FILES
from gofixmap.rules.facts.uncalled import OUTSIDE, never_runs
from gofixmap.rules.fixes.mutex import field_fix, global_fix, local_fix
from gofixmap.rules.hints import RacingMaps


class ConcurrentMapWrite(Rule):
    """What it does
    Finds maps written from a goroutine while another goroutine can read or
    write them without a common lock: local maps (and map parameters, the
    caller's maps) captured by `go func(){...}()`
    closures (or closures started by `wg.Go(func(){...})`: sync.WaitGroup.Go,
    errgroup.Group.Go; by `time.AfterFunc`; and parallel subtests, `t.Run(n, func(t *testing.T) {
    t.Parallel(); ... })`; and the function that client-go's
    `workqueue.ParallelizeUntil`/`Parallelize` runs on several workers at
    once, a literal or a method value, whose pieces are all done when the
    call returns; and the func values handed to a function of the package
    that runs them on goroutines it starts in a loop: a func parameter
    called on each of them, `forEachNode(nodes, pl.predicate)`, runs
    concurrently with itself, and the values of a `...func()` or `[]func()`
    parameter it ranges over, starting one goroutine per value,
    `parallel(b.deployA, b.deployB)`, run concurrently with each other;
    and the func literals handed to a function, of the package or of
    another package of the module, that runs its func parameter once on a
    goroutine it starts and does not wait for, `fs.Writer.Write(func()
    {...})`: concurrent with the caller's code after the call, and with
    each other when the call is in a loop, until the caller calls a
    function that waits, `fs.Writer.WaitUntilWritesDone()`; a map
    parameter or a receiver of a named map type, `func (m files) Refresh()`,
    is the caller's map shared so)
    or passed to package functions started with `go` (`go worker(m)`,
    `go s.worker(m)`) that use the parameter, struct map fields written by
    functions a `go` statement hands to a function of another package to
    run on the new goroutine (`go wait.Until(c.worker, period, stop)`, a
    method value on the receiver, a function of the package or a func
    literal among its arguments), or by
    methods that run on several
    goroutines (started with `go`, called from goroutines, or of a type whose
    other methods lock a mutex, also through the fields of the receiver:
    `s.store.Put(k)`), and package-level maps written from goroutines or from
    code that servers and frameworks run concurrently (also a map variable
    of another package of the module or of a dependency, `conf.Enabled[n] =
    true`, also through the field of a struct literal that a local is
    defined by, `c := getter.Client{Getters: getter.Getters}` then
    `c.Getters[k] = v`, unless `c` or the field is assigned again: one map
    for the whole program; reported where this package
    writes it, without a fix, since a lock here would not guard the other
    packages' uses): HTTP handlers
    (`ServeHTTP`, functions and method values handed to `HandleFunc`/`Handle`
    or to any call whose first argument is a route pattern, handler-shaped
    functions used as values), controller-runtime `Reconcile` methods (several
    controllers at once, one value handed to two controllers (`Complete(r)`
    twice, or the value a constructor registered and returned registered
    again), or one whose options set `MaxConcurrentReconciles`
    above 1 or come from the caller: `WithOptions(options)`, or whose
    module's manager sets every controller's default above 1:
    `config.Controller{MaxConcurrentReconciles: n}` or
    `GroupKindConcurrency`; a controller built with default options runs
    one worker, so a reconciler and every helper it calls, however deep,
    also with a lock of another object held, are one goroutine), admission webhooks (`Handle(ctx,
    admission.Request)`, defaulters and validators), Prometheus collectors
    (a method with a `chan<- prometheus.Metric` parameter: `Collect`, which
    the registry may call concurrently, and the methods it fans out to;
    not such a method that the package only calls directly, `e.scrape(ch)`
    in a `Collect` that holds `e.Lock()` for its whole body: it runs where
    its callers run, under their lock), gRPC service methods (the
    handler-shaped methods of a type handed to a generated
    `RegisterXxxServer(server, impl)` call, and any exported method taking
    a generated server stream, `Svc_MethodServer` or
    `grpc.BidiStreamingServer[...]`: grpc-go runs each RPC and each stream
    on its own goroutine),
    informer event handlers
    (`ResourceEventHandlerFuncs`, `OnAdd`/`OnUpdate`/`OnDelete`), the
    exported methods of a type whose doc comment promises concurrent use
    (`// Cache is safe for concurrent use by multiple goroutines.`, `shared
    among goroutines`: by the Go convention its callers share one value
    without a lock of their own), and method
    values handed to another package as fields of its structs
    (`pkg.Callbacks{OnDone: r.onDone}`: run when that package chooses).
    A write into an inner map of a field or package map (`s.m[k][k2] =
    v`, `delete(s.m[k], k2)`) in code such an entry runs on several
    goroutines counts as a write of the map: the framework's goroutines can
    write one inner map at once (not for goroutines the package starts
    itself, which may each get a key of their own).
    Also package-level caches that an exported function (or an exported
    method of an exported type) of a library package fills on first use
    without a lock (`if z, ok := cache[k]; ok {
    return z }` ... `cache[k] = z`, or `if len(names) == 0 { ...fill... }`;
    also split over a look-up and a store function it calls after the look,
    `if r, ok = cache[k]; !ok { ...; setCache(k, r) }`, up to three calls
    up; also a package map of a named map type, `var cache = make(gvrCache)`,
    looked up and filled by its methods, `cache.get(k)` ... `cache.add(v)`),
    when other packages of the module import the package and call it and
    the module runs on a framework that calls its code from goroutines of
    its own (client-go, controller-runtime, gRPC, knative: its reconcilers,
    informer handlers and servers run the fill at once), or serves HTTP
    with net/http (a goroutine per request); not when an `init` of the
    package reaches the fill, when the other packages call it only from
    their `init` functions, when it runs in `once.Do`, or when the write
    runs only where the look found the key (`if _, ok := m[k]; !ok {
    return err }`: an update of a known entry, no fill).
    Also maps of an object of a shared informer cache written in place:
    what a client-go lister's `Get` or `List` returned (`secret, err :=
    c.secretLister.Secrets(ns).Get(name)`, each item of `for _, p := range
    pods`; listers generated for custom types too), what a `cache.Store` or
    `Indexer` (an informer's `GetStore()`/`GetIndexer()`) returned from
    `GetByKey`, `Get`, `List` or `ByIndex`, type-asserted (`pod :=
    obj.(*v1.Pod)`), and the arguments of the `AddFunc`/`UpdateFunc`/
    `DeleteFunc` of a `cache.ResourceEventHandlerFuncs` (client-go documents
    all of them as read-only: the cache's own objects, read by every worker
    and handler and updated by the informer). The write counts through the
    variable (`pod.Labels[k] = v`), a shallow copy (`cp := *pod`), apimachinery's
    `meta.Accessor(obj)`, a map of it aliased first (`m := pod.Labels`,
    `out.Labels = pod.GetLabels()`, `&T{ObjectMeta: metav1.ObjectMeta{Labels:
    pod.GetLabels()}}`), and in a function of the package the object is handed
    to (reported at its write). Reported without a fix: `DeepCopy` it first;
    not after it (or the map) is assigned again other than in an `if x == nil`
    branch; a controller-runtime client's `Get`/`List` fill the caller's own
    object and are not shared.
    Also maps of a value that a method reads out of a map or slice field of
    its receiver while it holds only the read lock of the receiver's
    `sync.RWMutex` (`p.mu.RLock()`, then `for _, c := range p.clients` or
    `e, ok := p.entries[k]`) written without a write lock: any number of
    goroutines hold the read lock at once and get the same value, so each
    writes its map at once with the others (`e.tags[k] = v`); also through a
    part of the value (`src := c.source`), an alias of its map (`m :=
    Manifest{Labels: src.Labels}`) and in a function of the package the
    value is handed to (reported at its write; not under the value's own
    lock, not after the variable is assigned a fresh value).
    Also map fields written through a pointer that every goroutine of a loop
    gets: `for ... { g.Go(func() error { return r.apply(pod, chaos) }) }`
    with `chaos` declared outside the loop and `apply` writing
    `chaos.Status.Instances[k]` (also fields of the module's CRD types, and
    a local holding the field's map, `l := chaos.Spec.Labels; if l == nil {
    l = make(...) }; l[k] = v`, or assigned it, `l := map[K]V{}; if
    chaos.Spec.Labels != nil { l = chaos.Spec.Labels }`, also in `apply`'s
    callbacks, and in the package functions `apply` hands the pointer on to,
    `newJob(chaos)` from a call not under a lock, up to three calls deep);
    also a map itself that every goroutine of a loop gets, whatever made it
    (`cfg := b.config()` before the loop, `go func(w W) { b.compute(cfg, w)
    }(w)` with `compute` writing `cfg[k] = v`, or handing it on to a
    package function that writes its map parameter, up to three calls deep,
    or putting it into a struct literal's field, `req := Request{Ext: cfg}`
    then `req.Ext[k] = v`), when the variable is not assigned in the loop
    (in the callee, only the uses no assignment of the parameter can
    precede count, an assignment when nil aside);
    not when each iteration waits for its goroutine
    (`wg.Wait()` in the loop's body after the `go`);
    reported without a fix.
    A map of a named map type is written by its methods that write the
    receiver (`done.Insert(x)` on a `sets.New[string]()`, read from the
    method's source), and a call is an access of the map it is handed when
    the callee only reads, or writes, that parameter.
    A map field of a struct literal a function makes (`s := &Info{Nodes:
    make(map[string]int)}`) is a local map like `nodes := make(...)`: the
    goroutines its closures start share it. A value the launching function
    made is no object of the goroutine's own when the function still uses
    it after the `go` statement: a constructor that starts the value's loop
    (`go d.dispatch()`) and returns the value shares it with every caller,
    whose unlocked writes race the loop's reads.
    A goroutine also runs beside the rest of the function that started it:
    after `go x.run()` (or `go func() {...}()`, `wg.Go`, `time.AfterFunc`),
    the function's later statements, and the methods they call on the same
    object `x` (its receiver, or a parameter or local never assigned again;
    methods called on their own receivers, any number of calls deep), run
    at the same time as the goroutine and what it calls on `x`, until the
    function waits for it (`wg.Wait()`, a receive from a channel the
    goroutine sends on or closes); a write of a map field of `x` on either
    side is reported when the other side reads or writes the map and the
    two do not both hold a lock (a notify loop that reads under its own
    `notifyMu` while the starter's event loop writes with none); not a write
    before the `go`, nor one followed by a send or close the goroutine waits
    to receive first, nor a map another value's goroutine uses.
    A method that starts a goroutine on its receiver (`go r.watch(k)`, `go
    func() {...}()`, not in a loop) starts one per call: when it can run
    again on the same value while an earlier goroutine runs, what the
    goroutine does on the receiver (in the literal, and in the methods it
    calls on it, any number of calls deep) runs twice at once, so its
    unlocked writes of a map field of the receiver race each other. It runs
    again when the package calls it in a loop on a value the loop neither
    makes nor picks (`for _, k := range kinds { w.add(k) }`), twice in one
    function on the same value, or when it is exported (not in package
    `main`) and its goroutine uses the call's parameters, one goroutine per
    item (`Add(kind)`; not a `Start(ctx)` or `Run(stop)` whose parameters are
    only contexts and channels). Not when the method waits for something
    after the `go` (`wg.Wait()`, a receive, a `select`), nor when it tests
    and sets a field of the receiver before the `go` (`if w.started {
    return }; w.started = true`: once per value), nor for writes under a
    lock or on values other than the receiver.
    Goroutines are counted per launch, not per function. A goroutine that
    only a test starts is evidence for the test's own code, not for
    production code. Under `gofixmap race`, a map that
    `go test -race` reports racing is shared whatever this analysis sees
    (callbacks, interface calls), and gets the same fix and declines.

    Not reported: writes in a function or method that nothing can call
    (no call or use in the module, and no importer or interface outside it
    that could: an exported method of a package under `internal/` that
    the module never calls), writes of a field in the function literal that a
    `sync.Once` field of its owner runs (`c.once.Do(func() { c.index[k] =
    i })`: the literal's completion is synchronized before the return of
    every `Do`), accesses under a held lock (`Lock`/`Unlock`, `defer
    Unlock`, `RLock` for reads; also in a func literal handed to a function
    of the package that calls its func parameter while holding a lock:
    `c.SafeWrite(func() { c.add(k) })`; also `L: mu.Lock()` after a label),
    writes in a method whose every call holds a lock guarding the value
    (a type not safe for concurrent use, kept in a field of a struct whose
    mutex is held at each call: `s.mu.Lock(); s.reg.add(k)`, also through
    `fooLocked` methods and methods of the type that require the lock
    themselves; not a call started with `go`, nor one under another value's
    lock, nor a method handed on as a value), writes in a method whose
    every call is made on a value the caller made and has not shared yet
    (`ts := newTasks(); ts.Add(x); return ts`: nothing before the call
    returns, stores, sends or passes `ts`, captures it in a func literal
    or starts a goroutine with it), writes through a value each call makes
    for itself: `&T{}`, `new(T)`, or the result of a function of the
    package that makes the value and returns it without handing it to
    anyone (not stored in a field, a package variable, a channel or a
    goroutine, not passed on: `inv, err := inventoryFor(items);
    inv.assign(x)` in each request), a map field that one method alone
    uses, on its own receiver, when every call of that method in the module
    is one `go x.Loop()` on a value the starting function made (not in a
    loop): the value's own loop goroutine, whatever mutexes the owner's other
    methods lock for their fields, a map field touched only by the one
    goroutine a starter runs per value and by the starter before its `go`
    (`pm.paths = make(...)`; `pm.createPath(c)`; `go pm.run()`, with `run`
    and the unexported methods called only by it, or by the starter before
    the `go`, on their receivers owning the map, every other goroutine
    asking through channels; the starter made the value, or each of its
    calls is on a value just made: `c.pm = &manager{}; c.pm.init()`), a
    map confined to one goroutine, a writer
    goroutine whose results are read after `wg.Wait()` or a channel receive,
    goroutines of a loop whose every iteration waits for the one it started
    (`wg.Add(1); go func() {...}(); wg.Wait()` in the loop's body: they run
    one after another), results collected on the calling goroutine, `sync.Map`, maps that are only
    read concurrently, a field only copied on goroutines into a new value of
    its type (`Clone`: the copy's uses are the type's own methods), setup
    before serving: writes made before `ListenAndServe`/`Serve`/`Start`/`Run`
    or the `go` statement that starts the goroutines reaching the map (other
    goroutines started before, which never touch the map, do not count) (in
    `main`, in a function that then starts serving, or in functions called
    only from such places), when every goroutine reaching the map starts after
    them; writes during package initialization (in `func init()`, or in an
    exported function that the importing packages of the module call only
    from their `init` functions and package-level initializers: Go runs
    initialization on one goroutine before `main` starts; not when an `init`
    of the module starts a goroutine); writes in the program's start phase,
    before any goroutine exists: in functions whose every call in the module
    is made during initialization, in `main` before its first `go` or
    serving call (a `go` whose goroutine never reaches the map, through
    the module's functions and function values, does not count:
    `go stats.Loop()` before `features.Register()`), in a cobra command's
    run function (which `Execute` runs on
    main's goroutine), or in functions only those call, before any start of
    their own, across packages; writes to the receiver's fields in a Caddy
    module's `Provision(caddy.Context)` (Caddy provisions each new module
    value before using it); writes to the fields of an object that every
    caller has just made (`m := pkg.New()`) before any start, also when it
    reaches the writing method through parameters of plain functions
    (`func Register(m *pkg.M) { m.Add(...) }`, called with the new object,
    directly or from a `[]func(*pkg.M)` literal a loop ranges over and
    calls at once), even for a type that only locks a mutex elsewhere: no
    goroutine has the object yet; the handlers of
    one informer registration among themselves (they run one at a time); a
    test server's fixtures, written by the tests and only read by the
    handlers of that test server (they run during the requests the test
    makes); maps that only test files write, when no goroutine the tests
    themselves start reaches them (a fake server's handler the test drives
    one request at a time, production goroutines the test writes around):
    `go test -race` runs those tests and sees what they race, and a test's
    own `go`, `wg.Go` or parallel subtest stays reported; the map fields of
    an unexported struct type whose values never leave the goroutine that
    made them (each made per call, kept in locals, passed and returned only
    where the type is taken, never stored, captured by a `go` statement,
    used as a method value or converted to an interface): two reconciles
    at once each write their own value's map. When no goroutine is seen and
    only the owner's mutex in other methods is evidence: writes made in the
    program's start phase (registration from `init` functions, or from
    `main` before it starts a goroutine), when no other goroutine exists.

    Why is this bad
    The Go runtime detects concurrent map writes and kills the whole process
    with `fatal error: concurrent map writes`, which `recover` cannot stop.

    Example
        counts := map[string]int{}
        for _, w := range words {
            go func(w string) { counts[w]++ }(w)
        }

    becomes, with the mutex strategy,

        counts := map[string]int{}
        var mu sync.Mutex
        for _, w := range words {
            go func(w string) {
                mu.Lock()
                defer mu.Unlock()
                counts[w]++
            }(w)
        }

    Fix safety
    Unsafe. The mutex strategy reuses the struct's `sync.Mutex`/`sync.RWMutex`
    or adds `mu sync.RWMutex` beside the field, locks writes and read-locks
    reads (the `defer` form when the whole body is the critical section); a
    map passed to `go worker(m)` gets a local mutex passed as a new `*sync.Mutex`
    parameter only when `worker` has no other use, is not variadic and does not
    pass the map on (otherwise no fix, with the reason); it
    declines when a locked region would call a function taking the same lock,
    when a caller of the method (up the chain of calls on its receiver)
    already holds the struct's mutex at the call (it is not reentrant: the
    lock would deadlock), when the struct is copied by value (the mutex would be copied),
    or when a package map's variable is itself assigned unlocked outside `init`
    (`cache = make(...)` on a nil check: the lock would not cover it). The
    `syncmap` strategy converts the map and every use to `sync.Map`, or
    declines with the reason. Locking changes timing and can deadlock code
    that calls back into the type, so a person must review it.
    """

    code = "MR001"
    PREFILTER = (*MAP_GATE, prefilter.MODULE_IMPORT)
    REQUIRES = (
        TYPES,
        CALLS,
        GOROUTINES,
        LOCKS,
        SHARED_MAPS,
        SERVING,
        FAN_OUT,
        INIT_CALLS,
        IMPORTER_CALLS,
        STARTUP,
        CONFINED,
        CONTINUATIONS,
        MODULE_FILES,
        OUTSIDE,
    )
    name = "concurrent-map-write"
    summary = "a map written from a goroutine while other goroutines can reach it unlocked"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "race-report": ("high", "go test -race saw the map accessed on several goroutines"),
        "go-statement": (
            "high",
            "go statements of the function start the goroutines that reach the map",
        ),
        "informer-cache": (
            "medium",
            "the object is the informer's shared cached copy, read by every worker",
        ),
        "read-lock": (
            "medium",
            "the object is a value of a field read under only the read lock, which any number "
            "of readers hold at once",
        ),
        "concurrent-entry": (
            "medium",
            "a function that runs on several goroutines (a goroutine the package starts, a "
            "handler, a reconciler with several workers) writes the map",
        ),
        "restartable": (
            "medium",
            "an exported method starts a goroutine on its receiver for each call's arguments, "
            "and its callers can call it again while an earlier goroutine runs",
        ),
        "lazy-cache": (
            "medium",
            "a package cache filled on first use by a function other packages call from "
            "their goroutines",
        ),
        "locks-elsewhere": (
            "low",
            "only that the owner locks a mutex in other methods: no goroutine is seen",
        ),
    }
    VALID = (
        """package p

import "sync"

func count(words []string) map[string]int {
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			counts[w]++
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	return counts
}
""",
    )
    INVALID = (
        Invalid(
            """package p

import "sync"

func count(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}
""",
            None,
            """package p

import "sync"

func count(words []string) map[string]int {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			counts[w]++
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	return counts
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        racing = pkg.hint(RacingMaps)
        if racing is not None and not racing.sites:
            racing = None
        seen: set[tuple[str, int]] = set()
        for diag in self._package(pkg, racing):
            seen.add((diag.path, diag.span.start))
            yield diag
        locals_ = [(ctx, list(self._locals(ctx, racing))) for ctx in files_of(pkg)]
        at_calls = {(d.path, d.span.start) for _ctx, found in locals_ for d in found}
        yield from self._fan_out(pkg, seen, at_calls)
        for ctx, found in locals_:
            yield from found
            yield from self._lister_writes(ctx, seen)

    # ------------------------------------------------------------------ listers

    def _lister_writes(self, ctx: FileContext, seen: set[tuple[str, int]]) -> Iterator[Diagnostic]:
        """Maps of an object of an informer's shared cache (a lister's or a
        cache's read, an event handler's argument) written in place, directly,
        through an alias of the map or in the function the object is handed
        to (:mod:`.facts.listerwrites`). No fix: the object must be copied
        before the first write."""
        types, calls = ctx.fact(TYPES), ctx.fact(CALLS)
        found: list[ListerWrite] = lister_writes(types, ctx.file, calls)
        found += read_locked_writes(types, ctx.file, calls, ctx.fact(LOCKS))
        for lw in found:
            if (lw.file.path, lw.site.start_byte) in seen:
                continue
            seen.add((lw.file.path, lw.site.start_byte))
            expr = lw.file.text(lw.expr)
            objects = "objects" if lw.plural else "object"
            shared = (
                f"{lw.origin}, the informer's shared cached {objects} that other workers "
                "and the informer read"
            )
            if lw.sharers:
                shared = f"{lw.origin}: {lw.sharers}"
            if lw.callee:
                passes = f"{lw.holder} as {lw.param}" if lw.holder != lw.param else lw.holder
                what = f"{lw.callee}'s caller passes {passes}, which {shared}"
            else:
                what = f"{lw.var} {shared}"
            if lw.alias:
                what = f"it aliases {lw.alias}; {what}"
            message = f"concurrent write to map {expr}: {what}"
            note = f"no fix: {lw.note or f'copy it first ({lw.var} = {lw.var}.DeepCopy())'}"
            if lw.callee and not lw.sharers:
                note = f"no fix: hand {lw.callee} a copy ({lw.holder}.DeepCopy()) or copy in it"
            yield self.diagnostic(
                lw.file,
                Span(lw.site.start_byte, lw.site.end_byte),
                message,
                (),
                note,
                expr,
                None,
                evidence="read-lock" if lw.sharers else "informer-cache",
            )

    # ------------------------------------------------------------------ locals

    def _locals(self, ctx: FileContext, racing: RacingMaps | None) -> Iterator[Diagnostic]:
        shared = ctx.fact(SHARED_MAPS)
        gr = ctx.fact(GOROUTINES)
        runners = gr.runner_literals
        handed = [c.start_byte for c, _ in runners.values() if _in_tree(c, ctx.file.root)]
        for sm in shared.locals(ctx.file, everywhere=racing is not None, starts_at=handed):
            passes = shared.go_passes(sm)
            chosen = concurrent_local(sm, passes, runners, gr.waiting_calls)
            evidence = "go-statement"
            if not chosen and _races(ctx.pkg, racing, sm.accesses):
                chosen = [a for a in sm.accesses if a.kind != "escape"]
                evidence = "race-report"
            inner = {a for gp in passes for a in gp.inner}
            writes = [a for a in chosen if a.is_write and not guarded(a) and a not in inner]
            writers = [gp for gp in passes if any(a.is_write and not guarded(a) for a in gp.inner)]
            if not chosen or not (writes or writers):
                continue
            fix, note = local_fix(ctx, sm, chosen, passes)
            fixes = (fix,) if fix else ()
            sites = [(a.site, "shared with goroutines without a lock") for a in writes]
            sites += [
                (gp.access.node, f"{gp.callee.name} writes it on a goroutine without a lock")
                for gp in writers
            ]
            for site, why in sites:
                message = f"concurrent write to map {sm.name}: {why}"
                yield self.diagnostic(
                    ctx.file, site, message, fixes, note, sm.name, sm.subject(), evidence=evidence
                )

    # ------------------------------------------------------------------ fan-out

    def _fan_out(
        self, pkg: Pass, seen: set[tuple[str, int]], at_calls: set[tuple[str, int]]
    ) -> Iterator[Diagnostic]:
        """A loop starts goroutines that hand one shared value to a function
        of the package, which writes a map through it: the goroutines write
        one map at once (:mod:`.facts.fanout`). No fix: the lock belongs in
        the callee or the caller, which a person chooses. A map handed on
        itself whose goroutine's call the local maps' analysis already
        reports (a finding in that call, ``at_calls``: with its fix) is not
        reported again."""
        done: set[int] = set()
        for fw in pkg.fact(FAN_OUT):
            access = fw.access
            if access.site.id in done or (access.file.path, access.site.start_byte) in seen:
                continue
            via = fw.via
            if via is not None and any(
                path == fw.launch_file.path and via.start_byte <= start < via.end_byte
                for path, start in at_calls
            ):
                continue
            done.add(access.site.id)
            expr = access.file.text(access.node)
            starter = fw.starter.split(".")[-1] or "a function"
            if fw.other:
                message = (
                    f"concurrent write to map {expr}: {starter} passes {fw.arg} to "
                    f"{fw.callee.name} on a new goroutine, which writes it while "
                    f"{fw.other} uses the field, without a lock"
                )
            else:
                handed = "".join(f", which hands it to {name}" for name in fw.through)
                message = (
                    f"concurrent write to map {expr}: {starter} starts goroutines in a loop "
                    f"that all pass {fw.arg} to {fw.callee.name}{handed}, which writes it "
                    "without a lock"
                )
            yield self.diagnostic(
                access.file,
                _span(access),
                message,
                (),
                "no fix: lock the map in the callee or make each goroutine its own value",
                expr,
                None,
                evidence="go-statement",
            )

    # ------------------------------------------------------------------ package-wide

    def _package(self, pkg: Pass, racing: RacingMaps | None) -> Iterator[Diagnostic]:
        gr = pkg.fact(GOROUTINES)
        if not gr.launches and racing is None and not any(b"Mutex" in f.data for f in pkg.files):
            # Nothing runs on another goroutine, nothing locks (a field is
            # reported when a launch reaches it, its owner locks a mutex, or
            # a race report names it): no shared map to look for, but lazy
            # package caches that other packages' goroutines fill.
            if lazy_fills_possible(pkg):  # (before the shared maps: cheap)
                for sm in pkg.fact(SHARED_MAPS).globals():
                    yield from self._lazy(pkg, sm)
            return
        shared = pkg.fact(SHARED_MAPS)
        for sm in shared.fields():
            found = list(self._field(pkg, gr, sm, racing))
            yield from found or self._continuation(pkg, sm)
        for sm in shared.globals():
            yield from self._global(pkg, gr, sm, racing)
        if gr.launches or racing is not None:
            for sm in shared.imported():
                yield from self._global(pkg, gr, sm, racing)

    def _field(
        self, pkg: Pass, gr: Goroutines, sm: SharedMap, racing: RacingMaps | None
    ) -> Iterator[Diagnostic]:
        shared = pkg.fact(SHARED_MAPS)
        mutex = shared.guarding_mutex(sm)
        sm = _inner_writes(gr, sm, field=True)
        accesses = sm.accesses
        if not any(a.is_write for a in accesses):
            return
        if any(locked_by_owner(a, shared.receiver_name(a), mutex) for a in accesses):
            return  # guarded somewhere: MR002's business
        if mutex is not None:
            helpers = shared.helpers(sm.owner, mutex)
            if any(shared.method_key(a) in helpers for a in accesses):
                return  # accessed where callers hold the lock: MR002's business
        # A copy into the same field of a new value (Clone) is no map
        # operation; setup before the goroutines start is not concurrent.
        used = [a for a in accesses if not copied_into_own_field(sm, a)]
        setup = _setup(pkg, gr, used, field=True)
        used = [a for a in used if a not in setup]
        total, runner = _contexts(pkg, gr, used, field=True)
        locking = (
            mutex is not None
            and same_group(pkg.package, sm.owner, mutex[0], sm.name)
            and shared.locks_mutex(sm.owner, mutex)
        )
        raced = _races(pkg, racing, accesses)
        # a goroutine a method starts on its receiver, started again by
        # another call of the method on the same value: two at once
        again = restarted(pkg, sm, used) if total < 2 and not raced else None
        if again is not None:
            total, runner = 2, again.method
        if total < 2 and not locking and not raced:
            return
        if not raced and pkg.fact(CONFINED).confined(sm.owner, sm.name):
            return  # each value stays on the goroutine that made it
        if not raced and loop_owned(pkg, sm, used):
            return  # only the one goroutine running the value's loop touches it
        if not raced and run_owned(pkg, sm, used):
            return  # filled by its starter, then the value's run goroutine's alone
        if not raced and not locking and _test_fixture(gr, used, field=True):
            return
        if not raced and _test_driven(gr, accesses, field=True):
            return
        writes = [
            a
            for a in accesses
            if a.is_write
            and not guarded(a)
            and a not in setup
            and not once_fill(pkg.package, sm, a)
        ]
        if writes:
            modes = exclusive_methods(shared, sm.owner)
            writes = [a for a in writes if not covered(a, shared.method_key(a), modes)]
        if writes and not raced and not runner:
            writes = _lock_only_writes(pkg, gr, used, writes)
        if writes and not raced:
            # in a function or method nothing can call: it never runs
            writes = [a for a in writes if not never_runs(pkg, a)]
        if not writes:
            return
        reason = (
            again.reason()
            if again is not None
            else f"{runner} runs on several goroutines without a lock"
            if runner
            else (f"{sm.owner} locks a mutex in other methods, not here" if locking else RACED)
        )
        evidence = "race-report" if raced else "concurrent-entry" if runner else "locks-elsewhere"
        if again is not None:
            evidence = "go-statement" if again.seen else "restartable"
        fix, note = field_fix(pkg, sm, [a for a in accesses if not guarded(a)], mutex)
        for access in writes:
            message = f"concurrent write to map {access.file.text(access.node)}: {reason}"
            yield self._write_diagnostic(sm, access, message, fix, note, evidence)

    def _write_diagnostic(
        self, sm: SharedMap, access: Access, message: str, fix: Fix | None, note: str, evidence: str
    ) -> Diagnostic:
        """The finding at the write ``access`` of the map field ``sm``."""
        expr = access.file.text(access.node)
        return self.diagnostic(
            access.file,
            _span(access),
            message,
            (fix,) if fix else (),
            note,
            expr,
            sm.subject(),
            evidence=evidence,
        )

    def _continuation(self, pkg: Pass, sm: SharedMap) -> Iterator[Diagnostic]:
        """A map field of the object a function starts a goroutine on,
        written by the goroutine or by the function after the ``go`` while
        the other side touches it, without a common lock and before any
        wait for the goroutine (:mod:`.facts.continuations`)."""
        shared = pkg.fact(SHARED_MAPS)
        mutex = shared.guarding_mutex(sm)
        accesses = sm.accesses
        if not any(a.is_write for a in accesses):
            return
        if mutex is not None and (
            any(locked_by_owner(a, shared.receiver_name(a), mutex) for a in accesses)
            or any(
                a.is_write and not a.held and shared.method_key(a) in by
                for by in [shared.locked_by(sm.owner, mutex)]
                for a in accesses
            )
        ):
            return  # the owner's lock guards it, or its writes: MR002's business
        keys = {id(a): shared.method_key(a) for a in accesses}
        found = racing_writes(pkg, sm.owner, accesses, keys)
        if not found:
            return
        fix, note = field_fix(pkg, sm, [a for a in accesses if not guarded(a)], mutex)
        for access, launched, on_goroutine in found:
            expr = access.file.text(access.node)
            starter = launched.describe().split(".")[-1]
            line = launched.node.start_point[0] + 1
            if on_goroutine:
                message = (
                    f"concurrent write to map {expr}: the goroutine {starter} starts at line "
                    f"{line} writes it while {starter} goes on using it, without a common lock"
                )
            else:
                message = (
                    f"concurrent write to map {expr}: {starter} starts a goroutine at line "
                    f"{line} that uses it, then writes it without a common lock or waiting"
                )
            yield self._write_diagnostic(sm, access, message, fix, note, "go-statement")

    def _global(
        self, pkg: Pass, gr: Goroutines, sm: SharedMap, racing: RacingMaps | None
    ) -> Iterator[Diagnostic]:
        sm = _inner_writes(gr, sm)
        accesses = sm.accesses
        setup = _setup(pkg, gr, accesses)
        total, runner = _contexts(pkg, gr, [a for a in accesses if a not in setup])
        raced = _races(pkg, racing, accesses)
        if (total < 2 or not runner) and not raced:
            if not sm.path:
                yield from self._lazy(pkg, sm)
            return
        if not raced and (_test_fixture(gr, accesses) or _test_driven(gr, accesses)):
            return
        if all(guarded(a) for a in accesses):
            return
        if not raced and guarding_lock(pkg.package, [a for a in accesses if a.kind != "escape"]):
            # a package lock guards its writes somewhere: MR002's business
            # (which also knows the functions every caller calls under it)
            return
        writes = [a for a in accesses if a.is_write and not guarded(a) and a not in setup]
        if writes and not raced:
            writes = [a for a in writes if not never_runs(pkg, a)]
        if not writes:
            return
        if sm.path:
            # a lock in this package would not guard the other packages' uses
            fix = None
            note = (
                f"no fix: {sm.name} is a variable of package {sm.path}; guard it with a "
                "mutex every package that uses it holds, or give each goroutine its own map"
            )
        else:
            fix, note = global_fix(pkg, sm, [a for a in accesses if not guarded(a)], accesses)
        if runner and total >= 2:
            message = (
                f"concurrent write to map {sm.name}: {runner} runs on several goroutines "
                "without a lock"
            )
        else:
            message = f"concurrent write to map {sm.name}: {RACED}"
        evidence = "race-report" if raced else "concurrent-entry"
        for access in writes:
            expr = access.file.text(access.node)
            yield self.diagnostic(
                access.file,
                _span(access),
                # (a field of a literal that copied the variable: ``c.Getters``)
                message if expr == sm.name else message.replace(sm.name, f"{expr} ({sm.name})", 1),
                (fix,) if fix else (),
                note,
                sm.name,
                sm.subject(),
                evidence=evidence,
            )

    def _lazy(self, pkg: Pass, sm: SharedMap) -> Iterator[Diagnostic]:
        """A package map an exported function fills on first use, without a
        lock, called from other packages of the module (:mod:`.facts.lazycache`)."""
        fills = lazy_fills(pkg, sm)
        if not fills:
            return
        accesses = sm.accesses
        fix, note = global_fix(pkg, sm, [a for a in accesses if not guarded(a)], accesses)
        for fill in fills:
            message = (
                f"concurrent write to map {sm.name}: {fill.func} fills this package-level "
                "cache on first use without a lock, and other packages of the module call it "
                "from their goroutines"
            )
            yield self.diagnostic(
                fill.write.file,
                _span(fill.write),
                message,
                (fix,) if fix else (),
                note,
                sm.name,
                sm.subject(),
                evidence="lazy-cache",
            )


RACED = "go test -race saw it accessed on several goroutines without a lock"


def _inner_writes(gr: Goroutines, sm: SharedMap, field: bool = False) -> SharedMap:
    """``sm`` with each write into one of its inner maps (``s.m[k][k2] = v``,
    ``s.m[k][k2]++``, ``delete(s.m[k], k2)``) that a server or framework
    runs on several goroutines at once (an entry: a handler, a collector's
    ``Collect``) counted as a write of the map: the statement reads
    ``s.m`` and writes the inner map ``s.m[k]``, the one every goroutine
    gets for that key, and the framework hands each of its goroutines
    arguments of its own choosing, so two of them can write one inner map
    at once (``concurrent map writes``); a lock must hold it exclusively.
    Not for goroutines the package starts itself, whose keys it may hand
    out one each (``go s.count(i)`` writing ``s.m[i][k]``)."""
    promoted: list[Access] = []
    for access in sm.accesses:
        site = _inner_write(access)
        if site is not None and any(
            launch.kind == "entry" and launch.multiplicity > 1
            for launch in gr.reaching(access, field)
        ):
            access = dataclasses.replace(access, kind="write", site=site)
        promoted.append(access)
    if all(a is b for a, b in zip(promoted, sm.accesses, strict=True)):
        return sm
    return dataclasses.replace(sm, accesses=promoted)


def _inner_write(access: Access) -> Node | None:
    """The write of ``access``'s inner map when ``access`` reads the map
    only to write into the inner map it indexes: ``m[k][k2] = v``."""
    site = access.site
    if access.kind != "read" or site.type != "index_expression":
        return None
    if site.child_by_field_name("operand") != access.node:
        return None
    kind, inner = access_kind(access.file, site)
    return inner if kind == "write" else None


def _races(pkg: Pass, racing: RacingMaps | None, accesses: Iterable[Access]) -> bool:
    """Whether go test -race reported a race on one of these accesses."""
    return racing is not None and racing.touches(pkg.package.directory, accesses)


def _setup(pkg: Pass, gr: Goroutines, accesses: list[Access], field: bool = False) -> set[Access]:
    """The accesses made before every goroutine that reaches the map starts
    (registration before serving): not concurrent with them. With no access
    known to run on several goroutines (a field of a type that locks a mutex
    elsewhere), only those made on an object that no goroutine has yet (every
    caller up the chain has just made it, or none exists yet): whoever else
    may reach the object later gets it after the access."""
    concurrent = [a for a in accesses if multiplicity(gr, a, field)]
    if not concurrent and not field:
        return set()
    serving = pkg.fact(SERVING)
    return {a for a in accesses if not multiplicity(gr, a, field) and serving.setup(a, concurrent)}


def _lock_only_writes(
    pkg: Pass, gr: Goroutines, accesses: list[Access], writes: list[Access]
) -> list[Access]:
    """Of the ``writes`` of a field reported only because its owner locks a
    mutex in other methods (no goroutine of the package reaches an access),
    those that can still race: not those made in the program's start phase
    (:meth:`.serving.Serving.start_phase`: during initialization, or before
    ``main`` or any function on its way starts a goroutine, across
    packages), when no other goroutine exists yet.
    """
    if any(multiplicity(gr, a, True) for a in accesses):
        return writes
    serving = pkg.fact(SERVING)
    return [a for a in writes if not serving.start_phase(a)]


def _test_fixture(gr: Goroutines, accesses: list[Access], field: bool = False) -> bool:
    """A test server's fixture: every write is made by the test itself (in a
    test file, on the test's goroutine), and what runs concurrently only
    reads it, in handlers of that test server (entry points in test files,
    no goroutine the tests start): the handlers run during the requests the
    test makes after writing."""
    writes = [a for a in accesses if a.is_write]
    if not writes or not all(
        is_test_file(a.file) and not multiplicity(gr, a, field) for a in writes
    ):
        return False
    for access in accesses:
        if not multiplicity(gr, access, field):
            continue
        launches = gr.reaching(access)
        if access.kind != "read" or not launches:
            return False
        if any(n.kind != "entry" or not is_test_file(n.file) for n in launches):
            return False
    return True


def _test_driven(gr: Goroutines, accesses: list[Access], field: bool = False) -> bool:
    """Every write is in a test file, and no goroutine the tests themselves
    start (a ``go`` statement, ``wg.Go``, a parallel subtest in a test file)
    reaches the map: what runs concurrently is a handler of a fake server
    the test calls, or the production code's own goroutines, and the test
    decides when it drives them (one request after another, before a start
    or after a shutdown). ``go test -race`` runs these very tests and sees
    such a race when the test makes one; a test's own goroutines stay
    reported."""
    writes = [a for a in accesses if a.is_write]
    if not writes or not all(is_test_file(a.file) for a in writes):
        return False
    return not any(
        launch.kind != "entry" and is_test_file(launch.file)
        for access in accesses
        for launch in gr.reaching(access, field)
    )


def _contexts(
    pkg: Pass, gr: Goroutines, accesses: list[Access], field: bool = False
) -> tuple[int, str]:
    """How many goroutines can run these accesses at once, and the name of a
    function that runs on goroutines. Counted by goroutine, not by function:
    the launches that reach the accesses (each as often as it can run at
    once; the launches of one group, such as one informer registration's
    handlers, once between them), plus the caller's goroutine when some
    access runs on no launch. Two functions that one goroutine runs one after
    the other (a reconciler and its helpers) are one goroutine, also when
    the helper is called with a lock held (of another object, say): holding
    a lock does not change which goroutine runs the call, so such an access
    is no goroutine of its own when those launches already run other
    accesses; otherwise it counts once, as the caller's goroutine does (the
    lock's holders take turns)."""
    contexts: dict[object, int] = {}
    plain = False
    serial: set[object] = set()  # the launches of accesses reached under a lock
    runner = ""
    for access in accesses:
        mult = multiplicity(gr, access, field)
        if not mult:
            locked = gr.reaching_locked(access, field)
            serial.update(launch.context for launch in locked)
            plain = plain or not locked
            continue
        if not runner:
            runner = _func_name(pkg, access.func, gr)
        launches = gr.reaching(access, field)
        if not launches:
            contexts[access.func.id] = max(mult, contexts.get(access.func.id, 0))
        for launch in launches:
            contexts[launch.context] = max(launch.multiplicity, contexts.get(launch.context, 0))
    total = sum(contexts.values())
    if (plain or not serial <= contexts.keys()) and total:
        total += 1
    return total, runner


def _span(access: Access) -> Span:
    return Span(access.site.start_byte, access.site.end_byte)


def _func_name(pkg: Pass, func: Node, gr: Goroutines) -> str:
    """The function that runs on goroutines: a goroutine's func literal is
    named by the function it is in; a closure that is no goroutine of its
    own (``stop := func(...) {...}`` called by its function) runs where that
    function runs, and is named by it."""
    top = sx.declaration_of(func)
    if top is None:
        return "a goroutine"
    key = pkg.fact(CALLS).key_of(top)
    if func.type == "func_literal" and func.id in gr.closures:
        return f"a goroutine in {key.split('.')[-1]}" if key else "a goroutine"
    return key.split(".")[-1] if key else "a goroutine"


def _in_tree(node: Node, root: Node) -> bool:
    """``node`` belongs to the syntax tree whose root is ``root``."""
    while node.parent is not None:
        node = node.parent
    return node == root
