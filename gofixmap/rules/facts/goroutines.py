"""GOROUTINES: what runs concurrently in the package, and how many at once.

Launches are ``go`` statements, calls that start their function argument on
a goroutine as ``go`` does (``sync.WaitGroup.Go``, ``errgroup.Group.Go``,
``time.AfterFunc``), parallel subtests, HTTP handler registrations and
``ServeHTTP`` methods; a launch the starter waits for (``go f(); <-done`` with
``f`` signalling at its end) is a plain call. From each launch, the package
functions it reaches (a launched literal's calls include those of the
literals that run on its goroutine in the order of its body, a closure it
hands to a function that only calls it: :func:`_launch_calls`) through
calls made without a write lock held (a function
called under a lock runs serialised) get its multiplicity (2: can run more
than once at the same time); those it reaches only through a call made
under a lock are kept apart (``reach_locked``): they run on the launch's
goroutines, one lock holder at a time; ``shared`` counts only calls whose receiver may
be shared between goroutines (not an object the goroutine made itself:
``&T{}``, ``new(T)``, or the result of a package function that makes a
value and returns it unshared, :func:`.ownership.makers`). A reconciler's
worker count is raised for the whole module by its manager's controller
configuration (:mod:`.managerworkers`).
Launches are found from their keyword or name in the bytes: files without one
are not walked. Library functions that run their function argument on several
goroutines at once and wait for them (client-go's ``workqueue.ParallelizeUntil``)
are launches of multiplicity 2 whose call is also the caller's sync point.
So are the func values handed to the package's own parallel runners
(:mod:`.runners`): of multiplicity 2 for a value the runner runs per
element, 1 each for values it runs apart from each other.

The module is longer than 600 lines because the launches, their reach through
the call graph and the syntax that recognises each kind of launch (``go``,
``x.Go``, ``AfterFunc``, parallel subtests, parallel runners, waited
goroutines) are one computation that the other facts read through
``launch_of``, ``is_go_call`` and ``multiplicity``; split, each half would
re-derive the other's syntax.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.imports import imported_by
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS, Calls, calls_in
from gofixmap.rules.facts.closurelocks import on_goroutine_of
from gofixmap.rules.facts.constants import CONSTANTS, Constants
from gofixmap.rules.facts.entries import HANDLER_CALLS as _HANDLER_CALLS
from gofixmap.rules.facts.entries import entries, registrations, route_calls
from gofixmap.rules.facts.foreignmethods import foreign_method
from gofixmap.rules.facts.locks import LOCKS, Access, Locks, is_test_file
from gofixmap.rules.facts.managerworkers import MANAGER_WORKERS
from gofixmap.rules.facts.ownership import fresh_args, fresh_ident, fresh_receiver, makers
from gofixmap.rules.facts.types import TYPES, TypeResolver

if TYPE_CHECKING:
    from gofixmap.rules.facts.runners import RunnerParam

# Calls that run their function argument on a new goroutine, as ``go``
# does: sync.WaitGroup.Go (Go 1.25), errgroup.Group.Go, conc pools, and
# time.AfterFunc (the function runs in its own goroutine when the timer fires).
_GO_CALLS = ("Go", "AfterFunc")

# Functions of a library that run their function argument on several
# goroutines at once and return once every piece of work is done: client-go's
# ``workqueue.ParallelizeUntil(ctx, workers, pieces, doWorkPiece)`` and
# ``workqueue.Parallelize(workers, pieces, doWorkPiece)``, which start
# ``workers`` goroutines that each call ``doWorkPiece`` for the pieces they
# take. The function argument runs concurrently with itself (multiplicity 2
# without a loop); the call itself is a sync point for its caller (the
# accesses after it are ordered after every piece).
_PARALLEL_CALLS = {"k8s.io/client-go/util/workqueue": ("ParallelizeUntil", "Parallelize")}
_PARALLEL_NAMES = tuple(n for names in _PARALLEL_CALLS.values() for n in names)

# A call the traversal follows: the callee's key, whether its receiver is
# owned by the goroutine, its parameters bound to owned objects, and whether
# the call is made with a write lock held.
_Edge = tuple[str, bool, frozenset[str], bool]

# Whether a call ``x.M()`` calls a method of an imported package's type
# (:func:`.foreignmethods.foreign_method`): no call of the package's ``M``.
Foreign = Callable[[SourceFile, Node], bool]
# The runner parameters of another package's function a call calls
# (:func:`.runners.imported_runner`), and whether that function waits
# (:func:`.runners.imported_waits`).
Imported = Callable[[SourceFile, Node], "tuple[RunnerParam, ...]"]
ImportedWaits = Callable[[SourceFile, Node], bool]


# Bytes a file must hold to start a goroutine: the ``go`` keyword (before a
# space, a newline, a parenthesis or a comment), a ``Go(`` call, a parallel
# subtest, or a handler registration or ``AfterFunc`` (every name in
# _HANDLER_CALLS ends in ``Handle`` or ``Func``). Files without them are not
# looked at for launches. (No ``\b`` before ``go``: slower, and only a filter.)
_MAY_LAUNCH = re.compile(rb"go[\s(/]|Go\s*\(|Parallel(?:ize)?\w*\(|Handle\b|Func\b")


def may_launch(file: SourceFile) -> bool:
    """Whether ``file`` can hold a ``go`` statement or a handler registration."""
    return _MAY_LAUNCH.search(file.data) is not None


_GO_WORD = re.compile(rb"go(?=[\s(/])")


_HANDLER_WORD = re.compile(
    rb"\b(?:"
    + b"|".join(n.encode() for n in (*_HANDLER_CALLS, *_GO_CALLS, *_PARALLEL_NAMES, "Run"))
    + rb")\b"
)


def is_go_call(call: Node) -> bool:
    """``x.Go(...)``: a call of a method that starts a goroutine (_GO_CALLS);
    or ``t.Run(name, func(t *testing.T) { t.Parallel(); ... })``, a parallel
    subtest, which runs at the same time as its parallel siblings."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    name = (
        fn.child_by_field_name("field")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    method = name.text.decode() if name is not None and name.text is not None else ""
    if method in _GO_CALLS:
        return True
    if method in _PARALLEL_NAMES:
        return parallel_call(call)
    return method == "Run" and parallel_subtest(call)


