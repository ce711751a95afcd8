"""Methods whose every call has the value to itself: a lock guarding it is
held, or no other goroutine can reach it yet.

A type without a mutex of its own (``// not safe for concurrent use``) is
made safe by its owner: each value sits in a field of a struct whose mutex
is held at every call of the methods, ``m.mu.Lock(); m.services.Add(k, v)``.
The lock analyses of go vet and Clang derive this as a "requires lock"
summary per method. A constructor's helper (``idx := &T{...}; idx.load();
return idx``) runs before the value is shared at all. Here a method ``T.M``
of the package has such a summary when it has calls and each of them

- holds a lock of the value that owns the receiver (the call ``P.f.M()``
  holds ``P.mu``, a lock reached from the same root as the receiver, or a
  package-level lock, which serialises every value), or
- is made on the receiver of a method of ``T`` that itself has the
  summary (``s.remove(k)`` in ``T.Remove``), or
- is made by a function named or documented to run with the lock held
  (``fooLocked``, ``// must hold mu``), or called only where its own lock
  is held, on a field of its receiver, or
- is made on a local the function made fresh (``&T{...}``, ``new(T)``, a
  constructor of the package returning a new value) before anything that
  can run first hands it on (returns, stores, passes or sends it, captures
  it in a func literal, starts a goroutine with it or a part of it, or
  calls a method that does), and the method called keeps its receiver to
  its goroutine too (no go statement, the receiver only reached through,
  also in the methods it calls on it: :func:`_unshared`; a func literal
  the method returns may use the receiver when every call of the method is
  handed straight to a call that runs it before returning, such as a
  dependency's ``bkt.ForEach(ds.handler(ctx))``: :func:`runs_in_callers`,
  and the literal's own accesses then hold what the method's callers hold).
  A named result assigned a new value (``func New() (ds *T, err error) {
  ds = &T{...}; ds.load(); return ds, nil }``) is such a local too.

Calls started with ``go`` or ``defer`` hold nothing. A method named other
than as a callee (a method value) has callers nobody sees, so it has no
summary. Calls in test files count only when the package itself makes
none (and then not for an exported method: its callers are elsewhere).
The calls seen are the package's own, as are the goroutines that make the
method concurrent in MR001's reading. The mode is ``"w"`` when
every call holds a write lock or the value to itself, ``"r"`` when some
hold only a read lock.

Why this module is longer than 600 lines: the test that a local holds a
value no one else has yet (where it is declared, what each definition
gives it, what it is handed to before the call) is only meaningful next to
the call-site summaries it feeds, and is kept with them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callbacks import synchronous_argument
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.contracts import documented_locked
from gofixmap.rules.facts.locks import Access, Locks, is_test_file
from gofixmap.rules.facts.scopes import type_of
from gofixmap.rules.facts.shared import SharedMaps

_ARGS = re.compile(r"\[.*\]$")


def _bare(type_text: str) -> str:
    """``*pkg.T[K, V]`` → ``T`` only for the package's own spelling: the
    pointer and type arguments dropped (a qualified name stays qualified)."""
    return _ARGS.sub("", type_text.strip().lstrip("*").strip())


def _locked_name(decl: FuncDecl) -> bool:
    return decl.name.endswith(("Locked", "NoLock", "_locked")) or documented_locked(decl, "")


_CACHE: weakref.WeakKeyDictionary[SharedMaps, dict[tuple[str, bool], dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _per_pass(shared: SharedMaps, owner: str, fresh_only: bool) -> dict[str, str]:
    """:func:`caller_locked` for ``owner`` in the package of ``shared``,
    computed once per (owner, mode) and pass."""
    table = _CACHE.setdefault(shared, {})
    found = table.get((owner, fresh_only))
    if found is None:

        def runs_locked(decl: FuncDecl) -> bool:
            if fresh_only:
                return False
            mutex = shared.mutex_field(decl.receiver) if decl.receiver else None
            return mutex is not None and decl.key in shared.helpers(decl.receiver, mutex)

        found = table[(owner, fresh_only)] = caller_locked(
            shared.package, shared.calls, shared.locks, owner, runs_locked, fresh_only
        )
    return found


def exclusive_methods(shared: SharedMaps, owner: str) -> dict[str, str]:
    """:func:`caller_locked` for ``owner`` in the package of ``shared``
    (computed once per owner and pass)."""
    return _per_pass(shared, owner, False)


def constructing_methods(shared: SharedMaps, owner: str) -> set[str]:
    """The methods of ``owner`` whose every call is made on a value not
    shared yet (a constructor's ``m := &T{...}; m.load()``, directly or
    through methods called so on their receiver), no lock counted: what
    they write is written before any other goroutine can reach the value,
    so it races with nothing (:func:`caller_locked` with ``fresh_only``)."""
    return set(_per_pass(shared, owner, True))


def caller_locked(
    index: PackageIndex,
    calls: Calls,
    locks: Locks,
    owner: str,
    runs_locked: Callable[[FuncDecl], bool],
    fresh_only: bool = False,
) -> dict[str, str]:
    """Method key of ``owner`` → the mode of the lock every call holds
    (see the module doc); methods that require none are absent.
    ``runs_locked``: whether a method runs with its own receiver's lock
    held (the callers' contract, :meth:`.shared.SharedMaps.helpers`).
    ``fresh_only``: count only calls on a value not shared yet, not locks."""
    methods = {d.name: d for d in index.methods(owner) if d.body is not None}
    values = _method_values(index, calls, owner, set(methods))
    candidates = {d.key for d in methods.values() if d.name not in values}
    if not candidates:
        return {}
    # method key → [(caller, receiver text of the call, lock mode held or "")]
    sites: dict[str, list[tuple[FuncDecl, str, str]]] = {}
    for decl in index.funcs.values():
        body = decl.body
        if body is None:
            continue
        for call in src.of_types(body, ("call_expression",)):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            name_node = fn.child_by_field_name("field")
            operand = fn.child_by_field_name("operand")
            if name_node is None or operand is None:
                continue
            target = methods.get(decl.file.text(name_node))
            if target is None or target.key not in candidates:
                continue
            if not _receives(index, calls, decl, operand, owner):
                continue
            recv = decl.file.text(operand)
            held = "" if fresh_only else _held(index, locks, decl, call, recv)
            if not held and _on_own_field(decl, call, recv) and runs_locked(decl):
                held = "w"
            if not held:
                unshared = _unshared(index, decl, call, operand, locks, owner)
                if unshared == "fresh":
                    held = "w"
                elif unshared == "part" and decl.receiver == owner:
                    recv = decl.receiver_name  # as the receiver goes (below)
            sites.setdefault(target.key, []).append((decl, recv, held))
    modes: dict[str, str] = {}
    for key in candidates:
        found = sites.get(key, [])
        production = [s for s in found if not is_test_file(s[0].file)]
        exported = key.rsplit(".", 1)[-1][:1].isupper()
        if production or (found and not exported):
            # (an exported method that only tests call is called by other
            # packages, whose calls are not seen here)
            sites[key] = production or found
            modes[key] = "w"
    # Greatest fixed point: a call made on the receiver of a method that
    # requires the lock holds what that method's callers hold.
    changed = True
    while changed:
        changed = False
        for key in list(modes):
            mode = "w"
            for caller, recv, held in sites[key]:
                if not held and caller.receiver == owner and recv == caller.receiver_name:
                    held = modes.get(caller.key, "")
                if not held:
                    mode = ""
                    break
                if held == "r":
                    mode = "r"
            if mode != modes[key]:
                changed = True
                if mode:
                    modes[key] = mode
                else:
                    del modes[key]
    return modes


def _receives(index: PackageIndex, calls: Calls, decl: FuncDecl, operand: Node, owner: str) -> bool:
    """The call's operand is a value of ``owner`` (pointer or not)."""
    file = decl.file
    if operand.type == "identifier" and file.text(operand) == decl.receiver_name:
        return decl.receiver == owner
    kind = type_of(index, file, operand)
    if kind is not None:
        return _bare(kind) == owner
    # A field chain from the receiver: its declared field types.
    if operand.type == "selector_expression":
        chain: list[str] = []
        node: Node | None = operand
        while node is not None and node.type == "selector_expression":
            field = node.child_by_field_name("field")
            if field is None:
                return False
            chain.append(file.text(field))
            node = node.child_by_field_name("operand")
        if node is None or node.type != "identifier" or file.text(node) != decl.receiver_name:
            return False
        kind = decl.receiver
        for part in reversed(chain):
            found = index.field_of(_bare(kind), part)
            if found is None:
                return False
            kind = found.type_text
        return _bare(kind) == owner
    return False


def _held(index: PackageIndex, locks: Locks, decl: FuncDecl, call: Node, recv: str) -> str:
    """The mode of a lock held at ``call`` that guards the value ``recv``
    (a lock of the value owning it, or a package-level lock: a local mutex
    serialises only the calls of its own function), "" if none."""
    stmt = call.parent
    if stmt is not None and stmt.type in ("go_statement", "defer_statement"):
        return ""
    func = sx.enclosing_function(call)
    if func is None:
        return ""
    mode = ""
    recv = _owned_as(decl, call, recv)
    for target, held_mode in locks.access(decl.file, call).held:
        root, dot, _rest = target.rpartition(".")
        if dot and not (recv == root or recv.startswith(root + ".")):
            continue
        if not dot and target not in index.vars:
            continue
        if held_mode == "w":
            return "w"
        mode = "r"
    if not mode and _on_own_field(decl, call, recv) and _locked_name(decl):
        return "w"  # ``fooLocked`` runs with its receiver's lock held
    return mode


_LOOPS = ("for_statement",)


def _owned_as(decl: FuncDecl, call: Node, recv: str) -> str:
    """The place a local receiver ``recv`` was taken from, when it is a part
    of another value: ``for _, g := range s.summaries`` around the call, or
    its one definition ``g := s.summaries[k]`` (``s.summaries``: a lock of
    ``s`` guards it as it guards ``s.summaries[k].M()``); else ``recv``."""
    file = decl.file
    body = decl.body
    if body is None or not recv.isidentifier() or recv == decl.receiver_name:
        return recv
    for loop in sx.ancestors(call):
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        left = clause.child_by_field_name("left") if clause is not None else None
        right = clause.child_by_field_name("right") if clause is not None else None
        if loop.type != "for_statement" or left is None or right is None:
            continue
        names = [file.text(n) for n in left.named_children]
        if recv in names:
            if names.index(recv) == 1 and right.type in ("selector_expression", "index_expression"):
                return file.text(right)
            return recv
    scope, start = _declaring_scope(file, body, recv, call)
    if not start:
        return recv
    values = [
        _defined_value(n)
        for n in sx.walk(scope)
        if n.type == "identifier" and file.text(n) == recv and _defines(n) and n.start_byte >= start
    ]
    if len(values) == 1 and values[0] is not None:
        value = sx.unparen(values[0])
        if value.type in ("selector_expression", "index_expression"):
            return file.text(value)
    return recv


def _unshared(
    index: PackageIndex,
    decl: FuncDecl,
    call: Node,
    operand: Node,
    locks: Locks | None = None,
    owner: str = "",
) -> str:
    """``x.M()`` on a value no other goroutine can reach yet: ``x`` is a
    local of the function (not of a func literal) made fresh there (``x :=
    &T{...}``, ``new(T)``, a constructor of the package that returns a new
    value), and nothing that can run before the call shares it: no use of
    ``x`` before the call (or anywhere in a loop around it) hands ``x``
    itself on (returned, stored, passed, sent, captured by a func literal);
    uses before it only read or write its fields or call methods of the
    package that neither start goroutines nor hand their receiver on:
    "fresh". "part" when some definitions of ``x`` take a part of the
    method's receiver instead (``node = other`` after ``other, ok :=
    t.Nodes[name]``): ``x`` is then as shared as the receiver is (a tree
    that its builder grows through copies of its own nodes). "" otherwise."""
    file = decl.file
    if operand.type != "identifier" or sx.enclosing_function(call) != decl.node:
        return ""
    stmt = call.parent
    if stmt is not None and stmt.type in ("go_statement", "defer_statement"):
        return ""
    name = file.text(operand)
    body = decl.body
    if body is None or name == decl.receiver_name or any(p.name == name for p in decl.params):
        return ""
    scope, start = _declaring_scope(file, body, name, call)
    level = _fresh_local(index, file, scope, name, call, decl.receiver_name, start)
    if not level:
        return ""
    fn = call.child_by_field_name("function")
    field = fn.child_by_field_name("field") if fn is not None else None
    if field is None or not _keeps_receiver(index, file.text(field), locks=locks):
        return ""  # the method itself may share the value before its accesses
    loops = [a for a in sx.ancestors(call) if a.type in _LOOPS and scope.start_byte <= a.start_byte]
    for node in sx.walk(scope):
        if node.type != "identifier" or node == operand or file.text(node) != name:
            continue
        if node.start_byte < start:
            continue  # another variable of that name, declared before
        before = node.start_byte < call.start_byte or any(
            loop.start_byte <= node.start_byte < loop.end_byte for loop in loops
        )
        if not before:
            continue
        if _plain_field(index, file, node, owner):
            continue  # a field that holds no map (nor the value) read or set anywhere
        if sx.enclosing_function(node) != decl.node:
            return ""  # captured by a func literal
        if any(
            a.type == "go_statement" for a in sx.ancestors(node) if body.start_byte <= a.start_byte
        ):
            return ""  # handed (or a part of it) to a new goroutine
        if _defines(node):
            continue
        parent = node.parent
        if parent is None or parent.type != "selector_expression":
            return ""  # x itself handed on
        if parent.child_by_field_name("operand") != node:
            continue
        up = parent.parent
        if (
            up is not None
            and up.type == "call_expression"
            and (up.child_by_field_name("function") == parent)
        ):
            field = parent.child_by_field_name("field")
            method = file.text(field) if field is not None else ""
            if not _keeps_receiver(index, method, locks=locks):
                return ""
            grand = up.parent
            if grand is not None and grand.type in ("go_statement", "defer_statement"):
                return ""
        else:
            field = parent.child_by_field_name("field")
            name_ = file.text(field) if field is not None else ""
            if any(d.receiver and d.name == name_ for d in index.funcs.values()):
                return ""  # ``x.M`` as a method value binds x: handed on
    return "fresh" if level == 2 else "part"


# Field types that can hold neither a map nor the value itself: channels,
# the predeclared scalars and the locks and atomics of the standard library.
_PLAIN = re.compile(
    r"(?:<-\s*)?chan\b.*|\*?sync\.\w+|\*?atomic\.\w+|bool|string|byte|rune|u?int(?:8|16|32|64)?"
    r"|uintptr|float(?:32|64)|complex(?:64|128)"
)


def _plain_field(index: PackageIndex, file: SourceFile, node: Node, owner: str) -> bool:
    """``x.f`` (not a method call or value) where ``f`` is a field of
    ``owner`` of a type that holds no map and cannot hold ``x`` (:data:`_PLAIN`):
    a goroutine or func literal that reaches ``x`` only so (``<-m.messages``)
    touches none of its maps, whatever it does with the field."""
    parent = node.parent
    if not owner or parent is None or parent.type != "selector_expression":
        return False
    if parent.child_by_field_name("operand") != node:
        return False
    name = parent.child_by_field_name("field")
    if name is None:
        return False
    found = index.field_of(owner, file.text(name))
    if found is None or found.embedded:
        return False
    text = index.underlying(found.type_text, file).strip()
    return "map[" not in text and _PLAIN.fullmatch(text) is not None


def _defines(node: Node) -> bool:
    """``node`` is a name on the left of ``:=``/``=``/``var``."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "var_spec":
        return True
    if parent.type == "expression_list":
        holder = parent.parent
        return (
            holder is not None
            and holder.type in ("short_var_declaration", "assignment_statement")
            and holder.child_by_field_name("left") == parent
        )
    return False


# nodes between a declaration and the node whose extent is its scope
_SCOPE_PARTS = ("var_declaration", "statement_list", "for_clause")


def _declaring_scope(file: SourceFile, body: Node, name: str, at: Node) -> tuple[Node, int]:
    """The block (or ``if``/``for``/``switch`` with an init) where the local
    ``name`` used at ``at`` is declared, and where its declaration starts:
    the last ``name :=`` or ``var name`` before ``at`` whose scope holds
    ``at``; ``(body, 0)`` when none is found."""
    best: tuple[Node, int] = (body, 0)
    for node in sx.walk(body, closures=False):
        if node.start_byte >= at.start_byte:
            break
        if node.type != "identifier" or file.text(node) != name:
            continue
        holder = node.parent
        if holder is not None and holder.type == "expression_list":
            holder = holder.parent
        if holder is None or holder.type not in ("short_var_declaration", "var_spec"):
            continue
        if holder.type == "short_var_declaration" and not _defines(node):
            continue
        scope = holder.parent
        while scope is not None and scope.type in _SCOPE_PARTS:
            scope = scope.parent
        if scope is None or not scope.start_byte <= at.start_byte < scope.end_byte:
            continue
        best = (scope, holder.start_byte)
    return best


def _fresh_local(
    index: PackageIndex,
    file: SourceFile,
    body: Node,
    name: str,
    at: Node,
    receiver: str = "",
    start: int = 0,
) -> int:
    """2 when every definition of local ``name`` in ``body`` (from the byte
    ``start`` on) is a new value; 1 when, with a ``receiver`` name, each is
    a new value or a part of the receiver (:func:`_receiver_part`) and some
    are parts; else 0."""
    found = False
    parts = False
    for node in sx.walk(body):
        if node.type != "identifier" or file.text(node) != name or not _defines(node):
            continue
        if node.start_byte < start:
            continue
        value = _defined_value(node, var_specs=True)
        if value is None:
            return 0
        if _new_value(index, file, value):
            found = True
        elif receiver and _receiver_part(file, body, value, receiver):
            parts = True
        else:
            return 0
    if parts:
        return 1
    return 2 if found else 0


def _receiver_part(file: SourceFile, body: Node, value: Node, receiver: str) -> bool:
    """``r.f[k]``, ``r.f.g`` (a value read out of the receiver ``r``), or a
    local every definition of which is one (``other, ok := r.f[k]``)."""
    value = sx.unparen(value)
    if value.type == "identifier":
        name = file.text(value)
        if name == receiver:
            return False
        defs = [n for n in sx.walk(body) if n.type == "identifier" and file.text(n) == name]
        values = [_defined_value(d) for d in defs if _defines(d)]
        return bool(values) and all(
            v is not None and v.type != "identifier" and _receiver_part(file, body, v, receiver)
            for v in values
        )
    node: Node | None = value
    while node is not None and node.type in ("index_expression", "selector_expression"):
        node = node.child_by_field_name("operand")
    return node is not None and node != value and file.text(node) == receiver


def _defined_value(name: Node, var_specs: bool = False) -> Node | None:
    """The value a definition ``name := v`` / ``name, ok := v`` / ``name = v``
    gives ``name`` (the one value of a comma-ok form); with ``var_specs``,
    also ``var name = v``."""
    holder = name.parent
    if holder is not None and holder.type == "expression_list":
        holder = holder.parent
    if holder is None or (holder.type == "var_spec" and not var_specs):
        return None
    spec = holder.type == "var_spec"
    right = holder.child_by_field_name("value" if spec else "right")
    left = holder if spec else holder.child_by_field_name("left")
    if left is None or right is None:
        return None
    names = holder.children_by_field_name("name") if spec else left.named_children
    values = right.named_children
    position = next((i for i, n in enumerate(names) if n == name), -1)
    if position < 0 or not values:
        return None
    if len(values) == len(names):
        return values[position]
    return values[0] if position == 0 else None


def _new_value(index: PackageIndex, file: SourceFile, value: Node) -> bool:
    """``T{...}``, ``&T{...}``, ``new(T)``, or a call of a package function
    whose every return hands back such a value (directly or through a
    local defined so)."""
    if value.type == "composite_literal":
        return True
    if value.type == "unary_expression":
        inner = value.child_by_field_name("operand")
        return inner is not None and inner.type == "composite_literal"
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier" and file.text(fn) == "new":
        return True
    if fn.type != "identifier":
        return False
    decl = index.funcs.get(file.text(fn))
    body = decl.body if decl is not None else None
    if decl is None or body is None or decl.receiver:
        return False
    returns = list(src.of_types(body, ("return_statement",)))
    if not returns:
        return False
    for ret in returns:
        if sx.enclosing_function(ret) != decl.node:
            continue
        results = ret.named_children[0].named_children if ret.named_children else []
        if not results:
            return False
        first = results[0]
        if first.type == "identifier":
            name = decl.file.text(first)
            if _fresh_local(index, decl.file, body, name, first) != 2:
                return False
            if _stored(decl.file, body, name):
                return False  # kept somewhere before it is returned: shared
        elif not _new_value(index, decl.file, first) or first.type == "call_expression":
            return False
    return True


def _stored(file: SourceFile, body: Node, name: str) -> bool:
    """The local ``name`` is stored somewhere in ``body``: assigned to
    another variable, a field or an element (``latest = x``, ``c.last =
    x``), put in a composite literal or appended to a slice
    (``append(s, x)``), or sent on a channel. Another
    goroutine can then reach the value through that place."""
    for node in sx.walk(body):
        if node.type != "identifier" or file.text(node) != name:
            continue
        value = node
        up = node.parent
        if up is not None and up.type == "unary_expression" and file.text(up).startswith("&"):
            value, up = up, up.parent
        if up is None:
            continue
        if up.type == "send_statement" and up.child_by_field_name("value") == value:
            return True
        if up.type in ("literal_element", "keyed_element"):
            return True
        if up.type == "argument_list" and up.named_children[0] != value:
            call = up.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is not None and file.text(fn) == "append":
                return True  # append(s, x): x kept in s
        if up.type == "expression_list":
            holder = up.parent
            if (
                holder is not None
                and holder.type in ("assignment_statement", "short_var_declaration")
                and holder.child_by_field_name("right") == up
            ):
                return True
    return False


def _keeps_receiver(
    index: PackageIndex, method: str, seen: set[str] | None = None, locks: Locks | None = None
) -> bool:
    """Every method of the package named ``method`` (of any type: the
    operand's is not looked up) keeps its receiver to its goroutine: it
    starts no goroutine, uses its receiver only to reach fields or call
    methods (not in a func literal, unless the literal is the method's
    result that runs in its callers: :func:`runs_in_callers`), and the
    methods it calls on its receiver do the same."""
    seen = set() if seen is None else seen
    if method in seen:
        return True
    seen.add(method)
    decls = [d for d in index.funcs.values() if d.receiver and d.name == method]
    if not decls:
        return False
    for decl in decls:
        body = decl.body
        if body is None:
            return False
        if any(True for _ in src.of_types(body, ("go_statement",))):
            return False
        recv = decl.receiver_name
        for node in sx.walk(body):
            if node.type != "identifier" or decl.file.text(node) != recv:
                continue
            parent = node.parent
            if parent is None or parent.type != "selector_expression":
                return False
            inner = sx.enclosing_function(node)
            if inner != decl.node and (
                inner is None or not runs_in_callers(index, locks, decl, inner)
            ):
                return False
            up = parent.parent
            field = parent.child_by_field_name("field")
            if (
                up is not None
                and field is not None
                and up.type == "call_expression"
                and up.child_by_field_name("function") == parent
                and not _keeps_receiver(index, decl.file.text(field), seen, locks)
            ):
                return False
    return True


def _on_own_field(decl: FuncDecl, call: Node, recv: str) -> bool:
    """The call is made in the body of method ``decl`` (not in a func literal)
    on a field of its receiver."""
    if sx.enclosing_function(call) != decl.node or not decl.receiver_name:
        return False
    return recv.startswith(decl.receiver_name + ".")


def _method_values(index: PackageIndex, calls: Calls, owner: str, names: set[str]) -> set[str]:
    """The names of ``owner``'s methods that some selector names other than
    as a callee and that may be ``owner``'s (``x.M`` handed on as a method
    value, its callers unseen): not when the operand is an imported package
    or a value of a known other type."""
    found: set[str] = set()
    for decl in index.funcs.values():
        body = decl.body
        if body is None:
            continue
        imports = index.imports.get(decl.file.path, {})
        for sel in src.of_types(body, ("selector_expression",)):
            name_node = sel.child_by_field_name("field")
            operand = sel.child_by_field_name("operand")
            if name_node is None or operand is None:
                continue
            name = decl.file.text(name_node)
            if name not in names or name in found:
                continue
            up = sel.parent
            if (
                up is not None
                and up.type == "call_expression"
                and (up.child_by_field_name("function") == sel)
            ):
                continue
            if operand.type == "identifier" and decl.file.text(operand) in imports:
                continue
            kind = type_of(index, decl.file, operand)
            if kind is not None and _bare(kind) != owner:
                continue
            found.add(name)
    return found


def runs_in_callers(
    index: PackageIndex, locks: Locks | None, decl: FuncDecl, literal: Node
) -> bool:
    """The func literal ``literal`` is what the method ``decl`` returns
    (``return func(k, v []byte) error {...}``), and every use of the
    method's name in the package is a call handed straight to a call that
    runs it before it returns (``bkt.ForEach(ds.handler(ctx))``, a
    synchronous callback of :mod:`.callbacks`): the literal runs in the
    method's callers, on their goroutine, under what they hold."""
    if locks is None or literal.type != "func_literal" or not decl.receiver:
        return False
    if sx.enclosing_function(literal) != decl.node:
        return False
    holder = literal.parent
    if holder is not None and holder.type == "expression_list":
        holder = holder.parent
    if holder is None or holder.type != "return_statement":
        return False
    methods = locks.calls.methods_by_name() if locks.calls is not None else {}
    found = False
    for other in index.funcs.values():
        body = other.body
        if body is None or is_test_file(other.file):
            continue
        file = other.file
        if decl.name.encode() not in file.data[body.start_byte : body.end_byte]:
            continue
        for sel in src.of_types(body, ("selector_expression",)):
            field = sel.child_by_field_name("field")
            if field is None or file.text(field) != decl.name:
                continue
            call = sel.parent
            if call is None or call.type != "call_expression":
                return False  # a method value: run who knows where
            if call.child_by_field_name("function") != sel:
                return False
            if synchronous_argument(index, file, call, methods, locks.imported) is None:
                return False
            found = True
    return found


def covered(access: Access, key: str, modes: dict[str, str], in_callers: bool = False) -> bool:
    """The access runs in the body of method ``key`` (not in a func literal
    there, unless ``in_callers``: a literal the method returns that runs in
    its callers), whose callers hold a lock strong enough for it."""
    mode = modes.get(key, "")
    if not mode or (access.func.type not in ("method_declaration",) and not in_callers):
        return False
    return mode == "w" or access.kind == "read"
