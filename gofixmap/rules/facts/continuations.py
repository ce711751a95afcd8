"""A goroutine and the rest of the function that started it.

After ``go x.f()`` (or ``go func() {...}()``, ``wg.Go(func() {...})``,
``time.AfterFunc(d, func() {...})``) in a function ``M``, everything ``M``
does afterwards runs at the same time as the new goroutine, until ``M``
waits for it. When both touch a map of the same object ``x`` (``M``'s
receiver, or a parameter or local of ``M`` that is never assigned again),
directly or through methods called on ``x`` (and on their own receivers,
any number of calls deep), and one of them writes, the two goroutines race
on the map unless both hold a lock.

Go semantics, as read here:

- the continuation of the launch is every statement of ``M`` that the flow
  of ``M`` reaches after the ``go`` without passing a join: a forward
  must-analysis (:func:`.lockflow.flow_held`) where the launch releases a
  token "quiet" and a join takes it back; a loop around the launch makes
  its whole body the continuation (the next iteration runs beside the
  goroutine of the previous one). A join is a ``Wait()`` call (a
  ``sync.WaitGroup``'s, an ``errgroup.Group``'s: taken as one whatever the
  receiver) or a receive from a channel the goroutine sends on or closes
  (``done <- struct{}{}``, ``close(done)``, matched by the channel's last
  name, or a local of ``M`` the ``go`` statement hands on or captures):
  what the goroutine does before its send happens before the receive
  returns. A receive from a channel the goroutine only keeps sending on
  counts as a join too, so the analysis stays silent rather than guess;
- an access of ``M`` followed in its block (or in a block around it) by a
  send on, or close of, a channel the goroutine receives from is ordered
  before what the goroutine does after that receive: not reported (the
  goroutine waits for ``M``'s signal, ``go func() { <-ready; ... }()``);
- a side is locked when the access is under a lock, or every way to its
  method from the launch (or from ``M``'s continuation) passes a call made
  with a lock held (any lock: two locked sides are taken to share it);
  only a pair with an unlocked side races;
- methods are followed only on the same object: ``r.g()`` in a method of
  receiver ``r``; a field's object (``r.store.Put()``), another variable
  or a parameter of a plain function is another object. Calls in func
  literals count when the literal runs where it is (called on the spot,
  deferred) or is started on a goroutine (which runs at the same time
  too); a literal kept for later is not followed.

Launches in test files are left out (a test's goroutines are evidence for
the test).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS, Calls, calls_in
from gofixmap.rules.facts.foreignmethods import foreign_method
from gofixmap.rules.facts.goroutines import go_starts, is_go_call
from gofixmap.rules.facts.lockflow import flow_held
from gofixmap.rules.facts.locks import LOCKS, Access, Locks, guarded, is_test_file

_QUIET = "quiet"


@dataclass(eq=False)
class Launched:
    """One launch in ``func`` that reaches the object ``name`` of type
    ``owner``: the methods each side reaches on it (key → reached only
    with a lock held)."""

    node: Node
    file: SourceFile
    func: Node  # the declaration that starts the goroutine
    name: str
    owner: str
    closure: Node | None
    goroutine: dict[str, bool] = field(default_factory=dict)
    after: dict[str, bool] = field(default_factory=dict)
    # statement start byte of ``func`` → the goroutine may be running there
    running: dict[int, bool] = field(default_factory=dict)
    # channel names the goroutine receives from
    receives: frozenset[str] = frozenset()

    def describe(self) -> str:
        key = sx.declared_name(self.file, self.func)
        return key or "a function"


@dataclass
class Continuations:
    """The value of CONTINUATIONS: the launches, per owner type."""

    by_owner: dict[str, list[Launched]] = field(default_factory=dict)


def _channel_name(file: SourceFile, node: Node | None) -> str:
    """The last name of a channel expression (``a.done`` → ``done``)."""
    if node is None:
        return ""
    node = sx.unparen(node)
    if node.type == "identifier":
        return file.text(node)
    if node.type == "selector_expression":
        name = node.child_by_field_name("field")
        return file.text(name) if name is not None else ""
    if node.type == "call_expression":  # ``p.Done()``
        return _channel_name(file, node.child_by_field_name("function"))
    return ""


def _receive_operands(node: Node) -> Iterator[Node]:
    for sub in sx.nodes(node, ("unary_expression", "range_clause"), closures=False):
        if sub.type == "range_clause":
            right = sub.child_by_field_name("right")
            if right is not None:
                yield right
            continue
        operator = sub.child_by_field_name("operator")
        if operator is not None and operator.text == b"<-":
            operand = sub.child_by_field_name("operand")
            if operand is not None:
                yield operand


def _signals(file: SourceFile, node: Node) -> set[str]:
    """The channels ``node`` sends on or closes (by last name)."""
    found: set[str] = set()
    for sub in sx.nodes(node, ("send_statement", "call_expression"), closures=False):
        if sub.type == "send_statement":
            found.add(_channel_name(file, sub.child_by_field_name("channel")))
        else:
            parts = sx.call_parts(file, sub)
            args = sub.child_by_field_name("arguments")
            if parts == ("", "close") and args is not None and args.named_children:
                found.add(_channel_name(file, args.named_children[0]))
    found.discard("")
    return found


def _runs_here(literal: Node) -> bool:
    """A func literal called on the spot, deferred, or started on a
    goroutine: it runs, now or at the same time."""
    parent = literal.parent
    if parent is None:
        return False
    if parent.type == "call_expression" and parent.child_by_field_name("function") == literal:
        return True
    if parent.type == "argument_list" and parent.parent is not None:
        return is_go_call(parent.parent)
    return False


def _calls_running(body: Node) -> list[Node]:
    """The calls of ``body``, also in its func literals that run (see
    :func:`_runs_here`)."""
    found = list(calls_in(body))
    for literal in sx.nodes(body, ("func_literal",), closures=False):
        if _runs_here(literal):
            inner = sx.body(literal)
            if inner is not None:
                found.extend(_calls_running(inner))
    return found


def _literals_running(body: Node) -> list[Node]:
    found: list[Node] = []
    for literal in sx.nodes(body, ("func_literal",), closures=False):
        if _runs_here(literal):
            found.append(literal)
            inner = sx.body(literal)
            if inner is not None:
                found.extend(_literals_running(inner))
    return found


def _method_on(file: SourceFile, call: Node, names: set[str]) -> str:
    """``x.m(...)`` with ``x`` one of ``names``: ``m``."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return ""
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or name is None or operand.type != "identifier":
        return ""
    return file.text(name) if file.text(operand) in names else ""


