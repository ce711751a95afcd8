"""Accesses ordered by a channel close instead of a lock.

Go's memory model: the closing of a channel is synchronized before a receive
that returns because the channel is closed, and everything a goroutine does
before ``close(c)`` happens before everything another goroutine does after
its ``<-c``. So a map filled before ``close(r.started)`` without the mutex
cannot race with an access that comes after ``<-r.started`` (or after the
close itself, on the closing goroutine), locked or not.

An access is *before the close* of ``x.c`` when its function (or a func
literal there, such as a ``once.Do`` body) closes ``x.c`` after it, outside
any loop around it (a loop could run it again after the close), or when every
call of its method in the package is so placed (``r.fill(); close(r.ready)``,
the channel taken relative to the receiver). Such accesses are ordered before
every other access of the map when each of the others runs, on every path to
it in its function, after a receive from the same channel of the same value
(``<-r.started``, ``v, ok := <-r.started``, ``case <-r.started:``) or after
the close itself; the flow is the lock-state analysis of :mod:`.lockflow`,
with the receive (or close) as the operation that "acquires" the edge and
nothing releasing it.
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.lockflow import Held, flow_held
from gofixmap.rules.facts.locks import Access
from gofixmap.rules.facts.shared import SharedMaps

_EDGE = "<-"


def _channel_op(file: SourceFile, stmt: Node) -> tuple[str, str] | None:
    """``<-c``, ``v := <-c``, ``v, ok = <-c`` or ``close(c)`` as a statement:
    (``"<-c"``, "w"): from here on the close of ``c`` happened before."""
    node: Node | None = None
    if stmt.type == "expression_statement" and stmt.named_children:
        node = stmt.named_children[0]
    elif stmt.type in ("short_var_declaration", "assignment_statement", "receive_statement"):
        right = stmt.child_by_field_name("right")
        if right is not None and right.type == "expression_list":
            node = right.named_children[0] if len(right.named_children) == 1 else None
        else:
            node = right
    if node is None:
        return None
    channel: Node | None = None
    if node.type == "unary_expression":
        operator = node.child_by_field_name("operator")
        if operator is not None and file.text(operator) == "<-":
            channel = node.child_by_field_name("operand")
    elif node.type == "call_expression":
        parts = sx.call_parts(file, node)
        args = node.child_by_field_name("arguments")
        if parts == ("", "close") and args is not None and len(args.named_children) == 1:
            channel = args.named_children[0]
    if channel is None or channel.type not in ("identifier", "selector_expression"):
        return None
    return _EDGE + sx.norm(file.text(channel)), "w"


class _Flows:
    def __init__(self) -> None:
        self._tables: dict[int, dict[int, Held]] = {}

    def state(self, file: SourceFile, func: Node, anchor: Node | None) -> Held:
        if anchor is None:
            return frozenset()
        table = self._tables.get(func.id)
        if table is None:
            body = sx.body(func)
            table = flow_held(file, body, _channel_op) if body is not None else {}
            self._tables[func.id] = table
        return table.get(anchor.start_byte, frozenset())


def _closes_after(file: SourceFile, func: Node, anchor: Node | None, base: str) -> set[str]:
    """The channels ``base.c`` that ``func`` closes after ``anchor`` (as
    ``.c``), when no loop of ``func`` runs ``anchor`` again."""
    body = sx.body(func)
    if anchor is None or body is None or not base:
        return set()
    loops = [
        node
        for node in sx.ancestors(anchor)
        if node.type == "for_statement" and body.start_byte <= node.start_byte
    ]
    found: set[str] = set()
    prefix = _EDGE + base + "."
    for call in sx.nodes(body, ("call_expression",), closures=False):
        if call.start_byte < anchor.end_byte or any(
            loop.start_byte <= call.start_byte < loop.end_byte for loop in loops
        ):
            continue  # (a close in a loop around the access: the loop runs it again)
        stmt = call.parent
        if stmt is None or stmt.type != "expression_statement":
            continue
        op = _channel_op(file, stmt)
        if (
            op is not None
            and op[0].startswith(prefix)
            and sx.call_parts(file, call)
            == (
                "",
                "close",
            )
        ):
            found.add(op[0][len(prefix) - 1 :])
    return found


def _before_close(shared: SharedMaps, access: Access) -> set[str]:
    """The channels (relative to the receiver, ``.c``) whose close comes
    after ``access`` on its goroutine (see the module doc)."""
    recv = shared.receiver_name(access)
    if not recv:
        return set()
    found = _closes_after(access.file, access.func, access.anchor, recv)
    if found:
        return found
    decl = shared.method_decl(access)
    if decl is None or access.func != decl.node:
        return set()
    result: set[str] | None = None
    for resolved in shared.calls.calls_to(decl.key):
        call = resolved.call
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        func = sx.enclosing_function(call)
        if operand is None or func is None or call.parent is None:
            return set()
        if call.parent.type in ("go_statement", "defer_statement"):
            return set()
        anchor = sx.statement_of(call, crossing_functions=False)
        file = resolved.caller.file
        closes = _closes_after(file, func, anchor, sx.norm(file.text(operand)))
        result = closes if result is None else result & closes
        if not result:
            return set()
    return result or set()


def ordered_by_close(
    shared: SharedMaps, accesses: list[Access], candidates: list[Access]
) -> set[int]:
    """The ids (``id()``) of the ``candidates`` (unlocked accesses of one map
    whose ``accesses`` are given) that happen before every other access of
    the map by a channel close (see the module doc)."""
    before = {id(a): _before_close(shared, a) for a in candidates}
    channels = set().union(*before.values()) if before else set()
    if not channels:
        return set()
    flows = _Flows()
    ordered: set[int] = set()
    for channel in sorted(channels):
        group = {key for key, chans in before.items() if channel in chans}
        others = [x for x in accesses if id(x) not in group]
        if all(
            _EDGE + shared.receiver_name(x) + channel
            in {t for t, _m in flows.state(x.file, x.func, x.anchor)}
            for x in others
            if shared.receiver_name(x)
        ) and all(shared.receiver_name(x) for x in others):
            ordered |= group
    return ordered
