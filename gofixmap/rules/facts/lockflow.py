"""The locks held at each statement of one function, by following its
control flow.

A forward must-analysis over the function's statements (not its nested func
literals), the way go vet's copylocks and Clang's thread-safety analysis
follow a function: the state is the set of locks held on *every* path to a
statement, and where paths meet (after an ``if``, at the head of a loop, at
the end of a ``switch``) only the locks held on all of them stay held, in
the weaker mode when the modes differ. What decides it, in Go's terms:

- ``x.Lock()``/``x.RLock()`` take ``x``, ``x.Unlock()``/``x.RUnlock()``
  release it; ``defer x.Unlock()`` releases it only when the function
  returns, so the lock stays held to the end;
- a path that leaves (``return``, ``panic``, ``os.Exit``, ``log.Fatal``,
  ``runtime.Goexit``, ``break``/``continue`` to their target, ``goto`` to
  its label, forward) does not reach the statements after it: ``if bad { mu.Unlock(); return }``
  keeps ``mu`` held below, while ``if c { mu.Unlock() }`` that falls through
  does not;
- a loop's body starts with the locks held both on entry and at the end of
  every iteration (and at each ``continue``): ``mu.Lock(); for { ...;
  mu.Unlock(); wait(); mu.Lock() }`` holds ``mu`` across iterations, an
  event loop that locks near the top of its body and unlocks at the bottom
  holds it in between; the loop is left with the locks of its exits (the
  condition failing, each ``break``);
- ``x.TryLock()`` holds ``x`` where it returned true: ``if !x.TryLock() {
  return }`` holds it below, ``if x.TryLock() { ... }`` inside; so does a
  call of a ``bool`` function that returns true only with a lock it took
  (``func (c *C) tryLock(d time.Duration) bool``), in the caller's terms
  (:func:`acquires_when_true`);
- a case of a ``switch`` or ``select`` starts with the locks held before it
  (``fallthrough`` adds the previous case's end); the statement is left with
  the ends of its cases, each ``break``, and, for a ``switch`` without
  ``default``, the state before it.

Calls of other functions are not followed here (the lock helpers
``c.acquire()``/``c.release()`` and ``if flag { x.Lock() }`` are turned into
lock operations by the caller's ``op`` callback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

Held = frozenset[tuple[str, str]]
State = Held | None  # None: no path reaches here

# A statement → the lock operation it is, (target, "w"|"r"|"-"), or None.
StatementOp = Callable[[SourceFile, Node], "tuple[str, str] | None"]
# A call → the lock it holds on return when it returns true (TryLock).
TrueLock = Callable[[SourceFile, Node], "tuple[str, str] | None"]
# Adjusts the state entering a branch of ``if cond`` (``True``: the consequence).
Branch = Callable[[SourceFile, Node, bool, Held], Held]

_EXITS = {
    "": frozenset({"panic"}),
    "os": frozenset({"Exit"}),
    "log": frozenset({"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"}),
    "runtime": frozenset({"Goexit"}),
}
_CASES = ("expression_case", "type_case", "communication_case", "default_case")
_SWITCHES = ("expression_switch_statement", "type_switch_statement", "select_statement")


def join(a: State, b: State) -> State:
    """The locks held on both paths; a lock held in different modes is held
    in the weaker (read) mode."""
    if a is None:
        return b
    if b is None:
        return a
    if a == b:
        return a
    modes = dict(b)
    out: set[tuple[str, str]] = set()
    for target, mode in a:
        other = modes.get(target)
        if other is None:
            continue
        out.add((target, mode if mode == other else "r"))
    return frozenset(out)


def _apply(state: Held, op: tuple[str, str]) -> Held:
    target, mode = op
    rest = frozenset(h for h in state if h[0] != target)
    return rest if mode == "-" else rest | {(target, mode)}


def leaves(file: SourceFile, stmt: Node) -> bool:
    """An expression statement that never returns: ``panic(...)``,
    ``os.Exit``, ``log.Fatal...``, ``runtime.Goexit()``."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    parts = sx.call_parts(file, call)
    return parts is not None and parts[1] in _EXITS.get(parts[0], ())


@dataclass
class _Target:
    """A statement ``break``/``continue`` can leave to."""

    node: Node
    label: str
    loop: bool
    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)


