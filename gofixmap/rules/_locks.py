"""Shared analysis of the map-race rules MR001 and MR002.

Syntactic, per package: which functions run on goroutines (started with
``go``, called from goroutines, registered as HTTP handlers), which locks are
held at each statement (``Lock``/``Unlock`` pairs, ``defer Unlock``,
``RLock``), the map accesses of locals, struct fields and package variables,
and the edits that put ``Lock``/``Unlock`` around statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.model import Edit
from gofixmap.codemod.source import SourceFile

FUNCS = sx.FUNCTION_TYPES
MUTEX_TYPES = ("sync.Mutex", "sync.RWMutex", "*sync.Mutex", "*sync.RWMutex")
_LOCK_OPS = {"Lock": "w", "RLock": "r", "Unlock": "-", "RUnlock": "-"}
_HANDLER_CALLS = ("HandleFunc", "Handle", "HandlerFunc", "Func", "AddFunc")
# Calls that run their function argument on a new goroutine, as ``go``
# does: sync.WaitGroup.Go (Go 1.25), errgroup.Group.Go, conc pools, and
# time.AfterFunc (the function runs in its own goroutine when the timer fires).
_GO_CALLS = ("Go", "AfterFunc")
# Bytes a file must hold to start a goroutine: the ``go`` keyword (before a
# space, a newline, a parenthesis or a comment), a ``Go(`` call, a parallel
# subtest, or a handler registration or ``AfterFunc`` (every name in
# _HANDLER_CALLS ends in ``Handle`` or ``Func``). Files without them are not
# looked at for launches. (No ``\b`` before ``go``: slower, and only a filter.)
_MAY_LAUNCH = re.compile(rb"go[\s(/]|Go\s*\(|Parallel\(|Handle\b|Func\b")


def may_launch(file: SourceFile) -> bool:
    """Whether ``file`` can hold a ``go`` statement or a handler registration."""
    return _MAY_LAUNCH.search(file.data) is not None


_GO_WORD = re.compile(rb"go(?=[\s(/])")
_HANDLER_WORD = re.compile(
    rb"\b(?:" + b"|".join(n.encode() for n in (*_HANDLER_CALLS, *_GO_CALLS, "Run")) + rb")\b"
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
    return method == "Run" and _parallel_subtest(call)


def _parallel_subtest(call: Node) -> bool:
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
    otherwise need."""
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


_JUMPS = ("return_statement", "break_statement", "continue_statement", "goto_statement")
_JUMPS2 = ("fallthrough_statement",)


def in_loop(node: Node, stop: Node | None) -> bool:
    current = node.parent
    while current is not None and current != stop:
        if current.type == "for_statement":
            return True
        if current.type in FUNCS:
            return False
        current = current.parent
    return False


def loop_ancestors(node: Node, stop: Node | None) -> list[Node]:
    found = []
    current = node.parent
    while current is not None and current != stop:
        if current.type == "for_statement":
            found.append(current)
        if current.type in FUNCS:
            break
        current = current.parent
    return found


