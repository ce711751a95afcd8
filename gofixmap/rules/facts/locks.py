"""LOCKS: which locks are held where, and how each use of a map reads.

Per function (not its nested func literals): the locks held on every path
to each statement, following the function's control flow (:mod:`.lockflow`:
``x.Lock()``/``x.RLock()`` to the ``Unlock`` on each path, ``defer
x.Unlock()`` to the end of the function, an early ``Unlock(); return`` that
leaves, locks held across a loop's iterations, ``TryLock`` where it returned
true), plus the locks a func literal runs under
when it is handed to a function whose name says it locks
(``withLock(&mu, func() {...})``), and the locks held where a func literal
is handed to a function that runs it synchronously (``sort.Slice``,
``once.Do``, a visitor of the package: :mod:`.callbacks`; with the locks
such a function of the package holds where it calls its func parameter,
``func (c *C) SafeWrite(f func()) { c.mu.Lock(); defer c.mu.Unlock(); f() }``)
or held at every call of a local ``f := func() {...}`` that is only called
(closures calling each other solved together: :mod:`.closurelocks`).
An :class:`Access` is one use of a map expression: a write (``m[k] = v``,
``m[k]++``, ``delete``, ``clear``), a read (``m[k]``, ``len``, ``range``)
or an escape (anything else), with the locks held there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callbacks import SYNC_CALLBACKS, calls_only, imported_sync
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.closurelocks import outermost, solve
from gofixmap.rules.facts.contracts import documented_locked
from gofixmap.rules.facts.lockflow import acquires_when_true, flow_held, try_lock

_LOCK_OPS = {"Lock": "w", "RLock": "r", "Unlock": "-", "RUnlock": "-"}


MUTEX_TYPES = ("sync.Mutex", "sync.RWMutex", "*sync.Mutex", "*sync.RWMutex")


def lock_op(file: SourceFile, stmt: Node) -> tuple[str, str] | None:
    """``x.Lock()`` statement → (x, "w"); RLock → "r"; Unlock/RUnlock → "-"."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return None
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return None
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0] or parts[1] not in _LOCK_OPS:
        return None
    return parts[0], _LOCK_OPS[parts[1]]


Held = frozenset[tuple[str, str]]


@dataclass(frozen=True, eq=False)
class Access:
    """One use of a map: ``node`` is the map expression (``m``, ``c.m``),
    ``site`` the operation (``m[k]``, ``delete(m, k)``, the range clause)."""

    node: Node
    site: Node
    kind: str  # write | read | escape
    file: SourceFile
    func: Node  # innermost function
    anchor: Node | None
    held: Held

    @property
    def is_write(self) -> bool:
        return self.kind == "write"


def access_kind(file: SourceFile, expr: Node) -> tuple[str, Node]:
    """How ``expr`` (a map-valued expression) is used at its place."""
    parent = expr.parent
    if parent is None:
        return "escape", expr
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == expr:
        outer = parent.parent
        if outer is not None and outer.type == "expression_list":
            holder = outer.parent
            if (
                holder is not None
                and holder.type == "assignment_statement"
                and holder.child_by_field_name("left") == outer
            ):
                return "write", parent
        if outer is not None and outer.type in ("inc_statement", "dec_statement"):
            return "write", parent
        return "read", parent
    if parent.type == "argument_list":
        call = parent.parent
        if call is not None and call.type == "call_expression":
            parts = sx.call_parts(file, call)
            if parts is not None and parts[0] == "" and parent.named_children[:1] == [expr]:
                if parts[1] in ("delete", "clear"):
                    return "write", call
                if parts[1] == "len":
                    return "read", call
    if parent.type == "range_clause" and parent.child_by_field_name("right") == expr:
        return "read", parent
    if parent.type == "parenthesized_expression":
        return access_kind(file, parent)
    return "escape", expr


def closure_lock(file: SourceFile, func: Node) -> Held:
    """``withLock(x, func() { ... })``: a func literal handed to a function
    whose name says it locks runs with the other arguments locked."""
    if func.type != "func_literal":
        return frozenset()
    args = func.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return frozenset()
    if call.type != "call_expression":
        return frozenset()
    parts = sx.call_parts(file, call)
    if parts is None or "lock" not in parts[1].lower() or parts[1] in _LOCK_OPS:
        return frozenset()
    held: set[tuple[str, str]] = set()
    for arg in args.named_children:
        text = file.text(arg)
        if arg.type == "unary_expression" and text.startswith("&"):
            text = text[1:].strip()
        elif arg.type not in ("identifier", "selector_expression"):
            continue
        held.add((text, "w"))
    return frozenset(held)


