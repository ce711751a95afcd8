"""LOCKS: which locks are held where, and how each use of a map reads.

Per function (not its nested func literals): the locks held when each
statement starts (``x.Lock()``/``x.RLock()`` to the matching ``Unlock``,
``defer x.Unlock()`` to the end of the function; a lock taken in a nested
block does not outlive the block), plus the locks a func literal runs under
when it is handed to a function whose name says it locks
(``withLock(&mu, func() {...})``), and the locks held where a func literal
is handed to a function that runs it synchronously (``sort.Slice``,
``once.Do``, a visitor of the package: :mod:`.callbacks`) or held at every
call of a local ``f := func() {...}`` that is only called. An :class:`Access` is one use of a map
expression: a write (``m[k] = v``, ``m[k]++``, ``delete``, ``clear``), a read
(``m[k]``, ``len``, ``range``) or an escape (anything else), with the locks
held there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callbacks import local_calls, synchronous_call
from gofixmap.rules.facts.calls import CALLS, Calls

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


def held_locks(file: SourceFile, func: Node) -> dict[int, Held]:
    """Statement start byte → locks held when the statement starts, for every
    statement of ``func`` (not of nested func literals). ``defer x.Unlock()``
    keeps ``x`` held to the end; a lock taken in a nested block does not
    outlive the block. (Iterative: no recursion however deep the blocks.)"""
    result: dict[int, Held] = {}
    body = sx.body(func)
    if body is None:
        return result
    todo: list[tuple[Node, Held]] = [(body, frozenset())]
    while todo:
        node, held = todo.pop()
        for child in node.named_children:
            if child.type == "statement_list":
                current = held
                for stmt in child.named_children:
                    if stmt.type == "comment":
                        continue
                    result[stmt.start_byte] = current
                    op = lock_op(file, stmt)
                    if op is not None:
                        target, mode = op
                        if mode == "-":
                            current = frozenset(h for h in current if h[0] != target)
                        else:
                            current = current | {(target, mode)}
                        continue
                    todo.append((stmt, current))
            elif child.type != "func_literal":
                todo.append((child, held))
    return result


@dataclass(eq=False)
class Locks:
    """The value of LOCKS: held-lock tables, computed per function on demand."""

    package: PackageIndex | None = None
    calls: Calls | None = None
    _tables: dict[int, dict[int, Held]] = field(default_factory=dict)
    _inherited: dict[int, Held] = field(default_factory=dict)

    def held(self, file: SourceFile, func: Node) -> dict[int, Held]:
        table = self._tables.get(func.id)
        if table is None:
            table = self._tables[func.id] = held_locks(file, func)
        return table

    def access(self, file: SourceFile, expr: Node) -> Access:
        """The use of the map expression ``expr`` at its place."""
        kind, site = access_kind(file, expr)
        func = sx.enclosing_function(expr)
        assert func is not None
        anchor = sx.statement_of(expr, crossing_functions=False)
        held: Held = frozenset()
        if anchor is not None:
            held = self.held(file, func).get(anchor.start_byte, frozenset())
        held |= closure_lock(file, func) | self.inherited(file, func)
        return Access(expr, site, kind, file, func, anchor, held)

    def inherited(self, file: SourceFile, func: Node) -> Held:
        """The locks a func literal runs under because the call it is handed
        to runs it synchronously: those held at that call."""
        if func.type != "func_literal":
            return frozenset()
        cached = self._inherited.get(func.id)
        if cached is not None:
            return cached
        self._inherited[func.id] = frozenset()  # a cycle cannot hold more
        methods = self.calls.methods_by_name() if self.calls is not None else {}
        call = synchronous_call(self.package, file, func, methods)
        held: Held = frozenset()
        if call is not None and sx.enclosing_function(call) is not None:
            held = self.access(file, call).held
        elif call is None:
            # ``f := func() {...}; ...; f()``: the locks held at every call
            sites = local_calls(file, func) or []
            tables = [self.access(file, site).held for site in sites]
            held = frozenset.intersection(*tables) if tables else frozenset()
        self._inherited[func.id] = held
        return held

    def under_write_lock(self, file: SourceFile, node: Node) -> bool:
        """A write lock is held where ``node`` (in a function) runs."""
        if sx.enclosing_function(node) is None:
            return False
        return any(mode == "w" for _t, mode in self.access(file, node).held)


def _produce(pkg: Pass) -> Locks:
    return Locks(pkg.package, pkg.fact(CALLS))


LOCKS: Fact[Locks] = Fact("locks", _produce, (CALLS,))
