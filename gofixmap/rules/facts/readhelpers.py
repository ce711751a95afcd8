"""Helper methods that run under only the read lock of their receiver's mutex.

A helper of a mutex (:meth:`.shared.SharedMaps.helpers`: a method called
only where the lock is held) runs with the lock of every call's holder. When
one of those holders takes ``RLock`` of a ``sync.RWMutex`` and not ``Lock``,
the helper runs under a read lock, and read locks are shared: any number of
goroutines hold one at once (sync.RWMutex: "the lock can be held by an
arbitrary number of readers"). A map write in such a helper, a cache filled
on a miss (``if v, ok := c.cache[k]; ok { return v }; return c.fill(k)``
under ``c.mu.RLock()``), is then made by two readers at once, a concurrent
map write with itself, however the rest of the package locks.

Here a helper is read-locked when a call of it outside test files, made on
the caller's own goroutine (not in a ``go`` statement or a func literal),
holds the caller's receiver's ``mutex`` in read mode and no write lock of
it, or is made, holding nothing of that mutex, in the body of a helper that
is itself read-locked (a least fixed point over the package's calls: one
call deep or more). The answer names, per helper, the method that takes the
read lock.

A write a read-locked call cannot reach is not made under the read lock: a
write inside ``if init && ... {`` where ``init`` is a bool parameter that
every read-locked call passes as the constant ``false`` (``c.scoped(kind,
false)`` under ``RLock``, ``c.scoped(kind, true)`` under ``Lock``), and the
helper never assigns ``init`` (:func:`read_locked_reacher`). A helper that is
read-locked only through another helper keeps every write.
"""

from __future__ import annotations

import weakref

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.apiorigins import argument
from gofixmap.rules.facts.locks import is_test_file
from gofixmap.rules.facts.shared import SharedMaps
from gofixmap.rules.facts.storedparams import assigned

Mutex = tuple[str, str, bool]

# helper → (the method holding RLock, the read-locked calls made right
# there, None when the helper is read-locked through another helper)
Readers = dict[str, tuple[str, list[tuple[Node, str]] | None]]
_CACHE: weakref.WeakKeyDictionary[SharedMaps, dict[tuple[str, str], Readers]] = (
    weakref.WeakKeyDictionary()
)


def held_mode(held: frozenset[tuple[str, str]], recv: str, mutex: Mutex) -> str:
    """The mode ``held`` has of the receiver ``recv``'s ``mutex``: "w", "r"
    or "" (not held)."""
    name, _, embedded = mutex
    targets = {f"{recv}.{name}"} | ({recv} if embedded else set())
    modes = {mode for target, mode in held if target in targets}
    if "w" in modes:
        return "w"
    return "r" if modes else ""


def _own_goroutine(call: Node, func: Node) -> bool:
    stmt = call.parent
    return sx.enclosing_function(call) == func and not (
        stmt is not None and stmt.type in ("go_statement", "defer_statement")
    )


def _on_receiver(file: SourceFile, call: Node, decl: FuncDecl) -> bool:
    """``r.M()`` on the caller's own receiver ``r`` (whose lock is the one
    held)."""
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    return operand is not None and file.text(operand) == decl.receiver_name


def read_locked_helpers(shared: SharedMaps, owner: str, mutex: Mutex) -> dict[str, str]:
    """Helper key of ``owner``'s ``mutex`` → the key of a method that calls
    it (or a read-locked helper that calls it) holding only the read lock."""
    return {key: found[0] for key, found in _readers(shared, owner, mutex).items()}


def read_locked_reacher(
    shared: SharedMaps, owner: str, mutex: Mutex, decl: FuncDecl, node: Node
) -> str:
    """The key of a method holding the read lock under which ``node`` in the
    read-locked helper ``decl`` can run ("" when none): a read-locked call
    that does not pass ``false`` for a bool parameter of ``decl`` (never
    assigned there) that is one of the ``&&`` terms of an ``if`` around
    ``node``."""
    found = _readers(shared, owner, mutex).get(decl.key)
    if found is None:
        return ""
    method, calls = found
    if calls is None or decl.body is None:
        return method
    names = [p.name for p in decl.params]
    for child, up in sx.climb(node, decl.body):
        if up.type != "if_statement" or child != up.child_by_field_name("consequence"):
            continue
        cond = up.child_by_field_name("condition")
        for term in sx.terms(cond, "&&") if cond is not None else ():
            name = decl.file.text(term)
            if term.type != "identifier" or name not in names:
                continue
            if assigned(decl, name):
                continue
            position = names.index(name)
            calls = [c for c in calls if _argument(c[0], position, decl.file) != "false"]
    return calls[0][1] if calls else ""


def _argument(call: Node, position: int, file: SourceFile) -> str:
    node = argument(file, call, position)
    return file.text(node) if node is not None else ""


def _readers(shared: SharedMaps, owner: str, mutex: Mutex) -> Readers:
    table = _CACHE.setdefault(shared, {})
    found = table.get((owner, mutex[0]))
    if found is not None:
        return found
    helpers = shared.helpers(owner, mutex)
    readers: Readers = {}
    edges: dict[str, set[str]] = {}  # helper caller → helpers it calls holding nothing
    for resolved in shared.calls.resolved():
        decl, call, key = resolved.caller, resolved.call, resolved.callee
        if key not in helpers or decl.receiver != owner or is_test_file(decl.file):
            continue
        if not _own_goroutine(call, decl.node) or not _on_receiver(decl.file, call, decl):
            continue
        mode = held_mode(shared.locks.access(decl.file, call).held, decl.receiver_name, mutex)
        if mode == "r":
            calls = readers.setdefault(key, (decl.key, []))[1]
            if calls is not None:
                calls.append((call, decl.key))
        elif not mode and decl.key in helpers:
            edges.setdefault(decl.key, set()).add(key)
    todo = list(readers)
    while todo:
        caller = todo.pop()
        for callee in edges.get(caller, ()):
            if callee not in readers or readers[callee][1] is not None:
                if callee not in readers:
                    todo.append(callee)
                readers[callee] = (readers.get(callee, readers[caller])[0], None)
    table[(owner, mutex[0])] = readers
    return readers