def guarded(access: Access, lock: Callable[[str], bool] | None = None) -> bool:
    """Under a lock strong enough for the access (``lock`` filters which)."""
    for target, mode in access.held:
        if lock is not None and not lock(target):
            continue
        if access.kind == "read" or mode == "w":
            return True
    return False


def _helper_summary(decl: FuncDecl) -> tuple[str, str] | None:
    """A method that takes or releases a lock of its receiver and returns
    (``func (c *C) acquire() { c.mu.Lock() }``): (the lock relative to the
    receiver, ``".mu"``, and its mode, "-" for a release)."""
    body = decl.body
    recv = decl.receiver_name
    if body is None or not recv or recv == "_":
        return None
    found: tuple[str, str] | None = None
    for stmt in sx.block_statements(body):
        if stmt.type == "comment":
            continue
        if stmt.type in ("defer_statement", "go_statement", "return_statement"):
            return None
        op = lock_op(decl.file, stmt)
        if op is None:
            continue
        target, mode = op
        if target != recv and not target.startswith(recv + "."):
            return None
        if found is not None:
            return None  # locks and unlocks: a region of its own
        found = (target[len(recv) :], mode)
    return found


def mutex_kind(type_text: str) -> str:
    """ "rw" for sync.RWMutex, "m" for sync.Mutex, "" otherwise."""
    text = type_text.strip().lstrip("*")
    if text == "sync.RWMutex":
        return "rw"
    if text == "sync.Mutex":
        return "m"
    return ""


def is_test_file(file: SourceFile) -> bool:
    return file.path.endswith("_test.go")


LockOp = Callable[[SourceFile, Node], "tuple[str, str] | None"]


def held_locks(
    file: SourceFile,
    func: Node,
    helper: LockOp | None = None,
    flags: frozenset[str] = frozenset(),
    true_lock: LockOp | None = None,
    start: Held = frozenset(),
) -> dict[int, Held]:
    """Statement start byte → locks held on every path to the statement, for
    every statement of ``func`` (not of nested func literals), following the
    function's control flow (:mod:`.lockflow`: ``defer x.Unlock()`` keeps
    ``x`` held to the end, an early ``Unlock(); return`` does not end the
    region below it, locks held across a loop's iterations, ``TryLock``).
    ``helper`` turns a call of a function that locks or unlocks
    (``c.acquireLock()``) into that operation; ``flags`` are bool parameters
    whose ``if flag { x.Lock() }`` counts as a lock (the callers that pass
    false hold it: :meth:`Locks.flags`); ``true_lock`` names the lock a
    call holds when it returns true (``c.tryLock(d)``)."""
    body = sx.body(func)
    if body is None:
        return {}

    def op(file: SourceFile, stmt: Node) -> tuple[str, str] | None:
        found = lock_op(file, stmt)
        if found is None and helper is not None:
            found = helper(file, stmt)
        if found is None and flags:
            found = _flag_lock(file, stmt, flags)
        return found

    def trues(file: SourceFile, call: Node) -> tuple[str, str] | None:
        found = try_lock(file, call)
        if found is None and true_lock is not None:
            found = true_lock(file, call)
        return found

    return flow_held(file, body, op, trues, _branch, start)


# The mode of a lock taken as ``if c { x.Lock() } else { x.RLock() }``
# under a flag: read, and write where ``c`` holds (``w?c``).
_COND = "w?"


def _branch(file: SourceFile, node: Node, consequence: bool, held: Held) -> Held:
    """The locks held in a branch of ``node``: in the consequence of ``if
    c {...}`` a lock taken in write mode when ``c`` holds is a write lock."""
    if node.type != "if_statement" or not consequence:
        return held
    cond = node.child_by_field_name("condition")
    if cond is None or cond.type != "identifier":
        return held
    marker = _COND + file.text(cond)
    if not any(mode == marker for _t, mode in held):
        return held
    return frozenset((t, "w") if mode == marker else (t, mode) for t, mode in held)