class _Walker:
    def __init__(self, pkg: Pass, calls: Calls, locks: Locks) -> None:
        self.pkg = pkg
        self.index: PackageIndex = pkg.package
        self.calls = calls
        self.locks = locks

    def foreign(self, file: SourceFile, call: Node) -> bool:
        """``x.M()`` on a value of an imported type: not the package's ``M``."""
        return foreign_method(self.pkg, file, call)

    def locked(self, file: SourceFile, call: Node) -> bool:
        return bool(self.locks.access(file, call).held)

    def reach(self, owner: str, start: list[tuple[str, bool]]) -> dict[str, bool]:
        """The methods of ``owner`` reached on one object from ``start``
        (key, locked), each with whether every way to it holds a lock."""
        reached: dict[str, bool] = {}
        todo = list(start)
        while todo:
            key, locked = todo.pop()
            if key in reached and (reached[key] is False or locked):
                continue
            reached[key] = locked
            decl = self.index.funcs.get(key)
            if decl is None or decl.body is None or not decl.receiver_name:
                continue
            names = {decl.receiver_name}
            for call in _calls_running(decl.body):
                method = _method_on(decl.file, call, names)
                target = f"{owner}.{method}"
                if method and target in self.index.funcs:
                    todo.append((target, locked or self.locked(decl.file, call)))
        return reached

    def signals(self, keys: dict[str, bool], extra: list[tuple[SourceFile, Node]]) -> set[str]:
        found: set[str] = set()
        for file, node in extra:
            found |= _signals(file, node)
            for literal in _literals_running(node):
                found |= _signals(file, literal)
        for key in keys:
            decl = self.index.funcs.get(key)
            if decl is not None and decl.body is not None:
                found |= _signals(decl.file, decl.body)
                for literal in _literals_running(decl.body):
                    found |= _signals(decl.file, literal)
        return found

    def receives(self, keys: dict[str, bool], extra: list[tuple[SourceFile, Node]]) -> set[str]:
        found: set[str] = set()
        bodies = list(extra)
        for key in keys:
            decl = self.index.funcs.get(key)
            if decl is not None and decl.body is not None:
                bodies.append((decl.file, decl.body))
        for file, node in bodies:
            for operand in _receive_operands(node):
                found.add(_channel_name(file, operand))
            for literal in _literals_running(node):
                for operand in _receive_operands(literal):
                    found.add(_channel_name(file, operand))
        found.discard("")
        return found


