"""The locks a func literal runs under, solved together for every literal of
one function.

A func literal that runs synchronously where it is called runs with the locks
held at that call: ``func() {...}()`` on the spot, ``defer func() {...}()``
after ``defer mu.Unlock()`` (deferred calls run last in, first out), a
literal handed to a call that runs it before returning (:mod:`.callbacks`),
and a local ``f := func() {...}`` (or ``var f func(); f = func() {...}``)
that is only ever called: the locks held at *every* call of ``f``.

Closures that call each other (``doAll`` calls ``do`` for each element,
``do`` calls ``doAll`` for a nested list) make these equations recursive.
They are solved as a greatest fixed point, as the lock analyses of go vet
and Clang solve recursive summaries: every literal of the function starts
at "all locks" and each is lowered to the intersection of its calls until
nothing changes, so a lock held at every call from outside the cycle is held
inside it, and one call without it anywhere in the cycle removes it. A literal
no path reaches (only called from inside its own cycle) holds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callbacks import local_calls, synchronous_argument, synchronous_call
from gofixmap.rules.facts.lockflow import join
from gofixmap.rules.facts.posted import posted_runs

if TYPE_CHECKING:
    from gofixmap.rules.facts.locks import Locks

Held = frozenset[tuple[str, str]]
HeldAt = Callable[[SourceFile, Node], "Held | None"]

# How a literal is run: ("sync", call, extra) | ("defer", call, released) |
# ("once", call) | ("local", calls) | ("none",)
How = tuple[object, ...]


def how_run(locks: Locks, file: SourceFile, func: Node) -> How:
    """Where the literal ``func`` runs synchronously, and what that adds."""
    param_calls = _calls_of_parameter(locks, file, func)
    if param_calls is not None:
        return ("local", param_calls)
    methods = locks.calls.methods_by_name() if locks.calls is not None else {}
    call = synchronous_call(locks.package, file, func, methods, locks.imported)
    if call is not None:
        if sx.enclosing_function(call) is None:
            return ("none",)
        return ("sync", call, locks.callee_held(file, call, func))
    if _literal_call_parent(func) == "defer_statement" and func.parent is not None:
        return ("defer", func.parent, _released_before(file, func))
    if func.parent is not None and _called_at_once(func):
        return ("once", func.parent)
    sites = local_calls(
        file,
        func,
        lambda arg: synchronous_argument(locks.package, file, arg, methods, locks.imported),
    )
    return ("local", tuple(sites or ()))


def run_under(how: How, file: SourceFile, held_at: HeldAt) -> Held | None:
    """The locks held where the literal runs, from the current values of the
    literals around its calls (``None``: not known yet, any lock)."""
    kind = how[0]
    if kind in ("sync", "once", "defer"):
        call = how[1]
        assert isinstance(call, Node)
        at = held_at(file, call)
        if at is None:
            return None
        if kind == "sync":
            extra = how[2]
            assert isinstance(extra, frozenset)
            return at | extra
        if kind == "defer":
            released = how[2]
            assert isinstance(released, frozenset)
            return frozenset(h for h in at if h[0] in released)
        return at
    if kind == "local":
        result: Held | None = None
        sites = how[1]
        assert isinstance(sites, tuple)
        for site in sites:
            at = held_at(file, site)
            if at is None:
                continue  # (the caller's value is still "any lock")
            result = at if result is None else join(result, at)
        if result is None and not sites:
            return frozenset()
        return result
    return frozenset()


def solve(locks: Locks, file: SourceFile, root: Node, held_at: HeldAt) -> dict[int, Held]:
    """Func literal id → the locks it runs under, for every literal inside
    ``root`` (a function declaration), by the greatest fixed point."""
    literals = sx.nodes(root, ("func_literal",))
    hows = {lit.id: how_run(locks, file, lit) for lit in literals}
    current = locks.solving
    for lit in literals:
        current[lit.id] = None
    for _ in range(32):
        changed = False
        for lit in literals:
            value = run_under(hows[lit.id], file, held_at)
            if value != current[lit.id]:
                current[lit.id] = value
                changed = True
        if not changed:
            break
    result: dict[int, Held] = {}
    for lit in literals:
        value = current.pop(lit.id, None)
        result[lit.id] = value if value is not None else frozenset()
    return result


def _calls_of_parameter(locks: Locks, file: SourceFile, func: Node) -> tuple[Node, ...] | None:
    """``run(func() {...})`` where ``run := func(f func()) {...}`` is a local
    closure that is only ever called and only calls its parameter ``f``
    directly (not from ``go``/``defer`` or another literal): the literal runs
    where ``run`` calls ``f``, so under the locks held at those calls. ``run``
    may also hand ``f`` to a function of the package that posts it on a
    channel (:mod:`.posted`): it runs where the receiving side calls it too,
    when those calls are in this file."""
    found = _local_parameter(file, func)
    if found is None:
        return None
    callee, name = found
    body = sx.body(callee)
    if body is None:
        return None
    sites: list[Node] = []
    for node in sx.walk(body):
        if node.type != "identifier" or file.text(node) != name:
            continue
        use = node.parent
        inside = sx.enclosing_function(node) == callee
        if use is not None and use.type == "argument_list" and inside:
            posted = _posted_sites(locks, file, use, node)
            if posted is None:
                return None
            sites.extend(posted)
            continue
        if use is None or use.type != "call_expression":
            return None
        if use.child_by_field_name("function") != node or sx.enclosing_function(node) != callee:
            return None
        if use.parent is not None and use.parent.type in ("go_statement", "defer_statement"):
            return None
        sites.append(use)
    return tuple(sites) if sites else None


def _local_parameter(file: SourceFile, func: Node) -> tuple[Node, str] | None:
    """``run(func() {...})`` with ``run`` a local func literal that is only
    ever called: (that literal, the name of its parameter ``func`` binds)."""
    args = func.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return None
    fn = call.child_by_field_name("function")
    if call.type != "call_expression" or fn is None or fn.type != "identifier":
        return None
    if call.parent is not None and call.parent.type in ("go_statement", "defer_statement"):
        return None
    callee = _local_literal(file, call, file.text(fn))
    if callee is None or local_calls(file, callee) is None:
        return None
    position = next((i for i, a in enumerate(args.named_children) if a == func), -1)
    names = _parameter_names(file, callee)
    if not 0 <= position < len(names) or names[position] in ("", "_"):
        return None
    return callee, names[position]


def direct_parameter_calls(file: SourceFile, func: Node) -> list[Node]:
    """The calls ``f(...)`` a local ``run := func(f func()) {...}`` makes of
    the parameter the literal ``func`` is handed to, as ``run(func)``, in its
    own body (whatever else it does with ``f``)."""
    found = _local_parameter(file, func)
    body = sx.body(found[0]) if found is not None else None
    if found is None or body is None:
        return []
    callee, name = found
    return [
        node.parent
        for node in sx.walk(body)
        if node.type == "identifier"
        and file.text(node) == name
        and node.parent is not None
        and node.parent.type == "call_expression"
        and node.parent.child_by_field_name("function") == node
        and sx.enclosing_function(node) == callee
    ]


def _posted_sites(locks: Locks, file: SourceFile, args: Node, arg: Node) -> list[Node] | None:
    """``g(..., f, ...)`` where the package's ``g`` posts its parameter on a
    channel: the calls that run it (all in ``file``), else ``None``."""
    call = args.parent
    if locks.calls is None or locks.package is None or call is None:
        return None
    if call.type != "call_expression" or (
        call.parent is not None and call.parent.type in ("go_statement", "defer_statement")
    ):
        return None
    outer = sx.enclosing_function(call)
    recv = locks.calls.receiver_of(outer) if outer is not None else None
    key = locks.calls.resolve(file, call, recv)
    decl = locks.package.funcs.get(key) if key else None
    position = next((i for i, a in enumerate(args.named_children) if a == arg), -1)
    if decl is None or not 0 <= position < len(decl.params):
        return None
    found = posted_runs(locks.package, decl, decl.params[position].name)
    if found is None or any(f.path != file.path for f, _n in found):
        return None
    return [n for _f, n in found]


def _parameter_names(file: SourceFile, literal: Node) -> list[str]:
    """The literal's parameter names in order (``a, b func()`` is two)."""
    params = literal.child_by_field_name("parameters")
    names: list[str] = []
    for decl in params.named_children if params is not None else []:
        if decl.type == "variadic_parameter_declaration":
            return names  # (a func after ``...`` is not one argument)
        if decl.type != "parameter_declaration":
            continue
        found = decl.children_by_field_name("name")
        names.extend([file.text(n) for n in found] or [""])
    return names


