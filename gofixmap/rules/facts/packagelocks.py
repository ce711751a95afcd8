"""Package-level maps under package-level mutexes, for MR002: which
functions run with such a lock held (every call holds it, or may: taken
before the call, also under a condition), and which caller would deadlock if
a fix took the lock inside a function it calls with the lock held.
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import PackageIndex, VarDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.locks import Access, is_test_file
from gofixmap.rules.facts.mutexes import var_mutexes
from gofixmap.rules.facts.shared import SharedMaps, used_as_value


def top_key(shared: SharedMaps, access: Access) -> str:
    """The key of the declared function around the access (through literals)."""
    top = sx.declaration_of(access.node)
    key = shared.calls.key_of(top) if top is not None else None
    return key or ""


def function_name(shared: SharedMaps, access: Access) -> str:
    top = sx.declaration_of(access.node)
    decl = shared.calls.decl_of(top) if top is not None else None
    return decl.name if decl is not None else "another function"


def called_under(pkg: Pass, shared: SharedMaps, lock: str) -> set[str]:
    """Unexported functions and methods of the package whose every call
    (there is one at least, none from ``go``/``defer``, none taken as a
    value) is made where the package-level ``lock`` is or may be held (taken
    before the call in its function, also under a condition: ``if unix {
    mu.Lock(); defer mu.Unlock() }`` then ``listen()``, which touches the
    map only on that path as far as can be told), also through callers that
    are such functions themselves (a greatest fixed point)."""
    calls = shared.calls
    sites: dict[str, list[tuple[str, bool]]] = {}
    for resolved in calls.resolved():
        callee = pkg.package.funcs.get(resolved.callee)
        if callee is None or callee.name[:1].isupper():
            continue
        stmt = resolved.call.parent
        started = stmt is not None and stmt.type in ("go_statement", "defer_statement")
        held = not started and _may_hold(shared, resolved.caller.file, resolved.call, lock)
        sites.setdefault(resolved.callee, []).append((resolved.caller.key, held))
    values = {key for key in sites if not used_as_value(pkg.package, calls, pkg.package.funcs[key])}
    under = set(values)
    changed = True
    while changed:
        changed = False
        for key in list(under):
            if not all(held or caller in under for caller, held in sites[key]):
                under.discard(key)
                changed = True
    return under


def locked_caller(pkg: Pass, shared: SharedMaps, keys: set[str], lock: str) -> str:
    """A function that calls one of ``keys`` where ``lock`` is or may be
    held: taking the lock inside would deadlock there ("" if none)."""
    for resolved in shared.calls.resolved():
        if resolved.callee not in keys:
            continue
        if _may_hold(shared, resolved.caller.file, resolved.call, lock):
            return resolved.caller.name
    return ""


def guarding_lock(index: PackageIndex, accesses: list[Access]) -> tuple[str, list[Access]] | None:
    """The package-level mutex that guards a package map: the one held at
    most of its accesses, when it is held at a write outside test files
    (a lock held only around reads guards something else), with the
    production accesses that hold it; ``None`` when there is none. MR002
    reports the accesses without it; MR001 leaves such a map to MR002."""
    counts: dict[str, int] = {}
    for access in accesses:
        for target, _mode in access.held:
            if package_lock(index, target):
                counts[target] = counts.get(target, 0) + 1
    if not counts:
        return None
    lock = max(sorted(counts), key=lambda t: counts[t])
    locked = [
        a for a in accesses if any(t == lock for t, _m in a.held) and not is_test_file(a.file)
    ]
    if not any(a.is_write for a in locked):
        return None
    return lock, locked


def is_package_mutex(var: VarDecl) -> bool:
    """A package-level variable of a mutex type (``sync.Mutex``,
    ``sync.RWMutex``, or a type of that name)."""
    return var.type_text.lstrip("*").endswith("Mutex")


def package_lock(index: PackageIndex, text: str) -> str:
    """What the lock ``text`` is when it is one of the package's own
    package-level locks: ``rw``/``m``; "" otherwise. A package-level mutex
    variable (``mu``), or the mutex of a package-level variable of a struct
    type (``state.mu``, or ``state`` itself when the mutex is embedded):
    one lock for every function, like a package mutex."""
    head = text.split(".", 1)[0]
    var = index.vars.get(head)
    if var is None:
        return ""
    if head == text and is_package_mutex(var):
        return "rw" if var.type_text.lstrip("*").endswith("RWMutex") else "m"
    return var_mutexes(index, var).get(text, "")


def _may_hold(shared: SharedMaps, file: SourceFile, call: Node, lock: str) -> bool:
    """``lock`` is held at ``call``, or taken before it in its function."""
    held = shared.locks.access(file, call).held
    return any(t == lock for t, _m in held) or _taken_before(file, call, lock)


def _taken_before(file: SourceFile, call: Node, lock: str) -> bool:
    """``lock.Lock()`` (or ``RLock``) before ``call`` in its function."""
    func = sx.enclosing_function(call)
    body = sx.body(func)
    if body is None:
        return False
    for other in sx.nodes(body, ("call_expression",), closures=False):
        if other.start_byte >= call.start_byte:
            break
        parts = sx.call_parts(file, other)
        if parts is not None and parts[0] == lock and parts[1] in ("Lock", "RLock"):
            return True
    return False