def _flag_lock(file: SourceFile, stmt: Node, flags: frozenset[str]) -> tuple[str, str] | None:
    """``if flag { x.Lock() }`` (also ``defer x.Unlock()`` after it, or
    ``if c { x.Lock() } else { x.RLock() }`` inside) → (x, mode); ``if flag {
    x.Unlock() }`` → (x, "-")."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return None
    cond = stmt.child_by_field_name("condition")
    if cond is None or cond.type != "identifier" or file.text(cond) not in flags:
        return None
    return _lock_block(file, stmt.child_by_field_name("consequence"))


def _lock_block(file: SourceFile, block: Node | None) -> tuple[str, str] | None:
    """The one lock operation of a block of lock statements (see
    ``_flag_lock``)."""
    stmts = sx.block_statements(block) if block is not None else []
    found: tuple[str, str] | None = None
    for stmt in stmts:
        if stmt.type == "comment":
            continue
        if stmt.type == "defer_statement" and _defers_unlock(file, stmt):
            continue  # ``defer x.Unlock()`` in the block: held to the end
        if stmt.type == "if_statement":
            cond = stmt.child_by_field_name("condition")
            yes = _lock_block(file, stmt.child_by_field_name("consequence"))
            alt = stmt.child_by_field_name("alternative")
            no = _lock_block(file, alt) if alt is not None and alt.type == "block" else None
            if cond is None or yes is None or no is None or yes[0] != no[0]:
                return None
            if yes[1] == no[1]:
                op = yes
            elif "-" in (yes[1], no[1]):
                return None
            elif yes[1] == "w" and cond.type == "identifier":
                op = (yes[0], _COND + file.text(cond))
            else:
                op = (yes[0], "r")
            found_op: tuple[str, str] | None = op
        else:
            found_op = lock_op(file, stmt)
        if found_op is None or found is not None:
            return None
        found = found_op
    return found


@dataclass(eq=False)
class Locks:
    """The value of LOCKS: held-lock tables, computed per function on demand."""

    package: PackageIndex | None = None
    calls: Calls | None = None
    # (import path, function) → its func parameters it only calls (SYNC_CALLBACKS)
    imported: Callable[[str, str], frozenset[int]] | None = None
    _tables: dict[int, dict[int, Held]] = field(default_factory=dict)
    _entered: dict[tuple[int, Held], dict[int, Held]] = field(default_factory=dict)
    _inherited: dict[int, Held] = field(default_factory=dict)
    _summaries: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    _acquires: dict[str, frozenset[str]] = field(default_factory=dict)
    # func literal id → its value while :func:`.closurelocks.solve` runs
    solving: dict[int, Held | None] = field(default_factory=dict)
    # declared function id → func literal id → it runs only on that
    # function's goroutine (:func:`.closurelocks.on_its_goroutine`)
    goroutine_tables: dict[int, dict[int, bool]] = field(default_factory=dict)
    _flags: dict[str, frozenset[str]] = field(default_factory=dict)

    def held(self, file: SourceFile, func: Node, start: Held = frozenset()) -> dict[int, Held]:
        """Statement start byte → the locks held there in ``func`` (not its
        func literals), ``start`` held on entry (the locks a func literal runs
        under: an ``Unlock`` inside it releases them)."""
        if start:
            key = (func.id, start)
            found = self._entered.get(key)
            if found is None:
                found = self._entered[key] = held_locks(
                    file, func, self._helper_op, self.flags(func), self._true_lock, start
                )
            return found
        table = self._tables.get(func.id)
        if table is None:
            self._tables[func.id] = {}  # a cycle through flags sees no lock
            table = self._tables[func.id] = held_locks(
                file, func, self._helper_op, self.flags(func), self._true_lock
            )
        return table

    def _helper_op(self, file: SourceFile, stmt: Node) -> tuple[str, str] | None:
        """``c.acquireLock()`` where the method locks ``c.mu`` and returns:
        (``c.mu``, its mode); a release method likewise with "-"."""
        if self.calls is None or self.package is None:
            return None
        if stmt.type != "expression_statement" or not stmt.named_children:
            return None
        call = stmt.named_children[0]
        args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
        fn = call.child_by_field_name("function") if args is not None else None
        if args is None or fn is None or args.named_children or fn.type != "selector_expression":
            return None
        operand = fn.child_by_field_name("operand")
        if operand is None or operand.type not in ("identifier", "selector_expression"):
            return None
        func = sx.enclosing_function(stmt)
        recv = self.calls.receiver_of(func) if func is not None else None
        key = self.calls.resolve(file, call, recv)
        decl = self.package.funcs.get(key) if key else None
        if key is None or decl is None:
            return None
        if key not in self._summaries:
            self._summaries[key] = _helper_summary(decl)
        summary = self._summaries[key]
        if summary is None:
            return None
        return file.text(operand) + summary[0], summary[1]

    def _true_lock(self, file: SourceFile, call: Node) -> tuple[str, str] | None:
        """``c.tryLock(d)`` where the package's ``bool`` method returns true
        only holding its receiver's ``c.mu`` (:func:`.lockflow.acquires_when_true`):
        (``c.mu``, "w") where it returned true."""
        if self.calls is None or self.package is None:
            return None
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return None
        operand = fn.child_by_field_name("operand")
        if operand is None or operand.type not in ("identifier", "selector_expression"):
            return None
        func = sx.enclosing_function(call)
        recv = self.calls.receiver_of(func) if func is not None else None
        key = self.calls.resolve(file, call, recv)
        decl = self.package.funcs.get(key) if key else None
        if key is None or decl is None or decl.body is None or not decl.receiver_name:
            return None
        if key not in self._acquires:
            self._acquires[key] = frozenset()  # (a recursive call acquires nothing)
            found = acquires_when_true(decl.file, decl.body, lock_op)
            prefix = decl.receiver_name + "."
            self._acquires[key] = frozenset(t for t in found if t.startswith(prefix))
        held = sorted(self._acquires[key])
        if len(held) != 1:
            return None
        return file.text(operand) + held[0][len(decl.receiver_name) :], "w"

    def flags(self, func: Node) -> frozenset[str]:
        """The bool parameters ``p`` of the function ``func`` whose ``if p {
        x.Lock() }`` counts as holding ``x``: every call in the package (but
        its tests, when it has others) passes ``true``, or holds ``x`` (in
        the caller's terms) at the call, or is made by a function named or
        documented to run with the lock held (``fooLocked``, ``fooNoLock``,
        ``// Lock should be held``)."""
        if self.calls is None or self.package is None:
            return frozenset()
        if func.type not in sx.DECLARATION_TYPES:
            return frozenset()
        decl = self.calls.decl_of(func)
        if decl is None or decl.body is None:
            return frozenset()
        cached = self._flags.get(decl.key)
        if cached is not None:
            return cached
        self._flags[decl.key] = frozenset()
        bools = {p.name: i for i, p in enumerate(decl.params) if p.type_text == "bool" and p.name}
        candidates: dict[str, tuple[str, str]] = {}
        for stmt in sx.nodes(decl.body, ("if_statement",), closures=False):
            cond = stmt.child_by_field_name("condition")
            name = decl.file.text(cond) if cond is not None else ""
            if name in bools:
                op = _flag_lock(decl.file, stmt, frozenset({name}))
                if op is not None and op[1] != "-":
                    candidates.setdefault(name, op)
        if not candidates:
            return frozenset()  # (as cached above: the call sites are not needed)
        trusted: set[str] = set()
        calls = self.calls.calls_to(decl.key) if self.calls is not None else []
        sites = [(r.caller, r.call) for r in calls]
        production = [(c, call) for c, call in sites if not c.file.path.endswith("_test.go")]
        sites = production or sites
        for name, (target, _mode) in candidates.items():
            if sites and all(
                self._site_holds(caller, call, bools[name], decl, target) for caller, call in sites
            ):
                trusted.add(name)
        result = frozenset(trusted)
        self._flags[decl.key] = result
        return result

    def _site_holds(
        self, caller: FuncDecl, call: Node, position: int, callee: FuncDecl, target: str
    ) -> bool:
        args = call.child_by_field_name("arguments")
        values = args.named_children if args is not None else []
        if position >= len(values):
            return False
        value = caller.file.text(values[position])
        if value == "true":
            return True
        if caller.name.endswith(("Locked", "NoLock", "_locked")) or documented_locked(caller, ""):
            return True
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        recv = callee.receiver_name
        if operand is None or not recv or (target != recv and not target.startswith(recv + ".")):
            return False
        wanted = caller.file.text(operand) + target[len(recv) :]
        return any(t == wanted for t, _m in self.access(caller.file, call).held)

    def access(self, file: SourceFile, expr: Node) -> Access:
        """The use of the map expression ``expr`` at its place."""
        kind, site = access_kind(file, expr)
        func = sx.enclosing_function(expr)
        assert func is not None
        anchor = sx.statement_of(expr, crossing_functions=False)
        held = self._held_at(file, expr) or frozenset()
        return Access(expr, site, kind, file, func, anchor, held)

    def _held_at(self, file: SourceFile, node: Node) -> Held | None:
        """The locks held where ``node`` runs (``None`` while a func literal
        around it is being solved and may still hold any lock)."""
        func = sx.enclosing_function(node)
        if func is None:
            return frozenset()
        inherited = self._inherited_state(file, func)
        if inherited is None:
            return None
        anchor = sx.statement_of(node, crossing_functions=False)
        entry = closure_lock(file, func) | inherited
        if anchor is None:
            return entry
        return self.held(file, func, entry).get(anchor.start_byte, entry)

    def inherited(self, file: SourceFile, func: Node) -> Held:
        """The locks a func literal runs under because it runs synchronously
        where it is called (:mod:`.closurelocks`)."""
        return self._inherited_state(file, func) or frozenset()

    def _inherited_state(self, file: SourceFile, func: Node) -> Held | None:
        if func.type != "func_literal":
            return frozenset()
        cached = self._inherited.get(func.id)
        if cached is not None:
            return cached
        if func.id in self.solving:
            return self.solving[func.id]
        self._inherited.update(solve(self, file, outermost(func), self._held_at))
        return self._inherited.get(func.id, frozenset())

    def callee_held(self, file: SourceFile, call: Node, func: Node) -> Held:
        """``r.SafeWrite(func() {...})`` where the package's ``SafeWrite``
        calls its func parameter only directly, with locks held (``r.mu.Lock();
        defer r.mu.Unlock(); f()``): the literal runs under the locks held at
        every call of the parameter, in the caller's terms
        (:meth:`param_held`)."""
        return self.param_held(file, call, func, calls_only)

    def param_held(
        self,
        file: SourceFile,
        call: Node,
        arg: Node,
        only: Callable[[FuncDecl, str], bool] | None = None,
    ) -> Held:
        """The locks the package function ``call`` reaches holds at every use
        of the parameter the argument ``arg`` is passed for (when ``only``,
        given, accepts the callee and that parameter), in the caller's
        terms: a lock of the callee's receiver on the call's operand, a lock
        of another parameter on its argument (``getObjs(p.Identity, p)``
        where ``getObjs(m, q)`` uses ``m`` under ``q.mu``: ``p.mu``), a
        package-level lock as it is; a lock of anything else is not the
        caller's to name."""
        if self.calls is None or self.package is None:
            return frozenset()
        args = call.child_by_field_name("arguments")
        fn = call.child_by_field_name("function")
        if args is None or fn is None:
            return frozenset()
        values = args.named_children
        position = next((i for i, a in enumerate(values) if a == arg), -1)
        outer = sx.enclosing_function(call)
        recv = self.calls.receiver_of(outer) if outer is not None else None
        key = self.calls.resolve(file, call, recv)
        decl = self.package.funcs.get(key) if key else None
        if decl is None or decl.body is None or not 0 <= position < len(decl.params):
            return frozenset()
        param = decl.params[position].name
        if only is not None and not only(decl, param):
            return frozenset()
        tables = [
            self.access(decl.file, node.parent).held
            for node in sx.walk(decl.body)
            if node.type == "identifier"
            and decl.file.text(node) == param
            and node.parent is not None
        ]
        if not tables:
            return frozenset()
        common = frozenset.intersection(*tables)
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        params = {p.name: i for i, p in enumerate(decl.params) if p.name and i != position}
        held: set[tuple[str, str]] = set()
        for target, mode in common:
            root, dot, rest = target.partition(".")
            if decl.receiver_name and root == decl.receiver_name:
                if operand is None:
                    continue
                held.add((file.text(operand) + dot + rest, mode))
            elif root in params and params[root] < len(values):
                value = values[params[root]]
                text = file.text(value)
                if value.type == "unary_expression" and text.startswith("&"):
                    text = text[1:].strip()
                elif value.type not in ("identifier", "selector_expression"):
                    continue
                held.add((text + dot + rest, mode))
            elif root in self.package.vars:
                held.add((target, mode))
        return frozenset(held)

    def under_write_lock(self, file: SourceFile, node: Node) -> bool:
        """A write lock is held where ``node`` (in a function) runs."""
        if sx.enclosing_function(node) is None:
            return False
        return any(mode == "w" for _t, mode in self.access(file, node).held)


def _defers_unlock(file: SourceFile, stmt: Node) -> bool:
    inner = stmt.named_children[0] if stmt.named_children else None
    parts = (
        sx.call_parts(file, inner)
        if inner is not None and inner.type == "call_expression"
        else None
    )
    return parts is not None and bool(parts[0]) and parts[1] in ("Unlock", "RUnlock")


def _produce(pkg: Pass) -> Locks:
    known: dict[tuple[str, str], frozenset[int]] = {}

    def imported(path: str, name: str) -> frozenset[int]:
        found = known.get((path, name))
        if found is None:
            found = known[(path, name)] = imported_sync(pkg, path, name)
        return found

    return Locks(pkg.package, pkg.fact(CALLS), imported)


LOCKS: Fact[Locks] = Fact("locks", _produce, (CALLS, SYNC_CALLBACKS))
