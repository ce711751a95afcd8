"""A literal's map field set from a map parameter of the function that builds
it (``T{ObjectMeta: metav1.ObjectMeta{Annotations: annotations}}``): the map is
the caller's, nil where a caller of the package passes a nil map. For
API_OBJECTS (NM004's write to ``template.Annotations[k]``).

A caller's argument may be nil when it is ``nil``, the result of a function
or method of the package that some ``return`` gives as a literal ``nil``
(NIL_FLOW), a local defined as such a result and not assigned again, or an
API object's map that may be nil there (judged by the caller's file's own
analysis). A parameter assigned in the function (``if m == nil { m = ... }``
before the literal, or anywhere else), or whose address is taken, is not
followed; nor is one of a function with no caller in the package: a
parameter is not evidence on its own."""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.nilflow import NilFlows
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node


def literal_value(file: SourceFile, literal: Node, path: list[str]) -> Node | None:
    """The expression a composite literal sets at the field ``path``
    (through nested keyed literals), ``None`` when it is not one such."""
    node = sx.unparen(literal)
    if node.type == "unary_expression" and node.named_children:
        node = sx.unparen(node.named_children[-1])
    value: Node | None = None
    for step in path:
        if step == "[]":
            return None
        body = node if node.type == "literal_value" else node.child_by_field_name("body")
        if body is None:
            return None
        value = None
        for element in body.named_children:
            if element.type != "keyed_element":
                return None
            key = element.child_by_field_name("key")
            val = element.child_by_field_name("value")
            if key is not None and file.text(key) == step:
                value = val
        if value is None:
            return None
        inner = value.named_children[0] if value.type == "literal_element" else value
        node = sx.unparen(inner) if inner is not None else value
        if node.type == "unary_expression" and node.named_children:
            node = sx.unparen(node.named_children[-1])
        value = node
    return value


def map_parameter(file: SourceFile, func: Node, name: str) -> int | None:
    """The position of parameter ``name`` of ``func`` (a declared function
    or method, not a literal) when the body never assigns it, nor takes its
    address."""
    if func.type not in ("function_declaration", "method_declaration"):
        return None
    plist = func.child_by_field_name("parameters")
    position = 0
    found: int | None = None
    for decl in plist.named_children if plist is not None else ():
        names = [file.text(n) for n in decl.children_by_field_name("name")]
        if name in names:
            if decl.type == "variadic_parameter_declaration":
                return None
            found = position + names.index(name)
            break
        position += max(1, len(names))
    body = func.child_by_field_name("body")
    if found is None or body is None:
        return None
    for node in sx.walk(body):
        if node.type != "identifier" or file.text(node) != name:
            continue
        parent = node.parent
        if parent is None:
            continue
        if parent.type == "unary_expression" and file.text(parent).startswith("&"):
            return None
        if sx.is_assigned(node):
            return None
    return found


def _nil_result(
    file: SourceFile, call: Node, flows: NilFlows, calls: Calls, index: PackageIndex
) -> FuncDecl | None:
    """The function or method of the package that ``call`` calls, with one
    result, a map that some ``return`` gives as ``nil``."""
    fn = call.child_by_field_name("function")
    decl: FuncDecl | None = None
    if fn is not None and fn.type == "identifier":
        decl = flows.nil_result_callee(file, call)
    elif fn is not None and fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None:
            return None
        if operand.type == "identifier" and file.text(operand) in index.imports.get(file.path, {}):
            return None
        found = calls.methods_named(file.text(field))
        decl = found[0] if len(found) == 1 else None
    if decl is None or len(decl.results) != 1:
        return None
    return decl if 0 in flows.nil_results(decl) else None


def nil_argument(
    file: SourceFile,
    arg: Node,
    call: Node,
    types: TypeResolver,
    flows: NilFlows,
    calls: Calls,
    api_map: Callable[[Node], str | None],
) -> str | None:
    """Why ``arg``, passed by ``call``, may be a nil map there (``None``:
    not known to be). ``api_map`` judges an API object's map (the reason,
    or ``None``)."""
    arg = sx.unparen(arg)
    index = types.package
    if arg.type == "nil":
        return "nil"
    if arg.type == "call_expression":
        decl = _nil_result(file, arg, flows, calls, index)
        return f"the result of {decl.name}, which can return nil" if decl is not None else None
    if arg.type == "selector_expression":
        return api_map(arg)
    if arg.type != "identifier":
        return None
    name = file.text(arg)
    binding = types.resolve(file, name, arg)
    func = sx.enclosing_function(call)
    if (
        binding is None
        or binding.kind != "short"
        or binding.value is None
        or binding.function is None
        or func is None
        or binding.function.id != func.id
    ):
        return None
    value = sx.unparen(binding.value)
    if value.type != "call_expression":
        return None
    decl = _nil_result(file, value, flows, calls, index)
    if decl is None:
        return None
    for node in sx.walk(func):
        if node.type == "identifier" and file.text(node) == name and node.id != arg.id:
            parent = node.parent
            if parent is not None and parent.type == "unary_expression":
                return None  # &m: set through the pointer
            if sx.is_assigned(node) and not (
                binding.name_node is not None and node.id == binding.name_node.id
            ):
                return None
        if node.type == "if_statement" and node.end_byte <= call.start_byte:
            condition = node.child_by_field_name("condition")
            if condition is not None and any(
                n.type == "identifier" and file.text(n) == name for n in sx.walk(condition)
            ):
                return None  # checked before the call
    return f"{name}, the result of {decl.name}, which can return nil"