def lock_op(file: SourceFile, stmt: Node) -> tuple[str, str] | None:
    """``x.Lock()`` statement → (x, "w"); RLock → "r"; Unlock/RUnlock → "-"."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return None
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return None
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0] or parts[1] not in _LOCK_OPS:
        return None
    return parts[0], _LOCK_OPS[parts[1]]


Held = frozenset[tuple[str, str]]


def held_locks(file: SourceFile, func: Node) -> dict[int, Held]:
    """Statement start byte → locks held when the statement starts, for every
    statement of ``func`` (not of nested func literals). ``defer x.Unlock()``
    keeps ``x`` held to the end; a lock taken in a nested block does not
    outlive the block."""
    result: dict[int, Held] = {}
    body = sx.body(func)
    if body is None:
        return result

    def visit_list(lst: Node, held: Held) -> None:
        for stmt in lst.named_children:
            if stmt.type == "comment":
                continue
            result[stmt.start_byte] = held
            op = lock_op(file, stmt)
            if op is not None:
                target, mode = op
                if mode == "-":
                    held = frozenset(h for h in held if h[0] != target)
                else:
                    held = held | {(target, mode)}
                continue
            descend(stmt, held)

    def descend(node: Node, held: Held) -> None:
        for child in node.named_children:
            if child.type == "statement_list":
                visit_list(child, held)
            elif child.type != "func_literal":
                descend(child, held)

    descend(body, frozenset())
    return result


@dataclass(frozen=True, eq=False)
class Access:
    """One use of a map: ``node`` is the map expression (``m``, ``c.m``),
    ``site`` the operation (``m[k]``, ``delete(m, k)``, the range clause)."""

    node: Node
    site: Node
    kind: str  # write | read | escape
    file: SourceFile
    func: Node  # innermost function
    anchor: Node | None
    held: Held

    @property
    def is_write(self) -> bool:
        return self.kind == "write"


def access_kind(file: SourceFile, expr: Node) -> tuple[str, Node]:
    """How ``expr`` (a map-valued expression) is used at its place."""
    parent = expr.parent
    if parent is None:
        return "escape", expr
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == expr:
        outer = parent.parent
        if outer is not None and outer.type == "expression_list":
            holder = outer.parent
            if (
                holder is not None
                and holder.type == "assignment_statement"
                and holder.child_by_field_name("left") == outer
            ):
                return "write", parent
        if outer is not None and outer.type in ("inc_statement", "dec_statement"):
            return "write", parent
        return "read", parent
    if parent.type == "argument_list":
        call = parent.parent
        if call is not None and call.type == "call_expression":
            parts = sx.call_parts(file, call)
            if parts is not None and parts[0] == "" and parent.named_children[:1] == [expr]:
                if parts[1] in ("delete", "clear"):
                    return "write", call
                if parts[1] == "len":
                    return "read", call
    if parent.type == "range_clause" and parent.child_by_field_name("right") == expr:
        return "read", parent
    if parent.type == "parenthesized_expression":
        return access_kind(file, parent)
    return "escape", expr


def make_access(file: SourceFile, expr: Node, held_cache: dict[int, dict[int, Held]]) -> Access:
    kind, site = access_kind(file, expr)
    func = sx.enclosing_function(expr)
    assert func is not None
    anchor = sx.statement_of(expr, crossing_functions=False)
    held: Held = frozenset()
    if anchor is not None:
        table = held_cache.get(func.id)
        if table is None:
            table = held_locks(file, func)
            held_cache[func.id] = table
        held = table.get(anchor.start_byte, frozenset())
    return Access(expr, site, kind, file, func, anchor, held | closure_lock(file, func))


def closure_lock(file: SourceFile, func: Node) -> Held:
    """``withLock(x, func() { ... })``: a func literal handed to a function
    whose name says it locks runs with the other arguments locked."""
    if func.type != "func_literal":
        return frozenset()
    args = func.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return frozenset()
    if call.type != "call_expression":
        return frozenset()
    parts = sx.call_parts(file, call)
    if parts is None or "lock" not in parts[1].lower() or parts[1] in _LOCK_OPS:
        return frozenset()
    held: set[tuple[str, str]] = set()
    for arg in args.named_children:
        text = file.text(arg)
        if arg.type == "unary_expression" and text.startswith("&"):
            text = text[1:].strip()
        elif arg.type not in ("identifier", "selector_expression"):
            continue
        held.add((text, "w"))
    return frozenset(held)


def guarded(access: Access, lock: Callable[[str], bool] | None = None) -> bool:
    """Under a lock strong enough for the access (``lock`` filters which)."""
    for target, mode in access.held:
        if lock is not None and not lock(target):
            continue
        if access.kind == "read" or mode == "w":
            return True
    return False


# --------------------------------------------------------------------------- goroutines


@dataclass(frozen=True, eq=False)
class Launch:
    """A ``go`` statement or a handler registration: ``closure`` is the func
    literal run concurrently, ``targets`` the package functions it starts."""

    node: Node
    file: SourceFile
    closure: Node | None
    targets: tuple[str, ...]
    multiplicity: int  # 2: can run more than once at the same time


@dataclass
class Goroutines:
    launches: list[Launch] = field(default_factory=list)
    # function key ("Name" / "Type.Name") → how many concurrent copies can run
    funcs: dict[str, int] = field(default_factory=dict)
    closures: dict[int, int] = field(default_factory=dict)  # func_literal id → multiplicity
    # like funcs, counting only calls whose receiver may be shared between
    # goroutines (not an object the goroutine made itself)
    shared: dict[str, int] = field(default_factory=dict)


def method_names(index: PackageIndex) -> dict[str, list[FuncDecl]]:
    by_name: dict[str, list[FuncDecl]] = {}
    for decl in index.funcs.values():
        if decl.receiver:
            by_name.setdefault(decl.name, []).append(decl)
    return by_name


def resolve_call(
    index: PackageIndex,
    file: SourceFile,
    call: Node,
    receiver: tuple[str, str] | None,
    by_name: dict[str, list[FuncDecl]],
) -> str | None:
    """The package function a call reaches: ``f()``, ``r.M()`` with ``r`` the
    receiver, ``x.M()`` when only one type of the package has a method ``M``."""
    parts = sx.call_parts(file, call)
    if parts is None:
        return None
    operand, name = parts
    if not operand:
        decl = index.funcs.get(name)
        return decl.key if decl is not None and not decl.receiver else None
    if receiver is not None and operand == receiver[0]:
        key = f"{receiver[1]}.{name}"
        return key if key in index.funcs else None
    if "." in operand or "(" in operand:
        return None
    if operand in index.imports.get(file.path, {}):
        return None
    candidates = by_name.get(name, [])
    if len(candidates) == 1:
        return candidates[0].key
    return None


def receiver_of(index: PackageIndex, func: Node) -> tuple[str, str] | None:
    current: Node | None = func
    while current is not None:
        if current.type == "method_declaration":
            for decl in index.funcs.values():
                if decl.node == current:
                    return (decl.receiver_name, decl.receiver)
            return None
        current = current.parent
    return None


def calls_in(node: Node) -> Iterator[Node]:
    yield from src.of_types(node, ("call_expression",), "func_literal")


def goroutines(index: PackageIndex) -> Goroutines:
    """Every concurrent entry point of the package, cached per package."""
    cached = index.memo.get("_locks.goroutines")
    if isinstance(cached, Goroutines):
        return cached
    result = Goroutines()
    by_name = method_names(index)
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
                recv = receiver_of(index, func) if func is not None else None
                target = resolve_call(index, file, call, recv, by_name)
                tdecl = index.funcs.get(target) if target else None
                if tdecl is not None and _waited(file, node, tdecl.body, tdecl.file):
                    continue  # the starter's own traversal reaches the call
                result.launches.append(Launch(node, file, None, (target,) if target else (), mult))
            elif node.type == "call_expression" and is_go_call(node):
                args = node.child_by_field_name("arguments")
                lits = [
                    a for a in (args.named_children if args else []) if a.type == "func_literal"
                ]
                mult = 2 if in_loop(node, None) else 1
                for lit in lits:
                    if _waited(file, node, sx.body(lit), file):
                        continue  # runs while its starter waits: a plain call
                    result.launches.append(Launch(node, file, lit, (), mult))
            elif node.type == "call_expression":
                parts = sx.call_parts(file, node)
                if parts is None or parts[1] not in _HANDLER_CALLS or not parts[0]:
                    continue
                args = node.child_by_field_name("arguments")
                if args is None:
                    continue
                for arg in args.named_children:
                    if arg.type == "func_literal":
                        result.launches.append(Launch(node, file, arg, (), 2))
                    elif arg.type == "identifier" and file.text(arg) in index.funcs:
                        result.launches.append(Launch(node, file, None, (file.text(arg),), 2))
    for decl in index.funcs.values():
        if decl.name == "ServeHTTP" and decl.receiver:
            result.launches.append(Launch(decl.node, decl.file, None, (decl.key,), 2))
    # What each launch reaches, through calls of package functions made
    # without a lock held (a function called under a lock runs serialised).
    held_cache: dict[int, dict[int, Held]] = {}
    for launch in result.launches:
        start: list[tuple[Node, SourceFile, tuple[str, str] | None]] = []
        if launch.closure is not None:
            result.closures[launch.closure.id] = (
                result.closures.get(launch.closure.id, 0) + launch.multiplicity
            )
            func = sx.enclosing_function(launch.closure)
            recv = receiver_of(index, func) if func is not None else None
            start.append((launch.closure, launch.file, recv))
        seen: set[tuple[str, bool, frozenset[str]]] = set()
        counted: set[str] = set()
        counted_shared: set[str] = set()
        todo: list[tuple[str, bool, frozenset[str]]] = []
        if launch.closure is None and launch.node.type == "go_statement":
            call0 = launch.node.named_children[0]
            fresh_launch = _fresh_receiver(launch.file, call0, "", False)
            for target in launch.targets:
                todo.append((target, fresh_launch, _fresh_args(index, launch.file, call0, target)))
        else:
            todo.extend((t, False, frozenset()) for t in launch.targets)
        for node, file, recv in start:
            for call in calls_in(sx.body(node) or node):
                if _under_lock(file, call, held_cache) or dead(index, file, call):
                    continue
                key = resolve_call(index, file, call, recv, by_name)
                if key:
                    todo.append(
                        (
                            key,
                            _fresh_receiver(file, call, "", False),
                            _fresh_args(index, file, call, key),
                        )
                    )
        while todo:
            key, fresh, fparams = todo.pop()
            if (key, fresh, fparams) in seen or len(seen) > 200:
                continue
            seen.add((key, fresh, fparams))
            if key not in counted:
                counted.add(key)
                result.funcs[key] = result.funcs.get(key, 0) + launch.multiplicity
            if not fresh and key not in counted_shared:
                counted_shared.add(key)
                result.shared[key] = result.shared.get(key, 0) + launch.multiplicity
            decl = index.funcs[key]
            body = decl.body
            if body is None:
                continue
            recv2 = (decl.receiver_name, decl.receiver) if decl.receiver else None
            for call in calls_in(body):
                if _under_lock(decl.file, call, held_cache):
                    continue  # the callee runs serialised by the caller's lock
                if dead(index, decl.file, call):
                    continue
                found = resolve_call(index, decl.file, call, recv2, by_name)
                if found:
                    todo.append(
                        (
                            found,
                            _fresh_receiver(decl.file, call, decl.receiver_name, fresh, fparams),
                            _fresh_args(
                                index, decl.file, call, found, decl.receiver_name, fresh, fparams
                            ),
                        )
                    )
    index.memo["_locks.goroutines"] = result
    return result


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


def _fresh_receiver(
    file: SourceFile,
    call: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str] = frozenset(),
) -> bool:
    """``x.M()`` where ``x`` is an object the calling goroutine made itself
    (``x := newT()``, ``&T{}``, ``new(T)``; the caller's own receiver or a
    parameter when that is one): no other goroutine reaches it through this
    call."""
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0]:
        return False
    return _fresh_ident(file, call, parts[0], recv, recv_fresh, fresh_params)


def _fresh_ident(
    file: SourceFile,
    at: Node,
    operand: str,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int = 0,
) -> bool:
    """``operand``, used at ``at``, names an object its goroutine owns: the
    fresh receiver or a fresh parameter, or a local whose every definition
    (``:=``, ``var x = ...``, ``x = ...``) is a fresh value or an element of
    an object the goroutine owns (``req := c.requests[id]`` with ``c``
    fresh)."""
    if operand == recv and recv:
        return recv_fresh
    if not operand.isidentifier() or depth > 3:
        return False
    func = sx.enclosing_function(at)
    body = sx.body(func) if func is not None else None
    if body is None:
        return False
    values: list[Node] = []
    for stmt in sx.walk(body, closures=False):
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
        elif stmt.type == "var_spec":
            left = stmt
            right = stmt.child_by_field_name("value")
        else:
            continue
        if left is None:
            continue
        idents = (
            stmt.children_by_field_name("name") if stmt.type == "var_spec" else left.named_children
        )
        names = [file.text(n) for n in idents]
        if operand not in names:
            continue
        if right is None:
            continue  # var x T: the zero value, assigned below
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is not None and file.text(op) != "=":
                return False
        rvalues = right.named_children
        if len(rvalues) == len(names):
            values.append(rvalues[names.index(operand)])
        elif len(rvalues) == 1 and rvalues[0].type == "index_expression":
            values.append(rvalues[0])  # v, ok := m[k]
        else:
            return False
    if not values:
        return operand in fresh_params
    if operand in fresh_params:
        return False  # a parameter assigned in the body
    return all(
        _fresh_value(file, v) or _owned_element(file, v, recv, recv_fresh, fresh_params, depth)
        for v in values
    )


def _owned_element(
    file: SourceFile,
    value: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int,
) -> bool:
    """``c.f`` or ``c.f[k]`` with ``c`` an object the goroutine owns."""
    if value.type == "index_expression":
        inner = value.child_by_field_name("operand")
        if inner is None:
            return False
        value = inner
    if value.type != "selector_expression":
        return False
    operand = value.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    return _fresh_ident(file, value, file.text(operand), recv, recv_fresh, fresh_params, depth + 1)


def _fresh_args(
    index: PackageIndex,
    file: SourceFile,
    call: Node,
    key: str,
    recv: str = "",
    recv_fresh: bool = False,
    fresh_params: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The parameters of ``key`` that this call binds to objects the calling
    goroutine owns (``runGenerator(ctx, g)`` with ``g := newGen()``)."""
    decl = index.funcs.get(key)
    args = call.child_by_field_name("arguments")
    if decl is None or args is None:
        return frozenset()
    found: set[str] = set()
    for i, arg in enumerate(args.named_children):
        if i >= len(decl.params):
            break
        param = decl.params[i].name
        if not param or param == "_":
            continue
        if _fresh_value(file, arg) or (
            arg.type == "identifier"
            and _fresh_ident(file, call, file.text(arg), recv, recv_fresh, fresh_params)
        ):
            found.add(param)
    return frozenset(found)