def parallel_call(call: Node) -> bool:
    """``workqueue.ParallelizeUntil(...)`` (_PARALLEL_CALLS) on the package
    the file imports under that name: its function argument runs on several
    goroutines at once, all done when the call returns."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or operand.type != "identifier" or name is None:
        return False
    method, package = (name.text or b"").decode(), (operand.text or b"").decode()
    root = call
    while root.parent is not None:
        root = root.parent
    return any(
        method in names and imported_by(root).get(path) == package
        for path, names in _PARALLEL_CALLS.items()
    )


def parallel_subtest(call: Node) -> bool:
    """The function argument of ``call`` calls ``Parallel()`` on its own
    first parameter as a statement of its body."""
    args = call.child_by_field_name("arguments")
    lit = args.named_children[-1] if args is not None and args.named_children else None
    if lit is None or lit.type != "func_literal":
        return False
    params = lit.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else None
    param = first.child_by_field_name("name") if first is not None else None
    body = sx.body(lit)
    if param is None or param.text is None or body is None:
        return False
    wanted = param.text + b".Parallel()"
    return any(
        s.type == "expression_statement" and (s.text or b"").replace(b" ", b"") == wanted
        for s in sx.block_statements(body)
    )


def go_statements(file: SourceFile) -> list[Node]:
    """The ``go`` statements of ``file`` in source order, found from their
    keyword in the bytes (no walk of the tree)."""
    root = file.root
    found: list[Node] = []
    for match in _GO_WORD.finditer(file.data):
        word = root.descendant_for_byte_range(match.start(), match.end())
        stmt = word.parent if word is not None and word.type == "go" else None
        if stmt is not None and stmt.type == "go_statement":
            found.append(stmt)
    return found


def go_starts(file: SourceFile) -> list[Node]:
    """The ``go`` statements and the calls that start a goroutine
    (``x.Go(func() {...})``, parallel subtests: ``is_go_call``) of ``file``."""
    return [n for n in launch_nodes(file) if n.type == "go_statement" or is_go_call(n)]


def launch_nodes(file: SourceFile) -> list[Node]:
    """The ``go`` statements and the calls of a method named like a handler
    registration (``x.HandleFunc(...)``), ``x.Go``, ``AfterFunc`` or ``Run``
    in ``file``, in source order (outer first), found from their keyword or
    name in the bytes: no walk of the tree, which most files would not
    otherwise need. Found once per file (several facts ask); the list is
    shared, not to be changed."""
    known = _LAUNCH_NODES.get(file)
    if known is None:
        known = _LAUNCH_NODES[file] = _launch_nodes(file)
    return known


_LAUNCH_NODES: weakref.WeakKeyDictionary[SourceFile, list[Node]] = weakref.WeakKeyDictionary()


def _launch_nodes(file: SourceFile) -> list[Node]:
    if not may_launch(file):
        return []
    root, data = file.root, file.data
    found = {(stmt.start_byte, stmt.end_byte): stmt for stmt in go_statements(file)}
    for match in _HANDLER_WORD.finditer(data):
        name = root.descendant_for_byte_range(match.start(), match.end())
        if name is None or name.type != "field_identifier":
            continue
        selector = name.parent
        call = selector.parent if selector is not None else None
        if (
            selector is not None
            and selector.type == "selector_expression"
            and call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == selector
        ):
            found[(call.start_byte, call.end_byte)] = call
    return [found[key] for key in sorted(found, key=lambda k: (k[0], -k[1]))]


def in_loop(node: Node, stop: Node | None) -> bool:
    current = node.parent
    while current is not None and current != stop:
        if current.type == "for_statement":
            return True
        if current.type in sx.FUNCTION_TYPES:
            return False
        current = current.parent
    return False


def loop_ancestors(node: Node, stop: Node | None) -> list[Node]:
    found = []
    current = node.parent
    while current is not None and current != stop:
        if current.type == "for_statement":
            found.append(current)
        if current.type in sx.FUNCTION_TYPES:
            break
        current = current.parent
    return found


def joined_in_iteration(file: SourceFile, launch: Node, loop: Node) -> bool:
    """The iteration that starts the goroutine waits for it before the next
    one starts: a statement after the launch, directly in the loop's body,
    calls ``Wait`` on the ``sync.WaitGroup`` or ``errgroup.Group`` the
    iteration ``Add``s to or starts the goroutine with (``wg.Add(1); go
    func() {...}(); wg.Wait()``; ``err := g.Wait()``, also as an ``if``'s
    initializer). ``wg.Done()`` happens before the ``Wait`` it lets return,
    so the loop's goroutines run one after another."""
    stmts = sx.statement_list(loop.child_by_field_name("body"))
    if stmts is None:
        return False
    top: Node | None = launch
    while top is not None and top.parent != stmts:
        top = top.parent
    if top is None:
        return False
    waiters: set[str] = set()
    if launch.type != "go_statement":
        parts = sx.call_parts(file, launch)
        if parts is not None and parts[0]:
            waiters.add(parts[0])
    for call in sx.nodes(stmts, ("call_expression",), closures=False):
        parts = sx.call_parts(file, call)
        if parts is not None and parts[0] and parts[1] == "Add":
            waiters.add(parts[0])
    following = top.next_named_sibling
    while following is not None:
        scope: Node | None = following
        if following.type == "if_statement":
            scope = following.child_by_field_name("initializer")
        elif following.type not in (
            "expression_statement",
            "short_var_declaration",
            "assignment_statement",
        ):
            scope = None
        for call in sx.nodes(scope, ("call_expression",), closures=False) if scope else ():
            parts = sx.call_parts(file, call)
            if parts is not None and parts[1] == "Wait" and parts[0] in waiters:
                return True
        following = following.next_named_sibling
    return False


