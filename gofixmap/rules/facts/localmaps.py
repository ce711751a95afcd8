"""The maps more than one function can reach (:class:`SharedMap`: a struct
field, a package variable, a function's local map), and when the accesses of
a local map run at the same time (``concurrent_local``: goroutines the
function starts, ``go f(m)`` passes as :class:`GoPass`, the sync points
that wait for them; a loop whose every iteration waits for the goroutine it
starts, :func:`.goroutines.joined_in_iteration`, starts one at a time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.model import Subject
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.goroutines import (
    in_loop,
    is_sync_point,
    joined_in_iteration,
    launch_of,
    loop_ancestors,
    parallel_call,
    parallel_subtest,
)
from gofixmap.rules.facts.locks import Access


@dataclass(eq=False)
class SharedMap:
    """A map that more than one function can reach: a struct field (``owner``
    is the type), a package variable or a function-local variable."""

    kind: str  # field | global | local
    name: str  # the field or variable name
    owner: str = ""  # struct type of a field
    decl: Node | None = None  # field_declaration / var_spec / declaring statement
    decl_file: SourceFile | None = None
    accesses: list[Access] = field(default_factory=list)
    func: Node | None = None  # the declaring function of a local
    path: str = ""  # the import path of another package's variable (``conf.Enabled``)

    def display(self, access: Access) -> str:
        return access.file.text(access.node)

    def subject(self) -> Subject:
        """This map as a typed identity (findings carry it, ``gofixmap race``
        matches them by it): a field by its struct type, a local by the
        function that declares it, a package variable by its name (another
        package's by its import path and name)."""
        if self.path:
            return Subject(self.kind, self.path, self.name.rpartition(".")[2])
        owner = self.owner
        if self.kind == "local" and self.func is not None and self.decl_file is not None:
            owner = sx.declared_name(self.decl_file, self.func)
        return Subject(self.kind, owner, self.name)


def map_value_of(node: Node | None, file: SourceFile) -> bool:
    """``make(map[K]V...)`` or ``map[K]V{...}``."""
    if node is None:
        return False
    if node.type == "composite_literal":
        kind = node.child_by_field_name("type")
        return kind is not None and kind.type == "map_type"
    if node.type == "call_expression":
        parts = sx.call_parts(file, node)
        args = node.child_by_field_name("arguments")
        if parts == ("", "make") and args is not None and args.named_children:
            return args.named_children[0].type == "map_type"
    return False


@dataclass(frozen=True, eq=False)
class GoPass:
    """A local map passed to a package function started with ``go``
    (``go worker(m)``, ``go s.worker(m)``) whose body uses that parameter."""

    access: Access  # the map argument at the go statement
    go_stmt: Node
    call: Node
    callee: FuncDecl
    param: str
    inner: tuple[Access, ...]  # the callee's accesses of the parameter


def concurrent_local(
    sm: SharedMap,
    passes: Iterable[GoPass] = (),
    runners: Mapping[int, tuple[Node, int]] | None = None,
    waiting: Set[int] = frozenset(),
) -> list[Access]:
    """The accesses of a local map that can run at the same time as another
    access, when at least one of them writes; [] when the map is confined or
    only read, or the caller waits (wg.Wait, a receive) before using it.
    ``runners``: the func literals handed to runners (a function that runs
    its argument on a goroutine of its own: :mod:`.runners`), with the call
    and how many of them run at once (GOROUTINES' ``runner_literals``);
    ``waiting``: the calls of functions that wait (``waiting_calls``), which
    are points where the caller waits as a ``Wait`` is."""
    passes = list(passes)
    runners = runners or {}
    func = sm.func
    if func is None or sm.decl_file is None:
        return []
    file = sm.decl_file
    by_launch: dict[int, list[Access]] = {}
    launches: dict[int, Node] = {}
    caller: list[Access] = []
    passed = {gp.access for gp in passes}
    for access in sm.accesses:
        lit = _launch(access.node, func, runners)
        if lit is None:
            if access not in passed:
                caller.append(access)
        else:
            by_launch.setdefault(lit.id, []).append(access)
            launches[lit.id] = lit
    starts: list[tuple[Node, list[Access]]] = []
    handed: dict[int, int] = {}  # a runner's call → how many run at once
    for key, accs in by_launch.items():
        lit = launches[key]
        go_stmt: Node | None = lit.parent.parent if lit.parent is not None else None
        if key in runners:
            go_stmt, mult = runners[key]
            handed[go_stmt.id] = mult
        assert go_stmt is not None
        starts.append((go_stmt, accs))
    for gp in passes:
        starts.append((gp.go_stmt, list(gp.inner)))
    if not starts:
        return []
    body = sx.body(func)
    sync_points = [
        s.start_byte
        for s in sx.walk(body or func, closures=False)
        if sx.in_statement_list(s)
        and (is_sync_point(file, s) or _calls_waiting(s, waiting))
        and launch_of(s, func) is None
    ]
    contexts = 0
    chosen: list[Access] = []
    concurrent_caller: list[Access] = []
    for go_stmt, accs in starts:
        parallel = go_stmt.type == "call_expression" and parallel_call(go_stmt)
        loops = loop_ancestors(go_stmt, func)
        # goroutines of a loop run at once, unless each iteration waits for its own
        joined = bool(loops) and joined_in_iteration(file, go_stmt, loops[0])
        if go_stmt.id in handed:
            contexts += handed[go_stmt.id]
        else:
            contexts += 2 if parallel or (in_loop(go_stmt, func) and not joined) else 1
        chosen.extend(accs)
        if go_stmt.type == "call_expression" and parallel_subtest(go_stmt):
            continue  # parallel subtests start once the parent function returns
        if parallel and not loop_ancestors(go_stmt, func):
            continue  # every piece is done when the call returns
        if go_stmt.id in handed and go_stmt.id in waiting:
            continue  # a runner that waits for what it started: likewise
        for access in caller:
            if access in concurrent_caller:
                continue
            after = access.node.start_byte > go_stmt.end_byte
            # an access earlier in a loop body races with the goroutines of
            # the previous iteration, unless the loop waits for them first
            shared_loop = any(
                loop.start_byte <= access.node.start_byte < loop.end_byte
                and not any(go_stmt.end_byte <= p < loop.end_byte for p in sync_points)
                for loop in loops
            )
            if (
                after
                and not any(go_stmt.end_byte <= p <= access.node.start_byte for p in sync_points)
            ) or (shared_loop and not after):
                concurrent_caller.append(access)
    if concurrent_caller:
        contexts += 1
    chosen.extend(concurrent_caller)
    if contexts < 2 or not any(a.is_write for a in chosen):
        return []
    return chosen


def _launch(node: Node, func: Node, runners: Mapping[int, tuple[Node, int]]) -> Node | None:
    """The outermost func literal between ``node`` and ``func`` that runs on
    a goroutine of its own: started (:func:`.goroutines.launch_of`) or
    handed to a runner (``runners``)."""
    found = launch_of(node, func)
    if runners:
        for current in sx.ancestors(node):
            if current == func:
                break
            if (
                current.type == "func_literal"
                and current.id in runners
                and (found is None or current.start_byte < found.start_byte)
            ):
                found = current
    return found


def _calls_waiting(stmt: Node, waiting: Set[int]) -> bool:
    """The statement calls (not in a func literal) a function that waits."""
    return bool(waiting) and any(
        c.id in waiting for c in sx.nodes(stmt, ("call_expression",), closures=False)
    )