def _fresh_value(file: SourceFile, value: Node) -> bool:
    if value.type == "composite_literal":
        return True
    if value.type == "unary_expression":
        return file.text(value).startswith("&") and "{" in file.text(value)
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        if fn is None:
            return False
        name = file.text(fn).rsplit(".", 1)[-1]
        return name == "new" or name.lower().startswith("new")
    return False


def _under_lock(file: SourceFile, call: Node, cache: dict[int, dict[int, Held]]) -> bool:
    """A write lock is held where ``call`` runs."""
    if sx.enclosing_function(call) is None:
        return False
    return any(mode == "w" for _t, mode in make_access(file, call, cache).held)


def func_key(index: PackageIndex, func: Node) -> str | None:
    for decl in index.funcs.values():
        if decl.node == func:
            return decl.key
    return None


def goroutine_multiplicity(
    index: PackageIndex, gr: Goroutines, access: Access, field: bool = False
) -> int:
    """How many goroutines other than the caller's can run this access at once
    (0: only the goroutine of its declaration's caller). ``field``: of a
    receiver's field, so goroutines working on objects of their own do not
    count."""
    current: Node | None = access.node
    while current is not None:
        if current.type == "func_literal" and current.id in gr.closures:
            return gr.closures[current.id]
        if current.type in ("function_declaration", "method_declaration"):
            key = func_key(index, current)
            table = gr.shared if field else gr.funcs
            return table.get(key, 0) if key else 0
        current = current.parent
    return 0


