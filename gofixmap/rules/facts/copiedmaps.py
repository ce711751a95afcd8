"""A struct copied out of a locked field shares that field's maps.

Assigning a struct value copies its fields, and a map field's value is a
reference: ``ncfg := o.cfg`` gives ``ncfg.Metadata`` the very map of
``o.cfg.Metadata``. When the owner's mutex guards the field (a method of
the owner accesses ``o.cfg`` while holding ``o.mu``), other goroutines read
that map under the lock; a write into the copy's map made without the
lock races with them::

    ncfg := obs.cfg                 // shares obs.cfg.Metadata
    ncfg.PauseUntil = &until
    setStaticMetadata(&ncfg)        // cfg.Metadata[k] = v, no obs.mu

The write is followed into a function of the package handed ``&copy`` or
the copy (its parameter's map field written there, or in a function of the
package that parameter is handed to in turn: two calls deep). Not when the
copy's map is replaced before (``ncfg.Metadata = maps.Clone(...)``, a
``make``, a literal; in the function's own statements, not under a
condition), nor when the owner's lock is held at the write (or at the
call), nor in a method of the owner copying its receiver's field that
never takes the lock itself (its callers may hold it), nor for a copy
made otherwise (a ``Clone`` method's result, a pointer field), nor for a
field that no method reads under the owner's lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.locks import MUTEX_TYPES, Access, Locks, is_test_file, lock_op
from gofixmap.rules.facts.types import TYPES, TypeResolver

_DEPTH = 2  # calls followed from the copy's function


@dataclass(frozen=True)
class CopiedWrite:
    """``access`` writes a map field of ``copy`` (or of a parameter it is
    handed to), a copy of ``source`` (a field guarded by ``lock``) made in
    the function ``where``."""

    access: Access
    copy: str
    source: str
    lock: str
    where: str


def shared_copy_writes(pkg: Pass, locks: Locks) -> Iterator[CopiedWrite]:
    """The writes of :mod:`this module <.copiedmaps>` (``locks``: LOCKS)."""
    index = pkg.package
    types = pkg.fact(TYPES)
    guards: dict[tuple[str, str], str | None] = {}
    seen: set[int] = set()
    for decl in index.funcs.values():
        body = decl.body
        if body is None or is_test_file(decl.file):
            continue
        file = decl.file
        for stmt in sx.walk(body, closures=False):
            found = _copy(types, file, stmt)
            if found is None:
                continue
            name, operand, owner, field, struct = found
            key = (owner, field)
            if key not in guards:
                guards[key] = _guarding_mutex(index, locks, owner, field)
            mutex = guards[key]
            if mutex is None:
                continue
            lock = f"{file.text(operand)}.{mutex}"
            if _callers_may_hold(decl, owner, file.text(operand), lock):
                continue
            maps = _map_fields(index, types, struct)
            if not maps:
                continue
            for access in _writes(index, locks, decl, stmt, name, maps, lock, _DEPTH):
                if access.site.id in seen:
                    continue
                seen.add(access.site.id)
                yield CopiedWrite(
                    access,
                    name,
                    file.text(stmt.child_by_field_name("right") or stmt),
                    lock,
                    decl.name,
                )


def _copy(
    types: TypeResolver, file: SourceFile, stmt: Node
) -> tuple[str, Node, str, str, str] | None:
    """``x := y.f`` (or ``var x = y.f``), ``f`` a struct-valued field of the
    package's struct type of ``y``: (x, y, y's struct, f, f's struct)."""
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
    elif stmt.type == "var_spec":
        left = stmt.child_by_field_name("name")
        right = stmt.child_by_field_name("value")
        if stmt.child_by_field_name("type") is not None:
            return None
    else:
        return None
    if left is None or right is None:
        return None
    names = [n for n in ([left] if left.type == "identifier" else left.named_children)]
    values = right.named_children if right.type == "expression_list" else [right]
    if len(names) != 1 or len(values) != 1 or names[0].type != "identifier":
        return None
    value = values[0]
    if value.type != "selector_expression":
        return None
    operand = value.child_by_field_name("operand")
    field_node = value.child_by_field_name("field")
    if operand is None or field_node is None:
        return None
    owner = types.local_struct(types.type_of(file, operand) or "")
    if owner is None:
        return None
    field = types.field(owner, file.text(field_node))
    if field is None or field.type_text.startswith("*"):
        return None
    struct = types.local_struct(field.type_text)
    if struct is None:
        return None
    return file.text(names[0]), operand, owner, field.name, struct


def _callers_may_hold(decl: FuncDecl, owner: str, operand: str, lock: str) -> bool:
    """``decl`` is a method of ``owner`` copying its receiver's own field
    and never takes ``lock`` itself: its callers may hold it (a helper run
    under the lock), so its writes are not known to be unlocked."""
    if decl.receiver != owner or operand != decl.receiver_name or decl.body is None:
        return False
    for stmt in sx.walk(decl.body, closures=True):
        op = lock_op(decl.file, stmt)
        if op is not None and op[0] == lock:
            return False
    return True


