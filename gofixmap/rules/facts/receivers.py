"""RECEIVER_WRITES: the methods of a package's named map types that write
their receiver's map while it may still be nil, and the calls in the module
that reach such a method with a nil map (NM005: the receiver is a parameter
that callers may pass nil).

A value of a named map type (``type Annotations map[string]string``) is nil
until made, like any map: ``var a T``, ``new(T)`` (a pointer to a nil map),
the missing key of a map of ``T``. A method of ``T`` that writes its
receiver's map panics on such a value. Which methods count:

- a value receiver ``r`` whose map is written, directly (``r[k] = v``) or
  through a local copy (``ret := r``), when neither is assigned again,
  compared with ``nil``, measured with ``len`` or has its address taken in
  the method, and the method returns the written map (``return ret``): its
  callers use the result, so a guard before the write (``if ret == nil {
  ret = make(T) }``) fixes every one of them. A method that writes its value
  receiver and returns nothing (``sets.Set``'s ``Insert``) asks its callers
  for a made map by design: left out;
- a pointer receiver ``p`` whose map is written as ``(*p)[k] = v`` when
  ``*p`` is never assigned, compared with ``nil`` or measured in the method:
  the guard ``if *p == nil { *p = make(T) }`` fixes every caller.

A method found so is reported only with a call that reaches it with a nil
map (:func:`nil_receiver_call`), in the package or in the production files
of the other packages of the module that import it (MODULE_IMPORTERS):

- ``x = new(T)`` or ``x := new(T)`` (``T`` as that file names it), then
  ``x.M(...)`` in the same function with no other assignment to ``x`` or
  ``*x`` in between;
- ``var x T`` then ``x.M(...)`` with no assignment to ``x`` or ``&x``
  in between;
- for a value receiver, ``f(...).M(...)`` or ``v.F(...).M(...)`` where the
  one function or method of the package so named has the one result ``T``
  and some ``return`` gives ``nil`` or a lookup of a map (nil for a missing
  key: ``return a[KeyAll]``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.importers import MODULE_IMPORTERS
from gofixmap.rules.facts.testonly import read_sources
from gofixmap.rules.facts.types import TYPES, TypeResolver
from gofixmap.rules.facts.typetext import split_map
from gofixmap.rules.facts.writes import write_sites

Node = tree_sitter.Node


@dataclass(frozen=True)
class NilCall:
    """A call that reaches the method with a nil map: where, and why."""

    path: str
    line: int
    why: str


@dataclass(frozen=True, eq=False)
class ReceiverWrite:
    """A method of the named map type ``type_name`` that writes its
    receiver's map at ``write`` (the first such write) while it may be nil,
    through ``name`` (the receiver, a local copy of it, or ``*p``)."""

    decl: FuncDecl
    type_name: str
    name: str
    write: Node
    call: NilCall | None = None  # a call that reaches it with a nil map

    @property
    def pointer(self) -> bool:
        return self.decl.pointer_receiver


def _named_maps(index: PackageIndex) -> set[str]:
    return {
        name
        for name, decl in index.types.items()
        if not decl.is_struct and split_map(decl.type_text.strip()) is not None
    }


def _idents(file: SourceFile, root: Node, names: set[str]) -> list[Node]:
    return [n for n in src.of_types(root, ("identifier",)) if file.text(n) in names]


def _assigned(node: Node) -> bool:
    """``node`` is (part of) the left side of an assignment, ``:=``, ``++``."""
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type in ("assignment_statement", "short_var_declaration"):
            return parent.child_by_field_name("left") == current
        if parent.type in ("inc_statement", "dec_statement"):
            return True
        if parent.type not in ("expression_list", "parenthesized_expression", "unary_expression"):
            return False
        current = parent
    return False


def _checked(file: SourceFile, node: Node) -> bool:
    """``node`` (or ``*node``) is compared with nil, measured with ``len``,
    or has its address taken."""
    current = node
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "unary_expression"):
        if parent.type == "unary_expression" and file.text(parent).startswith("&"):
            return True
        current, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "binary_expression":
        return any(c.type == "nil" for c in parent.named_children)
    if parent.type == "argument_list" and parent.parent is not None:
        fn = parent.parent.child_by_field_name("function")
        return fn is not None and file.text(fn) in ("len", "clear") and current is not None
    return False


def _value_write(decl: FuncDecl, body: Node, receiver: str) -> tuple[str, Node] | None:
    file = decl.file
    names = {receiver}
    copies: set[int] = set()  # the ``ret := r`` declarations
    for node in src.of_types(body, ("short_var_declaration",), "func_literal"):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if (
            left is not None
            and right is not None
            and len(left.named_children) == 1
            and len(right.named_children) == 1
            and file.text(sx.unparen(right.named_children[0])) == receiver
        ):
            names.add(file.text(left.named_children[0]))
            copies.add(left.id)
    for ident in _idents(file, body, names):
        if sx.in_closure(ident, decl.node) or _checked(file, ident):
            return None
        if _assigned(ident) and (ident.parent is None or ident.parent.id not in copies):
            return None
    written = [
        site
        for site in write_sites(body, file, into_closures=False)
        if site.operand.type == "identifier" and file.text(site.operand) in names
    ]
    if not written:
        return None
    name = file.text(written[0].operand)
    returns = src.of_types(body, ("return_statement",), "func_literal")
    if not any(
        file.text(sx.unparen(value)) == name
        for ret in returns
        for values in ret.named_children
        for value in values.named_children
    ):
        return None  # the caller's map is the product: a made one would be dropped
    return name, written[0].target


def _deref(file: SourceFile, node: Node, pointer: str) -> bool:
    """``node`` is ``*pointer`` (in parentheses or not)."""
    node = sx.unparen(node)
    if node.type != "unary_expression" or not file.text(node).startswith("*"):
        return False
    operand = node.child_by_field_name("operand")
    return operand is not None and file.text(sx.unparen(operand)) == pointer


def _pointer_write(decl: FuncDecl, body: Node, receiver: str) -> tuple[str, Node] | None:
    file = decl.file
    for ident in _idents(file, body, {receiver}):
        if sx.in_closure(ident, decl.node):
            return None
        if _assigned(ident):
            return None  # p = ..., *p = ...: the map may be made
        parent = ident.parent
        if parent is not None and parent.type == "unary_expression" and _checked(file, parent):
            return None
    for site in write_sites(body, file, into_closures=False):
        if _deref(file, site.operand, receiver):
            return f"*{receiver}", site.target
    return None


def _produce(pkg: Pass) -> tuple[ReceiverWrite, ...]:
    index = pkg.package
    maps = _named_maps(index)
    found: list[ReceiverWrite] = []
    for decl in index.funcs.values():
        body = decl.body
        if decl.receiver not in maps or body is None or decl.file.path.endswith("_test.go"):
            continue
        receiver = decl.receiver_name
        if not receiver or receiver == "_":
            continue
        if decl.pointer_receiver:
            write = _pointer_write(decl, body, receiver)
        else:
            write = _value_write(decl, body, receiver)
        if write is not None:
            found.append(ReceiverWrite(decl, decl.receiver, write[0], write[1]))
    found.sort(key=lambda w: (w.decl.file.path, w.write.start_byte))
    return tuple(replace(w, call=nil_receiver_call(pkg, w)) for w in found)


RECEIVER_WRITES: Fact[tuple[ReceiverWrite, ...]] = Fact(
    "receiver-writes", _produce, (TYPES, MODULE_IMPORTERS)
)


# ---- the calls that reach such a method with a nil map -----------------------


def nil_receiver_call(pkg: Pass, write: ReceiverWrite) -> NilCall | None:
    """The first call (the package's files first) that reaches the method of
    ``write`` with a nil map, ``None`` when none is in sight."""
    method = write.decl.name
    pattern = re.compile(rb"\." + re.escape(method.encode()) + rb"\(")
    for file in pkg.package.files:
        if file.path.endswith("_test.go") or not pattern.search(file.data):
            continue
        found = _in_file(pkg, file, write, "", os.path.basename(file.path))
        if found is not None:
            return found
    importers = pkg.module(MODULE_IMPORTERS)
    own = importers.import_path(pkg.package)
    for path, data in read_sources(importers.files(pkg.package), tests=False):
        if not pattern.search(data):
            continue
        file = src.parse(path, data)
        local = imported(file).get(own)
        if not local or local in ("_", "."):
            continue
        shown = os.path.relpath(path, importers.root).replace(os.sep, "/")
        found = _in_file(pkg, file, write, local, shown)
        if found is not None:
            return found
    return None


def _in_file(
    pkg: Pass, file: SourceFile, write: ReceiverWrite, qualifier: str, shown: str
) -> NilCall | None:
    """A call in ``file`` (which names the package ``qualifier``, "" for the
    package itself; ``shown`` its path in messages) that reaches the method
    with a nil map."""
    for call, operand in _method_calls(file, write.decl.name):
        why = _nil_operand(pkg, file, call, operand, write, qualifier)
        if why:
            line = file.data.count(b"\n", 0, call.start_byte) + 1
            text = f"{shown}:{line} calls it on {sx.norm(file.text(operand))}, {why}"
            return NilCall(file.path, line, text)
    return None


def _method_calls(file: SourceFile, method: str) -> Iterator[tuple[Node, Node]]:
    for call in src.of_types(file.root, ("call_expression",)):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        field = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        if field is not None and operand is not None and file.text(field) == method:
            yield call, sx.unparen(operand)


def _nil_operand(
    pkg: Pass, file: SourceFile, call: Node, operand: Node, write: ReceiverWrite, qualifier: str
) -> str:
    """Why ``operand`` holds a nil map of the method's type at ``call`` (""
    when it is not shown)."""
    spelled = f"{qualifier}.{write.type_name}" if qualifier else write.type_name
    if operand.type in ("identifier", "selector_expression"):
        return _unmade_local(file, call, operand, write, spelled)
    if operand.type != "call_expression" or write.pointer:
        return ""
    source = _callee(pkg, file, operand, qualifier)
    if source is None or len(source.results) != 1:
        return ""
    if source.results[0].type_text.strip() != write.type_name or not _nil_result(pkg, source):
        return ""
    return f"which can return a nil {write.type_name}"


def _callee(pkg: Pass, file: SourceFile, call: Node, qualifier: str) -> FuncDecl | None:
    """The function or method of the package that ``call`` calls: ``F()``
    (in the package), ``q.F()`` (``q`` its name in ``file``), ``x.F()``
    where ``x`` is declared in the enclosing function (a parameter, the
    receiver, a ``var``) with a type of the package."""
    funcs = pkg.package.funcs
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        found = funcs.get(file.text(fn)) if not qualifier else None
        return found if found is not None and not found.receiver else None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    field = fn.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier":
        return None
    name = file.text(field)
    if qualifier and file.text(operand) == qualifier:
        found = funcs.get(name)
        return found if found is not None and not found.receiver else None
    declared = _declared_type(file, call, file.text(operand))
    if declared is None:
        return None
    declared = declared.lstrip("*")
    prefix = f"{qualifier}." if qualifier else ""
    if not declared.startswith(prefix) or not declared[len(prefix) :].isidentifier():
        return None
    return funcs.get(f"{declared[len(prefix) :]}.{name}")


def _declared_type(file: SourceFile, at: Node, name: str) -> str | None:
    """The type written for ``name`` where the function around ``at``
    declares it: a parameter, the receiver, a ``var name T``."""
    func = sx.enclosing_function(at)
    while func is not None:
        for field in ("receiver", "parameters"):
            params = func.child_by_field_name(field)
            for decl in params.named_children if params is not None else []:
                kind = decl.child_by_field_name("type")
                names = [file.text(n) for n in decl.children_by_field_name("name")]
                if name in names and kind is not None:
                    return file.text(kind)
        body = func.child_by_field_name("body")
        for spec in src.of_types(body, ("var_spec",), "func_literal") if body else []:
            kind = spec.child_by_field_name("type")
            names = [file.text(n) for n in spec.children_by_field_name("name")]
            if name in names and kind is not None and spec.start_byte < at.start_byte:
                return file.text(kind)
        func = sx.enclosing_function(func.parent) if func.parent is not None else None
    return None


def _nil_result(pkg: Pass, decl: FuncDecl) -> bool:
    """Some ``return`` of ``decl`` gives ``nil`` or a map lookup (a missing
    key: nil)."""
    body = decl.body
    if body is None or decl.file.path.endswith("_test.go"):
        return False
    types = pkg.fact(TYPES)
    for ret in src.of_types(body, ("return_statement",), "func_literal"):
        values = ret.named_children[0].named_children if ret.named_children else []
        if len(values) != 1:
            continue
        value = sx.unparen(values[0])
        if value.type == "nil" or _map_lookup(types, decl.file, value):
            return True
    return False


def _map_lookup(types: TypeResolver, file: SourceFile, value: Node) -> bool:
    if value.type != "index_expression":
        return False
    view = sx.index_view(value)
    if view is None:
        return False
    outer = types.type_of(file, view[0])
    return outer is not None and types.map_parts(outer, file) is not None


def _unmade_local(
    file: SourceFile, call: Node, operand: Node, write: ReceiverWrite, spelled: str
) -> str:
    """``x = new(T)`` / ``var x T`` in the function of ``call``, the last
    thing done to ``x`` before the call."""
    func = sx.enclosing_function(call)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return ""
    text = sx.norm(file.text(operand))
    last: tuple[int, str] | None = None  # (position, how the map was set)
    for node in src.of_types(body, ("assignment_statement", "short_var_declaration", "var_spec")):
        if node.end_byte > call.start_byte:
            continue  # after the call, or the assignment of its result
        how = _sets(file, node, text, write, spelled)
        if how is not None and (last is None or node.start_byte > last[0]):
            last = (node.start_byte, how)
    if last is None or not last[1]:
        return ""
    for node in src.of_types(body, ("unary_expression",)):
        # &x handed on, or *x set, between the two: the map may be made
        if last[0] < node.start_byte < call.start_byte and file.text(node) in (
            f"&{text}",
            f"*{text}",
        ):
            return ""
    line = file.data.count(b"\n", 0, last[0]) + 1
    return f"{last[1]} at line {line}"


def _sets(
    file: SourceFile, node: Node, text: str, write: ReceiverWrite, spelled: str
) -> str | None:
    """How ``node`` sets ``text``: "" when to a value not known nil, ``None``
    when it does not set it."""
    if node.type == "var_spec":
        names = [file.text(n) for n in node.children_by_field_name("name")]
        kind = node.child_by_field_name("type")
        if text not in names:
            return None
        unset = node.child_by_field_name("value") is None
        if unset and kind is not None and file.text(kind) == spelled:
            return f"declared by var {text} {spelled} and never made"
        return ""
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None:
        return None
    lefts = [sx.norm(file.text(n)) for n in left.named_children]
    if text not in lefts:
        return None
    values = right.named_children
    if len(values) != len(lefts):
        return ""
    value = sx.unparen(values[lefts.index(text)])
    if write.pointer and sx.norm(file.text(value)) == f"new({spelled})":
        return f"set to new({spelled}), a pointer to a nil map,"
    return ""
