"""Map fields that only one goroutine per value ever touches: the value's
own loop.

A type's method ``M`` that the module only ever starts as ``go x.M()``, once
per value (``x := NewT(...)`` made by the function that starts it, the ``go``
statement in no loop, one such statement per function), runs on exactly one
goroutine for each value. A field of the receiver that no code but ``M``
reads or writes (an unexported field, through ``M``'s receiver only, not in
a func literal of ``M``, which may run elsewhere; never handed on) is then
touched by one goroutine only, whatever mutexes the type's other methods
lock for their other fields (``fzf``'s ``Matcher.Loop`` owns its
``mergerCache`` while ``scan`` locks ``scanMutex``). Go semantics: a map is
raced only by two goroutines that both reach it; every goroutine that
reaches the field runs ``M`` on that value, and there is one of those.

Any other use of ``M`` keeps the field reported: a plain call (``x.M()``
runs on the caller's goroutine, beside the started one), a method value
(``go`` it anywhere), a call through an interface or on a value the
function did not make, a ``go`` in a loop, a type that some struct of the
module embeds (``outer.M()`` calls it on an older value). The call sites
are read across the module's production files (:mod:`.startup`); code of
other modules calling an exported ``M`` is not seen, as for every method.
"""

from __future__ import annotations

import os

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.goroutines import in_loop
from gofixmap.rules.facts.localmaps import SharedMap, map_value_of
from gofixmap.rules.facts.locks import Access
from gofixmap.rules.facts.ownership import fresh_receiver
from gofixmap.rules.facts.serving import SERVING
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.types import TYPES, TypeResolver


def loop_owned(pkg: Pass, sm: SharedMap, accesses: list[Access]) -> bool:
    """Every access of the field ``sm`` in ``accesses`` is made by one method
    ``M`` of its owner on its own receiver, and every call of ``M`` in the
    module is ``go x.M()`` on a value ``x`` the starting function made, once
    (see the module)."""
    if sm.kind != "field" or not sm.name[:1].islower() or not accesses:
        return False
    calls = pkg.fact(CALLS)
    method = None
    for access in accesses:
        if access.kind not in ("read", "write") and not assigned_map(access):
            return False  # handed on
        if access.func.type != "method_declaration":
            return False  # in a func literal, which may run elsewhere
        recv = calls.receiver_of(access.func)
        if recv is None or recv[1] != sm.owner or not recv[0]:
            return False
        operand = access.node.child_by_field_name("operand")
        if access.node.type != "selector_expression" or operand is None:
            return False
        if operand.type != "identifier" or access.file.text(operand) != recv[0]:
            return False  # another value's field
        if method is not None and access.func.id != method.id:
            return False  # two methods touch it
        method = access.func
    name = method.child_by_field_name("name") if method is not None else None
    if name is None or pkg.fact(SERVING).embedded(sm.owner):
        return False
    func = (os.path.abspath(pkg.package.directory), name.text.decode() if name.text else "", True)
    sites = pkg.module(STARTUP).call_sites(func)
    if not sites:
        return False  # a value somewhere, or never started here
    starters: set[tuple[str, int]] = set()
    directory = func[0]
    types = pkg.fact(TYPES)
    for file, call in sites:
        if os.path.dirname(os.path.abspath(file.path)) == directory and other_type(
            types, file, call, sm.owner
        ):
            continue  # ``t.M()`` on another type of the package that declares M
        stmt = call.parent
        if stmt is None or stmt.type != "go_statement" or in_loop(stmt, None):
            return False
        if not fresh_receiver(file, call, "", False):
            return False
        outer = sx.enclosing_function(stmt)
        if outer is None or (file.path, outer.start_byte) in starters:
            return False  # two goroutines may run it on one value
        starters.add((file.path, outer.start_byte))
    return True


def other_type(types: TypeResolver, file: SourceFile, call: Node, owner: str) -> bool:
    """``x.M()`` in the owner's package where ``x``'s declared type is
    another struct type of the package (``t *Terminal`` beside ``Matcher``):
    a call of that type's ``M``."""
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if operand is None:
        return False
    found = types.type_of(file, operand)
    name = found.lstrip("*") if found else ""
    return bool(name) and name != owner and types.local_struct(name) is not None


def assigned_map(access: Access) -> bool:
    """``m.f = make(...)`` (a map literal, ``nil``): the field is given a
    new map that nobody else holds."""
    holder = access.node.parent
    stmt = holder.parent if holder is not None else None
    if holder is None or holder.type != "expression_list" or stmt is None:
        return False
    if stmt.type != "assignment_statement" or stmt.child_by_field_name("left") != holder:
        return False
    right = stmt.child_by_field_name("right")
    lefts = holder.named_children
    values = right.named_children if right is not None else []
    if len(values) != len(lefts):
        return False
    value = sx.unparen(values[[n.id for n in lefts].index(access.node.id)])
    return value.type == "nil" or map_value_of(value, access.file)
