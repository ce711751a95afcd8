"""Reconciler values handed to more than one controller-runtime controller.

Each controller runs its own workers, so one reconciler value registered
with two controllers has its ``Reconcile`` run by both at once, whatever
``MaxConcurrentReconciles`` each sets: the maps of that value are written
from two goroutines. A registration hands the value to a controller:
``ctrl.NewControllerManagedBy(mgr)....Complete(r)`` / ``.Build(r)``, or a
composite literal ``controller.Options{Reconciler: r}``.

The value is followed through the package, syntactically:

- in a method of the reconciler type, the receiver; the registrations of a
  method on its receiver count at each call ``x.SetupWithManager(mgr)``
  for the value ``x`` (once per call: the method registers the value it
  is called on);
- a local variable (``r := &R{...}``, ``r := R{...}``), counted over its
  function: registered directly or through such methods;
- the result of a function of the package that returns (``return r`` or
  ``return &r``) a local it registered: a caller's ``x, err := NewR(mgr)``
  starts with those registrations.

A type is registered more than once when one value of it is: counted at
two places of one function (two ``Complete(r)``, or ``r.setup(mgr)`` then
``Complete(r)``), or inside one method called once per value. Two values of
the same type, each registered once, are two reconcilers with maps of
their own: not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile

_REGISTER = ("Complete", "Build")


@dataclass(frozen=True)
class _Counts:
    """Per function: registrations of its receiver, and of the local it
    returns (with that local's type)."""

    receiver: int
    returned: int
    returned_type: str


def _registered_value(file: SourceFile, call: Node) -> Node | None:
    """The value a registration call hands to a controller: ``b.Complete(v)``
    or ``b.Build(v)`` on a chain that starts with ``...ControllerManagedBy(``."""
    parts = sx.call_parts(file, call)
    args = call.child_by_field_name("arguments")
    if parts is None or parts[1] not in _REGISTER or args is None:
        return None
    if len(args.named_children) != 1 or "ControllerManagedBy(" not in parts[0]:
        return None
    return sx.unparen(args.named_children[0])


def _option_values(file: SourceFile, body: Node) -> list[Node]:
    """``Reconciler: v`` in a composite literal of an ``...Options`` type."""
    found: list[Node] = []
    for literal in src.of_types(body, ("composite_literal",)):
        kind = literal.child_by_field_name("type")
        if kind is None or not file.text(kind).endswith("Options"):
            continue
        fields = literal.child_by_field_name("body")
        for element in fields.named_children if fields is not None else []:
            if element.type != "keyed_element":
                continue
            key = element.child_by_field_name("key")
            value = element.child_by_field_name("value")
            if key is None or value is None or file.text(key) != "Reconciler":
                continue
            if value.type == "literal_element" and value.named_children:
                value = value.named_children[0]
            found.append(sx.unparen(value))
    return found


def _name_of(file: SourceFile, value: Node) -> str | None:
    """``r`` for ``r`` or ``&r``."""
    value = sx.unparen(value)
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        operand = value.child_by_field_name("operand")
        value = operand if operand is not None else value
    return file.text(value) if value.type == "identifier" else None


def _literal_type(file: SourceFile, value: Node) -> str | None:
    """``T`` of ``T{...}`` or ``&T{...}`` (a type of the package)."""
    value = sx.unparen(value)
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        operand = value.child_by_field_name("operand")
        value = operand if operand is not None else value
    if value.type != "composite_literal":
        return None
    kind = value.child_by_field_name("type")
    return file.text(kind) if kind is not None and kind.type == "type_identifier" else None


def _function_counts(
    index: PackageIndex, decl: FuncDecl, known: dict[str, _Counts]
) -> tuple[_Counts, dict[str, int], dict[str, str]]:
    """The registrations of the values of ``decl``: (its counts, registrations
    per local name, the local's type)."""
    file = decl.file
    body = decl.body
    counts: dict[str, int] = {}
    types: dict[str, str] = {}
    if body is None:
        return _Counts(0, 0, ""), counts, types
    recv = decl.receiver_name if decl.receiver else ""
    if recv:
        types[recv] = decl.receiver
    # where locals come from: literals of a package type, results of functions
    # that return a registered value
    for stmt in src.of_types(body, ("short_var_declaration", "assignment_statement")):
        sides = sx.assignment_sides(stmt)
        if sides is None or not sides[1]:
            continue
        left, right = sides
        first = sx.unparen(right[0])
        name = file.text(left[0]) if left[0].type == "identifier" else ""
        if not name or name == "_":
            continue
        literal = _literal_type(file, first) if len(right) == len(left) else None
        if literal is not None and literal in index.types:
            types[name] = literal
            continue
        if first.type == "call_expression" and len(right) == 1:
            parts = sx.call_parts(file, first)
            callee = known.get(parts[1]) if parts is not None and not parts[0] else None
            if callee is not None and callee.returned:
                types[name] = callee.returned_type
                counts[name] = counts.get(name, 0) + callee.returned
    for call in src.of_types(body, ("call_expression",)):
        if sx.in_closure(call, body):
            continue
        value = _registered_value(file, call)
        if value is not None:
            handed = _name_of(file, value)
            if handed is not None:
                counts[handed] = counts.get(handed, 0) + 1
            continue
        parts = sx.call_parts(file, call)
        if parts is None or not parts[0] or parts[0] not in types:
            continue
        method = known.get(f"{types[parts[0]]}.{parts[1]}")
        if method is not None and method.receiver:
            counts[parts[0]] = counts.get(parts[0], 0) + method.receiver
    for value in _option_values(file, body):
        handed = _name_of(file, value)
        if handed is not None:
            counts[handed] = counts.get(handed, 0) + 1
    returned, returned_type = 0, ""
    for ret in src.of_types(body, ("return_statement",)):
        if sx.in_closure(ret, body):
            continue
        values = ret.named_children[0].named_children if ret.named_children else []
        local = _name_of(file, values[0]) if values else None
        if local is not None and local != recv and counts.get(local) and local in types:
            returned, returned_type = counts[local], types[local]
    return _Counts(counts.get(recv, 0) if recv else 0, returned, returned_type), counts, types


def registered_twice(index: PackageIndex) -> frozenset[str]:
    """The types of the package one of whose values is handed to two
    controllers (or more)."""
    data = b"".join(file.data for file in index.files if not file.path.endswith("_test.go"))
    if b"ControllerManagedBy" not in data and b"Reconciler:" not in data:
        return frozenset()
    decls = [
        decl
        for decl in index.funcs.values()
        if decl.body is not None and not decl.file.path.endswith("_test.go")
    ]
    known: dict[str, _Counts] = {}
    for _ in range(4):  # to a fixed point: registrations through calls
        changed = False
        for decl in decls:
            counts = _function_counts(index, decl, known)[0]
            key = decl.key if decl.receiver else decl.name
            if known.get(key) != counts:
                known[key] = counts
                changed = True
        if not changed:
            break
    found: set[str] = set()
    for decl in decls:
        _counts, per_name, types = _function_counts(index, decl, known)
        for name, count in per_name.items():
            if count >= 2 and name in types:
                found.add(types[name].lstrip("*"))
    return frozenset(found)
