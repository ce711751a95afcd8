"""Whether the operand of a method call ``x.M()`` is a value of a type from
outside the module, read from declared types in the text (STARTUP's call
graph: a method of the standard library's or a dependency's type is none of
the module's methods, whatever its name).

``x`` is such a value when what declares it says so:

- a parameter, receiver or ``var x T`` whose type ``T`` (``*T``) is
  qualified by an import of another module or of the standard library
  (``mu sync.Mutex``, ``l *slog.Logger``);
- a local or package variable defined by such a value: a composite literal
  of such a type, a call of a function of such a package (``os.Open(p)``),
  or a method called on such a value (``h := a.l.Handler()``);
- a variable of such a package (``os.Stdout``), or a field, declared with
  such a type, of a struct of the package (``a.l`` where ``a`` is the
  package's ``adapter`` and its field ``l *slog.Logger``), or any field of a
  value that is itself such a value.

Anything else (a builtin type like ``error``, a type of the module, an
interface of the module, a local whose definition is not read here) is not
known to be outside, and the caller keeps its by-name reading.

Which of the module's named types a value has (:meth:`DeclaredTypes.
module_method`, :meth:`DeclaredTypes.selects_field`) is read the same way,
and also through what a function or method of the module returns: ``h :=
client.NewHandler()`` is the first result's declared type (``*Handler`` of
package client), ``info, err := c.extract()`` likewise for a method of a
value whose type is known (an interface of the module's too: every
implementation returns what the interface's method declares), and
``result.Archive`` is the declared type of the field ``Archive`` of
``result``'s struct, the type named in the file that declares it. A generic
function or type, an element of a slice or map, a range variable: not
known.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

_MAX_DEPTH = 4

# directory -> (struct type -> field -> declared type text, package var -> its declaration)
_Declarations = tuple[dict[str, dict[str, str]], dict[str, tuple[SourceFile, Node]]]


class DeclaredTypes:
    """Answers :meth:`external` for the files of one module."""

    def __init__(
        self,
        files_in: Callable[[str], list[SourceFile]],
        directory_of: Callable[[SourceFile], str],
        imports_of: Callable[[SourceFile], dict[str, str | None]] | None = None,
    ) -> None:
        """``files_in``: the parsed files of the package in a directory;
        ``directory_of``: a file's absolute directory; ``imports_of``: a
        file's import names (see :meth:`external`), needed to follow a type
        named in another file (a field's, a function's result)."""
        self._files_in = files_in
        self._directory_of = directory_of
        self._imports_of = imports_of
        self._declared: dict[str, _Declarations] = {}
        self._method_sets: dict[str, dict[str, set[str]]] = {}
        # directory -> (receiver type or "", name) -> the declaration's file and node
        self._callables: dict[str, dict[tuple[str, str], tuple[SourceFile, Node]]] = {}
        self._struct_files: dict[str, dict[str, SourceFile]] = {}

    def external(
        self, file: SourceFile, node: Node, imports: dict[str, str | None], depth: int = 0
    ) -> bool:
        """``node`` (an expression of ``file``) is a value of a type from
        outside the module. ``imports``: the file's import names, ``None``
        for a package outside the module."""
        if depth > _MAX_DEPTH:
            return False
        node = sx.unparen(node)
        if node.type == "unary_expression":
            operand = node.child_by_field_name("operand")
            return operand is not None and self.external(file, operand, imports, depth + 1)
        if node.type in ("composite_literal", "type_assertion_expression"):
            kind = node.child_by_field_name("type")  # T{...}, x.(T)
            return kind is not None and _external_type(file.text(kind), imports)
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                return False
            operand = fn.child_by_field_name("operand")
            if operand is None:
                return False
            if operand.type == "identifier" and file.text(operand) in imports:
                return imports[file.text(operand)] is None  # pkg.F(...)
            return self.external(file, operand, imports, depth + 1)  # x.M() on such a value
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None:
                return False
            operand = sx.unparen(operand)
            if operand.type == "identifier" and file.text(operand) in imports:
                return imports[file.text(operand)] is None  # os.Stdout
            if self.external(file, operand, imports, depth + 1):
                return True  # a field of such a value
            owner = self._type_of(file, operand, depth + 1)
            if owner is None:
                return False
            fields = self._declarations(file)[0].get(owner, {})
            declared = fields.get(file.text(field))
            return declared is not None and _external_type(declared, imports)
        if node.type == "identifier":
            found = self._definition(file, node)
            if found is None:
                return False
            type_text, value, where = found
            if type_text:
                return _external_type(type_text, imports)
            return value is not None and self.external(where, value, imports, depth + 1)
        return False

    def module_method(
        self, file: SourceFile, node: Node, imports: dict[str, str | None], method: str
    ) -> tuple[str, str] | None:
        """``(directory, "T.method")`` when ``node`` is declared as a value of
        the module's named type ``T`` (``p CopyRangeMethod``, ``s *Server``,
        ``x := &Server{}``, a field ``a.srv *api.Server``) and the package in
        ``directory`` declares ``method`` with receiver ``T``: Go's method set
        names that one method. ``None`` when the type is not known so, is
        an interface, or gets the method by embedding."""
        found = self._named_type(file, node, imports)
        if found is None:
            return None
        directory, name = found
        methods = self._methods(directory)
        return (directory, f"{name}.{method}") if method in methods.get(name, ()) else None

    def selects_field(
        self, file: SourceFile, node: Node, imports: dict[str, str | None], field: str
    ) -> bool:
        """``node`` is declared as a value of the module's named struct type
        ``T`` (see :meth:`module_method`) that declares a field ``field``
        itself: ``node.field`` selects that field (Go's selector takes the
        shallowest depth, and a type has no method of a field's name at
        depth zero), never a method of another type."""
        found = self._named_type(file, node, imports)
        if found is None:
            return False
        directory, name = found
        return field in self._declarations_in(directory)[0].get(name, {})

    def _named_type(
        self, file: SourceFile, node: Node, imports: dict[str, str | None]
    ) -> tuple[str, str] | None:
        """The directory of the module package declaring the named type that
        ``node`` is declared as, and the type's name (``None``: unknown)."""
        if self._imports_of is not None:
            return self._named(file, sx.unparen(node), 0)
        type_text = self._declared_type(file, sx.unparen(node), 0)
        if not type_text:
            return None
        return self._resolve(file, type_text, imports)

    def _resolve(
        self, file: SourceFile, type_text: str, imports: dict[str, str | None]
    ) -> tuple[str, str] | None:
        """The module's named type that ``type_text`` (written in ``file``,
        whose import names are ``imports``) names, as its package's
        directory and its name; ``None`` for another module's type or one
        that is no plain named type (a map, a func, a type parameter's
        instantiation aside)."""
        name = re.sub(r"\[.*\]$", "", type_text.strip().lstrip("*").strip())
        if not all(part.isidentifier() for part in name.split(".")):
            return None
        qualifier, dot, name = name.partition(".")
        directory: str | None = self._directory_of(file)
        if dot:
            directory = imports.get(qualifier)
        else:
            name = qualifier
        if directory is None or not name.isidentifier():
            return None
        return directory, name

    def _named(self, file: SourceFile, node: Node, depth: int) -> tuple[str, str] | None:
        """The module's named type of the expression ``node`` of ``file``,
        read from what declares it (see :meth:`module_method`), also
        through what a function or method of the module returns (``h :=
        client.NewHandler()``, ``info, err := c.extract()``: the first
        result's declared type) and through the fields of such values
        (``result.Archive``: the declared type of the field ``Archive`` of
        ``result``'s struct type); ``None`` when not known so."""
        if depth > _MAX_DEPTH or self._imports_of is None:
            return None
        node = sx.unparen(node)
        if node.type == "unary_expression":
            operator = node.child_by_field_name("operator")
            operand = node.child_by_field_name("operand")
            if operand is None or operator is None or file.text(operator) not in ("&", "*"):
                return None
            return self._named(file, operand, depth + 1)
        if node.type in ("composite_literal", "type_assertion_expression"):
            kind = node.child_by_field_name("type")
            return (
                None
                if kind is None
                else self._resolve(file, file.text(kind), self._imports_of(file))
            )
        if node.type == "call_expression":
            return self._result(file, node, depth + 1)
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None:
                return None
            operand = sx.unparen(operand)
            if operand.type == "identifier" and file.text(operand) in self._imports_of(file):
                return None  # a package's variable: not read here
            owner = self._named(file, operand, depth + 1)
            if owner is None:
                return None
            directory, type_name = owner
            declared = self._declarations_in(directory)[0].get(type_name, {}).get(file.text(field))
            where = self._struct_file(directory, type_name)
            if declared is None or where is None:
                return None
            return self._resolve(where, declared, self._imports_of(where))
        if node.type == "identifier":
            found = self._definition(file, node)
            if found is None:
                return None
            type_text, value, where = found
            if type_text:
                return self._resolve(where, type_text, self._imports_of(where))
            return None if value is None else self._named(where, value, depth + 1)
        return None

    def _result(self, file: SourceFile, call: Node, depth: int) -> tuple[str, str] | None:
        """The module's named type of the first result of the function or
        method of the module that ``call`` calls (``New(...)``,
        ``pkg.New(...)``, ``x.M(...)`` on a value of the module's type
        ``T`` that declares ``M``, or of the module's interface that
        declares it: whatever implements it returns that type), as declared
        (a generic one left out)."""
        if self._imports_of is None:
            return None
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        imports = self._imports_of(file)
        key: tuple[str, str]
        if fn.type == "identifier":
            directory: str | None = self._directory_of(file)
            key = ("", file.text(fn))
        elif fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None:
                return None
            operand = sx.unparen(operand)
            if operand.type == "identifier" and file.text(operand) in imports:
                directory = imports[file.text(operand)]
                key = ("", file.text(field))
            else:
                owner = self._named(file, operand, depth + 1)
                if owner is None:
                    return None
                directory, key = owner[0], (owner[1], file.text(field))
        else:
            return None
        if directory is None:
            return None
        found = self._callables_in(directory).get(key)
        if found is None:
            return None
        where, decl = found
        if decl.child_by_field_name("type_parameters") is not None:
            return None
        result = decl.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":
            first = result.named_children[0] if result.named_children else None
            result = first.child_by_field_name("type") if first is not None else None
        if result is None:
            return None
        return self._resolve(where, where.text(result), self._imports_of(where))

    def _callables_in(self, directory: str) -> dict[tuple[str, str], tuple[SourceFile, Node]]:
        """The functions (``("", name)``) and methods (``(receiver type,
        name)``, of a type that is not generic; an interface's too, its
        ``method_elem``) declared in the package in ``directory``."""
        found = self._callables.get(directory)
        if found is None:
            found = {}
            for source in self._files_in(directory):
                for decl in source.root.named_children:
                    name = decl.child_by_field_name("name")
                    if decl.type == "type_declaration":
                        found.update(_interface_methods(source, decl))
                    elif name is None:
                        pass
                    elif decl.type == "function_declaration":
                        found[("", source.text(name))] = (source, decl)
                    elif decl.type == "method_declaration":
                        receiver = decl.child_by_field_name("receiver")
                        params = receiver.named_children if receiver is not None else []
                        kind = params[0].child_by_field_name("type") if params else None
                        owner = source.text(kind).lstrip("*").strip() if kind is not None else ""
                        if owner.isidentifier():
                            found[(owner, source.text(name))] = (source, decl)
            self._callables[directory] = found
        return found

    def _struct_file(self, directory: str, name: str) -> SourceFile | None:
        """The file of the package in ``directory`` that declares the struct
        type ``name``."""
        files = self._struct_files.get(directory)
        if files is None:
            files = self._struct_files[directory] = {}
            for source in self._files_in(directory):
                for decl in source.root.named_children:
                    if decl.type != "type_declaration":
                        continue
                    for spec in sx.nodes(decl, ("type_spec",)):
                        type_name = spec.child_by_field_name("name")
                        if type_name is not None:
                            files.setdefault(source.text(type_name), source)
        return files.get(name)

    def _declared_type(self, file: SourceFile, node: Node, depth: int) -> str:
        """The named type (``T`` or ``q.T``, pointer and type arguments
        dropped) ``node`` is declared with, or ``""``."""
        if depth > _MAX_DEPTH:
            return ""
        type_text = ""
        if node.type == "identifier":
            found = self._definition(file, node)
            if found is None:
                return ""
            type_text, value, where = found
            if not type_text and value is not None:
                value = sx.unparen(value)
                if value.type == "unary_expression":
                    value = sx.unparen(value.child_by_field_name("operand") or value)
                kind = (
                    value.child_by_field_name("type") if value.type == "composite_literal" else None
                )
                type_text = where.text(kind) if kind is not None else ""
        elif node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None:
                return ""
            owner = self._declared_type(file, sx.unparen(operand), depth + 1)
            if not owner or "." in owner:
                return ""
            type_text = self._declarations(file)[0].get(owner, {}).get(file.text(field), "")
        name = re.sub(r"\[.*\]$", "", type_text.strip().lstrip("*").strip())
        return name if all(part.isidentifier() for part in name.split(".")) else ""

    def _type_of(self, file: SourceFile, node: Node, depth: int) -> str | None:
        """The name of the package's own named type ``node`` (an identifier)
        is declared with (``a adapter``, ``s *Server``), or ``None``."""
        if node.type != "identifier":
            return None
        name = self._declared_type(file, node, depth)
        return name if name and "." not in name else None

    def _methods(self, directory: str) -> dict[str, set[str]]:
        """Receiver type name -> the names of the methods declared on it in
        the package in ``directory``."""
        found = self._method_sets.get(directory)
        if found is None:
            found = {}
            for source in self._files_in(directory):
                for decl in source.root.named_children:
                    if decl.type != "method_declaration":
                        continue
                    receiver = decl.child_by_field_name("receiver")
                    name = decl.child_by_field_name("name")
                    params = receiver.named_children if receiver is not None else []
                    kind = params[0].child_by_field_name("type") if params else None
                    if kind is None or name is None:
                        continue
                    owner = re.sub(r"\[.*\]$", "", source.text(kind).lstrip("*").strip())
                    found.setdefault(owner, set()).add(source.text(name))
            self._method_sets[directory] = found
        return found

    def _definition(
        self, file: SourceFile, name_node: Node
    ) -> tuple[str, Node | None, SourceFile] | None:
        """What declares the identifier ``name_node``: its declared type text
        (or ``""``), the value it is defined by (or ``None``), and the file
        that holds them. Parameters and receivers of the functions around
        it, then the last ``var``/``:=``/``=`` of it before it in them, then a
        package variable of its directory."""
        name = file.text(name_node)
        current = name_node.parent
        while current is not None:
            if current.type in sx.FUNCTION_TYPES:
                found = _local_definition(file, current, name, name_node.start_byte)
                if found is not None:
                    return found[0], found[1], file
            current = current.parent
        declared = self._declarations(file)[1].get(name)
        if declared is None:
            return None
        where, spec = declared
        type_node = spec.child_by_field_name("type")
        if type_node is not None:
            return where.text(type_node), None, where
        names = [where.text(n) for n in spec.children_by_field_name("name")]
        value = spec.child_by_field_name("value")
        values = value.named_children if value is not None else []
        if len(values) == len(names):
            return "", values[names.index(name)], where
        return None

    def _declarations(self, file: SourceFile) -> _Declarations:
        return self._declarations_in(self._directory_of(file))

    def _declarations_in(self, directory: str) -> _Declarations:
        found = self._declared.get(directory)
        if found is None:
            structs: dict[str, dict[str, str]] = {}
            variables: dict[str, tuple[SourceFile, Node]] = {}
            for source in self._files_in(directory):
                for decl in source.root.named_children:
                    if decl.type == "type_declaration":
                        for spec in sx.nodes(decl, ("type_spec",)):
                            type_name = spec.child_by_field_name("name")
                            body = spec.child_by_field_name("type")
                            if type_name is None or body is None or body.type != "struct_type":
                                continue
                            fields = structs.setdefault(source.text(type_name), {})
                            for field in sx.nodes(body, ("field_declaration",)):
                                kind = field.child_by_field_name("type")
                                if kind is None:
                                    continue
                                for n in field.children_by_field_name("name"):
                                    fields[source.text(n)] = source.text(kind)
                    elif decl.type == "var_declaration":
                        for spec in sx.nodes(decl, ("var_spec",)):
                            for n in spec.children_by_field_name("name"):
                                variables[source.text(n)] = (source, spec)
            found = self._declared[directory] = (structs, variables)
        return found


