"""Lock placement: ``Lock``/``Unlock`` around the accesses of a map.

Per function: the ``defer`` form when the whole body is the critical section
(every top-level statement uses the map) or from the first top-level
statement that returns to the end, tight ``Lock``/``Unlock`` around the
statement otherwise;
adjacent statements share one region; ``RLock`` where a region only reads
(with a ``sync.RWMutex``). A region never calls something that takes the
same lock (a self-deadlock): the plan declines with the reason instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Edit
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callbacks import local_calls
from gofixmap.rules.facts.calls import calls_in
from gofixmap.rules.facts.closurelocks import direct_parameter_calls
from gofixmap.rules.facts.locks import Access, held_locks

_JUMPS = ("return_statement", "break_statement", "continue_statement", "goto_statement")


_JUMPS2 = ("fallthrough_statement",)


def line_end_after(data: bytes, offset: int) -> int:
    """Where to put text after a statement ending at ``offset``: after a
    trailing ``// comment`` on the same line, before the line break."""
    end = data.find(b"\n", offset)
    if end < 0:
        end = len(data)
    rest = data[offset:end].rstrip(b"\r")
    stripped = rest.strip()
    if not stripped:
        return offset
    if stripped.startswith(b"//"):
        return offset + len(rest)
    return -1


def _contains_jump(node: Node) -> bool:
    return bool(sx.nodes(node, _JUMPS + _JUMPS2, closures=False))


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _barrier(stmt: Node) -> bool:
    """Whether a statement starts goroutines or waits for one (outside closures)."""
    for n in sx.walk(stmt, closures=False):
        if n.type in ("go_statement", "select_statement"):
            return True
        op = n.child(0) if n.type == "unary_expression" else None
        if op is not None and op.type == "<-":
            return True
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            field = fn.child_by_field_name("field") if fn is not None else None
            if field is not None and field.text == b"Wait":
                return True
    return False


_BY_HAND = ("Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock")


def _handles_by_hand(file: SourceFile, body: Node, lock: str) -> bool:
    """A call ``lock.Lock()`` (or ``Unlock``, ``TryLock`` ...) in the body,
    outside func literals."""
    for call in sx.nodes(body, ("call_expression",), closures=False):
        parts = sx.call_parts(file, call)
        if parts is not None and parts[1] in _BY_HAND and sx.norm(parts[0]) == sx.norm(lock):
            return True
    return False


def _one_line(file: SourceFile, block: Node) -> bool:
    return file.position(block.start_byte).line == file.position(block.end_byte).line


@dataclass(frozen=True)
class LockPlan:
    """Edits of one file, or the reason they cannot be made."""

    edits: tuple[Edit, ...] = ()
    reason: str = ""


def _held_at(file: SourceFile, call: Node) -> bool:
    """Some lock is held where ``call`` runs (in the function around it)."""
    func = sx.enclosing_function(call)
    stmt = sx.statement_of(call, crossing_functions=False)
    if func is None or stmt is None:
        return False
    return bool(held_locks(file, func).get(stmt.start_byte))


def _run_while_held(file: SourceFile, func: Node) -> bool:
    """``run(func() {...})`` made where a lock is held, and the local ``run``
    calls its parameter with no ``Unlock`` before that call in its body."""
    handed = sx.call_of_argument(func)
    if handed is None or not _held_at(file, handed):
        return False
    for call in direct_parameter_calls(file, func):
        runner = sx.enclosing_function(call)
        body = sx.body(runner)
        if body is None:
            continue
        released = any(
            parts is not None and parts[1] in ("Unlock", "RUnlock")
            for other in sx.nodes(body, ("call_expression",))
            if other.start_byte < call.start_byte
            for parts in (sx.call_parts(file, other),)
        )
        if not released:
            return True
    return False


def plan_locks(
    accesses: Iterable[Access],
    lock_expr: Callable[[Access], str],
    rw: bool,
    takes_lock: Callable[[Access, Node], bool],
    whole_body: Callable[[Access], bool] | None = None,
) -> LockPlan:
    """Put the lock around every access not already under it.

    Per function: the ``defer`` form when the whole body is the critical
    section (every top-level statement uses the map), or from the first
    top-level statement that returns to the end of the body (``Lock`` and
    ``defer Unlock`` right before it); tight ``Lock``/``Unlock`` around the
    statement otherwise; adjacent statements share one region. ``takes_lock(access,
    call)`` says a call in the region takes the same lock: never hold it there.
    """
    by_func: dict[int, list[Access]] = {}
    for access in accesses:
        by_func.setdefault(access.func.id, []).append(access)
    # the lines of the one-line functions this plan expands (gofmt aligns
    # the bodies of one-line functions on adjacent lines as a group)
    expanding = {
        a.file.position(a.func.start_byte).line
        for group in by_func.values()
        for a in group[:1]
        if (body := sx.body(a.func)) is not None and _one_line(a.file, body)
    }
    edits: list[Edit] = []
    for group in by_func.values():
        plan = _plan_function(group, lock_expr, rw, takes_lock, expanding)
        if plan.reason:
            return plan
        edits.extend(plan.edits)
    return LockPlan(tuple(edits))


