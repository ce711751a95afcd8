"""Map fields confined to the one goroutine a value's starter runs on it.

A type's method ``R`` that the module calls only once, in ``go x.R()`` (in
no loop) in a function ``S``, runs on one goroutine per value when ``S``
runs once per value: ``S`` made ``x`` itself (``x := &T{...}`` then ``go
x.R()``: each call of ``S`` starts the goroutine of a new value), or ``x``
is the receiver of ``S``, a method of the type whose every call in the
module is on a value its caller has just made (``c.m = &T{...}`` then
``c.m.initialize()``, once in that function). The methods ``R`` calls on
its own receiver (not on a goroutine of their own, not in a func literal),
and those they call so, any number of calls deep, then run on that same
goroutine, as long as the module calls each of them nowhere else: only on
the receiver of one of those methods, or in ``S`` on ``x`` before the
``go`` statement. What ``S`` does on ``x`` before the ``go`` statement
happens before the goroutine starts (the Go memory model: a ``go``
statement is synchronized before its goroutine begins).

So a map field of the type that is touched only there (in those methods
through their receivers, in ``S`` on ``x`` before the ``go``, never in a
func literal) is touched by one goroutine at a time: filled by ``S``, then
owned by ``R``'s goroutine, which serves every other goroutine's requests
through channels (mediamtx's ``pathManager.run``). The map is never handed
on either: its uses are index expressions, ``len``, ``delete``, ``clear``,
``range``, a new map assigned to the field, and the standard library's
``maps`` functions that read or write a map during the call (``maps.Copy``,
``maps.Clone``, ``maps.Equal``), which keep nothing of it.

Any other use keeps the field reported: an exported method touching it
(callers of other modules or packages call it on their own goroutines), a
use after the ``go`` in ``S`` (beside the goroutine), a method of the set
started with ``go`` or used as a value, a call of ``S`` twice on one value
(also in a loop on a value made before it: :mod:`.restarts`) or on a value
the caller did not just make, a type some struct embeds
(promoted methods run on older values). The calls are read across the
module's production files (:meth:`.startup.Startup.call_sites`).
"""

from __future__ import annotations

import os
import weakref

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.goroutines import in_loop
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import Access, is_test_file
from gofixmap.rules.facts.loopfields import assigned_map, other_type
from gofixmap.rules.facts.ownership import fresh_receiver
from gofixmap.rules.facts.restarts import same_value_in_loop
from gofixmap.rules.facts.serving import SERVING
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.types import TYPES

# Functions of the standard library's ``maps`` package that read or write
# their map arguments during the call and keep no reference to them.
_MAPS_CALLS = ("Copy", "Clone", "Equal", "EqualFunc", "DeleteFunc")


def run_owned(pkg: Pass, sm: SharedMap, accesses: list[Access]) -> bool:
    """Every access of the map field ``sm`` in ``accesses`` is made on the
    one goroutine a starter runs per value, or by the starter before its
    ``go`` statement (see the module)."""
    if sm.kind != "field" or not sm.name[:1].islower() or not accesses:
        return False
    if pkg.fact(SERVING).embedded(sm.owner):
        return False
    methods = {
        f.name: f
        for f in pkg.package.funcs.values()
        if f.receiver == sm.owner and not is_test_file(f.file)
    }
    for access in accesses:
        if access.kind not in ("read", "write") and not assigned_map(access) and not _kept(access):
            return False
    for launch in _launches(pkg, sm.owner, methods):
        if _owned(pkg, sm, methods, launch, accesses):
            return True
    return False


class _Launch:
    """``go x.R()`` in the function ``starter``: the goroutine of ``R``."""

    def __init__(
        self, directory: str, file: SourceFile, stmt: Node, call: Node, starter: Node, operand: str
    ) -> None:
        self.directory = directory
        self.file = file
        self.stmt = stmt
        self.call = call
        self.starter = starter
        self.operand = operand

    def before(self, file: SourceFile, node: Node) -> bool:
        """``node`` of ``file`` is in the starter's own body (no func
        literal) before the ``go`` statement."""
        func = sx.enclosing_function(node)
        return (
            self.where(file, func) == self.where(self.file, self.starter)
            and node.end_byte <= self.stmt.start_byte
        )

    def where(self, file: SourceFile, node: Node | None) -> tuple[str, int]:
        """Where ``node`` of ``file`` starts: the same node in any parse of
        the file (the call graph parses the module's files apart from the
        pass, under their absolute paths; the pass's files are in the
        package's directory)."""
        path = file.path
        if not os.path.isabs(path):
            path = os.path.join(self.directory, os.path.basename(path))
        return (os.path.abspath(path), node.start_byte if node is not None else -1)