def _local_definition(
    file: SourceFile, func: Node, name: str, before: int
) -> tuple[str, Node | None] | None:
    """In ``func`` (a function or a func literal): a parameter or receiver
    named ``name`` (its type text), or the last definition of ``name`` in its
    own body before ``before`` (a ``var`` with its type or value, a ``:=``
    or ``=`` with one value per name)."""
    best: tuple[str, Node | None] | None = None
    for field in ("receiver", "parameters"):
        plist = func.child_by_field_name(field)
        for decl in plist.named_children if plist is not None else ():
            kind = decl.child_by_field_name("type")
            if kind is not None and name in [
                file.text(n) for n in decl.children_by_field_name("name")
            ]:
                best = (file.text(kind), None)
    body = func.child_by_field_name("body")
    if body is None:
        return best
    for node in sx.walk(body, closures=False):
        if node.start_byte >= before:
            break
        if node.type == "var_spec":
            names = [file.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                continue
            kind = node.child_by_field_name("type")
            value = node.child_by_field_name("value")
            values = value.named_children if value is not None else []
            if kind is not None:
                best = (file.text(kind), None)
            elif len(values) == len(names):
                best = ("", values[names.index(name)])
            else:
                best = None
        elif node.type in ("short_var_declaration", "assignment_statement"):
            sides = sx.assignment_sides(node)
            if sides is None:
                continue
            lefts, rights = sides
            names = [file.text(n) for n in lefts]
            if name not in names:
                continue
            best = ("", rights[names.index(name)]) if len(rights) == len(names) else None
            if len(rights) == 1 and len(names) > 1 and names.index(name) == 0:
                best = ("", rights[0])  # v, err := f(): the first result
    return best


def _external_type(type_text: str, imports: dict[str, str | None]) -> bool:
    """``q.T`` (``*q.T``, ``q.T[A]``) whose ``q`` imports a package outside
    the module."""
    text = re.sub(r"\[.*\]$", "", type_text.strip().lstrip("*").strip())
    qualifier, dot, name = text.partition(".")
    return bool(dot) and name.isidentifier() and qualifier in imports and imports[qualifier] is None


def _interface_methods(
    source: SourceFile, decl: Node
) -> dict[tuple[str, str], tuple[SourceFile, Node]]:
    """``(interface, method) -> (source, its method_elem)`` for the
    interfaces (not generic ones) that the type declaration ``decl``
    declares."""
    found: dict[tuple[str, str], tuple[SourceFile, Node]] = {}
    for spec in sx.nodes(decl, ("type_spec",)):
        type_name = spec.child_by_field_name("name")
        body = spec.child_by_field_name("type")
        if (
            type_name is None
            or body is None
            or body.type != "interface_type"
            or spec.child_by_field_name("type_parameters") is not None
        ):
            continue
        for elem in body.named_children:
            elem_name = elem.child_by_field_name("name")
            if elem.type == "method_elem" and elem_name is not None:
                found[(source.text(type_name), source.text(elem_name))] = (source, elem)
    return found