def _local_literal(file: SourceFile, call: Node, name: str) -> Node | None:
    """The func literal bound to the local ``name`` (``name := func...``,
    ``var name = func...``, ``name = func...``) nearest before ``call`` in
    the functions around it."""
    best: Node | None = None
    for outer in sx.ancestors(call):
        if outer.type not in sx.FUNCTION_TYPES:
            continue
        body = sx.body(outer)
        if body is None:
            continue
        for lit in sx.nodes(body, ("func_literal",), closures=False):
            if lit.start_byte >= call.start_byte:
                break
            holder = lit.parent
            stmt = holder.parent if holder is not None else None
            if holder is None or stmt is None or holder.type != "expression_list":
                continue
            if stmt.type in ("short_var_declaration", "assignment_statement"):
                left = stmt.child_by_field_name("left")
                bound = left.named_children if left is not None else []
            elif stmt.type == "var_spec":
                bound = stmt.children_by_field_name("name")
            else:
                continue
            if len(bound) == 1 and file.text(bound[0]) == name:
                best = lit
        if best is not None:
            return best
    return None


def _released_before(file: SourceFile, func: Node) -> frozenset[str]:
    """The locks a ``defer x.Unlock()`` registered before ``defer func()
    {...}()`` releases: still held when the literal runs."""
    call = func.parent
    stmt = call.parent if call is not None else None
    outer = sx.enclosing_function(stmt) if stmt is not None else None
    if stmt is None or outer is None:
        return frozenset()
    released: set[str] = set()
    for other in sx.nodes(sx.body(outer) or outer, ("defer_statement",), closures=False):
        if other.start_byte >= stmt.start_byte or not other.named_children:
            continue
        inner = other.named_children[0]
        parts = sx.call_parts(file, inner) if inner.type == "call_expression" else None
        if parts is not None and parts[0] and parts[1] in ("Unlock", "RUnlock"):
            released.add(parts[0])
    return frozenset(released)