# --------------------------------------------------------------------------- dead code


def bool_consts(index: PackageIndex) -> dict[str, bool]:
    """Package-level constants declared as ``true`` or ``false`` (a name
    declared twice with different values, in build-tagged files, is left out)."""
    cached = index.memo.get("_locks.bool_consts")
    if isinstance(cached, dict):
        return cached
    found: dict[str, bool] = {}
    mixed: set[str] = set()
    for file in index.files:
        for decl in file.root.named_children:
            if decl.type != "const_declaration":
                continue
            for spec in decl.named_children:
                if spec.type != "const_spec":
                    continue
                value = spec.child_by_field_name("value")
                values = value.named_children if value is not None else []
                names = spec.children_by_field_name("name")
                for i, ident in enumerate(names):
                    name = file.text(ident)
                    text = file.text(values[i]) if i < len(values) else ""
                    if text not in ("true", "false"):
                        mixed.add(name)
                        continue
                    if found.get(name, text == "true") != (text == "true"):
                        mixed.add(name)
                    found[name] = text == "true"
    result = {k: v for k, v in found.items() if k not in mixed}
    index.memo["_locks.bool_consts"] = result
    return result


def _const_value(index: PackageIndex, file: SourceFile, cond: Node) -> bool | None:
    """The value of a condition made of package boolean constants, ``!``,
    ``&&`` and ``||``, or None when it is not constant."""
    from gofixmap.rules import _gotypes

    if cond.type == "parenthesized_expression" and cond.named_children:
        return _const_value(index, file, cond.named_children[0])
    if cond.type in ("true", "false"):
        return cond.type == "true"
    if cond.type == "identifier":
        name = file.text(cond)
        consts = bool_consts(index)
        if name not in consts or _gotypes.resolve(index, file, name, cond) is not None:
            return None
        return consts[name]
    if cond.type == "unary_expression" and file.text(cond).startswith("!"):
        operand = cond.child_by_field_name("operand")
        value = _const_value(index, file, operand) if operand is not None else None
        return None if value is None else not value
    if cond.type == "binary_expression":
        op = cond.child_by_field_name("operator")
        left = cond.child_by_field_name("left")
        right = cond.child_by_field_name("right")
        if op is None or left is None or right is None:
            return None
        a = _const_value(index, file, left)
        b = _const_value(index, file, right)
        if op.type == "&&":
            if a is False or b is False:
                return False
            return True if a and b else None
        if op.type == "||":
            if a is True or b is True:
                return True
            return False if a is False and b is False else None
    return None


def dead(index: PackageIndex, file: SourceFile, node: Node) -> bool:
    """``node`` sits in a branch that never runs: under ``if C`` where ``C``
    is a package constant false (``const debug = false``), or in the ``else``
    of a constant true condition."""
    if not bool_consts(index):
        return False
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type == "if_statement":
            cond = parent.child_by_field_name("condition")
            if cond is not None and current != cond:
                value = _const_value(index, file, cond)
                if value is False and current == parent.child_by_field_name("consequence"):
                    return True
                if value is True and current == parent.child_by_field_name("alternative"):
                    return True
        current = parent
    return False


# --------------------------------------------------------------------------- sync points


def is_sync_point(file: SourceFile, stmt: Node) -> bool:
    """``wg.Wait()``, a channel receive, ``select``, or ``range`` over a channel-looking
    expression: the caller waits for the goroutines here."""
    if stmt.type == "select_statement":
        return True
    kinds = ("call_expression", "unary_expression", "receive_statement")
    for sub in src.of_types(stmt, kinds, "func_literal"):
        if sub.type == "call_expression":
            parts = sx.call_parts(file, sub)
            if parts is not None and parts[1] == "Wait" and parts[0]:
                return True
        if sub.type == "unary_expression" and file.text(sub).startswith("<-"):
            return True
        if sub.type == "receive_statement":
            return True
    return False


# --------------------------------------------------------------------------- edits


@dataclass(frozen=True)
class Region:
    accesses: tuple[Access, ...]


def _line_end(data: bytes, offset: int) -> int:
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
    return bool(src.of_types(node, _JUMPS + _JUMPS2, "func_literal"))


def _one_line(file: SourceFile, block: Node) -> bool:
    return file.position(block.start_byte).line == file.position(block.end_byte).line


