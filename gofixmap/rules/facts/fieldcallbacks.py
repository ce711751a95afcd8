"""Func literals kept in a func-typed field and called under a read lock.

A struct of the package may hold functions to call later: ``type query
struct { filters []func(*pb.Silence, *Silences) (bool, error) }``, filled by
``q.filters = append(q.filters, f)`` with ``f := func(sil *pb.Silence, s
*Silences) (bool, error) {...}`` (or the literal itself, or ``q.f = func
...``). Such a literal runs where the package calls the field's values:
``q.f(...)``, ``q.fs[i](...)``, or ``f(...)`` for ``f`` a range variable over
``q.fs``. When that call is made in a method that holds only the read lock
of its receiver's ``sync.RWMutex`` (``s.mtx.RLock()``) and hands the
receiver itself as an argument, the literal's parameter at that position is
the receiver, and the literal's accesses of that parameter's map fields run
under the read lock. Read locks are shared (any number of goroutines hold
one at once), so a write there, such as a lazy cache filled on a miss
(``s.mc.Get(sil)`` where ``matcherCache.Get`` writes its receiver map), is
made by two readers at once: a concurrent map write with itself.

The field is found by its declaration in a struct of the package and the
operand's type (``q`` is a ``*query``); a store and a call are matched by
that type and field name. A literal's write under a write lock of its own
is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.locks import Access, guarded, is_test_file
from gofixmap.rules.facts.mutexes import mutex_fields
from gofixmap.rules.facts.readhelpers import Mutex, held_mode
from gofixmap.rules.facts.scopes import type_of
from gofixmap.rules.facts.shared import SharedMaps


@dataclass(frozen=True)
class ReadLockedCallback:
    access: Access  # the write in the literal
    lock: str  # the mutex in the literal's terms (``s.mtx``)
    caller: str  # the method that calls the field's values under RLock
    field: str  # the func field (``filters``)


@dataclass(frozen=True)
class _Call:
    decl: FuncDecl
    positions: tuple[int, ...]  # argument positions of the receiver
    mutex: Mutex


def _bare(type_text: str) -> str:
    return type_text.strip().lstrip("*").split("[", 1)[0].strip()


def _func_fields(index: PackageIndex) -> set[tuple[str, str]]:
    """(struct, field) of the package's fields of func type or a slice or
    map of funcs (a func type of the package by its name too)."""
    found: set[tuple[str, str]] = set()
    for decl in index.types.values():
        if not decl.is_struct:
            continue
        for f in decl.fields:
            text = f.type_text.strip()
            elem = text.split("]", 1)[1].strip() if text.startswith(("[]", "map[")) else text
            named = index.types.get(elem)  # ``[]silenceFilter``, a named func type
            if elem.startswith("func") or (
                named is not None and named.type_text.strip().startswith("func")
            ):
                found.add((decl.name, f.name))
    return found


def _field_of(
    index: PackageIndex, file: SourceFile, node: Node, fields: set[tuple[str, str]]
) -> tuple[str, str] | None:
    """``X.F`` → (X's struct, F) when F is a func field of it."""
    node = sx.unparen(node)
    if node.type != "selector_expression":
        return None
    operand = node.child_by_field_name("operand")
    name = node.child_by_field_name("field")
    if operand is None or name is None:
        return None
    kind = type_of(index, file, operand)
    if kind is None:
        return None
    key = (_bare(kind), file.text(name))
    return key if key in fields else None


def _called_field(
    index: PackageIndex, file: SourceFile, call: Node, fields: set[tuple[str, str]]
) -> tuple[str, str] | None:
    """The func field whose value ``call`` calls: ``q.f(...)``,
    ``q.fs[i](...)``, or ``f(...)`` in ``for _, f := range q.fs``."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    fn = sx.unparen(fn)
    if fn.type == "index_expression":
        operand = fn.child_by_field_name("operand")
        return _field_of(index, file, operand, fields) if operand is not None else None
    if fn.type == "selector_expression":
        return _field_of(index, file, fn, fields)
    if fn.type != "identifier":
        return None
    name = file.text(fn)
    for loop in sx.ancestors(call):
        if loop.type in ("func_literal", "function_declaration", "method_declaration"):
            return None
        if loop.type != "for_statement":
            continue
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        left = clause.child_by_field_name("left") if clause is not None else None
        right = clause.child_by_field_name("right") if clause is not None else None
        if left is None or right is None:
            continue
        names = [file.text(n) for n in left.named_children]
        if name in names:
            if names.index(name) != 1:
                return None
            return _field_of(index, file, right, fields)
    return None


def _read_locked_calls(
    shared: SharedMaps, fields: set[tuple[str, str]]
) -> dict[tuple[str, str], list[_Call]]:
    """Func field → the calls of its values made under only the read lock
    of the caller's receiver, with the receiver as an argument."""
    index = shared.package
    found: dict[tuple[str, str], list[_Call]] = {}
    for decl in index.funcs.values():
        body = decl.body
        recv = decl.receiver_name
        if body is None or not decl.receiver or not recv or is_test_file(decl.file):
            continue
        mutexes = [m for m in mutex_fields(index, decl.receiver) if m[1] == "rw"]
        if not mutexes:
            continue
        for call in src.of_types(body, ("call_expression",)):
            if sx.enclosing_function(call) != decl.node:
                continue
            stmt = call.parent
            if stmt is not None and stmt.type in ("go_statement", "defer_statement"):
                continue
            field = _called_field(index, decl.file, call, fields)
            if field is None:
                continue
            args = call.child_by_field_name("arguments")
            values = args.named_children if args is not None else []
            positions = tuple(
                i for i, a in enumerate(values) if decl.file.text(sx.unparen(a)) == recv
            )
            if not positions:
                continue
            held = shared.locks.access(decl.file, call).held
            for mutex in mutexes:
                if held_mode(held, recv, mutex) == "r":
                    found.setdefault(field, []).append(_Call(decl, positions, mutex))
    return found


def _literal_of(file: SourceFile, value: Node, scope: Node) -> Node | None:
    """The func literal ``value`` is, or the one a local of ``scope`` named
    ``value`` is defined to (its only definition)."""
    value = sx.unparen(value)
    if value.type == "func_literal":
        return value
    if value.type != "identifier":
        return None
    name = file.text(value)
    literals: list[Node] = []
    for stmt in src.of_types(scope, ("short_var_declaration", "assignment_statement")):
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None:
            continue
        for target, val in zip(left.named_children, right.named_children, strict=False):
            if file.text(target) == name:
                if sx.unparen(val).type != "func_literal":
                    return None
                literals.append(sx.unparen(val))
    return literals[0] if len(literals) == 1 else None


def _stored_literals(
    index: PackageIndex, fields: set[tuple[str, str]], wanted: set[tuple[str, str]]
) -> list[tuple[tuple[str, str], SourceFile, Node]]:
    """(field, file, literal) for each func literal the package stores in a
    wanted func field: ``x.F = lit``, ``x.F = append(x.F, lit, f)``."""
    found: list[tuple[tuple[str, str], SourceFile, Node]] = []
    for decl in index.funcs.values():
        body = decl.body
        if body is None:
            continue
        file = decl.file
        for stmt in src.of_types(body, ("assignment_statement",)):
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
            if left is None or right is None or len(left.named_children) != 1:
                continue
            if len(right.named_children) != 1:
                continue
            field = _field_of(index, file, left.named_children[0], fields)
            if field is None or field not in wanted:
                continue
            value = sx.unparen(right.named_children[0])
            values = [value]
            if value.type == "call_expression":
                fn = value.child_by_field_name("function")
                args = value.child_by_field_name("arguments")
                if fn is None or file.text(fn) != "append" or args is None:
                    continue
                values = list(args.named_children[1:])
            scope = sx.enclosing_function(stmt) or body
            for v in values:
                literal = _literal_of(file, v, scope)
                if literal is not None:
                    found.append((field, file, literal))
    return found


def _params(file: SourceFile, literal: Node) -> list[tuple[str, str]]:
    """The literal's parameters by position: (name, type text); an unnamed
    one has the name ""."""
    params = literal.child_by_field_name("parameters")
    found: list[tuple[str, str]] = []
    for decl in params.named_children if params is not None else []:
        kind = decl.child_by_field_name("type")
        type_text = file.text(kind) if kind is not None else ""
        idents = [c for c in decl.named_children if c.type == "identifier" and c != kind]
        if decl.type != "parameter_declaration" or not idents:
            found.append(("", type_text))
            continue
        found.extend((file.text(c), type_text) for c in idents)
    return found


def read_locked_callbacks(shared: SharedMaps) -> list[ReadLockedCallback]:
    """The writes into a map field of the receiver made in func literals
    that a method calls through a func field under only the read lock."""
    index = shared.package
    fields = _func_fields(index)
    if not fields:
        return []
    calls = _read_locked_calls(shared, fields)
    if not calls:
        return []
    maps: dict[str, dict[str, str]] = {}  # owner → map field → its type
    for sm in shared.fields():
        if sm.decl is not None:
            decl = index.field_of(sm.owner, sm.name)
            maps.setdefault(sm.owner, {})[sm.name] = decl.type_text if decl else ""
    found: list[ReadLockedCallback] = []
    seen: set[tuple[str, int]] = set()
    for field, file, literal in _stored_literals(index, fields, set(calls)):
        if is_test_file(file):
            continue
        params = _params(file, literal)
        body = literal.child_by_field_name("body")
        if body is None:
            continue
        for call in calls[field]:
            owned = maps.get(call.decl.receiver, {})
            for position in call.positions:
                param, kind = params[position] if position < len(params) else ("", "")
                if param in ("", "_") or _bare(kind) != call.decl.receiver:
                    continue
                for node in src.of_types(body, ("selector_expression",)):
                    operand = node.child_by_field_name("operand")
                    name = node.child_by_field_name("field")
                    if operand is None or name is None or file.text(operand) != param:
                        continue
                    type_text = owned.get(file.text(name))
                    if type_text is None or (file.path, node.start_byte) in seen:
                        continue
                    access = shared.access_of(file, node, type_text)
                    if not access.is_write or guarded(access):
                        continue
                    seen.add((file.path, node.start_byte))
                    lock = param if call.mutex[2] else f"{param}.{call.mutex[0]}"
                    found.append(ReadLockedCallback(access, lock, call.decl.name, field[1]))
    return found
