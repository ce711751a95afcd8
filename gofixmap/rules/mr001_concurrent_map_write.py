"""MR001 concurrent-map-write: a map written from a goroutine while other
goroutines can reach it without a common lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix, Span
from gofixmap.codemod.rule import FileContext, Invalid, Rule
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import MAP_GATE, _syncmap
from gofixmap.rules import _locks as lk
from gofixmap.rules.fixes.imports import require as require_import

TITLE_MUTEX = "Guard {name} with a mutex"
TITLE_SYNCMAP = "Convert {name} to sync.Map"


class ConcurrentMapWrite(Rule):
    """What it does
    Finds maps written from a goroutine while another goroutine can read or
    write them without a common lock: local maps captured by `go func(){...}()`
    closures (or closures started by `wg.Go(func(){...})`: sync.WaitGroup.Go,
    errgroup.Group.Go; by `time.AfterFunc`; and parallel subtests, `t.Run(n, func(t *testing.T) {
    t.Parallel(); ... })`) or passed to package functions started with `go` (`go worker(m)`,
    `go s.worker(m)`) that use the parameter, struct map fields written by
    methods that run on several
    goroutines (started with `go`, called from goroutines, or of a type whose
    other methods lock a mutex), and package-level maps written from
    goroutines or from HTTP handlers. Under `gofixmap race`, a map that
    `go test -race` reports racing is shared whatever this analysis sees
    (callbacks, interface calls), and gets the same fix and declines.

    Not reported: accesses under a held lock (`Lock`/`Unlock`, `defer
    Unlock`, `RLock` for reads), a map confined to one goroutine, a writer
    goroutine whose results are read after `wg.Wait()` or a channel receive,
    results collected on the calling goroutine, `sync.Map`, maps that are only
    read concurrently, a field only copied on goroutines into a new value of
    its type (`Clone`: the copy's uses are the type's own methods).

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
    or when the struct is copied by value (the mutex would be copied). The
    `syncmap` strategy converts the map and every use to `sync.Map`, or
    declines with the reason. Locking changes timing and can deadlock code
    that calls back into the type, so a person must review it.
    """

    code = "MR001"
    PREFILTER = MAP_GATE
    name = "concurrent-map-write"
    summary = "a map written from a goroutine while other goroutines can reach it unlocked"

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

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        self._racing = racing_sites(ctx)
        self._dir = ctx.package.directory
        memo = ctx.memo(f"MR001:{ctx.settings.strategy}:{hash(self._racing)}")
        found = memo.get("diags")
        if not isinstance(found, list):
            found = list(self._package(ctx))
            memo["diags"] = found
        for diag in found:
            if diag.path == ctx.path:
                yield diag
        yield from self._locals(ctx)

    # ------------------------------------------------------------------ locals

    def _locals(self, ctx: FileContext) -> Iterator[Diagnostic]:
        for sm in lk.locals_(ctx.package, ctx.file, everywhere=bool(self._racing)):
            passes = lk.go_passes(ctx.package, sm)
            chosen = lk.concurrent_local(sm, passes)
            if not chosen and self._races(sm.accesses):
                chosen = [a for a in sm.accesses if a.kind != "escape"]
            inner = {a for gp in passes for a in gp.inner}
            writes = [a for a in chosen if a.is_write and not lk.guarded(a) and a not in inner]
            writers = [
                gp for gp in passes if any(a.is_write and not lk.guarded(a) for a in gp.inner)
            ]
            if not chosen or not (writes or writers):
                continue
            fix, note = self._local_fix(ctx, sm, chosen, passes)
            for access in writes:
                yield self.diagnostic(
                    ctx,
                    access.site,
                    f"concurrent write to map {sm.name}: shared with goroutines without a lock",
                    (fix,) if fix else (),
                    note,
                )
            for gp in writers:
                yield self.diagnostic(
                    ctx,
                    gp.access.node,
                    f"concurrent write to map {sm.name}: {gp.callee.name} writes it on a "
                    "goroutine without a lock",
                    (fix,) if fix else (),
                    note,
                )

    def _local_fix(
        self,
        ctx: FileContext,
        sm: lk.SharedMap,
        chosen: list[lk.Access],
        passes: list[lk.GoPass],
    ) -> tuple[Fix | None, str]:
        if ctx.settings.strategy == "syncmap":
            if passes:
                return None, (
                    f"cannot convert {sm.name} to sync.Map: it is passed to "
                    f"{passes[0].callee.name}, whose parameter type would change"
                )
            return _syncmap.convert(ctx, sm)
        file = ctx.file
        inner = {a for gp in passes for a in gp.inner}
        todo = [a for a in chosen if not lk.guarded(a) and a.kind != "escape" and a not in inner]
        existing = next((t for a in chosen if a not in inner for t, _ in a.held), None)
        edits: list[Edit] = []
        if passes and (existing is not None or any(a.held for a in inner)):
            return None, (
                f"{sm.name} is already locked in places: pass the same mutex to "
                f"{passes[0].callee.name} by hand"
            )
        if existing is not None:
            lock = existing
        else:
            func = sm.func
            assert func is not None
            lock = lk.free_name(lk.identifiers(func, file), "mu", f"{sm.name}Mu")
            stmt = sm.decl
            if stmt is None or not sx.in_statement_list(stmt):
                return None, f"cannot declare a mutex next to {sm.name}"
            end = lk._line_end(file.data, stmt.end_byte)
            if end < 0:
                return None, "another statement shares the declaration's line"
            indent = file.indent_at(stmt.start_byte).decode()
            nl = file.newline.decode()
            edits.append(Edit(end, end, f"{nl}{indent}var {lock} sync.Mutex".encode()))
        plan = lk.plan_locks(todo, lambda _a: lock, False, lambda _a, _c: False)
        if plan.reason:
            return None, plan.reason
        edits.extend(plan.edits)
        for gp in passes:
            threaded, why = _thread_mutex(ctx, gp, lock)
            if why:
                return None, why
            edits.extend(threaded)
        return Fix(
            TITLE_MUTEX.format(name=sm.name), tuple(edits), Applicability.UNSAFE, ("sync",)
        ), ""

    # ------------------------------------------------------------------ package-wide

    def _package(self, ctx: FileContext) -> Iterator[Diagnostic]:
        index = ctx.package
        gr = lk.goroutines(index)
        if (
            not gr.launches
            and not self._racing
            and not any(b"Mutex" in f.data for f in index.files)
        ):
            # Nothing runs on another goroutine, nothing locks (a field is
            # reported when a launch reaches it, its owner locks a mutex, or
            # a race report names it): no shared map to look for.
            return
        for sm in lk.struct_fields(index):
            yield from self._field(ctx, index, gr, sm)
        for sm in lk.globals_(index):
            yield from self._global(ctx, index, gr, sm)

    def _contexts(
        self,
        index: PackageIndex,
        gr: lk.Goroutines,
        accesses: list[lk.Access],
        field: bool = False,
    ) -> tuple[int, str]:
        """How many goroutines can run these accesses at once, and the name
        of a function that runs on goroutines."""
        per_func: dict[int, tuple[int, Node]] = {}
        for access in accesses:
            mult = lk.goroutine_multiplicity(index, gr, access, field)
            key = access.func.id
            holder = access.func
            per_func[key] = (max(mult, per_func.get(key, (0, holder))[0]), holder)
        total = 0
        plain = False
        runner = ""
        for mult, holder in per_func.values():
            if mult:
                total += mult
                if not runner:
                    runner = _func_name(index, holder)
            else:
                plain = True
        if plain and total:
            total += 1
        return total, runner

    def _field(
        self, ctx: FileContext, index: PackageIndex, gr: lk.Goroutines, sm: lk.SharedMap
    ) -> Iterator[Diagnostic]:
        mutex = lk.mutex_field(index, sm.owner)
        accesses = sm.accesses
        if not any(a.is_write for a in accesses):
            return
        if any(lk.locked_by_owner(a, lk.receiver_name(index, a), mutex) for a in accesses):
            return  # guarded somewhere: MR002's business
        if mutex is not None:
            helpers = lk.locked_helpers(index, sm.owner, mutex)
            if any(_key(index, a) in helpers for a in accesses):
                return  # accessed where callers hold the lock: MR002's business
        # A copy into the same field of a new value (Clone) is no map operation.
        used = [a for a in accesses if not lk.copied_into_own_field(sm, a)]
        total, runner = self._contexts(index, gr, used, field=True)
        locking = (
            mutex is not None
            and lk.same_group(index, sm.owner, mutex[0], sm.name)
            and _locks_mutex(index, sm.owner, mutex)
        )
        racing = self._races(accesses)
        if total < 2 and not locking and not racing:
            return
        writes = [a for a in accesses if a.is_write and not lk.guarded(a)]
        if not writes:
            return
        reason = (
            f"{runner} runs on several goroutines without a lock"
            if runner
            else (f"{sm.owner} locks a mutex in other methods, not here" if locking else RACED)
        )
        fix, note = field_fix(ctx, sm, [a for a in accesses if not lk.guarded(a)], mutex)
        for access in writes:
            yield Diagnostic(
                self.code,
                self.name,
                access.file.path,
                _span(access),
                f"concurrent write to map {access.file.text(access.node)}: {reason}",
                (fix,) if fix else (),
                note,
            )

    def _global(
        self, ctx: FileContext, index: PackageIndex, gr: lk.Goroutines, sm: lk.SharedMap
    ) -> Iterator[Diagnostic]:
        accesses = sm.accesses
        total, runner = self._contexts(index, gr, accesses)
        racing = self._races(accesses)
        if (total < 2 or not runner) and not racing:
            return
        if all(lk.guarded(a) for a in accesses):
            return
        writes = [a for a in accesses if a.is_write and not lk.guarded(a)]
        if not writes:
            return
        fix, note = global_fix(ctx, sm, [a for a in accesses if not lk.guarded(a)], accesses)
        for access in writes:
            yield Diagnostic(
                self.code,
                self.name,
                access.file.path,
                _span(access),
                f"concurrent write to map {sm.name}: {runner} runs on several goroutines "
                "without a lock"
                if runner and total >= 2
                else f"concurrent write to map {sm.name}: {RACED}",
                (fix,) if fix else (),
                note,
            )

    _racing: frozenset[tuple[str, int]] = frozenset()
    _dir: str = "."

    def _races(self, accesses: Iterable[lk.Access]) -> bool:
        return races(self._dir, self._racing, accesses)


RACED = "go test -race saw it accessed on several goroutines without a lock"


def races(
    directory: str, racing: frozenset[tuple[str, int]], accesses: Iterable[lk.Access]
) -> bool:
    """Whether go test -race reported a race on one of these accesses."""
    if not racing:
        return False
    for access in accesses:
        # file paths are as the user named them: resolve in the package
        path = _resolved(str(Path(directory) / Path(access.file.path).name))
        if (path, access.node.start_byte) in racing or (
            path,
            access.site.start_byte,
        ) in racing:
            return True
    return False


def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def racing_sites(ctx: FileContext) -> frozenset[tuple[str, int]]:
    """``Settings.options["racing_maps"]``: (file, byte offset of the map
    expression) of map accesses a race report named (``gofixmap race``); such
    maps are shared by goroutines whatever the static analysis sees."""
    raw = ctx.settings.options.get("racing_maps")
    if not isinstance(raw, (set, frozenset, list, tuple)):
        return frozenset()
    found: set[tuple[str, int]] = set()
    for item in raw:
        if (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], int)
        ):
            found.add((_resolved(item[0]), item[1]))
    return frozenset(found)


def _thread_mutex(ctx: FileContext, gp: lk.GoPass, lock: str) -> tuple[list[Edit], str]:
    """Pass ``&lock`` to the goroutine's function as a new ``*sync.Mutex``
    parameter and lock its uses of the map parameter; or say why not."""
    decl = gp.callee
    name = decl.name
    uses = sum(
        1
        for file in ctx.package.files
        for node in sx.walk(file.root)
        if node.type in ("identifier", "field_identifier") and file.text(node) == name
    )
    if uses != 2:
        return [], (
            f"{name} is used elsewhere: a mutex parameter would change its other callers "
            f"(lock {gp.param} in {name} by hand)"
        )
    if any(a.kind == "escape" for a in gp.inner):
        return [], f"{name} passes {gp.param} on to other code: lock it there by hand"
    cfile = decl.file
    params = decl.node.child_by_field_name("parameters")
    args = gp.call.child_by_field_name("arguments")
    if params is None or args is None:
        return [], f"cannot find the parameters of {name}"
    if params.named_children and params.named_children[-1].type == (
        "variadic_parameter_declaration"
    ):
        return [], f"{name} is variadic: a mutex parameter cannot follow"
    for node, file in ((params, cfile), (args, ctx.file)):
        if b"\n" in file.data[node.start_byte : node.end_byte] or not file.text(node).endswith(")"):
            return [], f"the parameters of {name} span several lines"
    pname = lk.free_name(lk.identifiers(decl.node, cfile), "mu", f"{gp.param}Mu")
    close = params.end_byte - 1
    edits = [
        Edit(close, close, f", {pname} *sync.Mutex".encode(), cfile.path),
        Edit(args.end_byte - 1, args.end_byte - 1, f", &{lock}".encode(), ctx.file.path),
    ]
    todo = [a for a in gp.inner if not lk.guarded(a)]
    plan = lk.plan_locks(todo, lambda _a: pname, False, lambda _a, _c: False)
    if plan.reason:
        return [], plan.reason
    edits.extend(Edit(e.start, e.end, e.new_text, cfile.path) for e in plan.edits)
    if cfile.path != ctx.file.path:
        imp = require_import(cfile, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
    return edits, ""


def _key(index: PackageIndex, access: lk.Access) -> str:
    return lk.method_key(index, access)


def _span(access: lk.Access) -> Span:
    return Span(access.site.start_byte, access.site.end_byte)


def _func_name(index: PackageIndex, func: Node) -> str:
    top = sx.declaration_of(func)
    if top is None:
        return "a goroutine"
    key = lk.func_key(index, top)
    if func.type == "func_literal":
        return f"a goroutine in {key.split('.')[-1]}" if key else "a goroutine"
    return key.split(".")[-1] if key else "a goroutine"


def _locks_mutex(index: PackageIndex, owner: str, mutex: tuple[str, str, bool]) -> bool:
    name, _, embedded = mutex
    for method in index.methods(owner):
        body = method.body
        if body is None:
            continue
        target = method.receiver_name if embedded else f"{method.receiver_name}.{name}"
        for node in sx.walk(body):
            op = lk.lock_op(method.file, node)
            if op is not None and op[0] in (target, f"{method.receiver_name}.{name}"):
                return True
    return False


def copies(index: PackageIndex, owner: str) -> str:
    """Why values of ``owner`` are copied (a mutex in it would be), or ""."""
    for decl in index.methods(owner):
        if not decl.pointer_receiver:
            return f"method {decl.name} has a value receiver"
    for decl in index.funcs.values():
        for param in (*decl.params, *decl.results):
            if param.type_text.strip() == owner:
                return f"{decl.name} takes or returns {owner} by value"
    for tdecl in index.types.values():
        for f in tdecl.fields:
            if _holds_values(f.type_text, owner):
                return f"{tdecl.name}.{f.name} holds {owner} values"
    for file in index.files:
        for node in sx.walk(file.root):
            if node.type in ("slice_type", "array_type", "map_type", "channel_type"):
                if _holds_values(file.text(node), owner):
                    return f"{file.text(node)} values copy {owner}"
            elif node.type == "unary_expression" and file.text(node).startswith("*"):
                operand = node.child_by_field_name("operand")
                if operand is not None and _is_pointer_to(index, file, operand, owner):
                    return f"{file.text(node)} copies a {owner}"
            elif node.type == "var_spec":
                kind = node.child_by_field_name("type")
                if kind is not None and file.text(kind) == owner:
                    return f"variables of type {owner} are copied by value"
            elif node.type == "short_var_declaration":
                right = node.child_by_field_name("right")
                if right is not None and any(
                    v.type == "composite_literal" and _type_name(file, v) == owner
                    for v in right.named_children
                ):
                    return f"{file.text(node).splitlines()[0]} holds a {owner} value"
    return ""


def _type_name(file: SourceFile, literal: Node) -> str:
    kind = literal.child_by_field_name("type")
    return file.text(kind) if kind is not None else ""


def _holds_values(type_text: str, owner: str) -> bool:
    import re

    return re.search(rf"(\]|chan\s+){re.escape(owner)}\b(?!\.)", type_text) is not None


def _is_pointer_to(index: PackageIndex, file: SourceFile, expr: Node, owner: str) -> bool:
    from gofixmap.rules import _gotypes

    try:
        kind = _gotypes.type_of(index, file, expr)
    except Exception:
        return False
    return kind is not None and kind.strip() == f"*{owner}"


def _takes_field_lock(
    index: PackageIndex, sm: lk.SharedMap, mutex_name: str
) -> Callable[[lk.Access, Node], bool]:
    by_name = lk.method_names(index)
    touching = {
        lk.func_key(index, t) for a in sm.accesses if (t := sx.declaration_of(a.node)) is not None
    }
    locking = set()
    for method in index.methods(sm.owner):
        body = method.body
        if body is None:
            continue
        for node in sx.walk(body):
            op = lk.lock_op(method.file, node)
            if op is not None and op[0] in (
                method.receiver_name,
                f"{method.receiver_name}.{mutex_name}",
            ):
                locking.add(method.key)

    def takes(access: lk.Access, call: Node) -> bool:
        top = sx.declaration_of(access.node)
        recv = lk.receiver_of(index, top) if top is not None else None
        key = lk.resolve_call(index, access.file, call, recv, by_name)
        if _hands_over(access.file, call, touching | locking, sm.accesses):
            return True
        if key is None or not key.startswith(f"{sm.owner}."):
            return False
        return key in touching or key in locking

    return takes


def _hands_over(
    file: SourceFile, call: Node, touching: set[str | None], accesses: list[lk.Access]
) -> bool:
    """``Each(n, Mark)``, ``run(func() { m[k]++ })``: the call is handed a
    function that uses the map (and would take its lock), so it can run it."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return False
    names = {key.rsplit(".", 1)[-1] for key in touching if key}
    for arg in args.named_children:
        if arg.type == "identifier" and file.text(arg) in names:
            return True
        if arg.type == "selector_expression":
            name = arg.child_by_field_name("field")
            if name is not None and file.text(name) in names:
                return True
        if arg.type == "func_literal" and any(
            a.file is file and arg.start_byte <= a.node.start_byte < arg.end_byte for a in accesses
        ):
            return True
    return False


