"""Fills that a ``sync.Once`` field runs: not concurrent writes.

By the Go memory model, ``once.Do(f)`` runs ``f`` once, and the completion
of ``f`` is synchronized before the return of every ``Do`` call: a map
field that its owner fills inside ``c.indexOnce.Do(func() { ... })`` is
written before any access that follows a ``Do``, on every goroutine.
"""

from __future__ import annotations

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import Access


def once_fill(index: PackageIndex, sm: SharedMap, access: Access) -> bool:
    """``access`` is in the function literal handed to ``r.once.Do(...)``,
    ``once`` a ``sync.Once`` field of the map's owner: by the Go memory
    model the literal runs once, and its completion is synchronized before
    the return of every ``Do`` call, so the fill races with no access that
    follows a ``Do`` (a lazily built index: ``c.indexOnce.Do(func() {
    c.index = ...; c.index[k] = i })``)."""
    func = access.func
    call = sx.call_of_argument(func) if func.type == "func_literal" else None
    fn = call.child_by_field_name("function") if call is not None else None
    args = call.child_by_field_name("arguments") if call is not None else None
    if fn is None or args is None or fn.type != "selector_expression":
        return False
    name = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if name is None or name.text != b"Do" or len(args.named_children) != 1:
        return False
    if operand is None or operand.type != "selector_expression":
        return False
    field = operand.child_by_field_name("field")
    owner = index.types.get(sm.owner)
    if field is None or owner is None:
        return False
    wanted = access.file.text(field)
    return any(
        f.name == wanted and f.type_text.lstrip("*").replace(" ", "") == "sync.Once"
        for f in owner.fields
    )
