"""Scopes and expression types, the functional core of
:data:`~gofixmap.rules.facts.types.TYPES`.

- scopes: the declaration (:class:`Binding`) of an identifier seen from a
  node: locals (``var``, ``:=``), parameters, named results, receivers, range
  variables, if/for/switch initialisers, type switch aliases, select cases,
  package variables;
- types: the type text of an expression (identifiers, selector chains through
  struct fields incl. embedded ones, index expressions, ``make``/``new``,
  composite literals, conversions, type assertions, the results of the
  package's functions and methods).

Scope resolution and expression typing are one mutually recursive algorithm
(the type of an identifier is the type of its declaration's value, which is
an expression): they stay together here.
"""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.syntax import (
    FUNCTION_TYPES,
    ancestors,
    enclosing_function,
    index_view,
    statement_list,
    var_specs,
)
from gofixmap.rules.facts.typetext import elem_type, map_parts

Node = tree_sitter.Node


@dataclass(frozen=True, eq=False)
class Binding:
    """What an identifier refers to.

    ``kind`` is one of ``var`` (``var x T``), ``short`` (``x := e``),
    ``param``, ``result`` (named result), ``receiver``, ``range``, ``package``
    (package-level var), ``other`` (type switch, select case ...).
    ``type_text`` is ``None`` when unknown. ``node`` is the declaring node
    (``var_spec``, ``short_var_declaration``, ``parameter_declaration``,
    ``range_clause``...), or the ``VarDecl.node`` for package variables;
    ``name_node`` is the identifier in that declaration (``None`` for package
    variables of another file is never the case: it is always set when known).
    """

    name: str
    kind: str
    type_text: str | None
    node: Node
    name_node: Node | None
    value: Node | None = None  # the initial value expression, when one is known
    function: Node | None = None  # the enclosing function node of a local


def type_parameters(node: Node, file: SourceFile) -> set[str]:
    """Names of type parameters in scope at ``node`` (functions and generic receivers)."""
    names: set[str] = set()
    for current in (node, *ancestors(node)):
        if current.type in sx.DECLARATION_TYPES:
            params = current.child_by_field_name("type_parameters")
            if params is not None:
                for decl in params.named_children:
                    for name in decl.children_by_field_name("name"):
                        names.add(file.text(name))
            receiver = current.child_by_field_name("receiver")
            if receiver is not None:
                for sub in src.walk(receiver):
                    if sub.type == "type_arguments" or sub.type == "type_parameter_list":
                        for arg in src.walk(sub):
                            if arg.type in ("type_identifier", "identifier"):
                                names.add(file.text(arg))
    return names


def resolve(index: PackageIndex, file: SourceFile, name: str, at: Node) -> Binding | None:
    """The declaration of identifier ``name`` as seen from node ``at``.

    Walks outwards: earlier statements of each enclosing statement list,
    initialisers of if/for/switch, range clauses, parameters, results and
    receivers of each enclosing function, then package-level variables.
    """
    if name == "_":
        return None
    for node, parent in sx.climb(at):
        if parent.type == sx.STATEMENT_LIST:
            for sibling in reversed(sx.preceding(node, parent)):
                found = declared_in(index, file, sibling, name)
                if found is not None:
                    return found
        elif parent.type in (
            "if_statement",
            "expression_switch_statement",
            "type_switch_statement",
        ):
            init = parent.child_by_field_name("initializer")
            if init is not None and node != init:
                found = declared_in(index, file, init, name)
                if found is not None:
                    return found
            if parent.type == "type_switch_statement" and node.type == "type_case":
                alias = parent.child_by_field_name("alias")
                if alias is not None:
                    for ident in (
                        alias.named_children if alias.type == "expression_list" else [alias]
                    ):
                        if file.text(ident) == name:
                            return Binding(
                                name, "other", _type_case_type(file, node), parent, ident
                            )
        elif parent.type == "for_statement":
            clause = next(
                (c for c in parent.named_children if c.type in ("for_clause", "range_clause")), None
            )
            if clause is not None and node != clause:
                if clause.type == "for_clause":
                    init = clause.child_by_field_name("initializer")
                    if init is not None:
                        found = declared_in(index, file, init, name)
                        if found is not None:
                            return found
                else:
                    found = _range_binding(index, file, clause, name)
                    if found is not None:
                        return found
        elif parent.type == "communication_case":
            comm = parent.child_by_field_name("communication")
            if comm is not None and node != comm and comm.type == "receive_statement":
                left = comm.child_by_field_name("left")
                if left is not None:
                    for ident in left.named_children:
                        if file.text(ident) == name:
                            return Binding(name, "other", None, comm, ident)
        elif parent.type in FUNCTION_TYPES:
            found = _function_binding(file, parent, name)
            if found is not None:
                return found
    decl = index.vars.get(name)
    if decl is None:
        return None
    type_text: str | None = decl.type_text or None
    if type_text is None and decl.value is not None:
        type_text = type_of(index, decl.file, decl.value)
    name_node = next(
        (n for n in decl.node.children_by_field_name("name") if decl.file.text(n) == name), None
    )
    return Binding(name, "package", type_text, decl.node, name_node, decl.value)


