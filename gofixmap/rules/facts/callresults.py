"""Which constructions a local that holds a call's result can hold (NM002).

``info, err := c.Stat(key)`` followed by ``info.Metadata[k] = v``: ``info``
holds whatever ``Stat`` returns, nothing else, as long as it is the local's
only definition before the write and the function never assigns it again
nor takes its address. So a construction of the type that leaves the map
nil elsewhere in the package (``ObjectInfo{Key: k}`` in ``copyObjectDo``)
reaches the write only when ``Stat`` may return it: it is built in
``Stat`` (or in a function literal there), or a ``return`` of ``Stat``
gives the result of a call of the package that may return it in turn
(``return toInfo(h)``, or a local holding such a result), followed at most
four calls deep. A ``return`` of anything else (a parameter, a field, a
call outside the package, a method value) may return any value: the
construction is kept.
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.constructions import Construction
from gofixmap.rules.facts.returnedfields import origin_call
from gofixmap.rules.facts.types import TypeResolver

_DEPTH = 4


def _receiver(decl: FuncDecl | None) -> tuple[str, str] | None:
    return (decl.receiver_name, decl.receiver) if decl is not None and decl.receiver else None


def source_function(
    types: TypeResolver, calls: Calls, file: SourceFile, operand: Node, stmt: Node
) -> FuncDecl | None:
    """The package function whose first result the root local of
    ``operand`` (``x`` of ``x.F``, ``x.a.F``) holds at ``stmt``: its one
    definition ``x, err := f(...)`` (or ``var x = f(...)``) comes before
    ``stmt``, nothing else in the function assigns ``x``, and nothing takes
    ``&x`` before ``stmt`` (but a ``return &x``, which leaves)."""
    root = sx.unparen(operand)
    while root.type == "selector_expression":
        inner = root.child_by_field_name("operand")
        if inner is None:
            return None
        root = sx.unparen(inner)
    if root.type != "identifier":
        return None
    name = file.text(root)
    binding = types.resolve(file, name, root)
    if binding is None or binding.kind not in ("short", "var") or binding.function is None:
        return None
    definition = binding.node
    if definition.end_byte > stmt.start_byte:
        return None
    call = origin_call(file, definition, name)
    if call is None or _reassigned(file, binding.function, name, definition, stmt):
        return None
    holder = calls.decl_of(binding.function) if binding.function is not None else None
    key = calls.resolve(file, call, _receiver(holder))
    return calls.package.funcs.get(key) if key is not None else None


def _reassigned(file: SourceFile, function: Node, name: str, definition: Node, stmt: Node) -> bool:
    """``name`` is assigned outside ``definition`` (anywhere: a loop may
    bring a later assignment round to ``stmt``), or its address is taken
    before ``stmt``."""
    for node in src.of_types(function, ("assignment_statement", "unary_expression")):
        if node.start_byte >= definition.start_byte and node.end_byte <= definition.end_byte:
            continue
        if node.type == "unary_expression":
            if (
                node.start_byte < stmt.start_byte
                and sx.norm(file.text(node)) == f"&{name}"
                and not _returned(node)
            ):
                return True
            continue
        left = node.child_by_field_name("left")
        if left is not None and any(file.text(t) == name for t in left.named_children):
            return True
    return False


def _returned(node: Node) -> bool:
    """``node`` is a value of a ``return``: the function leaves with it,
    nothing of it runs later on that path."""
    parent = node.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def may_return(calls: Calls, decl: FuncDecl, c: Construction, depth: int = 0) -> bool:
    """Whether the value ``c`` builds may be the first result of ``decl``."""
    if depth > _DEPTH or decl.body is None:
        return True
    if (
        c.file.path == decl.file.path
        and c.func is not None
        and decl.node.start_byte <= c.func.start_byte < decl.node.end_byte
    ):
        return True  # built in the function (or a literal in it)
    file = decl.file
    for ret in src.of_types(decl.body, ("return_statement",), "func_literal"):
        values = ret.named_children[0] if ret.named_children else None
        if values is None:
            return True  # named results: anything assigned to them
        first = sx.unparen(values.named_children[0] if values.type == "expression_list" else values)
        if first.type == "unary_expression" and file.text(first).startswith("&"):
            operand = first.child_by_field_name("operand")
            first = sx.unparen(operand) if operand is not None else first
        if first.type in ("composite_literal", "nil"):
            continue  # built here: c is not (checked above)
        callee = _callee(calls, decl, first)
        if callee is not None:
            if may_return(calls, callee, c, depth + 1):
                return True
            continue
        if first.type == "identifier" and _local_of(file, decl.body, first, ret):
            sources = _local_sources(file, decl.body, file.text(first))
            if sources is None:
                return True
            for call in sources:
                callee = _callee(calls, decl, call)
                if callee is None or may_return(calls, callee, c, depth + 1):
                    return True
            continue
        return True
    return False


def _callee(calls: Calls, decl: FuncDecl, value: Node) -> FuncDecl | None:
    if value.type != "call_expression":
        return None
    key = calls.resolve(decl.file, value, _receiver(decl))
    return calls.package.funcs.get(key) if key is not None else None


def _local_of(file: SourceFile, body: Node, ident: Node, ret: Node) -> bool:
    """``ident`` names a local declared in ``body`` before ``ret`` (not a
    parameter, a receiver or a package variable)."""
    name = file.text(ident)
    for node in src.of_types(body, ("short_var_declaration", "var_spec")):
        if node.start_byte >= ret.start_byte:
            break
        names = (
            (node.child_by_field_name("left") or node).named_children
            if node.type == "short_var_declaration"
            else node.children_by_field_name("name")
        )
        if any(file.text(n) == name for n in names):
            return True
    return False


def _local_sources(file: SourceFile, body: Node, name: str) -> list[Node] | None:
    """The calls a local's definitions in ``body`` give it (``x, err :=
    f()``), when each definition is such a call or a value built here (a
    composite literal, ``new``, a zero ``var``); ``None`` when one is
    anything else (a parameter, a field: any value)."""
    found: list[Node] = []
    for node in src.of_types(body, ("short_var_declaration", "var_spec", "assignment_statement")):
        if node.type == "var_spec":
            names = list(node.children_by_field_name("name"))
            value = node.child_by_field_name("value")
            values = value.named_children if value is not None else []
        else:
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            names = left.named_children if left is not None else []
            values = right.named_children if right is not None else []
        texts = [file.text(n) for n in names]
        if name not in texts:
            continue
        if not values:
            continue  # `var x T`: the zero value, built here
        if len(values) == len(texts):
            value = sx.unparen(values[texts.index(name)])
            if value.type == "unary_expression" and file.text(value).startswith("&"):
                inner = value.child_by_field_name("operand")
                value = sx.unparen(inner) if inner is not None else value
            if value.type == "composite_literal":
                continue
            if value.type == "call_expression":
                fn = value.child_by_field_name("function")
                if fn is not None and file.text(fn) == "new":
                    continue
                found.append(value)
                continue
            return None
        if len(values) == 1 and texts.index(name) == 0:
            value = sx.unparen(values[0])
            if value.type == "call_expression":
                found.append(value)
                continue
        return None
    return found