@dataclass(frozen=True, eq=False)
class Launch:
    """A ``go`` statement or a handler registration: ``closure`` is the func
    literal run concurrently, ``targets`` the package functions it starts."""

    node: Node
    file: SourceFile
    closure: Node | None
    targets: tuple[str, ...]
    multiplicity: int  # 2: can run more than once at the same time
    # "go": started here (``go``, ``wg.Go``, a parallel subtest); "entry": run
    # by a server or framework once it serves (handlers, reconcilers, ...)
    kind: str = "go"
    # launches of one group run one at a time between them (the handlers of
    # one informer registration): one goroutine
    group: str = ""

    @property
    def context(self) -> object:
        """What identifies the goroutine(s) of this launch."""
        return self.group or id(self)


@dataclass(eq=False)
class Goroutines:
    """The value of GOROUTINES."""

    calls: Calls
    launches: list[Launch] = field(default_factory=list)
    # function key ("Name" / "Type.Name") → how many concurrent copies can run
    funcs: dict[str, int] = field(default_factory=dict)
    closures: dict[int, int] = field(default_factory=dict)  # func_literal id → multiplicity
    # func literals handed straight to a runner (:mod:`.runners`, also of
    # another package of the module): literal id → (the call, multiplicity)
    runner_literals: dict[int, tuple[Node, int]] = field(default_factory=dict)
    # the calls of the package that call a function that waits in its own
    # body (:func:`.runners.waits_in`, also of another package of the
    # module), in the functions that start goroutines or hand on func values
    waiting_calls: set[int] = field(default_factory=set)
    # like funcs, counting only calls whose receiver may be shared between
    # goroutines (not an object the goroutine made itself)
    shared: dict[str, int] = field(default_factory=dict)
    # funcs and shared counting only launches outside test files: the
    # concurrency that production code runs with (a test that starts
    # production code on goroutines is evidence about the test)
    funcs_prod: dict[str, int] = field(default_factory=dict)
    shared_prod: dict[str, int] = field(default_factory=dict)
    # per launch (same order as ``launches``): the package functions it reaches
    reach: list[frozenset[str]] = field(default_factory=list)
    # likewise, through calls whose receiver may be shared (as ``shared``)
    reach_shared: list[frozenset[str]] = field(default_factory=list)
    # per launch: the package functions it reaches only through a call made
    # with a write lock held (serialised among the holders of that lock, so
    # not counted in ``funcs``, but run on the launch's goroutines all the
    # same); and likewise through receivers that may be shared
    reach_locked: list[frozenset[str]] = field(default_factory=list)
    reach_locked_shared: list[frozenset[str]] = field(default_factory=list)
    # the functions of the package that return a value they made and shared
    # with nobody (ownership.makers): their callers own the result
    makers: frozenset[str] = frozenset()

    def reaching(self, access: Access, field: bool = False) -> list[Launch]:
        """The launches that can run ``access``: those whose closure holds it,
        and those that reach the declaration around it (``field``: on a
        receiver that may be shared, as ``multiplicity``)."""
        closures = {
            n.id for n in (access.node, *sx.ancestors(access.node)) if n.type == "func_literal"
        }
        top = sx.declaration_of(access.node)
        key = self.calls.key_of(top) if top is not None else None
        reaches = self.reach_shared if field else self.reach
        production = not is_test_file(access.file)
        return [
            launch
            for launch, reach in zip(self.launches, reaches, strict=True)
            if (
                (launch.closure is not None and launch.closure.id in closures)
                or (key is not None and key in reach)
            )
            and not (production and is_test_file(launch.file))
        ]

    def reaching_locked(self, access: Access, field: bool = False) -> list[Launch]:
        """The launches that run the declaration around ``access`` only
        through calls made with a write lock held (``reach_locked``): the
        access runs on their goroutines, one holder of that lock at a
        time."""
        top = sx.declaration_of(access.node)
        key = self.calls.key_of(top) if top is not None else None
        if key is None:
            return []
        reaches = self.reach_locked_shared if field else self.reach_locked
        production = not is_test_file(access.file)
        return [
            launch
            for launch, reach in zip(self.launches, reaches, strict=True)
            if key in reach and not (production and is_test_file(launch.file))
        ]