def _stable(file: SourceFile, func: Node, name: str) -> bool:
    """``name`` is the receiver or a parameter of ``func`` never assigned or
    defined again in it, or a local defined once directly in ``func``,
    outside any loop, and never assigned."""
    body = sx.body(func)
    if body is None:
        return False
    params: list[str] = []
    for kind in ("receiver", "parameters"):
        holder = func.child_by_field_name(kind)
        for decl in holder.named_children if holder is not None else []:
            params.extend(file.text(n) for n in decl.named_children if n.type == "identifier")
    definitions: list[Node] = []
    kinds = ("assignment_statement", "short_var_declaration", "var_spec", "range_clause")
    for node in sx.nodes(body, kinds):
        if node.type == "var_spec":
            names = [c for c in node.named_children if c.type == "identifier"]
        else:
            left = node.child_by_field_name("left")
            names = left.named_children if left is not None else []
            if left is not None and left.type == "identifier":
                names = [left]
        if not any(n.type == "identifier" and file.text(n) == name for n in names):
            continue
        if node.type in ("assignment_statement", "range_clause") or name in params:
            return False
        definitions.append(node)
    if name in params:
        return True
    if len(definitions) != 1:
        return False
    only = definitions[0]
    return sx.enclosing_function(only) == func and not any(
        a.type == "for_statement" for a in sx.ancestors(only) if body.start_byte <= a.start_byte
    )


def _closure_names(file: SourceFile, launch: Node, closure: Node, name: str) -> set[str]:
    """The names ``name`` has in ``closure``: itself unless shadowed by a
    parameter or a definition inside, and the parameters its call binds to
    ``name`` (``go func(s *S) {...}(x)``)."""
    found: set[str] = set()
    params = closure.child_by_field_name("parameters")
    names: list[str] = []
    for decl in params.named_children if params is not None else []:
        names.extend(file.text(n) for n in decl.named_children if n.type == "identifier")
    body = sx.body(closure)
    shadowed = name in names or (
        body is not None
        and any(
            file.text(n) == name
            for node in sx.nodes(body, ("short_var_declaration",))
            for left in [node.child_by_field_name("left")]
            if left is not None
            for n in left.named_children
        )
    )
    if not shadowed:
        found.add(name)
    call = closure.parent
    if launch.type == "go_statement" and call is not None and call.type == "call_expression":
        args = call.child_by_field_name("arguments")
        values = args.named_children if args is not None else []
        for position, value in enumerate(values):
            if position < len(names) and file.text(value) == name:
                found.add(names[position])
    return found


def _objects(file: SourceFile, launch: Node, closure: Node | None) -> set[str]:
    """The identifiers whose methods or fields the launch uses directly."""
    node = closure if closure is not None else launch
    found: set[str] = set()
    for sel in sx.nodes(node, ("selector_expression",)):
        operand = sel.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier":
            found.add(file.text(operand))
    return found


def _launches(file: SourceFile) -> Iterator[tuple[Node, Node | None, Node | None]]:
    """(launch, func literal it runs or None, the call ``x.f()`` it runs)."""
    for node in go_starts(file):
        if node.type == "go_statement":
            call = node.named_children[0] if node.named_children else None
            if call is None or call.type != "call_expression":
                continue
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "func_literal":
                yield node, fn, None
            else:
                yield node, None, call
            continue
        args = node.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else []:
            if arg.type == "func_literal":
                yield node, arg, None