def _type_case_type(file: SourceFile, case: Node) -> str | None:
    types = case.children_by_field_name("type")
    if len(types) == 1:
        text = file.text(types[0])
        return None if text == "nil" else text
    return None


def _function_binding(file: SourceFile, func: Node, name: str) -> Binding | None:
    for field_name, kind in (
        ("receiver", "receiver"),
        ("parameters", "param"),
        ("result", "result"),
    ):
        plist = func.child_by_field_name(field_name)
        if plist is None or plist.type != "parameter_list":
            continue
        for decl in plist.named_children:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            for ident in decl.children_by_field_name("name"):
                if file.text(ident) == name:
                    type_node = decl.child_by_field_name("type")
                    text = file.text(type_node) if type_node is not None else None
                    if text is not None and decl.type == "variadic_parameter_declaration":
                        text = "[]" + text
                    return Binding(name, kind, text, decl, ident, None, func)
    return None


def declared_in(index: PackageIndex, file: SourceFile, stmt: Node, name: str) -> Binding | None:
    """A binding of ``name`` introduced by statement ``stmt`` itself (not nested)."""
    if stmt.type == "labeled_statement":
        inner = stmt.named_children[-1] if stmt.named_children else None
        return declared_in(index, file, inner, name) if inner is not None else None
    if stmt.type == "var_declaration":
        for spec in var_specs(stmt):
            names = spec.children_by_field_name("name")
            for i, ident in enumerate(names):
                if file.text(ident) != name:
                    continue
                type_node = spec.child_by_field_name("type")
                value_list = spec.child_by_field_name("value")
                values = value_list.named_children if value_list is not None else []
                value = values[i] if len(values) == len(names) else None
                if type_node is not None:
                    text: str | None = file.text(type_node)
                elif value is not None:
                    text = type_of(index, file, value)
                elif len(values) == 1:
                    text = call_result(index, file, values[0], i)
                else:
                    text = None
                return Binding(name, "var", text, spec, ident, value, enclosing_function(stmt))
        return None
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None:
            return None
        lefts = left.named_children
        rights = right.named_children
        for i, ident in enumerate(lefts):
            if ident.type != "identifier" or file.text(ident) != name:
                continue
            value = rights[i] if len(rights) == len(lefts) else None
            if value is not None:
                text = type_of(index, file, value)
            elif len(rights) == 1:
                text = _multi_value(index, file, rights[0], i)
            else:
                text = None
            return Binding(name, "short", text, stmt, ident, value, enclosing_function(stmt))
    return None


def _multi_value(index: PackageIndex, file: SourceFile, expr: Node, i: int) -> str | None:
    """The type of result ``i`` of a multi-value expression (``v, ok := m[k]``, a call)."""
    if expr.type == "index_expression" and i == 0:
        return type_of(index, file, expr)
    if expr.type == "type_assertion_expression" and i == 0:
        return type_of(index, file, expr)
    if i == 1 and expr.type in ("index_expression", "type_assertion_expression"):
        return "bool"
    return call_result(index, file, expr, i)


