"""Whether a method call ``x.M()`` calls a method of another package's type:
then it is no call of the package's own method ``M``, whatever the names.

:meth:`.calls.Calls.resolve` takes ``x.M()`` for the package's method when
only one type of the package declares ``M``. That is a reading by name: a
local ``ids := restic.NewIDSet()`` whose ``ids.Insert(id)`` calls the
imported type's own ``Insert`` is no call of the package's ``Insert``. Go
fixes a variable's type at its declaration, and:

- a type ``q.T`` named through an import ``q`` of the file is declared in
  ``q``, and so are its methods (Go declares a method in its receiver
  type's package); ``q`` cannot name the caller's package (it would import
  it back, and Go forbids import cycles), so even an alias ``type T = ...``
  in ``q`` is no type of the caller's package;
- when ``q`` itself declares the method ``M`` with receiver ``T`` (or
  ``*T``), ``x.M()`` selects that method at depth zero: not a method
  promoted from an embedded field or an interface's dynamic method.

``x``'s type is read from its declaration: a parameter, receiver or ``var x
q.T`` (``*q.T``), a composite literal ``q.T{...}`` (``&q.T{...}``), or the
first (or ``i``-th) result of a call ``q.F(...)`` of a function of ``q``
that is not generic and declares that result as ``T`` or ``*T`` (a type of
``q``), read from ``q``'s source. Anything else (an interface, a generic
function, a package whose sources are not found) is not known to be
foreign, and the caller keeps its reading by name.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS, Declarations
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.scopes import resolve

_NAMED = re.compile(r"\*?\s*([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?(?:\[.*\])?")


def foreign_method(pkg: Pass, file: SourceFile, call: Node) -> bool:
    """``call`` is ``x.M(...)`` with ``x`` an identifier declared as a value
    of a type of an imported package that declares the method ``M`` itself
    (see the module)."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    if operand is None or method is None or operand.type != "identifier":
        return False
    found = _declaration(pkg.package, file, operand)
    if found is None:
        return False
    qualifier, type_name, result = found
    path = pkg.package.imports.get(file.path, {}).get(qualifier)
    other = pkg.dependency(path) if path is not None else None
    if other is None:
        return False
    decls = other.fact(DECLARATIONS)
    if result is not None:  # x := q.F(...): the declared result of F
        type_name = _result_type(decls, type_name, result) or ""
    # (only exported methods are listed: another package calls no other)
    return bool(type_name) and f"{type_name}.{file.text(method)}" in decls.funcs


def _result_type(decls: Declarations, func: str, result: int) -> str | None:
    """The type ``T`` of the package of ``decls`` that its function ``func``
    declares as its ``result``-th result (``T`` or ``*T``), or that the
    conversion ``q.T(v)`` makes (a type that is not generic)."""
    found = decls.types.get(func)
    if found is not None:
        return func if not found.generic else None
    info = decls.funcs.get(func)
    if info is None or result >= len(info.results):
        return None
    # (results are qualified; a type parameter of a generic F is not)
    text = info.results[result].strip().lstrip("*").strip()
    prefix = decls.import_path + "."
    name = text[len(prefix) :] if text.startswith(prefix) else ""
    return name if name.isidentifier() and name in decls.types else None


def _declaration(
    index: PackageIndex, file: SourceFile, ident: Node
) -> tuple[str, str, int | None] | None:
    """What declares the local or parameter ``ident``: ``(q, T, None)`` for a
    value declared of the type ``q.T`` of an import ``q`` (its declared type
    or a composite literal of it), ``(q, F, i)`` for one defined by the
    ``i``-th result of a call ``q.F(...)``; ``None`` for anything else."""
    binding = resolve(index, file, file.text(ident), ident)
    if binding is None or binding.kind not in ("var", "short", "param", "receiver"):
        return None
    if binding.node.type in ("parameter_declaration", "var_spec"):
        kind = binding.node.child_by_field_name("type")
        if kind is not None:
            return _qualified(file, kind)
    value = binding.value
    result = 0
    if value is None and binding.node.type == "short_var_declaration":
        sides = sx.assignment_sides(binding.node)
        if sides is None or len(sides[1]) != 1 or binding.name_node is None:
            return None
        ids = [n.id for n in sides[0]]
        if binding.name_node.id not in ids:
            return None
        result = ids.index(binding.name_node.id)
        value = sides[1][0]
    if value is None:
        return None
    value = sx.unparen(value)
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        value = sx.unparen(value.child_by_field_name("operand") or value)
    if value.type == "composite_literal":
        kind = value.child_by_field_name("type")
        return _qualified(file, kind) if kind is not None else None
    if value.type != "call_expression":
        return None
    fn = value.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or name is None or operand.type != "identifier":
        return None
    if resolve(index, file, file.text(operand), operand) is not None:
        return None  # a variable that hides the import: x.F() is its method
    return file.text(operand), file.text(name), result


def _qualified(file: SourceFile, kind: Node) -> tuple[str, str, int | None] | None:
    """``q.T`` (``*q.T``, ``q.T[A]``) as ``(q, T, None)``."""
    match = _NAMED.fullmatch(file.text(kind).strip())
    if match is None or match.group(2) is None:
        return None
    return match.group(1), match.group(2), None
