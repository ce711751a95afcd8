"""The expression typer NM002's facts grew up with (:class:`Types`): the
type text of an expression through the package's structs and functions, with
a cache per node. :class:`~gofixmap.rules.facts.types.TypeResolver` extends
it; new code asks the resolver."""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import Field, PackageIndex
from gofixmap.codemod.syntax import FUNCTION_TYPES, unparen
from gofixmap.rules.facts.typetext import element_of, key_type

Node = tree_sitter.Node


class Types:
    """Static types of expressions, as type text, resolved within a package."""

    def __init__(self, pkg: PackageIndex) -> None:
        self.pkg = pkg
        self._cache: dict[tuple[str, int, int], str | None] = {}
        self._active: set[tuple[str, int, int]] = set()

    def struct_decl_file(self, type_text: str) -> src.SourceFile | None:
        decl = self.pkg.struct(type_text)
        return decl.file if decl is not None else None

    def local_struct(self, type_text: str) -> str | None:
        """``T``/``*T`` of a non-generic struct of the package → ``T``."""
        seen: set[str] = set()
        text = type_text.strip().lstrip("*").strip()
        while re.fullmatch(r"[A-Za-z_]\w*", text) and text not in seen:
            seen.add(text)
            decl = self.pkg.types.get(text)
            if decl is None or decl.type_params:
                return None
            if decl.is_struct:
                return text
            # type B A where A is a struct of the package (cyclic
            # definitions such as `type Loop *Loop` end the walk)
            text = decl.type_text.strip().lstrip("*").strip()
        return None

    def expr(self, file: src.SourceFile, node: Node, depth: int = 0) -> str | None:
        if depth > 8:
            return None
        node = unparen(node)
        kind = node.type
        if kind == "identifier":
            return self.ident(file, node, depth + 1)
        if kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            return file.text(type_node) if type_node is not None else None
        if kind == "unary_expression":
            operand = node.child_by_field_name("operand")
            op = node.child_by_field_name("operator")
            if operand is None or op is None:
                return None
            inner = self.expr(file, operand, depth + 1)
            if inner is None:
                return None
            if file.text(op) == "&":
                return "*" + inner
            if file.text(op) == "*":
                return inner[1:] if inner.startswith("*") else None
            return inner
        if kind == "selector_expression":
            operand = node.child_by_field_name("operand")
            name = node.child_by_field_name("field")
            if operand is None or name is None:
                return None
            base = self.expr(file, operand, depth + 1)
            if base is None:
                return None
            f = self.field(base, file.text(name))
            return f.type_text if f is not None else None
        if kind == "index_expression":
            operand = node.child_by_field_name("operand")
            if operand is None:
                return None
            base = self.expr(file, operand, depth + 1)
            if base is None:
                return None
            return element_of(self.pkg.underlying(base, file))
        if kind == "call_expression":
            return self.call(file, node, depth + 1)
        if kind == "type_assertion_expression":  # x.(*T): a *T
            asserted = node.child_by_field_name("type")
            return file.text(asserted) if asserted is not None else None
        return None

    def call(self, file: src.SourceFile, node: Node, depth: int) -> str | None:
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None:
            return None
        fn = unparen(fn)
        if fn.type == "identifier":
            name = file.text(fn)
            if name == "new" and args is not None and args.named_child_count == 1:
                return "*" + file.text(args.named_children[0])
            if name == "make" and args is not None and args.named_child_count >= 1:
                return file.text(args.named_children[0])
            decl = self.pkg.funcs.get(name)
            if decl is not None and not decl.receiver and decl.results:
                return decl.results[0].type_text
            if name in self.pkg.types:  # conversion T(x)
                return name
            return None
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            method = fn.child_by_field_name("field")
            if operand is None or method is None:
                return None
            base = self.expr(file, operand, depth + 1)
            if base is None:
                return None
            recv = self.local_struct(base) or base.lstrip("*")
            decl = self.pkg.funcs.get(f"{recv}.{file.text(method)}")
            if decl is not None and decl.results:
                return decl.results[0].type_text
        return None

    def field(self, type_text: str, name: str) -> Field | None:
        struct = self.local_struct(type_text)
        if struct is None:
            return None
        return self.pkg.field_of(struct, name)

    # -- identifiers

    def ident(self, file: src.SourceFile, node: Node, depth: int = 0) -> str | None:
        key = (file.path, node.start_byte, node.end_byte)
        if key in self._cache:
            return self._cache[key]
        if key in self._active or depth > 8:
            return None
        self._active.add(key)
        try:
            result = self._ident(file, node, depth)
        finally:
            self._active.discard(key)
        self._cache[key] = result
        return result

    def _ident(self, file: src.SourceFile, node: Node, depth: int) -> str | None:
        name = file.text(node)
        found = self.declaration(file, node, name)
        if found is None:
            var = self.pkg.vars.get(name)
            if var is None:
                return None
            if var.type_text:
                return var.type_text
            if var.value is not None and depth < 8:
                return self.expr(var.file, var.value, depth + 1)
            return None
        type_text, value, index = found
        if type_text is not None:
            return type_text
        if value is None:
            return None
        if value.type == "expression_list":
            values = value.named_children
            if len(values) == 1 and index > 0:
                return self._multi(file, values[0], index, depth)
            if index < len(values):
                return self.expr(file, values[index], depth + 1)
            return None
        return self.expr(file, value, depth + 1)

    def _multi(self, file: src.SourceFile, value: Node, index: int, depth: int) -> str | None:
        value = unparen(value)
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            decl = None
            if fn is not None and fn.type == "identifier":
                decl = self.pkg.funcs.get(file.text(fn))
            if decl is not None and index < len(decl.results):
                return decl.results[index].type_text
        return None

    def declaration(
        self, file: src.SourceFile, use: Node, name: str
    ) -> tuple[str | None, Node | None, int] | None:
        """(type text, value, position) of the declaration of ``name`` seen at ``use``."""
        child = use
        current = use.parent
        while current is not None:
            kind = current.type
            if sx.is_block(current) or kind == "source_file":
                if kind == "source_file":
                    return None
                for stmt in reversed(current.named_children):
                    if stmt.start_byte >= child.start_byte:
                        continue
                    found = _declares(file, stmt, name)
                    if found is not None:
                        return found
            elif kind == "for_statement" and child == current.child_by_field_name("body"):
                found = self._range(file, current, name)
                if found is not None:
                    return found
                init = _child_of_type(current, "for_clause")
                if init is not None:
                    first = init.child_by_field_name("initializer")
                    if first is not None:
                        found = _declares(file, first, name)
                        if found is not None:
                            return found
            elif kind in ("if_statement", "expression_switch_statement", "type_switch_statement"):
                init = current.child_by_field_name("initializer")
                if init is not None and init != child:
                    found = _declares(file, init, name)
                    if found is not None:
                        return found
            elif kind in FUNCTION_TYPES:
                found = _params_declare(file, current, name)
                if found is not None:
                    return found
            child = current
            current = current.parent
        return None

    def _range(
        self, file: src.SourceFile, loop: Node, name: str
    ) -> tuple[str | None, Node | None, int] | None:
        clause = _child_of_type(loop, "range_clause")
        if clause is None:
            return None
        left = clause.child_by_field_name("left")
        right = clause.child_by_field_name("right")
        if left is None or right is None:
            return None
        names = [file.text(n) for n in left.named_children]
        if name not in names:
            return None
        position = names.index(name)
        base = self.expr(file, right)
        if base is None:
            return (None, None, 0)
        under = self.pkg.underlying(base, file)
        if position == 0:
            return (key_type(under), None, 0)
        return (element_of(under), None, 0)


