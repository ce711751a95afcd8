"""A mutex handed in as a parameter guards the maps it is taken around.

A function that takes a mutex parameter (``mu *sync.Mutex``,
``mu *sync.RWMutex``) is handed its caller's lock: the caller shares that
lock with other goroutines that run the same code (a worker per item, all
given the one ``&sync.RWMutex{}``), and the function holds it around the
maps those goroutines share::

    func (w *Op) apply(pod *Pod, nodesLock *sync.RWMutex) {
        node, ok := w.wf.Status.Nodes[id] // no lock
        ...
        w.fail(id, nodesLock)
    }

    func (w *Op) fail(id string, nodesLock *sync.RWMutex) {
        nodesLock.Lock()
        defer nodesLock.Unlock()
        node := w.wf.Status.Nodes[id]
        ...
    }

So a map reached from the function's receiver or another of its
parameters is guarded by that mutex when the function holds it around an
access of that very map, or hands it to a method called on the same
receiver (or a function of the package given the same value) that does.
An access of the map in the function without it is then made while other
goroutines, holding the lock, may write it: a write always, a read when
the lock is taken around a write of the map or in write mode
(``Lock``, not ``RLock``: its holder writes what it guards); not when
the access holds another lock in write mode (its relation to the mutex is
not known). Only the function's own statements (not its func literals)
are read, and only expressions that the types tell are maps, or that are
used as only maps are somewhere (``v, ok := x.m[k]``, ``delete(x.m, k)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.rules.facts.locks import Access, Locks, is_test_file
from gofixmap.rules.facts.types import TYPES, TypeResolver

_MUTEX_PARAMS = ("*sync.Mutex", "*sync.RWMutex")


@dataclass(frozen=True)
class ParamLocked:
    """``access`` is made without the mutex parameter ``lock`` of its
    function, which ``witness`` (the function itself or a callee handed the
    mutex) holds around an access of the same map."""

    access: Access
    lock: str
    witness: str
    read_locked: bool  # a write made under the mutex's read lock


def unlocked_param_accesses(pkg: Pass, locks: Locks) -> Iterator[ParamLocked]:
    """The accesses of :mod:`this module <.parammutex>` made without the
    mutex parameter that guards their map (``locks``: LOCKS)."""
    index = pkg.package
    types = pkg.fact(TYPES)
    for decl in index.funcs.values():
        if decl.body is None or is_test_file(decl.file):
            continue
        for position, param in enumerate(decl.params):
            if not _is_mutex(param.type_text) or not param.name or param.name == "_":
                continue
            yield from _unlocked(index, locks, types, decl, position)


def _is_mutex(type_text: str) -> bool:
    return type_text.replace(" ", "") in _MUTEX_PARAMS


def _roots(decl: FuncDecl, lock: str) -> set[str]:
    names = {p.name for p in decl.params if p.name and p.name not in ("_", lock)}
    if decl.receiver_name and decl.receiver_name != "_":
        names.add(decl.receiver_name)
    return names


def _map_accesses(
    locks: Locks, types: TypeResolver, decl: FuncDecl, roots: set[str]
) -> list[tuple[str, Access]]:
    """(expression text, its access) for each read or write, in the
    function's own statements, of an expression used as a map (indexed,
    ranged, deleted from) and reached through a field of one of ``roots``
    (``w.wf.Status.Nodes``)."""
    file = decl.file
    found: list[tuple[str, Access]] = []
    body = decl.body
    if body is None:
        return found
    for node in sx.walk(body, closures=False):
        if node.type != "selector_expression":
            continue
        parent = node.parent
        if parent is not None and parent.type == "selector_expression":
            continue  # only the whole selector
        root = node
        while root.type == "selector_expression":
            operand = root.child_by_field_name("operand")
            if operand is None:
                break
            root = operand
        if root.type != "identifier" or file.text(root) not in roots:
            continue
        if types.binding_kind(file, root, file.text(root)) not in ("receiver", "param"):
            continue  # shadowed by a local
        access = locks.access(file, node)
        if access.kind == "escape":
            continue
        found.append((file.text(node), access))
    return found


def is_map_use(types: TypeResolver, access: Access) -> bool:
    """The types tell the accessed expression is a map, or its use does:
    ``delete(m, k)``, ``v, ok := m[k]`` (only a map's index has a second
    result)."""
    file, node = access.file, access.node
    type_text = types.type_of(file, node)
    if types.is_map(type_text, file) or types.imported_map(type_text, file):
        return True
    site = access.site
    if site.type == "call_expression":
        return access.is_write  # delete or clear (len reads anything)
    if site.type != "index_expression":
        return False
    holder = site.parent
    if holder is not None and holder.type == "expression_list":
        holder = holder.parent
    if holder is None or holder.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = holder.child_by_field_name("left")
    right = holder.child_by_field_name("right")
    return (
        left is not None
        and right is not None
        and len(left.named_children) == 2
        and right.named_children == [site]
    )


def _held(access: Access, lock: str) -> str:
    """The mode ``lock`` is held in at the access ("" when it is not)."""
    modes = {mode for target, mode in access.held if target == lock}
    return "w" if "w" in modes else ("r" if modes else "")


def _guarding(
    index: PackageIndex,
    locks: Locks,
    types: TypeResolver,
    decl: FuncDecl,
    lock: str,
    own: list[tuple[str, Access]],
) -> tuple[dict[str, tuple[bool, str]], set[str]]:
    """Map expression (in ``decl``'s terms) → (taken around a write or in
    write mode, the function that holds the lock there), for the
    expressions the mutex parameter ``lock`` is held around in ``decl``
    (whose map accesses are ``own``) or in a callee ``decl`` hands it to;
    and the expressions of both known to be maps (:func:`is_map_use`)."""
    out: dict[str, tuple[bool, str]] = {}
    maps: set[str] = set()  # the expressions known to be maps

    rank: dict[str, int] = {}

    def note(text: str, access: Access, mode: str, where: str) -> None:
        # a write lock held names the guard best, then a write under a read lock
        level = 2 if mode == "w" else int(access.is_write)
        if rank.get(text, -1) < level:
            rank[text] = level
            out[text] = (level > 0, where)

    for text, access in own:
        if is_map_use(types, access):
            maps.add(text)
        mode = _held(access, lock)
        if mode:
            note(text, access, mode, decl.name)
    body = decl.body
    if body is None:
        return out, maps
    for call in sx.walk(body, closures=False):
        if call.type != "call_expression":
            continue
        found = _callee(index, decl, call, lock)
        if found is None:
            continue
        callee, inner, renames = found
        for text, access in _map_accesses(locks, types, callee, _roots(callee, inner)):
            mode = _held(access, inner)
            head, dot, rest = text.partition(".")
            if head not in renames or not dot:
                continue
            text = f"{renames[head]}.{rest}"
            if is_map_use(types, access):
                maps.add(text)
            if mode:
                note(text, access, mode, callee.name)
    return out, maps


def _callee(
    index: PackageIndex, decl: FuncDecl, call: Node, lock: str
) -> tuple[FuncDecl, str, dict[str, str]] | None:
    """A call in ``decl`` that hands it the mutex ``lock``: the callee of the
    package, its parameter that receives the mutex, and its receiver and
    parameters that receive ``decl``'s receiver or parameters (callee name →
    name in ``decl``)."""
    file = decl.file
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    values = [a for a in args.named_children if a.type != "comment"]
    texts = [file.text(a) for a in values]
    if lock not in texts:
        return None
    renames: dict[str, str] = {}
    if fn.type == "identifier":
        callee = index.funcs.get(file.text(fn))
        if callee is None or callee.receiver:
            return None
    elif fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if (
            operand is None
            or field is None
            or operand.type != "identifier"
            or not decl.receiver
            or file.text(operand) != decl.receiver_name
        ):
            return None
        callee = index.funcs.get(f"{decl.receiver}.{file.text(field)}")
        if callee is None or not callee.receiver_name:
            return None
        renames[callee.receiver_name] = decl.receiver_name
    else:
        return None
    if callee.body is None or len(callee.params) != len(values):
        return None
    roots = _roots(decl, lock)
    inner = ""
    for param, text in zip(callee.params, texts, strict=True):
        if text == lock and _is_mutex(param.type_text):
            inner = param.name
        elif text in roots and param.name:
            renames[param.name] = text
    if not inner or inner == "_":
        return None
    return callee, inner, renames


def _unlocked(
    index: PackageIndex, locks: Locks, types: TypeResolver, decl: FuncDecl, position: int
) -> Iterator[ParamLocked]:
    lock = decl.params[position].name
    own = _map_accesses(locks, types, decl, _roots(decl, lock))
    guarding, maps = _guarding(index, locks, types, decl, lock, own)
    if not guarding:
        return
    for text, access in own:
        guard = guarding.get(text)
        if guard is None or text not in maps:
            continue
        mode = _held(access, lock)
        if mode == "w" or (mode == "r" and not access.is_write):
            continue
        if any(m == "w" and t != lock for t, m in access.held):
            continue  # under another write lock, which may be the holders' too
        if not access.is_write and not guard[0]:
            continue  # only read under the lock: nothing says it is written
        yield ParamLocked(access, lock, guard[1], mode == "r")