def _produce(pkg: Pass) -> Continuations:
    index = pkg.package
    calls = pkg.fact(CALLS)
    walker = _Walker(pkg, calls, pkg.fact(LOCKS))
    result = Continuations()
    for file in index.files:
        if is_test_file(file):
            continue
        for launch, closure, call in _launches(file):
            func = sx.enclosing_function(launch)
            if func is None or func.type not in sx.DECLARATION_TYPES:
                continue
            decl = calls.decl_of(func)
            if decl is None:
                continue
            recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
            for name in sorted(_objects(file, launch, closure)):
                if not _stable(file, func, name):
                    continue
                found = _launched(walker, file, launch, closure, call, func, name, recv)
                if found is not None:
                    result.by_owner.setdefault(found.owner, []).append(found)
    return result


def _launched(
    walker: _Walker,
    file: SourceFile,
    launch: Node,
    closure: Node | None,
    call: Node | None,
    func: Node,
    name: str,
    recv: tuple[str, str] | None,
) -> Launched | None:
    calls = walker.calls
    owner = ""
    own = recv[0] if recv is not None else ""

    def method_key(site: Node, names: set[str]) -> str:
        nonlocal owner
        if not _method_on(file, site, names):
            return ""
        key = calls.resolve(file, site, recv)
        if not key or "." not in key or (name != own and walker.foreign(file, site)):
            return ""
        kind = key.rsplit(".", 1)[0]
        if owner and kind != owner:
            return ""
        owner = kind
        return key

    start: list[tuple[str, bool]] = []
    if closure is not None:
        names = _closure_names(file, launch, closure, name)
        body = sx.body(closure)
        for site in _calls_running(body) if body is not None else []:
            key = method_key(site, names)
            if key:
                start.append((key, walker.locked(file, site)))
    elif call is not None:
        key = method_key(call, {name})
        if key:
            start.append((key, False))
    if recv is not None and name == recv[0]:
        owner = owner or recv[1]
    if not owner:
        return None
    goroutine = walker.reach(owner, start)
    extra = [(file, closure)] if closure is not None else []
    signals = walker.signals(goroutine, extra)
    captured = {
        file.text(n) for n in sx.nodes(closure if closure is not None else launch, ("identifier",))
    }

    def op(f: SourceFile, stmt: Node) -> tuple[str, str] | None:
        if stmt.type in (
            "go_statement",
            "expression_statement",
            "short_var_declaration",
            "assignment_statement",
        ) and (stmt.start_byte <= launch.start_byte and launch.end_byte <= stmt.end_byte):
            return _QUIET, "-"
        if _joins(f, stmt, signals, captured):
            return _QUIET, "w"
        return None

    body = sx.body(func)
    if body is None:
        return None
    table = flow_held(file, body, op, start=frozenset({(_QUIET, "w")}))
    running = {start_byte: (_QUIET, "w") not in held for start_byte, held in table.items()}
    receives = frozenset(walker.receives(goroutine, extra))
    after_start: list[tuple[str, bool]] = []
    for site in calls_in(body):
        if launch.start_byte <= site.start_byte < launch.end_byte:
            continue  # the goroutine's own call (another one, in a loop)
        anchor = sx.statement_of(site, crossing_functions=False)
        if anchor is None or not running.get(anchor.start_byte, False):
            continue
        key = method_key(site, {name})
        if key and not _signalled_after(file, anchor, body, receives):
            after_start.append((key, walker.locked(file, site)))
    after = walker.reach(owner, after_start)
    return Launched(launch, file, func, name, owner, closure, goroutine, after, running, receives)


def _joins(file: SourceFile, stmt: Node, signals: set[str], captured: set[str]) -> bool:
    """``wg.Wait()``, or ``<-done`` (``v := <-done``, ``case <-done:``) on a
    channel the goroutine sends on or closes (or a local the launch hands
    on or captures, when the goroutine signals at all)."""
    if stmt.type not in (
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "receive_statement",
    ):
        return False
    for sub in sx.nodes(stmt, ("call_expression",), closures=False):
        parts = sx.call_parts(file, sub)
        if parts is not None and parts[0] and parts[1] == "Wait":
            return True
    for chan in _receive_operands(stmt):
        name = _channel_name(file, chan)
        if name in signals or (chan.type == "identifier" and name in captured and signals):
            return True
    return False