def _child_of_type(node: Node, kind: str) -> Node | None:
    for child in node.named_children:
        if child.type == kind:
            return child
    return None


def _declares(
    file: src.SourceFile, stmt: Node, name: str
) -> tuple[str | None, Node | None, int] | None:
    if stmt.type == "var_declaration":
        for spec in sx.var_specs(stmt):
            names = [file.text(n) for n in spec.children_by_field_name("name")]
            if name in names:
                type_node = spec.child_by_field_name("type")
                value = spec.child_by_field_name("value")
                type_text = file.text(type_node) if type_node is not None else None
                return (type_text, value, names.index(name))
    elif stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        if left is not None:
            names = [file.text(n) for n in left.named_children]
            if name in names:
                return (None, stmt.child_by_field_name("right"), names.index(name))
    elif stmt.type == "labeled_statement":
        for child in stmt.named_children:
            found = _declares(file, child, name)
            if found is not None:
                return found
    return None


def _params_declare(
    file: src.SourceFile, func: Node, name: str
) -> tuple[str | None, Node | None, int] | None:
    for field_name in ("receiver", "parameters", "result"):
        params = func.child_by_field_name(field_name)
        if params is None or params.type != "parameter_list":
            continue
        for decl in params.named_children:
            type_node = decl.child_by_field_name("type")
            for n in decl.children_by_field_name("name"):
                if file.text(n) == name:
                    text = file.text(type_node) if type_node is not None else None
                    if text is not None and decl.type == "variadic_parameter_declaration":
                        text = "[]" + text
                    return (text, None, 0)
    return None


def param_kind(file: src.SourceFile, use: Node, name: str) -> str:
    """ "receiver", "param" or "" for the identifier ``name`` declared at ``use``."""
    current = use.parent
    while current is not None:
        if sx.is_block(current):
            for stmt in current.named_children:
                if stmt.start_byte < use.start_byte and _declares(file, stmt, name) is not None:
                    return ""
        if current.type in FUNCTION_TYPES:
            for field_name, label in (("receiver", "receiver"), ("parameters", "param")):
                params = current.child_by_field_name(field_name)
                if params is None:
                    continue
                for decl in params.named_children:
                    for n in decl.children_by_field_name("name"):
                        if file.text(n) == name:
                            return label
            results = current.child_by_field_name("result")
            if results is not None and results.type == "parameter_list":
                for decl in results.named_children:
                    for n in decl.children_by_field_name("name"):
                        if file.text(n) == name:
                            return "result"
        current = current.parent
    return ""