def _launches(pkg: Pass, owner: str, methods: dict[str, FuncDecl]) -> list[tuple[str, _Launch]]:
    """The ``go x.R()`` statements of the package's production files that
    start an unexported method ``R`` of ``owner`` once per value (see the
    module), with ``R``'s name."""
    found: list[tuple[str, _Launch]] = []
    types = pkg.fact(TYPES)
    directory = os.path.abspath(pkg.package.directory)
    for file in pkg.files:
        if is_test_file(file) or b"go " not in file.data:
            continue
        for stmt, call, parts in _method_gos(file):
            if parts[1] not in methods:
                continue
            if not parts[1][:1].islower() or other_type(types, file, call, owner):
                continue
            starter = sx.enclosing_function(stmt)
            if starter is None or starter.type == "func_literal" or in_loop(stmt, None):
                continue
            found.append((parts[1], _Launch(directory, file, stmt, call, starter, parts[0])))
    return found


def _method_gos(file: SourceFile) -> list[tuple[Node, Node, tuple[str, str]]]:
    """The ``go x.M()`` statements of ``file``, with their call and its
    parts (read once per file: every map field of the package asks)."""
    found = _GOS.get(file)
    if found is None:
        found = []
        for stmt in sx.scan(file.root, ("go_statement",)):
            call = stmt.named_children[0] if stmt.named_children else None
            if call is None or call.type != "call_expression":
                continue
            parts = sx.call_parts(file, call)
            if parts is not None and parts[0].isidentifier():
                found.append((stmt, call, parts))
        _GOS[file] = found
    return found


_GOS: weakref.WeakKeyDictionary[SourceFile, list[tuple[Node, Node, tuple[str, str]]]] = (
    weakref.WeakKeyDictionary()
)


def _owned(
    pkg: Pass,
    sm: SharedMap,
    methods: dict[str, FuncDecl],
    named: tuple[str, _Launch],
    accesses: list[Access],
) -> bool:
    root, launch = named
    directory = os.path.abspath(pkg.package.directory)
    startup = pkg.module(STARTUP)
    types = pkg.fact(TYPES)
    starter_decl = next((f for f in methods.values() if f.node == launch.starter), None)
    on_receiver = starter_decl is not None and launch.operand == starter_decl.receiver_name
    if not on_receiver and not fresh_receiver(launch.file, launch.call, "", False):
        return False  # neither the starter's receiver nor a value it made
    # the methods run on the goroutine, and those the starter calls first
    group = {root}
    work = [root]
    seeds = [
        call
        for call in sx.nodes(sx.body(launch.starter) or launch.starter, ("call_expression",))
        if launch.before(launch.file, call)
    ]
    for call in seeds:
        parts = sx.call_parts(launch.file, call)
        if (
            parts is not None
            and parts[0] == launch.operand
            and parts[1] in methods
            and parts[1] not in group
        ):
            group.add(parts[1])
            work.append(parts[1])
    callees: dict[str, set[str]] = {}
    while work:
        method = methods[work.pop()]
        body = sx.body(method.node)
        if body is None:
            return False
        called = callees.setdefault(method.name, set())
        for call in sx.nodes(body, ("call_expression",), closures=False):
            parts = sx.call_parts(method.file, call)
            if parts is None or parts[0] != method.receiver_name or parts[1] not in methods:
                continue
            called.add(parts[1])
            if parts[1] not in group:
                group.add(parts[1])
                work.append(parts[1])
    if starter_decl is not None and starter_decl.name in group:
        return False
    # Only the methods that reach the map matter: those that touch it, and
    # those that call one of them on their receiver (``pm.Log(...)`` may be
    # called from anywhere).
    places = {launch.where(access.file, access.func) for access in accesses}
    group = {n for n in group if launch.where(methods[n].file, methods[n].node) in places}
    grown = True
    while grown:
        grown = False
        for name, called in callees.items():
            if name not in group and called & group:
                group.add(name)
                grown = True
    decls = {launch.where(methods[name].file, methods[name].node): methods[name] for name in group}
    if any(not name[:1].islower() for name in group):
        return False  # other modules' code may call it on its own goroutines
    for name in group:
        sites = startup.call_sites((directory, name, True))
        if sites is None:
            return False  # a method value: run who knows where
        for file, call in sites:
            if os.path.dirname(os.path.abspath(file.path)) == directory and other_type(
                types, file, call, sm.owner
            ):
                continue
            if name == root:
                if launch.where(file, call) != launch.where(launch.file, launch.call):
                    return False  # R runs elsewhere too
                continue
            if call.parent is not None and call.parent.type == "go_statement":
                return False  # a goroutine of its own
            if not _in_group(file, call, decls, launch):
                return False
    for access in accesses:
        node = access.node
        operand = node.child_by_field_name("operand")
        if node.type != "selector_expression" or operand is None or operand.type != "identifier":
            return False
        decl = decls.get(launch.where(access.file, access.func))
        if decl is not None:
            if access.file.text(operand) != decl.receiver_name:
                return False  # another value's field
            continue
        if not (launch.before(access.file, node) and access.file.text(operand) == launch.operand):
            return False
    return not on_receiver or _once_per_value(pkg, starter_decl, directory)