@dataclass(frozen=True)
class LockPlan:
    """Edits of one file, or the reason they cannot be made."""

    edits: tuple[Edit, ...] = ()
    reason: str = ""


def plan_locks(
    accesses: Iterable[Access],
    lock_expr: Callable[[Access], str],
    rw: bool,
    takes_lock: Callable[[Access, Node], bool],
    whole_body: Callable[[Access], bool] | None = None,
) -> LockPlan:
    """Put the lock around every access not already under it.

    Per function: the ``defer`` form when the whole body is the critical
    section (every top-level statement uses the map, or an access sits in a
    statement that returns), tight ``Lock``/``Unlock`` around the statement
    otherwise; adjacent statements share one region. ``takes_lock(access,
    call)`` says a call in the region takes the same lock: never hold it there.
    """
    by_func: dict[int, list[Access]] = {}
    for access in accesses:
        by_func.setdefault(access.func.id, []).append(access)
    edits: list[Edit] = []
    for group in by_func.values():
        plan = _plan_function(group, lock_expr, rw, takes_lock)
        if plan.reason:
            return plan
        edits.extend(plan.edits)
    return LockPlan(tuple(edits))


def _plan_function(
    group: list[Access],
    lock_expr: Callable[[Access], str],
    rw: bool,
    takes_lock: Callable[[Access, Node], bool],
) -> LockPlan:
    first = group[0]
    file = first.file
    func = first.func
    body = sx.body(func)
    lock = lock_expr(first)
    if body is None:
        return LockPlan()
    stmts_node = sx.statement_list(body)
    if stmts_node is None:
        return LockPlan()
    top = [s for s in stmts_node.named_children if s.type != "comment"]
    anchors: list[Node] = []
    for access in group:
        if access.anchor is None:
            return LockPlan(reason=f"cannot place a lock around {file.text(access.site)}")
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
    if whole or needs_defer or one_line:
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
            return LockPlan((Edit(body.start_byte, body.end_byte, text.encode()),))
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
        end = _line_end(file.data, run[-1].end_byte)
        if end < 0:
            return LockPlan(reason="another statement shares the line")
        edits.append(Edit(start, start, f"{lock}.{mode}(){nl}{indent}".encode()))
        edits.append(Edit(end, end, f"{nl}{indent}{lock}.{unlock}()".encode()))
    return LockPlan(tuple(edits))


# --------------------------------------------------------------------------- names and types


def identifiers(node: Node, file: SourceFile) -> set[str]:
    return {
        file.text(n)
        for n in sx.walk(node)
        if n.type in ("identifier", "field_identifier", "type_identifier")
    }


def free_name(taken: set[str], *candidates: str) -> str:
    for name in candidates:
        if name not in taken:
            return name
    base = candidates[-1]
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def mutex_kind(type_text: str) -> str:
    """ "rw" for sync.RWMutex, "m" for sync.Mutex, "" otherwise."""
    text = type_text.strip().lstrip("*")
    if text == "sync.RWMutex":
        return "rw"
    if text == "sync.Mutex":
        return "m"
    return ""


_MAP = re.compile(r"^map\s*\[")


def is_map_type(index: PackageIndex, type_text: str, file: SourceFile | None) -> bool:
    return bool(_MAP.match(index.underlying(type_text, file)))


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


# --------------------------------------------------------------------------- struct fields


def _width(text: str) -> int:
    return len(text)


def tab_align(rows: list[list[str]]) -> list[str]:
    """Render cell rows the way gofmt's tabwriter does (padding 1, empty
    columns discarded); the last cell of a row is never padded."""
    widths: list[list[int]] = [[0] * max(len(r) - 1, 0) for r in rows]

    def fmt(column: int, line0: int, line1: int) -> None:
        this = line0
        while this < line1:
            if column >= len(rows[this]) - 1:
                this += 1
                continue
            start = this
            width = 0
            discardable = True
            while this < line1 and column < len(rows[this]) - 1:
                cell = rows[this][column]
                width = max(width, _width(cell) + 1)
                if cell:
                    discardable = False
                this += 1
            if discardable:
                width = 0
            for row in range(start, this):
                widths[row][column] = width
            fmt(column + 1, start, this)

    fmt(0, 0, len(rows))
    out = []
    for row, cells in zip(widths, rows, strict=True):
        parts = [cell + " " * (w - _width(cell)) for cell, w in zip(cells, row, strict=False)]
        parts.append(cells[-1] if cells else "")
        out.append("".join(parts).rstrip(" ") if cells else "")
    return out


def _field_cells(file: SourceFile, decl: Node, comment: Node | None) -> list[str] | None:
    if file.position(decl.start_byte).line != file.position(decl.end_byte).line:
        return None
    names = decl.children_by_field_name("name")
    kind = decl.child_by_field_name("type")
    tag = decl.child_by_field_name("tag")
    if kind is None:
        return None
    cells: list[str] = []
    if names:
        cells.append(", ".join(file.text(n) for n in names))
        cells.append(file.text(kind))
        if tag is not None:
            cells.append(file.text(tag))
        if comment is not None:
            cells.append(file.text(comment))
    else:
        text = file.data[decl.start_byte : kind.end_byte].decode()
        cells.append(text)
        if tag is not None:
            cells.append(file.text(tag))
        if comment is not None:
            if tag is None:
                cells.append("")
            cells.append(file.text(comment))
    return cells