@dataclass
class Flow:
    """One run of the analysis over a function body."""

    file: SourceFile
    op: StatementOp
    true_lock: TrueLock | None = None
    branch: Branch | None = None
    result: dict[int, Held] = field(default_factory=dict)
    returns: list[tuple[Node, Held]] = field(default_factory=list)
    _targets: list[_Target] = field(default_factory=list)
    _gotos: dict[str, State] = field(default_factory=dict)

    def run(self, body: Node, start: Held = frozenset()) -> dict[int, Held]:
        self._block(body, start)
        return self.result

    # ------------------------------------------------------------ statements

    def _block(self, block: Node | None, state: State) -> State:
        for stmt in sx.block_statements(block):
            if stmt.type == "comment":
                continue
            state = self._stmt(stmt, state, "")
        return state

    def _record(self, stmt: Node, state: State) -> None:
        if state is not None:
            self.result[stmt.start_byte] = state
        else:
            self.result.setdefault(stmt.start_byte, frozenset())

    def _stmt(self, stmt: Node, state: State, label: str) -> State:
        self._record(stmt, state)
        kind = stmt.type
        if kind == "labeled_statement":
            inner = stmt.named_children[-1] if stmt.named_children else None
            if inner is None or inner.type == "label_name":
                return state
            name = self.file.text(stmt.named_children[0])
            state = join(state, self._gotos.get(name))  # ``goto name`` above
            self._record(stmt, state)
            return self._stmt(inner, state, name)
        if state is None:
            # unreachable from the function's entry: still visit it so that
            # its statements are in the table (holding nothing)
            state_in: Held = frozenset()
            self._visit_unreachable(stmt, state_in, label)
            return None
        if kind == "return_statement":
            self.returns.append((stmt, state))
            return None
        if kind == "goto_statement":
            label_node = stmt.named_children[0] if stmt.named_children else None
            if label_node is not None:
                name = self.file.text(label_node)
                self._gotos[name] = join(self._gotos.get(name), state)
            return None
        if kind in ("break_statement", "continue_statement"):
            self._jump(stmt, state)
            return None
        op = self.op(self.file, stmt)
        if op is not None:
            return _apply(state, op)
        if kind == "expression_statement":
            return None if leaves(self.file, stmt) else state
        if kind == "block":
            return self._block(stmt, state)
        if kind == "if_statement":
            return self._if(stmt, state)
        if kind == "for_statement":
            return self._for(stmt, state, label)
        if kind in _SWITCHES:
            return self._switch(stmt, state, label)
        return state

    def _visit_unreachable(self, stmt: Node, state: Held, label: str) -> None:
        """Dead code (after a ``return``) holds nothing: analyse it from an
        empty state with the returns it makes left out."""
        if stmt.type == "return_statement":
            return
        kept = len(self.returns)
        targets = self._targets
        self._targets = []
        self._stmt(stmt, state, label)
        self._targets = targets
        del self.returns[kept:]

    def _jump(self, stmt: Node, state: Held) -> None:
        label_node = stmt.named_children[0] if stmt.named_children else None
        label = self.file.text(label_node) if label_node is not None else ""
        loop = stmt.type == "continue_statement"
        for target in reversed(self._targets):
            if label and target.label != label:
                continue
            if loop and not target.loop:
                continue
            (target.continues if loop else target.breaks).append(state)
            return

    def _condition(self, cond: Node | None, state: Held) -> tuple[Held, Held]:
        """The states where ``cond`` is true and where it is false."""
        if cond is None or self.true_lock is None:
            return state, state
        negated = False
        node = cond
        while True:
            operator = node.child_by_field_name("operator")
            if node.type == "parenthesized_expression" and node.named_children:
                node = node.named_children[0]
            elif (
                node.type == "unary_expression"
                and operator is not None
                and self.file.text(operator) == "!"
            ):
                negated = not negated
                operand = node.child_by_field_name("operand")
                if operand is None:
                    return state, state
                node = operand
            else:
                break
        if node.type != "call_expression":
            return state, state
        held = self.true_lock(self.file, node)
        if held is None:
            return state, state
        locked = _apply(state, held)
        return (state, locked) if negated else (locked, state)

    def _if(self, stmt: Node, state: Held) -> State:
        init = stmt.child_by_field_name("initializer")
        op = self.op(self.file, init) if init is not None else None
        if op is not None:
            state = _apply(state, op)
        yes, no = self._condition(stmt.child_by_field_name("condition"), state)
        if self.branch is not None:
            yes = self.branch(self.file, stmt, True, yes)
        end_yes = self._block(stmt.child_by_field_name("consequence"), yes)
        alt = stmt.child_by_field_name("alternative")
        if alt is None:
            return join(end_yes, no)
        if alt.type == "if_statement":
            self._record(alt, no)
            end_no = self._if(alt, no)
        else:
            end_no = self._block(alt, no)
        return join(end_yes, end_no)

    def _for(self, stmt: Node, state: Held, label: str) -> State:
        body = stmt.child_by_field_name("body")
        clause = next(
            (c for c in stmt.named_children if c.type in ("for_clause", "range_clause")), None
        )
        cond: Node | None = None
        forever = clause is None
        if clause is None:
            cond = next(
                (c for c in stmt.named_children if c.type not in ("block", "comment")), None
            )
            forever = cond is None
        elif clause.type == "for_clause":
            cond = clause.child_by_field_name("condition")
            forever = cond is None
        head: Held = state
        for _ in range(8):
            target = _Target(stmt, label, True)
            self._targets.append(target)
            yes, _no = self._condition(cond, head)
            end = self._block(body, yes)
            self._targets.pop()
            again = head
            for other in (end, *target.continues):
                again = join(again, other) or frozenset()
            if again == head:
                break
            head = again
        yes, no = self._condition(cond, head)
        del yes
        out: State = None if forever else no
        for other in target.breaks:
            out = join(out, other)
        return out

    def _switch(self, stmt: Node, state: Held, label: str) -> State:
        init = stmt.child_by_field_name("initializer")
        op = self.op(self.file, init) if init is not None else None
        if op is not None:
            state = _apply(state, op)
        target = _Target(stmt, label, False)
        self._targets.append(target)
        out: State = None
        previous: State = None
        has_default = False
        for case in stmt.named_children:
            if case.type not in _CASES:
                continue
            has_default = has_default or case.type == "default_case"
            lists = [c for c in case.named_children if c.type == sx.STATEMENT_LIST]
            start: State = state
            if previous is not None:
                start = join(state, previous)  # ``fallthrough`` from above
            comm = case.child_by_field_name("communication")
            found = self.op(self.file, comm) if comm is not None else None
            if found is not None and start is not None:
                start = _apply(start, found)  # ``case v := <-c:``
            end = self._block(lists[0], start) if lists else start
            falls = bool(lists) and any(
                s.type == "fallthrough_statement" for s in lists[0].named_children
            )
            previous = end if falls else None
            if not falls:
                out = join(out, end)
        self._targets.pop()
        if not has_default and stmt.type != "select_statement":
            out = join(out, state)
        for other in target.breaks:
            out = join(out, other)
        return out