def _kept_after(file: SourceFile, go: Node, call: Node) -> bool:
    """``go x.m()`` on a value ``x`` the launching function made, which it
    still uses after the ``go`` statement (returns it, stores it, calls it):
    the new goroutine shares ``x`` with whoever gets it (a constructor that
    starts the value's loop and returns the value), so it is no object of
    the goroutine's own."""
    parts = sx.call_parts(file, call)
    func = sx.enclosing_function(go)
    body = sx.body(func) if func is not None else None
    if parts is None or not parts[0].isidentifier() or body is None:
        return False
    return any(
        node.start_byte >= go.end_byte and file.text(node) == parts[0]
        for node in sx.nodes(body, ("identifier",))
    )


def _function_arguments(
    index: PackageIndex, file: SourceFile, call: Node, recv: tuple[str, str] | None
) -> tuple[list[Node], tuple[str, ...]]:
    """The func literals and the package's functions (``f``, or ``r.m`` on
    the receiver ``r`` of the method around the call) passed as arguments of
    ``call``: what a callee outside the package gets to run."""
    args = call.child_by_field_name("arguments")
    return _function_values(index, file, args.named_children if args is not None else [], recv)


def _function_values(
    index: PackageIndex, file: SourceFile, values: list[Node], recv: tuple[str, str] | None
) -> tuple[list[Node], tuple[str, ...]]:
    """The func literals (also kept in a local, :func:`_local_closure`) and
    the package's functions (``f``, or ``r.m`` on the receiver ``r`` of the
    method around them) among the expressions ``values``."""
    literals: list[Node] = []
    targets: list[str] = []
    for arg in values:
        arg = sx.unparen(arg)
        if arg.type == "func_literal":
            literals.append(arg)
        elif arg.type == "identifier":
            decl = index.funcs.get(file.text(arg))
            local = _local_closure(file, arg)
            if local is not None:
                literals.append(local)
            elif decl is not None and not decl.receiver:
                targets.append(decl.key)
        elif arg.type == "selector_expression" and recv is not None:
            operand = arg.child_by_field_name("operand")
            field = arg.child_by_field_name("field")
            if operand is not None and field is not None and file.text(operand) == recv[0]:
                key = f"{recv[1]}.{file.text(field)}"
                if key in index.funcs:
                    targets.append(key)
    return literals, tuple(targets)