def insert_field(
    file: SourceFile, field_decl: Node, new_name: str, new_type: str, replace: str | None = None
) -> Edit | None:
    """An edit adding ``new_name new_type`` on the line above ``field_decl``
    (or, with ``replace``, changing ``field_decl``'s type) and realigning the
    field section gofmt-style. ``None`` when the section is too irregular."""
    flist = field_decl.parent
    if flist is None or flist.type != "field_declaration_list":
        return None
    if file.position(flist.start_byte).line == file.position(field_decl.start_byte).line:
        return None
    # The section: consecutive lines without a blank line between them.
    members = [c for c in flist.named_children]
    pos = members.index(field_decl)

    def line(n: Node) -> int:
        return file.position(n.start_byte).line

    def end_line(n: Node) -> int:
        return file.position(n.end_byte).line

    lo = pos
    while lo > 0 and line(members[lo]) - end_line(members[lo - 1]) <= 1:
        lo -= 1
    hi = pos
    while hi + 1 < len(members) and line(members[hi + 1]) - end_line(members[hi]) <= 1:
        hi += 1
    section = members[lo : hi + 1]
    rows: list[list[str]] = []
    i = 0
    target_row = -1
    while i < len(section):
        node = section[i]
        comment = None
        if (
            i + 1 < len(section)
            and section[i + 1].type == "comment"
            and line(section[i + 1]) == end_line(node)
            and node.type != "comment"
        ):
            comment = section[i + 1]
        if node.type == "comment":
            rows.append([file.text(node)])
        else:
            cells = _field_cells(file, node, comment)
            if cells is None:
                return None
            if node == field_decl:
                if replace is not None:
                    cells[1] = replace
                else:
                    rows.append([new_name, new_type])
            rows.append(cells)
        i += 2 if comment is not None else 1
    indent = file.indent_at(section[0].start_byte).decode()
    nl = file.newline.decode()
    text = nl.join(indent + r for r in tab_align(rows))
    start = file.data.rfind(b"\n", 0, section[0].start_byte) + 1
    last = section[-1]
    end = file.data.find(b"\n", last.end_byte)
    if end < 0:
        end = len(file.data)
    if file.data[end - 1 : end] == b"\r":
        end -= 1
    del target_row
    return Edit(start, end, text.encode())


# --------------------------------------------------------------------------- shared maps


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

    def display(self, access: Access) -> str:
        return access.file.text(access.node)


def _field_decl_node(index: PackageIndex, owner: str, name: str) -> Node | None:
    decl = index.types.get(owner)
    if decl is None:
        return None
    for f in decl.fields:
        if f.name == name and not f.embedded:
            parent = f.type_node.parent
            return parent
    return None


_GUARDS = re.compile(rb"\b(?:protects|guards|covers|locks|for)\s+(.*)", re.IGNORECASE)


def _guarded_names(mu_node: Node) -> set[str] | None:
    """The fields named by the mutex's line comment (``// protects a, b``)."""
    sibling = mu_node.next_sibling
    if sibling is None or sibling.type != "comment":
        return None
    if sibling.start_point[0] != mu_node.end_point[0]:
        return None
    found = _GUARDS.search(sibling.text or b"")
    if found is None:
        return None
    return {w.decode() for w in re.findall(rb"[A-Za-z_][A-Za-z0-9_]*", found.group(1))}


def same_group(index: PackageIndex, owner: str, mutex: str, name: str) -> bool:
    """``name`` is declared in the mutex's block of fields (no blank line
    between them): by Go convention the fields a mutex guards."""
    decl = index.types.get(owner)
    if decl is None:
        return False
    mu_node = next((f.type_node.parent for f in decl.fields if f.name == mutex), None)
    field_node = _field_decl_node(index, owner, name)
    if mu_node is None or field_node is None:
        return False
    named = _guarded_names(mu_node)
    if named is not None:
        return name in named
    root = mu_node
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    lo = min(mu_node.start_byte, field_node.start_byte)
    hi = max(mu_node.end_byte, field_node.end_byte)
    lines = data[lo:hi].split(b"\n")
    return not any(not line.strip() for line in lines[1:-1])


def struct_fields(index: PackageIndex) -> list[SharedMap]:
    """Map fields of the package's structs with their accesses in methods."""
    cached = index.memo.get("_locks.fields")
    if isinstance(cached, list):
        return cached
    result: list[SharedMap] = []
    cache: dict[int, dict[int, Held]] = {}
    for decl in index.types.values():
        if not decl.is_struct:
            continue
        for f in decl.fields:
            if f.embedded or not is_map_type(index, f.type_text, decl.file):
                continue
            sm = SharedMap(
                "field", f.name, decl.name, _field_decl_node(index, decl.name, f.name), decl.file
            )
            for method in index.methods(decl.name):
                body = method.body
                if body is None or not method.receiver_name or method.receiver_name == "_":
                    continue
                for node in src.of_types(body, ("selector_expression",)):
                    operand = node.child_by_field_name("operand")
                    name = node.child_by_field_name("field")
                    if (
                        operand is not None
                        and name is not None
                        and operand.type == "identifier"
                        and method.file.text(operand) == method.receiver_name
                        and method.file.text(name) == f.name
                        and not dead(index, method.file, node)
                    ):
                        sm.accesses.append(make_access(method.file, node, cache))
            result.append(sm)
    index.memo["_locks.fields"] = result
    return result


def copied_into_own_field(sm: SharedMap, access: Access) -> bool:
    """``&T{F: r.F}`` in a method of ``T`` (a ``Clone``): the map goes into
    the same field of another ``T``. That is no map operation, and every
    operation on the copy is an access of the same field by ``T``'s methods,
    which is already one of ``sm.accesses``."""
    if access.kind != "escape":
        return False
    element = access.node.parent
    keyed = element.parent if element is not None else None
    if element is None or keyed is None or element.type != "literal_element":
        return False
    if keyed.type != "keyed_element" or keyed.child_by_field_name("value") != element:
        return False
    key = keyed.child_by_field_name("key")
    literal = keyed.parent.parent if keyed.parent is not None else None
    if key is None or literal is None or literal.type != "composite_literal":
        return False
    if access.file.text(key) != sm.name:
        return False
    kind = literal.child_by_field_name("type")
    if kind is not None and kind.type == "generic_type":
        kind = kind.child_by_field_name("type")
    return (
        kind is not None and kind.type == "type_identifier" and access.file.text(kind) == sm.owner
    )


def mutex_field(index: PackageIndex, owner: str) -> tuple[str, str, bool] | None:
    """The struct's mutex: (field name, "rw"|"m", embedded)."""
    decl = index.types.get(owner)
    if decl is None:
        return None
    for f in decl.fields:
        kind = mutex_kind(f.type_text)
        if kind:
            return f.name, kind, f.embedded
    return None