def _range_binding(
    index: PackageIndex, file: SourceFile, clause: Node, name: str
) -> Binding | None:
    left = clause.child_by_field_name("left")
    right = clause.child_by_field_name("right")
    if left is None:
        return None
    if not any(c.type == ":=" for c in clause.children):
        return None
    idents = left.named_children
    for i, ident in enumerate(idents):
        if file.text(ident) != name:
            continue
        text: str | None = None
        if right is not None:
            over = type_of(index, file, right)
            if over is not None:
                parts = map_parts(index, over, file)
                if parts is not None:
                    text = parts[i] if i < 2 else None
                else:
                    elem = elem_type(index, over, file)
                    if elem is not None:
                        text = "int" if i == 0 else elem
                    elif index.underlying(over, file) == "string":
                        text = "int" if i == 0 else "rune"
        return Binding(name, "range", text, clause, ident, None, enclosing_function(clause))
    return None


def scope_of(binding: Binding) -> Node | None:
    """The statement list a local binding is declared in (a parameter, result
    or receiver: the function body's list, the same block in Go)."""
    if binding.kind in ("param", "result", "receiver"):
        func = binding.function
        body = func.child_by_field_name("body") if func is not None else None
        if body is None:
            return None
        return statement_list(body) or body
    current: Node | None = binding.node
    while current is not None and not sx.is_statement_list(current):
        if current.type in FUNCTION_TYPES or current.type in (
            "if_statement",
            "for_statement",
            "expression_switch_statement",
            "type_switch_statement",
        ):
            return current
        current = current.parent
    return current


_BUILTIN_TYPES = {
    "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "byte", "rune", "float32", "float64", "complex64",
    "complex128", "error", "any",
}  # fmt: skip


_TYPE_NODES = (
    "map_type", "slice_type", "array_type", "pointer_type", "qualified_type", "type_identifier",
    "generic_type", "channel_type", "function_type", "struct_type", "interface_type",
)  # fmt: skip


def is_type_name(index: PackageIndex, file: SourceFile, expr: Node) -> bool:
    """Whether ``expr`` (the callee of a call) names a type, making the call a conversion."""
    if expr.type in _TYPE_NODES and expr.type != "type_identifier":
        return True
    if expr.type == "parenthesized_expression" or expr.type == "parenthesized_type":
        inner = expr.named_children[0] if expr.named_children else None
        return inner is not None and is_type_name(index, file, inner)
    if expr.type in ("identifier", "type_identifier"):
        text = file.text(expr)
        return text in index.types or text in _BUILTIN_TYPES
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        field = expr.child_by_field_name("field")
        if operand is not None and field is not None and operand.type == "identifier":
            import_path = index.imports.get(file.path, {}).get(file.text(operand))
            if import_path is not None:
                return file.text(field) in index.external_types.get(import_path, {})
    return False


def type_of(index: PackageIndex, file: SourceFile, expr: Node) -> str | None:
    """The type text of ``expr`` where it can be told syntactically, else ``None``.

    Type parameters in scope answer ``None`` (their method set is unknown).
    """
    text = _type_of(index, file, expr, 0)
    if text is None:
        return None
    bare = text.lstrip("*")
    if bare in type_parameters(expr, file):
        return None
    return text