def _literal_call_parent(func: Node) -> str | None:
    """The node type around ``func() {...}()`` when the literal ``func`` is
    the called function (``go_statement``, ``defer_statement``, ...)."""
    call = func.parent
    if (
        call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != func
        or call.parent is None
    ):
        return None
    return call.parent.type


def _called_at_once(func: Node) -> bool:
    """``func() {...}()`` as a statement or expression, not under ``go``."""
    around = _literal_call_parent(func)
    return around is not None and around not in ("go_statement", "defer_statement")


def on_its_goroutine(locks: Locks, file: SourceFile, func: Node) -> bool:
    """The func literal ``func`` runs only on the goroutine that runs the
    declared function around it: every way it runs (:func:`how_run`) is a
    call made in that function's own body, or in a literal that runs there
    too (on the spot, deferred, handed to a call that runs it before
    returning, a local closure only ever called, a callback posted on a
    channel whose values that function calls). Never when it is started
    with ``go``, handed on, or kept where other code may call it.

    Closures that call each other are solved as a greatest fixed point, as
    the locks are (:func:`solve`): every literal starts on the goroutine and
    one way to run elsewhere removes it, so a cycle entered only from that
    body stays there (each run of it is a finite chain of calls from the
    body)."""
    return on_goroutine_of(locks, file, func, outermost(func))


def on_goroutine_of(locks: Locks, file: SourceFile, func: Node, root: Node) -> bool:
    """:func:`on_its_goroutine` with the goroutine that runs ``root``, a
    function around the literal ``func``: a declaration, or a func literal
    started as a goroutine of its own (``go func() { ...; timed(f) }()``:
    ``f`` runs on the started goroutine, in the order of its body)."""
    table = locks.goroutine_tables.get(root.id)
    if table is None:
        table = locks.goroutine_tables[root.id] = _goroutine_table(locks, file, root)
    return table.get(func.id, False)


def _goroutine_table(locks: Locks, file: SourceFile, root: Node) -> dict[int, bool]:
    """Func literal id → it runs only on ``root``'s goroutine, for every
    literal inside the function ``root``."""
    literals = sx.nodes(root, ("func_literal",))
    sites = {lit.id: _run_sites(locks, file, lit) for lit in literals}
    value = {lit.id: sites[lit.id] is not None for lit in literals}
    changed = True
    while changed:
        changed = False
        for lit in literals:
            found = sites[lit.id]
            if not value[lit.id] or found is None:
                continue
            if not all(_site_on(value, site, root) for site in found):
                value[lit.id] = False
                changed = True
    return value


def _run_sites(locks: Locks, file: SourceFile, func: Node) -> tuple[Node, ...] | None:
    """The calls (or the ``defer``) where the literal runs, when all of
    them are known; else ``None``."""
    how = how_run(locks, file, func)
    if how[0] in ("sync", "once", "defer"):
        call = how[1]
        assert isinstance(call, Node)
        return (call,)
    if how[0] == "local" and how[1]:
        found = how[1]
        assert isinstance(found, tuple)
        return found
    return None


def _site_on(value: dict[int, bool], site: Node, root: Node) -> bool:
    """The call ``site`` is made on ``root``'s goroutine: in its body, or in
    a literal of it that runs there."""
    if not root.start_byte <= site.start_byte < root.end_byte:
        return False  # (a posted callback called by another function)
    inner = sx.enclosing_function(site)
    if inner is None:
        return False
    if inner.id == root.id:
        return True
    return inner.type == "func_literal" and value.get(inner.id, False)


def outermost(func: Node) -> Node:
    """The outermost function around ``func`` (``func`` itself at top level)."""
    root = func
    for node in sx.ancestors(func):
        if node.type in sx.FUNCTION_TYPES:
            root = node
    return root