def _runner_launches(
    index: PackageIndex,
    calls: Calls,
    constants: Constants,
    locks: Locks,
    imported: Imported | None = None,
    literals: dict[int, tuple[Node, int]] | None = None,
    imported_waits: ImportedWaits | None = None,
    waiting: set[int] | None = None,
) -> list[Launch]:
    """The func values handed to the package's runners (:mod:`.runners`),
    and with ``imported`` to those of the other packages of the module, at
    their calls: each run as a launch of the call, of multiplicity 2 when
    the runner runs the value per element (or once per call, and the call
    is in a loop), 1 when it runs the values it gets apart from each other
    (each its own goroutine, so two of them make two) or once per call.
    ``literals`` gets the func literals handed so, with their call;
    ``waiting`` the calls of functions that wait (:func:`.runners.waits_in`,
    with ``imported_waits`` those of the module's other packages), in the
    functions that start goroutines or hand func values to runners."""
    from gofixmap.rules.facts.runners import EACH, ONCE, handed_values, runner_params, waits_in

    runners = runner_params(index, locks)
    sites: list[tuple[FuncDecl, Node, tuple[RunnerParam, ...]]] = []
    resolved_calls: set[int] = set()
    for resolved in calls.resolved():
        resolved_calls.add(resolved.call.id)
        params = runners.get(resolved.callee)
        if params:
            sites.append((resolved.caller, resolved.call, params))
    if imported is not None:
        # (another package is read only for a call handed a func value, and
        # for the waits of a function that starts or hands on goroutines)
        for decl in index.funcs.values():
            body = decl.body
            if body is None or not index.imports.get(decl.file.path):
                continue
            foreign = [
                c
                for c in src.of_types(body, ("call_expression",))
                if c.id not in resolved_calls and sx.declaration_of(c) == decl.node
            ]
            launching = any(sx.nodes(body, ("go_statement",)))
            recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
            for call in foreign:
                args = call.child_by_field_name("arguments")
                values = list(args.named_children) if args is not None else []
                lits, targets = _function_values(index, decl.file, values, recv)
                params = imported(decl.file, call) if lits or targets else ()
                if params:
                    sites.append((decl, call, params))
                    launching = True
            if waiting is None or imported_waits is None or not launching:
                continue
            for call in foreign:
                if imported_waits(decl.file, call):
                    waiting.add(call.id)
    if waiting is not None:
        # the package's own calls of functions that wait, read only in the
        # functions where they can order something: those that start
        # goroutines or hand func values to runners
        handing = {caller.node.id for caller, _, _ in sites}
        waits: dict[str, bool] = {}
        starts: dict[int, bool] = {}
        for resolved in calls.resolved():
            caller = resolved.caller
            if caller.body is None:
                continue
            if caller.node.id not in starts:
                starts[caller.node.id] = caller.node.id in handing or any(
                    n.type == "go_statement" or is_go_call(n)
                    for n in sx.nodes(caller.body, ("go_statement", "call_expression"))
                )
            if not starts[caller.node.id]:
                continue
            if resolved.callee not in waits:
                callee = index.funcs.get(resolved.callee)
                waits[resolved.callee] = (
                    callee is not None
                    and callee.body is not None
                    and waits_in(callee.file, callee.body)
                )
            if waits[resolved.callee]:
                waiting.add(resolved.call.id)
    found: list[Launch] = []
    for caller, call, params in sites:
        if constants.dead(caller.file, call):
            continue
        recv = (caller.receiver_name, caller.receiver) if caller.receiver else None
        for param in params:
            if param.how == ONCE:
                mult = 2 if in_loop(call, None) else 1
            else:
                mult = 2 if param.how == EACH else 1
            values = handed_values(call, param)
            for value in values:
                lits, targets = _function_values(index, caller.file, [value], recv)
                found.extend(Launch(call, caller.file, lit, (), mult) for lit in lits)
                if literals is not None:
                    for lit in lits:
                        if lit == value:
                            literals[lit.id] = (call, mult)
                if targets:
                    found.append(Launch(call, caller.file, None, targets, mult))
    return found


def _local_closure(file: SourceFile, ident: Node) -> Node | None:
    """The func literal a local variable ``ident`` holds: defined once in
    the function around it (``run := func() {...}``, ``var run = func...``)
    before ``ident``, and never assigned again."""
    func = sx.enclosing_function(ident)
    body = sx.body(func) if func is not None else None
    if body is None:
        return None
    name = file.text(ident)
    found: Node | None = None
    for stmt in sx.nodes(body, ("short_var_declaration", "var_spec", "assignment_statement")):
        if stmt.type == "assignment_statement":
            sides = sx.assignment_sides(stmt)
            if sides is not None and any(file.text(n) == name for n in sides[0]):
                return None  # assigned again: which function runs is unknown
            continue
        names, values = sx.defined_values(stmt)
        for i, n in enumerate(names):
            if file.text(n) != name:
                continue
            value = sx.unparen(values[i]) if len(values) == len(names) else None
            if found is not None or value is None or value.type != "func_literal":
                return None
            found = value
    if found is None or found.end_byte > ident.start_byte:
        return None
    return found


