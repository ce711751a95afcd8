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
"""

from __future__ import annotations

import weakref

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.locks import is_test_file
from gofixmap.rules.facts.shared import SharedMaps

Mutex = tuple[str, str, bool]

_CACHE: weakref.WeakKeyDictionary[SharedMaps, dict[tuple[str, str], dict[str, str]]] = (
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
    table = _CACHE.setdefault(shared, {})
    found = table.get((owner, mutex[0]))
    if found is not None:
        return found
    helpers = shared.helpers(owner, mutex)
    readers: dict[str, str] = {}  # helper → the method holding RLock
    edges: dict[str, set[str]] = {}  # helper caller → helpers it calls holding nothing
    for resolved in shared.calls.resolved():
        decl, call, key = resolved.caller, resolved.call, resolved.callee
        if key not in helpers or decl.receiver != owner or is_test_file(decl.file):
            continue
        if not _own_goroutine(call, decl.node) or not _on_receiver(decl.file, call, decl):
            continue
        mode = held_mode(shared.locks.access(decl.file, call).held, decl.receiver_name, mutex)
        if mode == "r":
            readers.setdefault(key, decl.key)
        elif not mode and decl.key in helpers:
            edges.setdefault(decl.key, set()).add(key)
    todo = list(readers)
    while todo:
        caller = todo.pop()
        for callee in edges.get(caller, ()):
            if callee not in readers:
                readers[callee] = readers[caller]
                todo.append(callee)
    table[(owner, mutex[0])] = readers
    return readers