def _aligned_neighbour(file: SourceFile, func: Node, expanding: set[int]) -> bool:
    """A one-line function on the line just above or below ``func`` (itself
    on one line) that stays on one line: gofmt aligns their bodies together,
    and expanding ``func`` alone would leave the other misaligned."""
    line = file.position(func.start_byte).line
    last = file.position(func.end_byte).line
    for other in (line - 1, last + 1):
        if other in expanding or other < 1:
            continue
        try:
            text = file.line_text(other).decode("utf-8", "replace")
        except IndexError:
            continue
        if re.match(r"func\b.*\{.*\}\s*(//.*)?$", text):
            return True
    return False


def _plan_function(
    group: list[Access],
    lock_expr: Callable[[Access], str],
    rw: bool,
    takes_lock: Callable[[Access, Node], bool],
    expanding: set[int] | None = None,
) -> LockPlan:
    first = group[0]
    file = first.file
    func = first.func
    body = sx.body(func)
    lock = lock_expr(first)
    if body is None:
        return LockPlan()
    if any(_held_at(file, call) for call in local_calls(file, func) or ()):
        # ``f := func() {...}`` called at a place that holds a lock: taking
        # the lock inside would deadlock there
        return LockPlan(
            reason="the closure is called where a lock is held; lock by hand at the calls"
        )
    if func.type == "func_literal" and _run_while_held(file, func):
        # ``run(func() {...})`` where the local ``run`` calls it while a
        # lock is held (and runs it elsewhere on other paths)
        return LockPlan(
            reason="the closure is run where a lock is held; lock by hand where it runs"
        )
    if any(target == lock for access in group for target, _mode in access.held):
        # already under that lock (a read lock, or one a wrapper takes
        # around a closure): taking it again would deadlock
        return LockPlan(
            reason=f"the access already runs under {lock} (read-locked); "
            "take the write lock where it is taken"
        )
    if _handles_by_hand(file, body, lock):
        # the function takes or releases that lock itself on some path: the
        # access is unlocked on one path and may be locked on another, where
        # a Lock added around it would deadlock
        return LockPlan(reason=f"the function locks and unlocks {lock} by hand; lock by hand")
    stmts_node = sx.statement_list(body)
    if stmts_node is None:
        return LockPlan()
    top = [s for s in stmts_node.named_children if s.type != "comment"]
    anchors: list[Node] = []
    for access in group:
        if access.anchor is None:
            return LockPlan(reason=f"cannot place a lock around {file.text(access.site)}")
        if access.anchor.type == "labeled_statement":
            # a lock placed before ``L: stmt`` is skipped by ``goto L``
            return LockPlan(reason=f"{file.text(access.site)} is a labeled statement; lock by hand")
        if all(access.anchor != a for a in anchors):
            anchors.append(access.anchor)
    # Drop anchors nested in other anchors.
    anchors = [
        a
        for a in anchors
        if not any(
            o is not a and o.start_byte <= a.start_byte and a.end_byte <= o.end_byte
            for o in anchors
        )
    ]
    writes = any(a.kind != "read" for a in group)

    def mode_of(nodes: Iterable[Node]) -> str:
        if not rw:
            return "Lock"
        for access in group:
            if access.kind != "read" and any(
                n.start_byte <= access.node.start_byte < n.end_byte for n in nodes
            ):
                return "Lock"
        return "RLock"

    def deadlocks(region: Iterable[Node]) -> str:
        for node in region:
            for call in calls_in(node):
                if takes_lock(first, call):
                    return file.text(call)
        return ""

    whole = all(
        any(a.start_byte <= s.start_byte and s.end_byte <= a.end_byte for a in anchors) for s in top
    )
    needs_defer = any(a.type == "return_statement" or _contains_jump(a) for a in anchors)
    one_line = _one_line(file, body)
    tail_edit: Edit | None = None
    if needs_defer and not whole and not one_line:
        # The lock is held from the first statement that uses the map to the
        # end of the body, but never across a statement that starts or waits
        # for goroutines (a go statement, a Wait call, a channel receive or a
        # select): a goroutine waiting for the lock there would deadlock, and
        # a local map's mutex is declared only after the map. Accesses above
        # that point get tight regions.
        jumping = [a for a in anchors if _contains_jump(a) or a.type == "return_statement"]
        if any(a.parent != stmts_node for a in jumping):
            return LockPlan(
                reason="the access sits in a nested statement that returns; "
                "lock by hand around the whole block"
            )
        holds = [i for i, s in enumerate(top) if any(_within(a, s) for a in anchors)]
        start = max([holds[0]] + [i + 1 for i, s in enumerate(top) if _barrier(s)])
        if start >= len(top) or any(a.start_byte < top[start].start_byte for a in jumping):
            return LockPlan(
                reason="the access that returns comes before the goroutines are "
                "started or waited for; lock by hand"
            )
        tail = top[start:]
        # the whole body: a lock taken above the region may still be held
        call = deadlocks(top)
        if call:
            return LockPlan(reason=f"the function calls {call}, which takes the same lock")
        mode = mode_of(tail)
        unlock = "Unlock" if mode == "Lock" else "RUnlock"
        nl = file.newline.decode()
        at = tail[0].start_byte
        indent = file.indent_at(at).decode()
        text = f"{lock}.{mode}(){nl}{indent}defer {lock}.{unlock}(){nl}{indent}"
        tail_edit = Edit(at, at, text.encode())
        anchors = [a for a in anchors if a.start_byte < at]
    elif whole or needs_defer or one_line:
        if needs_defer and not whole and any(a.parent != stmts_node for a in anchors):
            jumping = [a for a in anchors if _contains_jump(a) or a.type == "return_statement"]
            if any(a.parent != stmts_node for a in jumping):
                return LockPlan(
                    reason="the access sits in a nested statement that returns; "
                    "lock by hand around the whole block"
                )
        region = top
        call = deadlocks(region)
        if call:
            return LockPlan(reason=f"the function calls {call}, which takes the same lock")
        mode = "Lock" if writes or not rw else "RLock"
        unlock = "Unlock" if mode == "Lock" else "RUnlock"
        nl = file.newline.decode()
        if one_line:
            if func.type != "func_literal" and _aligned_neighbour(file, func, expanding or set()):
                return LockPlan(
                    reason="the function is one of a group of one-line functions that gofmt "
                    "aligns; lock by hand"
                )
            indent = file.indent_at(body.start_byte).decode()
            inner = indent + "\t"
            lines: list[str] = []
            if whole or needs_defer:
                lines = [f"{lock}.{mode}()", f"defer {lock}.{unlock}()"]
                lines.extend(file.text(s) for s in stmts_node.named_children)
            else:
                for s in stmts_node.named_children:
                    if s in anchors:
                        m = mode_of([s])
                        u = "Unlock" if m == "Lock" else "RUnlock"
                        lines.extend([f"{lock}.{m}()", file.text(s), f"{lock}.{u}()"])
                    else:
                        lines.append(file.text(s))
            text = "{" + nl + "".join(f"{inner}{line}{nl}" for line in lines) + indent + "}"
            # the padding gofmt aligned the one-line body with goes: one space
            before = body.prev_sibling
            start = body.start_byte
            if before is not None and file.data[before.end_byte : start].strip(b" \t") == b"":
                start = before.end_byte
                text = " " + text
            return LockPlan((Edit(start, body.end_byte, text.encode()),))
        start = top[0].start_byte
        indent = file.indent_at(start).decode()
        text = f"{lock}.{mode}(){nl}{indent}defer {lock}.{unlock}(){nl}{indent}"
        return LockPlan((Edit(start, start, text.encode()),))
    # Tight regions: runs of adjacent anchors in the same statement list.
    anchors.sort(key=lambda n: n.start_byte)
    runs: list[list[Node]] = []
    for anchor in anchors:
        if runs:
            last = runs[-1][-1]
            following = last.next_named_sibling
            while following is not None and following.type == "comment":
                following = following.next_named_sibling
            if following == anchor and last.parent == anchor.parent:
                runs[-1].append(anchor)
                continue
        runs.append([anchor])
    edits: list[Edit] = []
    nl = file.newline.decode()
    for run in runs:
        call = deadlocks(run)
        if call:
            return LockPlan(
                reason=f"{file.text(run[0]).splitlines()[0]} calls {call}, "
                "which takes the same lock"
            )
        mode = mode_of(run)
        unlock = "Unlock" if mode == "Lock" else "RUnlock"
        start = run[0].start_byte
        indent = file.indent_at(start).decode()
        end = line_end_after(file.data, run[-1].end_byte)
        if end < 0:
            return LockPlan(reason="another statement shares the line")
        edits.append(Edit(start, start, f"{lock}.{mode}(){nl}{indent}".encode()))
        edits.append(Edit(end, end, f"{nl}{indent}{lock}.{unlock}()".encode()))
    if tail_edit is not None:
        edits.append(tail_edit)
    return LockPlan(tuple(edits))