def _map_fields(index: PackageIndex, types: TypeResolver, struct: str) -> set[str]:
    decl = index.struct(struct)
    if decl is None:
        return set()
    return {f.name for f in decl.fields if types.is_map(f.type_text, decl.file)}


def _guarding_mutex(index: PackageIndex, locks: Locks, owner: str, field: str) -> str | None:
    """The mutex field of ``owner`` that a method of it holds around an
    access of its field ``field`` (``o.cfg`` under ``o.mu``)."""
    decl = index.struct(owner)
    if decl is None:
        return None
    mutexes = {f.name for f in decl.fields if f.type_text in MUTEX_TYPES and not f.embedded}
    if not mutexes:
        return None
    for method in index.methods(owner):
        body = method.body
        recv = method.receiver_name
        if body is None or not recv or recv == "_" or is_test_file(method.file):
            continue
        file = method.file
        for node in sx.walk(body, closures=False):
            if node.type != "selector_expression":
                continue
            operand = node.child_by_field_name("operand")
            name = node.child_by_field_name("field")
            if operand is None or name is None or file.text(name) != field:
                continue
            if operand.type != "identifier" or file.text(operand) != recv:
                continue
            held = locks.access(file, node).held
            for mutex in sorted(mutexes):
                if any(t == f"{recv}.{mutex}" for t, _m in held):
                    return mutex
    return None


def _writes(
    index: PackageIndex,
    locks: Locks,
    decl: FuncDecl,
    after: Node,
    name: str,
    maps: set[str],
    lock: str,
    depth: int,
) -> Iterator[Access]:
    """Writes, without ``lock``, into the map fields ``maps`` of the local
    ``name`` of ``decl`` after ``after`` (its declaration, or the start of
    the body for a parameter), and in the functions of the package it is
    handed to (``depth`` calls deep)."""
    file = decl.file
    body = decl.body
    if body is None:
        return
    replaced = _replaced(file, body, after, name, maps)
    for node in sx.walk(body, closures=False):
        if node.start_byte < after.end_byte:
            continue
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if (
                operand is None
                or field is None
                or operand.type != "identifier"
                or file.text(operand) != name
                or file.text(field) not in maps
            ):
                continue
            if any(end <= node.start_byte for f, end in replaced if f == file.text(field)):
                continue
            access = locks.access(file, node)
            if not access.is_write or any(t == lock for t, _m in access.held):
                continue
            yield access
        elif node.type == "call_expression" and depth > 0:
            callee, param = _handed(index, file, node, name)
            if callee is None:
                continue
            if any(t == lock for t, _m in locks.access(file, node).held):
                continue
            live = maps - {f for f, end in replaced if end <= node.start_byte}
            if not live:
                continue
            params = callee.node.child_by_field_name("parameters")
            start = params if params is not None else callee.node
            yield from _writes(index, locks, callee, start, param, live, lock, depth - 1)


def _handed(
    index: PackageIndex, file: SourceFile, call: Node, name: str
) -> tuple[FuncDecl | None, str]:
    """The function of the package that ``call`` hands ``name``,
    ``&name`` or ``*name`` to, and its parameter that receives it."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "identifier":
        return None, ""
    callee = index.funcs.get(file.text(fn))
    if callee is None or callee.receiver or callee.body is None:
        return None, ""
    values = [a for a in args.named_children if a.type != "comment"]
    if len(values) != len(callee.params):
        return None, ""
    for param, value in zip(callee.params, values, strict=True):
        text = file.text(value).replace(" ", "")
        if text in (name, "&" + name, "*" + name) and param.name and param.name != "_":
            return callee, param.name
    return None, ""


def _replaced(
    file: SourceFile, body: Node, after: Node, name: str, maps: set[str]
) -> list[tuple[str, int]]:
    """(map field, end byte) of each unconditional assignment of a new
    value to ``name.f`` in the function's own statements (not below an
    ``if``, a loop, a switch or a select) after ``after``."""
    out: list[tuple[str, int]] = []
    for node in sx.walk(body, closures=False):
        if node.type != "assignment_statement" or node.start_byte < after.end_byte:
            continue
        left = node.child_by_field_name("left")
        if left is None:
            continue
        if _conditional(node, body):
            continue
        for target in left.named_children if left.type == "expression_list" else [left]:
            text = file.text(target).replace(" ", "")
            head, dot, rest = text.partition(".")
            if head == name and dot and rest in maps:
                out.append((rest, node.end_byte))
    return out


_BRANCHES = (
    "if_statement",
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
)


def _conditional(node: Node, body: Node) -> bool:
    current = node.parent
    while current is not None and current.id != body.id:
        if current.type in _BRANCHES:
            return True
        current = current.parent
    return False