def _collect(
    index: PackageIndex,
    calls: Calls,
    constants: Constants,
    locks: Locks,
    manager_workers: bool = False,
    foreign: Foreign | None = None,
    types: Callable[[], TypeResolver] | None = None,
    imported: Imported | None = None,
    imported_waits: ImportedWaits | None = None,
) -> Goroutines:
    """Every concurrent entry point of the package (``manager_workers``: the
    module's manager may run each controller on several workers; ``types``:
    the type resolver, for the values handed to a gRPC registration;
    ``imported``: the runners of the module's other packages)."""
    result = Goroutines(calls, makers=makers(index))
    mk = result.makers
    for file in index.files:
        for node in launch_nodes(file):
            if node.type == "go_statement":
                call = node.named_children[0] if node.named_children else None
                if call is None or call.type != "call_expression":
                    continue
                func = sx.enclosing_function(node)
                mult = 2 if in_loop(node, None) else 1
                fn = call.child_by_field_name("function")
                if fn is not None and fn.type == "func_literal":
                    if _waited(file, node, sx.body(fn), file):
                        continue  # runs while its starter waits: a plain call
                    result.launches.append(Launch(node, file, fn, (), mult))
                    continue
                local = (
                    _local_closure(file, fn) if fn is not None and fn.type == "identifier" else None
                )
                if local is not None:
                    # ``run := func() {...}; go run()``: the literal runs there
                    if not _waited(file, node, sx.body(local), file):
                        result.launches.append(Launch(node, file, local, (), mult))
                    continue
                recv = calls.receiver_of(func) if func is not None else None
                target = calls.resolve(file, call, recv)
                tdecl = index.funcs.get(target) if target else None
                if tdecl is not None and _waited(file, node, tdecl.body, tdecl.file):
                    continue  # the starter's own traversal reaches the call
                if target is None:
                    # `go wait.Until(c.worker, period, stop)`: a function of
                    # another package run on the new goroutine, handed
                    # functions of this package to run there
                    handed = _function_arguments(index, file, call, recv)
                    for lit in handed[0]:
                        result.launches.append(Launch(node, file, lit, (), mult))
                    if handed[1]:
                        result.launches.append(Launch(node, file, None, handed[1], mult))
                    if handed[0] or handed[1]:
                        continue
                result.launches.append(Launch(node, file, None, (target,) if target else (), mult))
            elif node.type == "call_expression" and is_go_call(node):
                args = node.child_by_field_name("arguments")
                lits = [
                    a for a in (args.named_children if args else []) if a.type == "func_literal"
                ]
                parallel = parallel_call(node)
                mult = 2 if parallel or in_loop(node, None) else 1
                if parallel:
                    # a method value on the receiver or a package function
                    # handed to the parallel runner runs on its workers
                    func = sx.enclosing_function(node)
                    recv = calls.receiver_of(func) if func is not None else None
                    workers = _function_arguments(index, file, node, recv)[1]
                    if workers:
                        result.launches.append(Launch(node, file, None, workers, mult))
                for lit in lits:
                    if _waited(file, node, sx.body(lit), file):
                        continue  # runs while its starter waits: a plain call
                    result.launches.append(Launch(node, file, lit, (), mult))
            elif node.type == "call_expression":
                for entry in registrations(index, calls, file, node):
                    result.launches.append(
                        Launch(node, file, entry.closure, entry.targets, 2, "entry", entry.group)
                    )
        registered = {(n.node.start_byte, n.node.end_byte) for n in result.launches}
        for call in route_calls(file):
            if (call.start_byte, call.end_byte) in registered:
                continue
            for entry in registrations(index, calls, file, call):
                result.launches.append(
                    Launch(call, file, entry.closure, entry.targets, 2, "entry", entry.group)
                )
    result.launches.extend(
        _runner_launches(
            index,
            calls,
            constants,
            locks,
            imported,
            result.runner_literals,
            imported_waits,
            result.waiting_calls,
        )
    )
    for entry in entries(index, calls, manager_workers, types):
        result.launches.append(
            Launch(
                entry.node,
                entry.file,
                entry.closure,
                entry.targets,
                entry.multiplicity,
                "entry",
                entry.group,
            )
        )
    # What each launch reaches, through calls of package functions made
    # without a lock held (a function called under a lock runs serialised).
    # the calls each (function, receiver owned, parameters owned) makes: the
    # same for every launch that reaches it, computed once
    edges: dict[tuple[str, bool, frozenset[str]], list[_Edge]] = {}
    for launch in result.launches:
        start: list[tuple[Node, SourceFile, tuple[str, str] | None]] = []
        if launch.closure is not None:
            result.closures[launch.closure.id] = (
                result.closures.get(launch.closure.id, 0) + launch.multiplicity
            )
            func = sx.enclosing_function(launch.closure)
            recv = calls.receiver_of(func) if func is not None else None
            start.append((launch.closure, launch.file, recv))
        seen: set[_Edge] = set()
        in_test = is_test_file(launch.file)
        counted: set[str] = set()
        counted_shared: set[str] = set()
        locked: set[str] = set()
        locked_shared: set[str] = set()
        sizes = {False: 0, True: 0}  # items seen without, with a lock held
        todo: list[_Edge] = []
        if launch.closure is None and launch.node.type == "go_statement":
            call0 = launch.node.named_children[0]
            fresh_launch = fresh_receiver(
                launch.file, call0, "", False, makers=mk
            ) and not _kept_after(launch.file, launch.node, call0)
            for target in launch.targets:
                todo.append(
                    (
                        target,
                        fresh_launch,
                        fresh_args(index, launch.file, call0, target, makers=mk),
                        False,
                    )
                )
        else:
            todo.extend((t, False, frozenset(), False) for t in launch.targets)
        for node, file, recv in start:
            for call in _launch_calls(locks, file, node):
                if constants.dead(file, call):
                    continue
                key = calls.resolve(file, call, recv)
                if key and foreign is not None and foreign(file, call):
                    continue  # the method of an imported type, not the package's namesake
                owned = fresh_receiver(file, call, "", False, makers=mk)
                if not key:
                    outer = sx.declaration_of(node)
                    odecl = calls.decl_of(outer) if outer is not None else None
                    deep = calls.resolve_through_fields(file, call, odecl)
                    key = deep[0] if deep else None
                    owned = deep is not None and fresh_ident(
                        file, call, deep[1], "", False, frozenset(), makers=mk
                    )
                    if not key:
                        # through an interface of the package that one of its types implements
                        key = calls.resolve_interface(file, call, odecl)
                if key:
                    todo.append(
                        (
                            key,
                            owned,
                            fresh_args(index, file, call, key, makers=mk),
                            locks.under_write_lock(file, call),
                        )
                    )
        while todo:
            item = todo.pop()
            key, fresh, fparams, serial = item
            if item in seen or sizes[serial] > 5000:
                continue
            seen.add(item)
            sizes[serial] += 1
            if serial:
                # reached through a call under a lock: on this launch's
                # goroutines, one holder of the lock at a time
                locked.add(key)
                if not fresh:
                    locked_shared.add(key)
            elif key not in counted:
                counted.add(key)
                result.funcs[key] = result.funcs.get(key, 0) + launch.multiplicity
                if not in_test:
                    result.funcs_prod[key] = result.funcs_prod.get(key, 0) + launch.multiplicity
            if not serial and not fresh and key not in counted_shared:
                counted_shared.add(key)
                result.shared[key] = result.shared.get(key, 0) + launch.multiplicity
                if not in_test:
                    result.shared_prod[key] = result.shared_prod.get(key, 0) + launch.multiplicity
            following = edges.get((key, fresh, fparams))
            if following is None:
                following = _callees(
                    index, calls, constants, locks, mk, key, fresh, fparams, foreign
                )
                edges[(key, fresh, fparams)] = following
            todo.extend((k, f, p, True) if serial else (k, f, p, s) for k, f, p, s in following)
        result.reach.append(frozenset(counted))
        result.reach_shared.append(frozenset(counted_shared))
        result.reach_locked.append(frozenset(locked - counted))
        result.reach_locked_shared.append(frozenset(locked_shared - counted_shared))
    return result