def _in_group(
    file: SourceFile, call: Node, decls: dict[tuple[str, int], FuncDecl], launch: _Launch
) -> bool:
    """The call ``x.M()`` is made in a method of the group on its own
    receiver, or by the starter on the launched value before the ``go``."""
    parts = sx.call_parts(file, call)
    if parts is None:
        return False
    decl = decls.get(launch.where(file, sx.enclosing_function(call)))
    if decl is not None:
        return parts[0] == decl.receiver_name
    return launch.before(file, call) and parts[0] == launch.operand


def _once_per_value(pkg: Pass, starter: FuncDecl | None, directory: str) -> bool:
    """Every call of the unexported method ``starter`` in the module is on a
    value its caller has just made, once per calling function and not again
    in each iteration of a loop: the starter runs once per value."""
    if starter is None or not starter.name[:1].islower():
        return False
    sites = pkg.module(STARTUP).call_sites((directory, starter.name, True))
    if not sites:
        return False
    types = pkg.fact(TYPES)
    callers: set[tuple[str, int]] = set()
    for file, call in sites:
        if os.path.dirname(os.path.abspath(file.path)) == directory and other_type(
            types, file, call, starter.receiver
        ):
            continue
        outer = sx.enclosing_function(call)
        if outer is None or (file.path, outer.start_byte) in callers:
            return False
        if same_value_in_loop(file, call):
            return False  # started again on the value in each iteration
        callers.add((file.path, outer.start_byte))
        if not fresh_receiver(file, call, "", False) and not _just_assigned(file, call):
            return False
    return True


def _just_assigned(file: SourceFile, call: Node) -> bool:
    """``c.m = &T{...}`` (or ``T{...}``, ``new(T)``), then ``c.m.S()`` in
    the same block, with no statement between them that mentions
    ``c.m``'s holder ``c`` other than reading it: the call is on the value
    just made."""
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    stmt = call.parent
    if operand is None or operand.type != "selector_expression" or stmt is None:
        return False
    if stmt.type != "expression_statement":
        return False
    target = file.text(operand)
    previous = sx.previous_statement(stmt)
    while previous is not None:
        pair = sx.plain_assignment(previous)
        if pair is not None and file.text(pair[0]) == target:
            values = pair[1].named_children
            return len(values) == 1 and _new_value(values[0])
        if target.encode() in (previous.text or b""):
            return False  # something else done with it first
        previous = sx.previous_statement(previous)
    return False


def _kept(access: Access) -> bool:
    """The map handed to a ``maps`` function of the standard library that
    only reads or writes it during the call (``maps.Copy(out, s.m)``)."""
    args = access.node.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    if call is None or call.type != "call_expression":
        return False
    parts = sx.call_parts(access.file, call)
    if parts is None or parts[1] not in _MAPS_CALLS:
        return False
    return imported(access.file).get("maps") == parts[0]


def _new_value(value: Node) -> bool:
    """``&T{...}``, ``T{...}`` or ``new(T)``: a value nobody else holds."""
    value = sx.unparen(value)
    if value.type == "unary_expression" and value.child_by_field_name("operator") is not None:
        operator = value.child_by_field_name("operator")
        inner = value.child_by_field_name("operand")
        if operator is not None and operator.type == "&" and inner is not None:
            value = sx.unparen(inner)
    if value.type == "composite_literal":
        return True
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and fn.text == b"new"