def field_fix(
    ctx: FileContext,
    sm: lk.SharedMap,
    todo: list[lk.Access],
    mutex: tuple[str, str, bool] | None,
) -> tuple[Fix | None, str]:
    """Lock every access of a struct's map field, reusing its mutex or adding one."""
    index = ctx.package
    if ctx.settings.strategy == "syncmap":
        return _syncmap.convert(ctx, sm)
    todo = [a for a in todo if a.kind != "escape"]
    for access in todo:
        decl = lk.method_decl(index, access)
        if decl is not None and not decl.pointer_receiver:
            return None, (f"method {decl.name} has a value receiver: a lock there guards a copy")
    edits: list[Edit] = []
    home = todo[0].file.path if todo else ctx.path
    if mutex is None:
        why = copies(index, sm.owner)
        if why:
            return None, f"{sm.owner} is copied by value ({why}): a mutex in it would be copied"
        owner_decl = index.types[sm.owner]
        taken = {f.name for f in owner_decl.fields} | {m.name for m in index.methods(sm.owner)}
        name = lk.free_name(taken, "mu", f"{sm.name}Mu")
        field_node = sm.decl
        if field_node is None or sm.decl_file is None:
            return None, f"cannot find the declaration of {sm.owner}.{sm.name}"
        edit = lk.insert_field(sm.decl_file, field_node, name, "sync.RWMutex")
        if edit is None:
            return None, f"cannot add a mutex beside {sm.owner}.{sm.name} (irregular layout)"
        edits.append(Edit(edit.start, edit.end, edit.new_text, _rel(sm.decl_file.path, home)))
        imp = require_import(sm.decl_file, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
        mutex = (name, "rw", False)
        mutex_name = name
    else:
        mutex_name = mutex[0]
    rw = mutex[1] == "rw"
    embedded = mutex[2]

    def lock_expr(access: lk.Access) -> str:
        recv = lk.receiver_name(index, access)
        return recv if embedded else f"{recv}.{mutex_name}"

    takes = _takes_field_lock(index, sm, mutex_name)
    by_file: dict[str, list[lk.Access]] = {}
    for access in todo:
        by_file.setdefault(access.file.path, []).append(access)
    for path, group in by_file.items():
        plan = lk.plan_locks(group, lock_expr, rw, takes)
        if plan.reason:
            return None, plan.reason
        edits.extend(Edit(e.start, e.end, e.new_text, _rel(path, home)) for e in plan.edits)
    return Fix(
        TITLE_MUTEX.format(name=f"{sm.owner}.{sm.name}"),
        tuple(edits),
        Applicability.UNSAFE,
        ("sync",),
    ), ""


def _rel(path: str, home: str) -> str:
    return path


def global_fix(
    ctx: FileContext, sm: lk.SharedMap, todo: list[lk.Access], accesses: list[lk.Access]
) -> tuple[Fix | None, str]:
    index = ctx.package
    if ctx.settings.strategy == "syncmap":
        return _syncmap.convert(ctx, sm)
    todo = [a for a in todo if a.kind != "escape"]
    home = todo[0].file.path if todo else ctx.path
    existing = next((t for a in accesses for t, _ in a.held), None)
    edits: list[Edit] = []
    if existing is not None:
        lock = existing
        rw = False
    else:
        taken = set(index.vars) | set(index.funcs) | set(index.types)
        lock = lk.free_name(taken, f"{sm.name}Mu")
        rw = True
        spec = sm.decl
        file = sm.decl_file
        if spec is None or file is None:
            return None, f"cannot find the declaration of {sm.name}"
        decl = spec
        while decl.parent is not None and decl.type != "var_declaration":
            decl = decl.parent
        end = lk._line_end(file.data, decl.end_byte)
        if end < 0:
            return None, "another declaration shares the line"
        nl = file.newline.decode()
        text = f"{nl}{nl}var {lock} sync.RWMutex // guards {sm.name}"
        edits.append(Edit(end, end, text.encode(), _rel(file.path, home)))
        imp = require_import(file, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
    touching = {
        lk.func_key(index, t) for a in accesses if (t := sx.declaration_of(a.node)) is not None
    }
    by_name = lk.method_names(index)

    def takes(access: lk.Access, call: Node) -> bool:
        top = sx.declaration_of(access.node)
        recv = lk.receiver_of(index, top) if top is not None else None
        key = lk.resolve_call(index, access.file, call, recv, by_name)
        if _hands_over(access.file, call, touching, accesses):
            return True
        return key is not None and key in touching

    by_file: dict[str, list[lk.Access]] = {}
    for access in todo:
        by_file.setdefault(access.file.path, []).append(access)
    for path, group in by_file.items():
        plan = lk.plan_locks(group, lambda _a: lock, rw, takes)
        if plan.reason:
            return None, plan.reason
        edits.extend(Edit(e.start, e.end, e.new_text, _rel(path, home)) for e in plan.edits)
    return Fix(TITLE_MUTEX.format(name=sm.name), tuple(edits), Applicability.UNSAFE, ("sync",)), ""