def _type_of(index: PackageIndex, file: SourceFile, expr: Node, depth: int) -> str | None:
    if depth > 12:
        return None
    kind = expr.type
    if kind == "parenthesized_expression":
        inner = expr.named_children[0] if expr.named_children else None
        return _type_of(index, file, inner, depth + 1) if inner is not None else None
    if kind in ("identifier", "type_identifier"):
        binding = resolve(index, file, file.text(expr), expr)
        return binding.type_text if binding is not None else None
    if kind == "qualified_type":  # `s.field` misparsed as a type (see index_view)
        package = expr.child_by_field_name("package")
        name = expr.child_by_field_name("name")
        if package is None or name is None:
            return None
        if _is_package_name(index, file, package):
            return None
        base = _type_of(index, file, package, depth + 1)
        if base is None:
            return None
        found = index.field_of(base.lstrip("*"), file.text(name))
        return found.type_text if found is not None else None
    if kind in ("generic_type", "type_instantiation_expression"):
        view = index_view(expr)
        if view is None:
            return None
        base = _type_of(index, file, view[0], depth + 1)
        if base is None:
            return None
        parts = map_parts(index, base, file)
        if parts is not None:
            return parts[1]
        return elem_type(index, base, file)
    if kind == "package_identifier":
        binding = resolve(index, file, file.text(expr), expr)
        return binding.type_text if binding is not None else None
    if kind == "composite_literal":
        type_node = expr.child_by_field_name("type")
        return file.text(type_node) if type_node is not None else None
    if kind == "unary_expression":
        operator = expr.child_by_field_name("operator")
        operand = expr.child_by_field_name("operand")
        if operator is not None and operand is not None and file.text(operator) == "&":
            pointee = _type_of(index, file, operand, depth + 1)
            return "*" + pointee if pointee is not None else None
        if operator is not None and operand is not None and file.text(operator) == "*":
            pointer = _type_of(index, file, operand, depth + 1)
            return pointer[1:] if pointer is not None and pointer.startswith("*") else None
        return None
    if kind in ("interpreted_string_literal", "raw_string_literal"):
        return "string"
    if kind == "type_assertion_expression":
        type_node = expr.child_by_field_name("type")
        return file.text(type_node) if type_node is not None else None
    if kind == "call_expression":
        return call_result(index, file, expr, 0, depth)
    if kind == "selector_expression":
        operand = expr.child_by_field_name("operand")
        field = expr.child_by_field_name("field")
        if operand is None or field is None:
            return None
        if _is_package_name(index, file, operand):
            return None  # a package-qualified name of another package
        base = _type_of(index, file, operand, depth + 1)
        if base is None:
            return None
        found = index.field_of(base.lstrip("*"), file.text(field))
        return found.type_text if found is not None else None
    if kind == "index_expression":
        operand = expr.child_by_field_name("operand")
        if operand is None:
            return None
        base = _type_of(index, file, operand, depth + 1)
        if base is None:
            return None
        parts = map_parts(index, base, file)
        if parts is not None:
            return parts[1]
        elem = elem_type(index, base, file)
        if elem is not None:
            return elem
        if index.underlying(base, file) == "string":
            return "byte"
        return None
    return None


def _is_package_name(index: PackageIndex, file: SourceFile, node: Node) -> bool:
    """Whether identifier ``node`` names an imported package (not shadowed)."""
    return (
        node.type in ("identifier", "package_identifier")
        and file.text(node) in index.imports.get(file.path, {})
        and resolve(index, file, file.text(node), node) is None
    )


def call_result(
    index: PackageIndex, file: SourceFile, call: Node, i: int, depth: int = 0
) -> str | None:
    """The type of result ``i`` of ``call``: make, new, conversions, package
    functions and methods of package types."""
    if call.type != "call_expression":
        return None
    function = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if function is None:
        return None
    arg_nodes = args.named_children if args is not None else []
    if function.type == "identifier":
        name = file.text(function)
        if name in ("make", "new") and arg_nodes and i == 0:
            binding = resolve(index, file, name, function)
            if binding is None:
                text = file.text(arg_nodes[0])
                return text if name == "make" else "*" + text
        if name in index.types and i == 0:
            return name
        if name in _BUILTIN_TYPES and i == 0:
            return name
        if resolve(index, file, name, function) is not None:
            return None  # a local func value
        decl = index.funcs.get(name)
        if decl is not None and i < len(decl.results):
            return decl.results[i].type_text
        return None
    if is_type_name(index, file, function) and i == 0:
        return (
            file.text(function).strip("()")
            if function.type == "parenthesized_expression"
            else file.text(function)
        )
    if function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        field = function.child_by_field_name("field")
        if operand is None or field is None:
            return None
        if _is_package_name(index, file, operand):
            return None
        base = _type_of(index, file, operand, depth + 1)
        if base is None:
            return None
        method = index.funcs.get(f"{base.lstrip('*').split('[', 1)[0]}.{file.text(field)}")
        if method is not None and i < len(method.results):
            return method.results[i].type_text
    return None
