"""Goroutines a method starts on its receiver, started again by a later call
of the method on the same value.

A method ``M`` of a type ``T`` whose own body (no func literal around the
statement, no loop: a ``go`` in a loop already runs twice) runs ``go
r.f(...)``, ``go func() {...}()`` or ``go wait.Until(r.f, ...)`` on its
receiver ``r`` starts one goroutine per call. When ``M`` can run again on the
same value while the goroutine of an earlier call still runs, the two calls'
goroutines run at once: what the goroutine does on ``r`` (in the literal, and
in the methods of ``T`` it calls on ``r`` without a write lock held, and those
these call on their own receivers, any number of calls deep) runs on two
goroutines at once, so a map field of ``r`` written there unlocked is written
by both (``concurrent map writes``). ``M`` runs again on one value when

- a function of ``T``'s package calls it in a loop on an operand the loop
  does not make or pick (``for ... { w.dw.Add(k) }``: a variable, or a chain
  of its fields, declared outside the loop and not assigned in it; not
  ``xs[i].Add()`` nor ``x.Add()`` with ``x`` the range variable);
- one function of the package calls it twice on the same operand, which is
  not assigned between the calls;
- ``M`` is exported, its package is no ``main`` (the module's other packages
  and other modules call it, as often as they like), and the goroutine works
  on the call's arguments: it uses a parameter of ``M`` that is no
  ``context.Context`` and no channel (one goroutine per item: ``Add(kind)``,
  ``Watch(key)``; a ``Start(ctx)`` or ``Run(stop)`` that starts the value's
  one loop is made to be called once per value).

Not when ``M`` waits for the goroutine before it returns (a ``Wait`` call, a
channel receive or a ``select`` after the ``go`` in its own body), nor when
it starts the goroutine once per value behind a field of the receiver that it
tests and sets before the ``go`` (``if r.started { return }; r.started =
true``, ``r.running.CompareAndSwap(false, true)``: an ``if`` that returns or
holds the ``go``; not a lazy fill, ``if r.m == nil { r.m = ... }``, that goes
on to the ``go`` either way), nor for what the goroutine
does under a write lock (the holders take turns) or on values other than
``r`` (a value it made itself, a parameter: each call may get its own).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS, calls_in
from gofixmap.rules.facts.closurelocks import on_goroutine_of
from gofixmap.rules.facts.goroutines import GOROUTINES, Launch, in_loop, is_sync_point
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import LOCKS, Access, Locks, guarded, is_test_file
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.types import TYPES

# Parameter types that signal when a goroutine ends rather than what it works
# on: a method taking only these starts the value's one goroutine.
_LIFECYCLE = ("context.Context", "chan ", "chan<-", "<-chan")


@dataclass(frozen=True)
class Restart:
    """The goroutine ``method`` starts on its receiver writes the map, and
    ``method`` can run again on the same value (``why``)."""

    method: str
    line: int
    why: str
    seen: bool  # the module's own calls show it (else: exported, per item)

    def reason(self) -> str:
        return (
            f"{self.method} starts a goroutine (line {self.line}) that writes it and "
            f"{self.why}: the goroutines of two calls on one value write it at once "
            "without a lock"
        )


def restarted(pkg: Pass, sm: SharedMap, accesses: list[Access]) -> Restart | None:
    """A goroutine a method of ``sm``'s owner starts on its receiver, which
    writes the map field ``sm`` (one of ``accesses``) without a lock on that
    receiver, when the method can run again on the same value while the
    goroutine runs (see the module)."""
    if sm.kind != "field" or not any(a.is_write and not guarded(a) for a in accesses):
        return None
    gr = pkg.fact(GOROUTINES)
    calls = pkg.fact(CALLS)
    locks = pkg.fact(LOCKS)
    index = pkg.package
    for launch in gr.launches:
        if launch.kind != "go" or is_test_file(launch.file) or in_loop(launch.node, None):
            continue
        starter = sx.enclosing_function(launch.node)
        if starter is None or starter.type != "method_declaration":
            continue
        decl = calls.decl_of(starter)
        if decl is None or decl.receiver != sm.owner or not decl.receiver_name.isidentifier():
            continue
        if decl.receiver_name == "_":
            continue
        written = _written_on_receiver(index.funcs, locks, decl, launch, accesses)
        if not written:
            continue
        found = _runs_again(pkg, decl, launch)
        if found is not None:
            why, seen = found
            return Restart(decl.name, launch.node.start_point[0] + 1, why, seen)
    return None


def _written_on_receiver(
    funcs: dict[str, FuncDecl],
    locks: Locks,
    decl: FuncDecl,
    launch: Launch,
    accesses: list[Access],
) -> bool:
    """The goroutine of ``launch`` (started in the method ``decl``) writes
    one of ``accesses`` unlocked on ``decl``'s receiver: in the launched
    literal (or a literal that runs only on its goroutine) or in a method of
    the type it reaches through calls on the receiver, made without a write
    lock held."""
    recv, owner = decl.receiver_name, decl.receiver
    literals: set[int] = set()
    seeds: list[str] = []
    if launch.closure is not None:
        closure = launch.closure
        literals.add(closure.id)
        found = list(calls_in(sx.body(closure) or closure))
        for lit in sx.nodes(closure, ("func_literal",)):
            if lit.id != closure.id and on_goroutine_of(locks, launch.file, lit, closure):
                literals.add(lit.id)
                found.extend(calls_in(sx.body(lit) or lit))
        for call in found:
            key = _receiver_call(launch.file, call, recv, owner, funcs)
            if key is not None and not locks.under_write_lock(launch.file, call):
                seeds.append(key)
    else:
        # ``go r.f()`` or ``go wait.Until(r.f, ...)``: a method value on the
        # receiver run by the goroutine
        named = {
            launch.file.text(n.child_by_field_name("field") or n)
            for n in sx.nodes(launch.node, ("selector_expression",))
            if launch.file.text(n.child_by_field_name("operand") or n) == recv
        }
        seeds = [
            t for t in launch.targets if t.startswith(owner + ".") and t[len(owner) + 1 :] in named
        ]
    chain: dict[tuple[str, int], FuncDecl] = {}
    work = list(dict.fromkeys(seeds))
    seen = set(work)
    while work:
        method = funcs.get(work.pop())
        body = method.body if method is not None else None
        if method is None or body is None:
            continue
        chain[_where(method.file, method.node)] = method
        for call in calls_in(body):
            key = _receiver_call(method.file, call, method.receiver_name, owner, funcs)
            if key is None or key in seen or locks.under_write_lock(method.file, call):
                continue
            seen.add(key)
            work.append(key)
    for access in accesses:
        if not access.is_write or guarded(access):
            continue
        operand = access.node.child_by_field_name("operand")
        if access.node.type != "selector_expression" or operand is None:
            continue
        name = access.file.text(operand)
        if access.func.id in literals and access.file is launch.file:
            if name == recv:
                return True
            continue
        writer = chain.get(_where(access.file, access.func))
        if writer is not None and name == writer.receiver_name:
            return True
    return False


def _receiver_call(
    file: SourceFile, call: Node, recv: str, owner: str, funcs: dict[str, FuncDecl]
) -> str | None:
    """The key of the method of ``owner`` that ``call`` calls on ``recv``
    (``r.f(...)``)."""
    parts = sx.call_parts(file, call)
    if parts is None or parts[0] != recv or not recv:
        return None
    key = f"{owner}.{parts[1]}"
    return key if key in funcs else None


def _where(file: SourceFile, node: Node) -> tuple[str, int]:
    return (os.path.abspath(file.path), node.start_byte)


def _runs_again(pkg: Pass, decl: FuncDecl, launch: Launch) -> tuple[str, bool] | None:
    """Why the method ``decl``, whose body starts ``launch``, can run again
    on one value while the goroutine runs, and whether the module's own
    calls show it; ``None`` when it cannot (see the module)."""
    body = decl.body
    if body is None or _joined(decl.file, body, launch.node):
        return None
    if _started_once(decl.file, body, launch.node, decl.receiver_name):
        return None
    found = _called_again(pkg, decl)
    if found is not None:
        return found, True
    if decl.name[:1].isupper() and pkg.package.name != "main" and _per_item(decl, launch):
        return "is exported, one goroutine per call's arguments", False
    return None


def _joined(file: SourceFile, body: Node, go: Node) -> bool:
    """The method waits for something after the ``go`` in its own body (a
    ``Wait`` call, a channel receive, a ``select``): the goroutine may be
    joined before the method returns."""
    for stmt in sx.nodes(
        body,
        (
            "expression_statement",
            "short_var_declaration",
            "assignment_statement",
            "select_statement",
            "if_statement",
            "return_statement",
            "for_statement",
            "var_declaration",
        ),
        closures=False,
    ):
        if stmt.start_byte < go.end_byte:
            continue
        if stmt.type == "for_statement":
            clause = stmt.child_by_field_name("body")
            header = [c for c in stmt.named_children if c != clause]
            if any(is_sync_point(file, h) for h in header):
                return True
            continue
        if is_sync_point(file, stmt):
            return True
    return False


def _started_once(file: SourceFile, body: Node, go: Node, recv: str) -> bool:
    """Before the ``go``, the method tests a field of its receiver in an
    ``if`` that returns or holds the ``go`` (:func:`_guards`), and sets it
    (``r.started = true``; ``r.running.CompareAndSwap(false, true)`` or
    ``Swap`` in the ``if``'s header does both): the value's goroutine
    starts once."""
    tested: set[str] = set()
    set_: set[str] = set()
    for node in sx.nodes(body, ("if_statement",), closures=False):
        if node.start_byte >= go.start_byte or not _guards(node, go):
            continue
        header = [
            part
            for part in (
                node.child_by_field_name("initializer"),
                node.child_by_field_name("condition"),
            )
            if part is not None
        ]
        for part in header:
            for sel in sx.nodes(part, ("selector_expression",), closures=False):
                field = _receiver_field(file, sel, recv)
                parent = sel.parent
                if field is None or (parent is not None and parent.type == "index_expression"):
                    continue
                tested.add(field)
                call = parent.parent if parent is not None else None
                if (
                    parent is not None
                    and parent.type == "selector_expression"
                    and file.text(parent.child_by_field_name("field") or parent)
                    in ("CompareAndSwap", "Swap")
                    and call is not None
                    and call.type == "call_expression"
                ):
                    set_.add(field)  # tested and set at once
    for node in sx.nodes(body, ("assignment_statement", "call_expression"), closures=False):
        if node.start_byte >= go.start_byte:
            continue
        if node.type == "assignment_statement":
            left = node.child_by_field_name("left")
            for target in left.named_children if left is not None else []:
                field = _receiver_field(file, target, recv)
                if field is not None:
                    set_.add(field)
            continue
        fn = node.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        method = fn.child_by_field_name("field") if fn is not None else None
        if operand is not None and method is not None and file.text(method) == "Store":
            field = _receiver_field(file, operand, recv)
            if field is not None:
                set_.add(field)
    return bool(tested & set_)


def _guards(stmt: Node, go: Node) -> bool:
    """The ``if`` statement ``stmt`` decides whether the ``go`` runs: the
    ``go`` is in its consequence, or the consequence returns (``if
    r.started { return }``), unlike a lazy fill (``if r.c == nil { r.c =
    ... }``) that goes on to the ``go`` either way."""
    consequence = stmt.child_by_field_name("consequence")
    if consequence is None:
        return False
    if consequence.start_byte <= go.start_byte < consequence.end_byte:
        return True
    last = sx.statements(consequence)[-1:]
    return bool(last) and last[0].type == "return_statement"


def _receiver_field(file: SourceFile, node: Node, recv: str) -> str | None:
    """``r.f`` on the receiver ``r``: ``f``."""
    if node.type != "selector_expression":
        return None
    operand = node.child_by_field_name("operand")
    name = node.child_by_field_name("field")
    if operand is None or name is None or file.text(operand) != recv:
        return None
    return file.text(name)


def _called_again(pkg: Pass, decl: FuncDecl) -> str | None:
    """A production call of ``decl`` in its package, on an operand whose type
    is known to be the method's, in a loop on an operand the loop does not
    make or pick, or two calls in one function on the same operand,
    unassigned between them."""
    directory = os.path.abspath(pkg.package.directory)
    sites = pkg.module(STARTUP).call_sites((directory, decl.name, True))
    if not sites:
        return None
    types = pkg.fact(TYPES)
    seen: dict[tuple[str, int, str], Node] = {}
    for file, call in sites:
        if os.path.dirname(os.path.abspath(file.path)) != directory:
            continue  # another package: its operand's type is not known here
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        root = _root(operand)
        if operand is None or root is None:
            continue
        found = types.type_of(file, operand)
        if found is None or types.local_struct(found) != decl.receiver:
            continue  # not known to be a value of the method's type
        if same_value_in_loop(file, call):
            return "is called in a loop on the same value"
        outer = sx.enclosing_function(call)
        if outer is None:
            continue
        key = (os.path.abspath(file.path), outer.start_byte, file.text(operand))
        earlier = seen.get(key)
        if earlier is not None and not _assigned_between(file, outer, root, earlier, call):
            return "is called twice on the same value"
        seen[key] = call
    return None


def _root(operand: Node | None) -> Node | None:
    """The variable at the root of ``x`` or ``x.f.g`` (no index, no call)."""
    node = operand
    while node is not None and node.type == "selector_expression":
        node = node.child_by_field_name("operand")
    if node is None or node.type != "identifier":
        return None
    return node


def same_value_in_loop(file: SourceFile, call: Node) -> bool:
    """The method call ``x.M()`` (``x``, or a chain of its fields) is in a
    loop of its function, and ``x`` is declared outside the innermost loop
    and not assigned in it: each iteration calls ``M`` on the same value."""
    fn = call.child_by_field_name("function")
    root = _root(fn.child_by_field_name("operand") if fn is not None else None)
    loop: Node | None = None
    current = call.parent
    while current is not None and root is not None:
        if current.type == "for_statement":
            loop = current
            break
        if current.type in sx.FUNCTION_TYPES:
            return False
        current = current.parent
    if loop is None or root is None:
        return False
    return not _mentions_assignment(file, loop, file.text(root), 0, loop.end_byte)


def _assigned_between(file: SourceFile, func: Node, root: Node, first: Node, second: Node) -> bool:
    """The second call need not follow the first on the same value: it is
    not in the statement list of the first (or in a statement after it
    there: a branch the first is not in, a case of its own), or ``root``'s
    variable is assigned between them."""
    stmt = sx.statement_of(first, crossing_functions=False)
    holder = stmt.parent if stmt is not None else None
    if stmt is None or holder is None or not (stmt.end_byte <= second.start_byte < holder.end_byte):
        return True
    if sx.enclosing_function(first) != sx.enclosing_function(second):
        return True
    return _mentions_assignment(file, func, file.text(root), first.end_byte, second.start_byte)


def _mentions_assignment(file: SourceFile, scope: Node, name: str, start: int, end: int) -> bool:
    """``name`` is declared or assigned in ``scope`` between ``start`` and
    ``end`` (a range clause's variables, ``:=``, ``=``, ``var``)."""
    kinds = ("short_var_declaration", "assignment_statement", "range_clause", "var_spec")
    for node in sx.nodes(scope, kinds):
        if node.end_byte <= start or node.start_byte >= end:
            continue
        left = node.child_by_field_name("left") or node.child_by_field_name("name")
        if node.type == "var_spec":
            names = [c for c in node.named_children if c.type == "identifier"]
        elif left is None:
            continue
        else:
            names = [left] if left.type == "identifier" else list(left.named_children)
        if any(file.text(n) == name for n in names):
            return True
    return False


def _per_item(decl: FuncDecl, launch: Launch) -> bool:
    """The goroutine uses a parameter of ``decl`` that is no context and no
    channel: it works on what the call was given."""
    names = {
        p.name
        for p in decl.params
        if p.name and p.name != "_" and not p.type_text.lstrip().startswith(_LIFECYCLE)
    }
    if not names:
        return False
    file = decl.file
    return any(file.text(n) in names for n in sx.nodes(launch.node, ("identifier",)))