def locked_by_owner(access: Access, recv: str, mutex: tuple[str, str, bool] | None) -> bool:
    if mutex is None:
        return False
    name, _, embedded = mutex
    target = recv if embedded else f"{recv}.{name}"
    return guarded(access, lambda t: t == target or (embedded and t == f"{recv}.{name}"))


def is_test_file(file: SourceFile) -> bool:
    return file.path.endswith("_test.go")


def _resolved_calls(index: PackageIndex) -> list[tuple[FuncDecl, Node, str]]:
    """Every call in a function of the package that ``resolve_call`` resolves,
    with the function around it and the callee key (memoised per package)."""
    cached = index.memo.get("_locks.resolved_calls")
    if isinstance(cached, list):
        return cached
    by_name = method_names(index)
    result: list[tuple[FuncDecl, Node, str]] = []
    for decl in index.funcs.values():
        body = decl.body
        if body is None:
            continue
        recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
        for call in src.of_types(body, ("call_expression",)):
            key = resolve_call(index, decl.file, call, recv, by_name)
            if key is not None:
                result.append((decl, call, key))
    index.memo["_locks.resolved_calls"] = result
    return result


def locked_helpers(index: PackageIndex, owner: str, mutex: tuple[str, str, bool]) -> set[str]:
    """Methods of ``owner`` that run with its lock held: named ``fooLocked``,
    or called only where the lock is held, directly or through other such
    methods. Calls from test files do not count when the package itself
    calls the method (tests call helpers directly, on one goroutine)."""
    memo_key = f"_locks.helpers:{owner}:{mutex[0]}"
    cached = index.memo.get(memo_key)
    if isinstance(cached, set):
        return cached
    # callee key → [(caller key, locked at the call, from a test file)]
    sites: dict[str, list[tuple[str, bool, bool]]] = {}
    cache: dict[int, dict[int, Held]] = {}
    prefix = f"{owner}."
    for decl, call, key in _resolved_calls(index):
        if key.startswith(prefix):
            recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
            access = make_access(decl.file, call, cache)
            under = recv is not None and locked_by_owner(access, recv[0], mutex)
            in_closure = sx.enclosing_function(call) != decl.node
            sites.setdefault(key, []).append(
                (
                    "" if in_closure else decl.key,
                    under or bool(access.held),
                    is_test_file(decl.file),
                )
            )
    helpers = {
        decl.key
        for decl in index.methods(owner)
        if decl.name.endswith("Locked") or decl.name.endswith("_locked")
    }
    # Greatest fixed point, so that recursive helpers stay helpers: drop a
    # method while one of its calls is neither locked nor made by a helper.
    relevant = {key: [c for c in calls if not c[2]] or calls for key, calls in sites.items()}
    candidates = set(relevant) | helpers
    # An unexported method that no call we can resolve reaches is called
    # indirectly (``state.enc.m()``, a method value in a table): its callers
    # are unknown, so it does not break its callees' contract.
    launched = goroutines(index).funcs
    for decl in index.methods(owner):
        name = decl.name
        if decl.key not in sites and name[:1].islower() and decl.key not in launched:
            candidates.add(decl.key)
    changed = True
    while changed:
        changed = False
        for key, calls in relevant.items():
            if key not in candidates or key in helpers:
                continue
            if not all(locked or caller in candidates for caller, locked, _t in calls):
                candidates.discard(key)
                changed = True
    helpers |= candidates
    index.memo[memo_key] = helpers
    return helpers


def receiver_name(index: PackageIndex, access: Access) -> str:
    top = sx.declaration_of(access.node)
    if top is None:
        return ""
    recv = receiver_of(index, top)
    return recv[0] if recv else ""


def method_decl(index: PackageIndex, access: Access) -> FuncDecl | None:
    top = sx.declaration_of(access.node)
    for decl in index.funcs.values():
        if decl.node == top:
            return decl
    return None


def method_key(index: PackageIndex, access: Access) -> str:
    """``Type.Name`` of the method around the access, also for a method
    defined again in another build-tagged file (the index keeps one)."""
    decl = method_decl(index, access)
    if decl is not None:
        return decl.key
    top = sx.declaration_of(access.node)
    if top is None or top.type != "method_declaration":
        return ""
    name = top.child_by_field_name("name")
    recv = top.child_by_field_name("receiver")
    if name is None or recv is None:
        return ""
    types = [n for n in sx.walk(recv) if n.type == "type_identifier"]
    if not types:
        return ""
    return f"{access.file.text(types[0])}.{access.file.text(name)}"


def _identifiers_in_funcs(
    index: PackageIndex, names: Iterable[str]
) -> dict[str, list[tuple[FuncDecl, Node]]]:
    """The identifiers spelled as one of ``names`` in the bodies of the
    package's functions (but its ``init`` functions), by name, in function
    order then source order. Bodies whose bytes hold none of the names are
    not walked."""
    from gofixmap.rules import _gotypes

    wanted = set(names)
    uses: dict[str, list[tuple[FuncDecl, Node]]] = {}
    for key, decl in index.funcs.items():
        body = decl.body
        if key.startswith("init#") or body is None:
            continue
        for node in _gotypes.identifiers_named(body, wanted):
            uses.setdefault(decl.file.text(node), []).append((decl, node))
    return uses


def globals_(index: PackageIndex) -> list[SharedMap]:
    from gofixmap.rules import _gotypes

    cached = index.memo.get("_locks.globals")
    if isinstance(cached, list):
        return cached
    result: list[SharedMap] = []
    cache: dict[int, dict[int, Held]] = {}
    maps = [
        var
        for var in index.vars.values()
        if (
            is_map_type(index, var.type_text, var.file)
            if var.type_text
            else map_value_of(var.value, var.file)
        )
    ]
    uses = _identifiers_in_funcs(index, {var.name for var in maps}) if maps else {}
    for var in maps:
        sm = SharedMap("global", var.name, decl=var.node, decl_file=var.file)
        for decl, node in uses.get(var.name, ()):
            binding = _gotypes.resolve(index, decl.file, var.name, node)
            if binding is None or binding.kind != "package":
                continue
            if not dead(index, decl.file, node):
                sm.accesses.append(make_access(decl.file, node, cache))
        result.append(sm)
    index.memo["_locks.globals"] = result
    return result


