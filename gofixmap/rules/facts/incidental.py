"""Locks that say nothing about a map: every access of the map under the
mutex runs inside operations that already touch the map without it (a
helper that locks to publish counters and reads ``len(m)`` on the way), so
the mutex guards something next to the map, not the map (MR002)."""

from __future__ import annotations

from collections.abc import Iterable

from gofixmap.rules.facts.locks import Access
from gofixmap.rules.facts.shared import SharedMaps, used_as_value


def incidental_lock(shared: SharedMaps, locked: Iterable[Access], unlocked: set[str]) -> bool:
    """Every access of a map under a mutex (``locked``) runs only inside
    operations that touch the map without that mutex (``unlocked``: the
    functions around those accesses). The function around each locked
    access is unexported, never handed on as a value, and every call of
    it (the package's calls but its tests', when it has others) is made
    on the caller's goroutine (not from ``go`` or a func literal) by a
    function that reaches an unlocked access through the package's direct
    calls, or by a function of which the same holds. Then the mutex
    serves something next to the map (a statistics helper locks to
    publish counters and reads ``len(m)`` on the way): it says nothing
    about goroutines sharing the map, since every operation that reaches
    the locked access already touches the map unlocked."""
    keys = {shared.method_key(a) for a in locked}
    if not keys or "" in keys or not unlocked:
        return False
    direct, callers = shared.direct_calls()
    reaching: dict[str, bool] = {}

    def reaches(start: str) -> bool:
        found = reaching.get(start)
        if found is None:
            seen = {start}
            todo = [start]
            while todo and found is None:
                current = todo.pop()
                if current in unlocked:
                    found = True
                for callee in direct.get(current, ()):
                    if callee not in seen:
                        seen.add(callee)
                        todo.append(callee)
            found = bool(found)
            reaching[start] = found
        return found

    def incidental(key: str, visiting: frozenset[str]) -> bool:
        if key in visiting:
            return True  # a recursive call adds no other entry
        decl = shared.package.funcs.get(key)
        if decl is None or decl.name[:1].isupper() or decl.name in ("init", "main"):
            return False
        if used_as_value(shared.package, shared.calls, decl):
            return False
        sites = callers.get(key, [])
        production = [s for s in sites if not s[2]] or sites
        if not production:
            return False
        for caller, on_goroutine, _test in production:
            if not on_goroutine:
                return False
            if not reaches(caller) and not incidental(caller, visiting | {key}):
                return False
        return True

    return all(incidental(key, frozenset()) for key in keys)
