"""Functions of the package that run the function values they are handed on
goroutines of their own, several at once: parallel runners.

    func parallel(fns ...func() error) error {       // "apart"
        var g errgroup.Group
        for _, fn := range fns {
            g.Go(fn)                                  // or go func() { fn() }()
        }
        return g.Wait()
    }

    func forEachNode(nodes []string, check func(string)) {  // "each"
        for _, n := range nodes {
            go func(n string) { check(n) }(n)
        }
    }

A parameter of func type called (or started: ``go p(x)``, ``g.Go(p)``) on
a goroutine that a loop of the function starts, each iteration without
waiting for its own goroutine (:func:`.goroutines.joined_in_iteration`), or
in the function that client-go's ``workqueue.ParallelizeUntil`` runs on its
workers (:func:`.goroutines.parallel_call`), and not under a write lock
there: the value handed for it runs on several
goroutines at once, concurrently with itself ("each"). A parameter holding
several func values (``...func()``, ``[]func()``, or a named type whose
underlying type is one of those or whose element is a named func type:
``fns ...TaskFn``), one of which a loop ranging over the parameter starts
per iteration (``for _, fn := range fns { go fn() }``, also through a local
the loop body defines from the range value, ``t := fn``): the values handed
run concurrently with each other ("apart"; a value handed twice runs
concurrently with itself as well, which the callers' launches account for).

A parameter of func type that the function runs once on a goroutine it
starts outside any loop (``go func() { fn() }()``, ``go fn()``) and does not
wait for before it returns (no ``Wait``, receive or ``select`` after the
start in its own body): the value handed runs concurrently with what its
caller does after the call, and with itself when the caller calls in a loop
("once"; ``fs.Writer.Write(func() {...})`` per element of a range).

The runners of another package of the module count too (:data:`GO_RUNNERS`,
read through the importer from that package's source): its functions, the
methods of its package-level variables (``fs.Writer.Write``) and of values
of its types.

A call of such a function hands it the values its caller then runs as
launches (:mod:`.goroutines`): the method values on the caller's receiver,
the package's functions, the func literals (also kept in a local,
``run := func() {...}``) among the arguments for that parameter, as the
elements of a ``[]func(){...}`` literal, or as the variadic arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.goroutines import (
    go_starts,
    is_go_call,
    is_sync_point,
    joined_in_iteration,
    loop_ancestors,
    parallel_call,
)
from gofixmap.rules.facts.locks import LOCKS, Locks

EACH = "each"
APART = "apart"
ONCE = "once"


@dataclass(frozen=True)
class RunnerParam:
    """Parameter ``position`` of a runner, how its values run, and whether
    it is variadic (the values are the call's arguments from there on)."""

    position: int
    how: str  # EACH or APART
    variadic: bool


def _func_type(index: PackageIndex, file: SourceFile, type_text: str) -> bool:
    text = type_text.replace(" ", "")
    if text.startswith("func("):
        return True
    return index.underlying(text, file).replace(" ", "").startswith("func(")


def _funcs_type(index: PackageIndex, file: SourceFile, type_text: str) -> bool:
    """``...F``, ``[]F`` or a named slice of ``F``, with ``F`` a func type."""
    text = type_text.replace(" ", "")
    for prefix in ("...", "[]"):
        if text.startswith(prefix):
            return _func_type(index, file, text[len(prefix) :])
    under = index.underlying(text, file).replace(" ", "")
    return under.startswith("[]") and _func_type(index, file, under[2:])


def _goroutine_roots(launch: Node) -> list[Node]:
    """What a launch runs: the call of ``go f(x)``; the func literal of ``go
    func(){...}()`` or ``g.Go(func() error {...})``; the function value of
    ``g.Go(f)``."""
    if launch.type == "go_statement":
        call = next((c for c in launch.named_children if c.type == "call_expression"), None)
        return [call] if call is not None else []
    args = launch.child_by_field_name("arguments")
    last = args.named_children[-1] if args is not None and args.named_children else None
    return [last] if last is not None else []


def _runs_name(file: SourceFile, launch: Node, names: set[str], locks: Locks) -> bool:
    """The goroutine of ``launch`` calls (or is) a func value named in
    ``names``, not under a write lock: ``go f(x)``, ``g.Go(f)``, ``go
    func() { f(x) }()``."""
    for root in _goroutine_roots(launch):
        if root.type == "identifier":
            if file.text(root) in names:
                return True
            continue
        fn = root.child_by_field_name("function") if root.type == "call_expression" else None
        if fn is not None and fn.type == "identifier" and file.text(fn) in names:
            return not locks.under_write_lock(file, root)
        lit = fn if fn is not None and fn.type == "func_literal" else root
        if lit.type != "func_literal":
            continue
        inner = _literal_names(file, lit, root if lit != root else None, names)
        body = sx.body(lit)
        for call in sx.nodes(body, ("call_expression",)) if body is not None else []:
            callee = call.child_by_field_name("function")
            if callee is None or callee.type != "identifier" or file.text(callee) not in inner:
                continue
            if not locks.under_write_lock(file, call):
                return True
    return False


def _literal_names(file: SourceFile, lit: Node, call: Node | None, names: set[str]) -> set[str]:
    """The names that hold one of the values ``names`` inside the func
    literal ``lit``: those it captures (not shadowed by its parameters) and
    its parameters that ``call``, the ``go func(f F) {...}(fn)`` running
    it, passes one of ``names``."""
    params = lit.child_by_field_name("parameters")
    declared = [
        file.text(n)
        for decl in (params.named_children if params is not None else ())
        for n in decl.children_by_field_name("name")
    ]
    args = call.child_by_field_name("arguments") if call is not None else None
    values = args.named_children if args is not None else []
    passed = {
        name
        for name, value in zip(declared, values, strict=False)
        if len(values) == len(declared) and file.text(value) in names
    }
    return (names - set(declared)) | passed


def _range_values(file: SourceFile, loop: Node, param: str) -> set[str]:
    """``for _, fn := range param``: the names that hold the element in the
    body: the value variable, and the locals the body defines from it (``t
    := fn``)."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    left = clause.child_by_field_name("left") if clause is not None else None
    if right is None or left is None or file.text(right) != param:
        return set()
    names = [file.text(n) for n in left.named_children]
    found = {names[1]} if len(names) == 2 and names[1] != "_" else set()
    body = loop.child_by_field_name("body")
    for stmt in sx.block_statements(body):
        defined, values = sx.defined_values(stmt)
        if len(defined) == 1 and len(values) == 1 and file.text(values[0]) in found:
            found.add(file.text(defined[0]))
    return found


def runner_params(index: PackageIndex, locks: Locks) -> dict[str, tuple[RunnerParam, ...]]:
    """The package's parallel runners (see the module's docstring): function
    key → the parameters whose func values it runs on goroutines."""
    starts: dict[int, list[Node]] = {}
    for file in index.files:
        for launch in go_starts(file):
            if launch.type != "go_statement" and not is_go_call(launch):
                continue
            top = sx.declaration_of(launch)
            if top is not None:
                starts.setdefault(top.id, []).append(launch)
    found: dict[str, tuple[RunnerParam, ...]] = {}
    for decl in index.funcs.values():
        launches = starts.get(decl.node.id)
        if not launches or decl.body is None:
            continue
        params = _runner(index, decl, launches, locks)
        if params:
            found[decl.key] = params
    return found


def _runner(
    index: PackageIndex, decl: FuncDecl, launches: list[Node], locks: Locks
) -> tuple[RunnerParam, ...]:
    file = decl.file
    result: list[RunnerParam] = []
    plist = decl.node.child_by_field_name("parameters")
    kinds = [c.type for c in plist.named_children] if plist is not None else []
    last = len(decl.params) - 1
    for i, param in enumerate(decl.params):
        name = param.name
        if not name or name == "_":
            continue
        # (the index writes a variadic ``...T`` as ``[]T``)
        variadic = i == last and bool(kinds) and kinds[-1] == "variadic_parameter_declaration"
        if _func_type(index, file, param.type_text):
            for launch in launches:
                loops = loop_ancestors(launch, decl.node)
                if parallel_call(launch):
                    pass  # ``workqueue.ParallelizeUntil(...)``: several workers at once
                elif not loops or joined_in_iteration(file, launch, loops[0]):
                    continue
                if _runs_name(file, launch, {name}, locks):
                    result.append(RunnerParam(i, EACH, False))
                    break
            else:
                for launch in launches:
                    if (
                        launch.type == "go_statement"
                        and not loop_ancestors(launch, decl.node)
                        and not _waits_after(file, decl, launch)
                        and _runs_name(file, launch, {name}, locks)
                    ):
                        result.append(RunnerParam(i, ONCE, False))
                        break
        elif _funcs_type(index, file, param.type_text):
            for launch in launches:
                loops = loop_ancestors(launch, decl.node)
                if not loops or joined_in_iteration(file, launch, loops[0]):
                    continue
                values = set().union(*(_range_values(file, loop, name) for loop in loops))
                if values and _runs_name(file, launch, values, locks):
                    result.append(RunnerParam(i, APART, variadic))
                    break
    return tuple(result)


def _waits_after(file: SourceFile, decl: FuncDecl, launch: Node) -> bool:
    """The function waits somewhere in its own body after it starts the
    goroutine ``launch``."""
    return decl.body is not None and waits_in(file, decl.body, launch.end_byte)


def waits_in(file: SourceFile, body: Node, after: int = 0) -> bool:
    """A statement of ``body`` (not in a func literal) from the byte
    ``after`` on waits: ``Wait``, a receive, ``select``
    (:func:`.goroutines.is_sync_point`)."""
    return any(
        node.start_byte >= after and sx.in_statement_list(node) and is_sync_point(file, node)
        for node in sx.walk(body, closures=False)
    )


def _produce(pkg: Pass) -> dict[str, tuple[RunnerParam, ...]]:
    """Every function and method key of the package → its runner
    parameters (``()`` for a function that runs none of its arguments)."""
    found = runner_params(pkg.package, pkg.fact(LOCKS))
    return {key: found.get(key, ()) for key in pkg.package.funcs}


GO_RUNNERS: Fact[dict[str, tuple[RunnerParam, ...]]] = Fact(
    "go-runners",
    _produce,
    (LOCKS,),
    from_source=True,
    doc="functions that run the func values handed to them on goroutines of their own",
)


def _produce_waiters(pkg: Pass) -> frozenset[str]:
    """The functions of the package that wait in their own body
    (:func:`waits_in`): a call of one is a point where its caller waits
    (``fs.Writer.WaitUntilWritesDone()`` after the writes it started)."""
    return frozenset(
        key
        for key, decl in pkg.package.funcs.items()
        if decl.body is not None and waits_in(decl.file, decl.body)
    )


WAITERS: Fact[frozenset[str]] = Fact(
    "waiters",
    _produce_waiters,
    (),
    from_source=True,
    doc="functions that wait in their own body (Wait, a receive, select)",
)


def imported_runner(pkg: Pass, file: SourceFile, call: Node) -> tuple[RunnerParam, ...]:
    """The runner parameters of the function of another package of the
    module that ``call`` calls (:data:`GO_RUNNERS` of that package):
    ``p.F(...)``, ``p.V.M(...)`` on a package-level variable ``V`` of
    ``p``, or ``x.M(...)`` on a value whose type is ``p.T``/``*p.T``; for a
    variable whose type is not written (``var Writer = New()``), every
    method of that name in ``p`` when they all run the same parameters."""
    found = _imported_callee(pkg, file, call)
    if found is None:
        return ()
    other, key = found
    runners = other.fact(GO_RUNNERS)
    if not key.startswith("."):
        return runners.get(key, ())
    kinds = {params for k, params in runners.items() if k.endswith(key)}
    return kinds.pop() if len(kinds) == 1 else ()


def imported_waits(pkg: Pass, file: SourceFile, call: Node) -> bool:
    """``call`` calls a function of another package of the module that
    waits (:data:`WAITERS`; of a variable whose type is not written, when
    every method of that name waits)."""
    found = _imported_callee(pkg, file, call)
    if found is None:
        return False
    other, key = found
    waiting = other.fact(WAITERS)
    if not key.startswith("."):
        return key in waiting
    names = [k for k in other.fact(GO_RUNNERS) if k.endswith(key)]
    return bool(names) and all(k in waiting for k in names)


def _imported_callee(pkg: Pass, file: SourceFile, call: Node) -> tuple[Pass, str] | None:
    """The pass of the other package of the module whose function ``call``
    calls, and that function's key (``.M`` when only the method's name is
    known)."""
    from gofixmap.rules.facts.types import TYPES

    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    index = pkg.package
    module = index.module_path
    imports = index.imports.get(file.path, {})
    if operand is None or field is None or not module or not imports:
        return None
    name = file.text(field)
    path, owner = "", ""
    if operand.type == "identifier" and file.text(operand) in imports:
        path = imports[file.text(operand)]
    elif operand.type == "selector_expression":
        head = operand.child_by_field_name("operand")
        var = operand.child_by_field_name("field")
        if head is not None and var is not None and file.text(head) in imports:
            path = imports[file.text(head)]
            other = _module_package(pkg, path, module)
            if other is None:
                return None
            decl = other.package.vars.get(file.text(var))
            owner = decl.type_text.lstrip("*") if decl is not None else ""
            if not owner:  # ``var Writer = New()``: the type is not written
                return other, "." + name
            if "." in owner:
                return None
    if not path:
        kind = (pkg.fact(TYPES).type_of(file, operand) or "").lstrip("*")
        qualifier, dot, owner = kind.partition(".")
        if not dot or qualifier not in imports or "." in owner or "[" in owner:
            return None
        path = imports[qualifier]
    other = _module_package(pkg, path, module)
    if other is None:
        return None
    return other, f"{owner}.{name}" if owner else name


def _module_package(pkg: Pass, path: str, module: str) -> Pass | None:
    """The pass of ``path`` when it is another package of the module whose
    sources can be read (its runners and waiters are facts of its source)."""
    if path != module and not path.startswith(module + "/"):
        return None
    other = pkg.dependency(path)
    if other is None:
        return None
    try:
        other.fact(GO_RUNNERS)  # (WAITERS, read from the same sources, then too)
    except UndeclaredFact:  # no readable sources: nothing is known of it
        return None
    return other


def handed_values(call: Node, param: RunnerParam) -> list[Node]:
    """The argument expressions of ``call`` that ``param`` gets func values
    from: the argument itself (EACH, ONCE), the elements of a ``[]F{...}``
    literal, or the variadic arguments (not a spread slice ``fns...``)."""
    args = call.child_by_field_name("arguments")
    values = list(args.named_children) if args is not None else []
    if param.position >= len(values):
        return []
    if param.how in (EACH, ONCE):
        return [values[param.position]]
    if param.variadic:
        if args is not None and any(c.type == "..." for c in args.children):
            return []
        return values[param.position :]
    literal = sx.composite_literal(values[param.position])
    body = literal.child_by_field_name("body") if literal is not None else None
    return [
        e.named_children[0] if e.type == "literal_element" and e.named_children else e
        for e in (body.named_children if body is not None else ())
    ]