def locals_(index: PackageIndex, file: SourceFile, everywhere: bool = False) -> list[SharedMap]:
    """Local maps of functions that start goroutines, with their accesses
    (``everywhere``: of every function, for maps a race report names)."""
    from gofixmap.rules import _gotypes

    result: list[SharedMap] = []
    starts = [] if everywhere else [stmt.start_byte for stmt in go_starts(file)]
    if not everywhere and not starts:
        return result  # no function of the file starts a goroutine
    cache: dict[int, dict[int, Held]] = {}
    for top in file.root.named_children:
        if top.type not in ("function_declaration", "method_declaration"):
            continue
        body = sx.body(top)
        if body is None or not (
            everywhere or any(body.start_byte <= s < body.end_byte for s in starts)
        ):
            continue
        for func in src.of_types(top, FUNCS):
            fbody = sx.body(func)
            if fbody is None:
                continue
            declaring = ("short_var_declaration", "var_spec")
            for node in src.of_types(fbody, declaring, "func_literal"):
                names: list[Node] = []
                if node.type == "short_var_declaration":
                    left = node.child_by_field_name("left")
                    right = node.child_by_field_name("right")
                    if left is None or right is None:
                        continue
                    values = right.named_children
                    for i, ident in enumerate(left.named_children):
                        if i < len(values) and map_value_of(values[i], file):
                            names.append(ident)
                elif node.type == "var_spec":
                    kind = node.child_by_field_name("type")
                    value = node.child_by_field_name("value")
                    values = value.named_children if value is not None else []
                    for i, ident in enumerate(node.children_by_field_name("name")):
                        if (kind is not None and is_map_type(index, file.text(kind), file)) or (
                            i < len(values) and map_value_of(values[i], file)
                        ):
                            names.append(ident)
                for ident in names:
                    name = file.text(ident)
                    stmt = sx.statement_of(node)
                    sm = SharedMap("local", name, decl=stmt, decl_file=file, func=func)
                    for use in src.of_types(fbody, ("identifier",)):
                        if use == ident or file.text(use) != name:
                            continue
                        binding = _gotypes.resolve(index, file, name, use)
                        if binding is None or binding.name_node != ident:
                            continue
                        if not dead(index, file, use):
                            sm.accesses.append(make_access(file, use, cache))
                    result.append(sm)
    return result


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


def concurrent_local(sm: SharedMap, passes: Iterable[GoPass] = ()) -> list[Access]:
    passes = list(passes)
    """The accesses of a local map that can run at the same time as another
    access, when at least one of them writes; [] when the map is confined or
    only read, or the caller waits (wg.Wait, a receive) before using it."""
    func = sm.func
    if func is None or sm.decl_file is None:
        return []
    file = sm.decl_file
    by_launch: dict[int, list[Access]] = {}
    launches: dict[int, Node] = {}
    caller: list[Access] = []
    passed = {gp.access for gp in passes}
    for access in sm.accesses:
        lit = launch_of(access.node, func)
        if lit is None:
            if access not in passed:
                caller.append(access)
        else:
            by_launch.setdefault(lit.id, []).append(access)
            launches[lit.id] = lit
    starts: list[tuple[Node, list[Access]]] = []
    for key, accs in by_launch.items():
        lit = launches[key]
        go_stmt = lit.parent.parent if lit.parent is not None else None
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
        if sx.in_statement_list(s) and is_sync_point(file, s) and launch_of(s, func) is None
    ]
    contexts = 0
    chosen: list[Access] = []
    concurrent_caller: list[Access] = []
    for go_stmt, accs in starts:
        contexts += 2 if in_loop(go_stmt, func) else 1
        chosen.extend(accs)
        if go_stmt.type == "call_expression" and _parallel_subtest(go_stmt):
            continue  # parallel subtests start once the parent function returns
        loops = loop_ancestors(go_stmt, func)
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


def go_passes(index: PackageIndex, sm: SharedMap) -> list[GoPass]:
    """The go statements that pass the local map ``sm`` to a package function."""
    from gofixmap.rules import _gotypes

    file = sm.decl_file
    if file is None:
        return []
    by_name = method_names(index)
    cache: dict[int, dict[int, Held]] = {}
    result: list[GoPass] = []
    for access in sm.accesses:
        args = access.node.parent
        if access.kind != "escape" or args is None or args.type != "argument_list":
            continue
        call = args.parent
        if call is None or call.type != "call_expression":
            continue
        go_stmt = call.parent
        if go_stmt is None or go_stmt.type != "go_statement":
            continue
        position = next((i for i, arg in enumerate(args.named_children) if arg == access.node), -1)
        func = sx.enclosing_function(call)
        recv = receiver_of(index, func) if func is not None else None
        key = resolve_call(index, file, call, recv, by_name)
        decl = index.funcs.get(key) if key else None
        if decl is None or decl.body is None or not 0 <= position < len(decl.params):
            continue
        param = decl.params[position].name
        if not param or param == "_" or decl.params[position].type_text.startswith("[]"):
            continue
        inner: list[Access] = []
        for node in src.of_types(decl.body, ("identifier",)):
            if decl.file.text(node) != param:
                continue
            binding = _gotypes.resolve(index, decl.file, param, node)
            if (
                binding is None
                or binding.kind != "param"
                or not decl.node.start_byte <= binding.node.start_byte < decl.body.start_byte
            ):
                continue
            if not dead(index, decl.file, node):
                inner.append(make_access(decl.file, node, cache))
        if inner:
            result.append(GoPass(access, go_stmt, call, decl, param, tuple(inner)))
    return result