def _launch_calls(locks: Locks, file: SourceFile, closure: Node) -> list[Node]:
    """The calls the goroutine of the launched literal ``closure`` makes: in
    its body, and in the func literals inside it that run only there, in the
    order of its body (called on the spot, deferred, local closures only
    called, handed to a call that runs them before it returns:
    :func:`.closurelocks.on_goroutine_of`); not those of a literal started
    or handed on, which may run elsewhere."""
    found = list(calls_in(sx.body(closure) or closure))
    for lit in sx.nodes(closure, ("func_literal",)):
        if lit.id != closure.id and on_goroutine_of(locks, file, lit, closure):
            found.extend(calls_in(sx.body(lit) or lit))
    return found


def _callees(
    index: PackageIndex,
    calls: Calls,
    constants: Constants,
    locks: Locks,
    mk: frozenset[str],
    key: str,
    fresh: bool,
    fparams: frozenset[str],
    foreign: Foreign | None = None,
) -> list[_Edge]:
    """The package functions the function ``key`` calls, each with whether
    the call's receiver is an object the goroutine owns, the parameters
    bound to owned objects (``fresh``: ``key``'s own receiver is owned;
    ``fparams``: its parameters that are) and whether the call is made with
    a write lock held (the callee then runs serialised by the lock)."""
    decl = index.funcs[key]
    body = decl.body
    if body is None:
        return []
    found_calls: list[_Edge] = []
    recv2 = (decl.receiver_name, decl.receiver) if decl.receiver else None
    for call in calls_in(body):
        if constants.dead(decl.file, call):
            continue
        found = calls.resolve(decl.file, call, recv2)
        if found and foreign is not None and foreign(decl.file, call):
            continue  # the method of an imported type, not the package's namesake
        owned = fresh_receiver(decl.file, call, decl.receiver_name, fresh, fparams, makers=mk)
        if not found:
            deep = calls.resolve_through_fields(decl.file, call, decl)
            found = deep[0] if deep else None
            owned = deep is not None and fresh_ident(
                decl.file, call, deep[1], decl.receiver_name, fresh, fparams, makers=mk
            )
            if not found:
                # through an interface of the package that one of its types implements
                found = calls.resolve_interface(decl.file, call, decl)
        # an object reached through the fields of one the goroutine
        # owns is taken as its own too (as before fields were followed)
        if found:
            args = fresh_args(
                index, decl.file, call, found, decl.receiver_name, fresh, fparams, makers=mk
            )
            found_calls.append((found, owned, args, locks.under_write_lock(decl.file, call)))
    return found_calls