def _signalled_after(file: SourceFile, anchor: Node, body: Node, receives: frozenset[str]) -> bool:
    """A statement after ``anchor`` (in its block or a block around it, up
    to ``body``) sends on or closes a channel the goroutine receives from."""
    if not receives:
        return False
    current: Node | None = anchor
    while current is not None and current != body:
        parent = current.parent
        if parent is not None and (sx.is_statement_list(parent) or sx.is_block(parent)):
            following = current.next_named_sibling
            while following is not None:
                if _signals(file, following) & receives:
                    return True
                following = following.next_named_sibling
        if parent is not None and parent.type in sx.FUNCTION_TYPES:
            return False
        current = parent
    return False


def _operand(access: Access) -> str:
    """``x`` of the access ``x.f``."""
    node = access.node
    operand = node.child_by_field_name("operand") if node.type == "selector_expression" else None
    if operand is None or operand.type != "identifier":
        return ""
    return access.file.text(operand)


def _receiver_name(access: Access) -> str:
    top = sx.declaration_of(access.node)
    holder = top.child_by_field_name("receiver") if top is not None else None
    param = holder.named_children[0] if holder is not None and holder.named_children else None
    name = param.child_by_field_name("name") if param is not None else None
    return access.file.text(name) if name is not None else ""


def racing_writes(
    pkg: Pass, owner: str, accesses: list[Access], method_key: dict[int, str]
) -> list[tuple[Access, Launched, bool]]:
    """The writes of ``accesses`` (of one map field of ``owner``; their
    method keys by ``id``) that race between a launch's goroutine and the
    rest of the function that started it (see the module doc), each with
    its launch and whether the write is the goroutine's."""
    value = pkg.fact(CONTINUATIONS)
    found: list[tuple[Access, Launched, bool]] = []
    seen: set[int] = set()
    for launched in value.by_owner.get(owner, []):
        sides: list[tuple[Access, bool, bool]] = []  # access, goroutine side, locked
        for access in accesses:
            if access.kind not in ("read", "write"):
                continue
            key = method_key.get(id(access), "")
            inside = launched.closure is not None and (
                access.file is launched.file
                and launched.closure.start_byte <= access.node.start_byte
                and access.node.end_byte <= launched.closure.end_byte
            )
            runs = access.func.type in sx.DECLARATION_TYPES or _runs_here(access.func)
            operand = _operand(access)
            direct = operand == launched.name and sx.declaration_of(access.node) == launched.func
            if inside:
                if direct:
                    sides.append((access, True, guarded(access)))
                continue
            if not runs or not operand or operand != _receiver_name(access):
                continue
            if key in launched.goroutine:
                sides.append((access, True, guarded(access) or launched.goroutine[key]))
            if key in launched.after:
                sides.append((access, False, guarded(access) or launched.after[key]))
            elif (
                direct
                and access.func == launched.func
                and access.file is launched.file
                and access.anchor is not None
                and not launched.node.start_byte <= access.node.start_byte < launched.node.end_byte
                and launched.running.get(access.anchor.start_byte, False)
                and not _signalled_after(
                    access.file,
                    access.anchor,
                    sx.body(launched.func) or launched.func,
                    launched.receives,
                )
            ):
                sides.append((access, False, guarded(access)))
        for one, g1, l1 in sides:
            if not g1:
                continue
            for two, g2, l2 in sides:
                if g2 or (l1 and l2) or not (one.is_write or two.is_write):
                    continue
                for write, on_goroutine in ((one, True), (two, False)):
                    if write.is_write and id(write) not in seen:
                        seen.add(id(write))
                        found.append((write, launched, on_goroutine))
    return found


CONTINUATIONS: Fact[Continuations] = Fact("continuations", _produce, (CALLS, LOCKS, DECLARATIONS))