def flow_held(
    file: SourceFile,
    body: Node,
    op: StatementOp,
    true_lock: TrueLock | None = None,
    branch: Branch | None = None,
    start: Held = frozenset(),
) -> dict[int, Held]:
    """Statement start byte → the locks held on every path to it, ``start``
    held on entry."""
    return Flow(file, op, true_lock, branch).run(body, start)


def acquires_when_true(file: SourceFile, body: Node, op: StatementOp) -> frozenset[str]:
    """The locks a ``bool`` function holds at every ``return true`` and at
    none of its ``return false`` (``if c.mu.TryLock() { return true }``
    in a retry loop): a caller that sees true holds them."""
    flow = Flow(file, op, _try_lock)
    flow.run(body)
    held_true: frozenset[str] | None = None
    seen_false = False
    for ret, state in flow.returns:
        values = ret.named_children[0] if ret.named_children else None
        text = file.text(values) if values is not None else ""
        names = frozenset(t for t, mode in state if mode == "w")
        if text == "true":
            held_true = names if held_true is None else held_true & names
        elif text == "false":
            seen_false = True
        else:
            return frozenset()
    if held_true is None or not seen_false:
        return frozenset()
    for ret, state in flow.returns:
        values = ret.named_children[0] if ret.named_children else None
        if values is not None and file.text(values) == "false":
            held_true = held_true - {t for t, _m in state}
    return held_true


def _try_lock(file: SourceFile, call: Node) -> tuple[str, str] | None:
    """``x.TryLock()`` → (x, "w"), ``x.TryRLock()`` → (x, "r")."""
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0]:
        return None
    args = call.child_by_field_name("arguments")
    if args is not None and args.named_children:
        return None
    if parts[1] == "TryLock":
        return parts[0], "w"
    if parts[1] == "TryRLock":
        return parts[0], "r"
    return None


try_lock = _try_lock