def _waited(file: SourceFile, go_stmt: Node, body: Node | None, body_file: SourceFile) -> bool:
    """``go f(); <-done`` where ``f`` signals only when it ends (a deferred
    send, ``close`` or ``Done``, or one as its last statement): the starter
    waits for the whole goroutine, which therefore runs like a plain call."""
    if body is None or not sx.in_statement_list(go_stmt):
        return False
    following = go_stmt.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    if following is None or following.type not in (
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "select_statement",
    ):
        return False
    if not is_sync_point(file, following):
        return False
    stmts = sx.statement_list(body)
    if stmts is None:
        return False
    top = [s for s in stmts.named_children if s.type != "comment"]
    for stmt in top:
        if stmt.type == "defer_statement" and _signals(body_file, stmt):
            return True
    return bool(top) and top[-1].type != "defer_statement" and _signals(body_file, top[-1])


def _signals(file: SourceFile, stmt: Node) -> bool:
    for sub in sx.walk(stmt):
        if sub.type == "send_statement":
            return True
        if sub.type == "call_expression":
            parts = sx.call_parts(file, sub)
            if parts is not None and (parts == ("", "close") or (parts[0] and parts[1] == "Done")):
                return True
    return False


def is_sync_point(file: SourceFile, stmt: Node) -> bool:
    """``wg.Wait()``, a channel receive, ``select``, or ``range`` over a channel-looking
    expression: the caller waits for the goroutines here."""
    if stmt.type == "select_statement":
        return True
    kinds = ("call_expression", "unary_expression", "receive_statement")
    for sub in sx.nodes(stmt, kinds, closures=False):
        if sub.type == "call_expression":
            parts = sx.call_parts(file, sub)
            if parts is not None and parts[1] == "Wait" and parts[0]:
                return True
        if sub.type == "unary_expression" and file.text(sub).startswith("<-"):
            return True
        if sub.type == "receive_statement":
            return True
    return False


def launch_of(node: Node, stop: Node | None) -> Node | None:
    """The outermost ``go func(){...}()`` or ``x.Go(func(){...})`` literal
    between ``node`` and ``stop``."""
    found = None
    current = node.parent
    while current is not None and current != stop:
        if current.type == "func_literal":
            call = current.parent
            if call is not None and call.type == "call_expression":
                holder = call.parent
                if holder is not None and holder.type == "go_statement":
                    found = current
            elif call is not None and call.type == "argument_list":
                outer = call.parent
                if outer is not None and is_go_call(outer):
                    found = current
        current = current.parent
    return found


def multiplicity(gr: Goroutines, access: Access, field: bool = False) -> int:
    """How many goroutines other than the caller's can run this access at
    once (0: only the goroutine of its declaration's caller). ``field``: of a
    receiver's field, so goroutines working on objects of their own do not
    count. Launches in test files count only for accesses in test files."""
    current: Node | None = access.node
    for current in (access.node, *sx.ancestors(access.node)):
        if current.type == "func_literal" and current.id in gr.closures:
            return gr.closures[current.id]
        if current.type in sx.DECLARATION_TYPES:
            key = gr.calls.key_of(current)
            if is_test_file(access.file):
                table = gr.shared if field else gr.funcs
            else:
                table = gr.shared_prod if field else gr.funcs_prod
            return table.get(key, 0) if key else 0
    return 0


def _produce(pkg: Pass) -> Goroutines:
    index = pkg.package
    workers = b"Reconcile" in b"".join(f.data for f in index.files) and pkg.module(MANAGER_WORKERS)
    return _collect(
        index,
        pkg.fact(CALLS),
        pkg.fact(CONSTANTS),
        pkg.fact(LOCKS),
        workers,
        lambda file, call: foreign_method(pkg, file, call),
        lambda: pkg.fact(TYPES),
        lambda file, call: imported_runner(pkg, file, call),
        lambda file, call: imported_waits(pkg, file, call),
    )


# (here, not at the top: the runners module reads this module's launch tests)
from gofixmap.rules.facts.runners import (  # noqa: E402
    GO_RUNNERS,
    WAITERS,
    imported_runner,
    imported_waits,
)

GOROUTINES: Fact[Goroutines] = Fact(
    "goroutines",
    _produce,
    (CALLS, CONSTANTS, LOCKS, MANAGER_WORKERS, DECLARATIONS, TYPES, GO_RUNNERS, WAITERS),
)
