"""A per-package index of declarations, built from every file of the package.

It knows Go, not maps: struct types and their fields, named types, package
variables, functions and methods with their signatures, constructors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.imports import imported
from gofixmap.codemod.syntax import DECLARATION_TYPES, field_declarations, type_specs, var_specs


@dataclass(frozen=True, eq=False)
class Field:
    name: str
    type_text: str  # as written, e.g. "map[string]int", "*Status", "metav1.ObjectMeta"
    type_node: tree_sitter.Node
    embedded: bool
    owner: str  # the struct type's name


@dataclass(frozen=True, eq=False)
class TypeDecl:
    name: str
    type_text: str  # the type expression on the right of `type Name`
    node: tree_sitter.Node  # the type_spec
    file: src.SourceFile
    fields: tuple[Field, ...] = ()
    is_struct: bool = False
    type_params: bool = False


@dataclass(frozen=True, eq=False)
class Param:
    name: str  # "" for unnamed
    type_text: str


@dataclass(frozen=True, eq=False)
class FuncDecl:
    name: str
    node: tree_sitter.Node  # function_declaration or method_declaration
    file: src.SourceFile
    receiver: str = ""  # the receiver's type name, without "*" or type arguments
    receiver_name: str = ""
    pointer_receiver: bool = False
    params: tuple[Param, ...] = ()
    results: tuple[Param, ...] = ()

    @property
    def body(self) -> tree_sitter.Node | None:
        return self.node.child_by_field_name("body")

    @property
    def key(self) -> str:
        return f"{self.receiver}.{self.name}" if self.receiver else self.name


@dataclass(frozen=True, eq=False)
class VarDecl:
    name: str
    type_text: str  # "" when inferred
    value: tree_sitter.Node | None
    node: tree_sitter.Node  # the var_spec
    file: src.SourceFile


@dataclass(eq=False)
class PackageIndex:
    name: str
    directory: str
    files: tuple[src.SourceFile, ...]
    module_path: str = ""
    types: dict[str, TypeDecl] = field(default_factory=dict)
    funcs: dict[str, FuncDecl] = field(default_factory=dict)  # key: "Name" or "Recv.Name"
    vars: dict[str, VarDecl] = field(default_factory=dict)
    imports: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # file path → name → import path
    external_types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def methods(self, type_name: str) -> Iterator[FuncDecl]:
        for decl in self.funcs.values():
            if decl.receiver == type_name:
                yield decl

    def constructors(self, type_name: str) -> Iterator[FuncDecl]:
        """Functions of the package whose first result is ``T`` or ``*T``."""
        for decl in self.funcs.values():
            if not decl.receiver and decl.results:
                first = decl.results[0].type_text.lstrip("*")
                if first == type_name:
                    yield decl

    def underlying(self, type_text: str, file: src.SourceFile | None = None) -> str:
        """Resolve named types to their underlying type text, where known.

        Package types resolve through the index, qualified ones (``http.Header``)
        through ``external_types`` (import path → type name → underlying).
        """
        seen: set[str] = set()
        text = type_text.strip()
        while text not in seen:
            seen.add(text)
            if text.startswith("(") and text.endswith(")"):
                text = text[1:-1].strip()
                continue
            decl = self.types.get(text)
            if decl is not None and not decl.is_struct and not decl.type_params:
                text = decl.type_text
                continue
            if "." in text and file is not None and "[" not in text:
                qualifier, _, name = text.partition(".")
                import_path = self.imports.get(file.path, {}).get(qualifier)
                if import_path is not None:
                    known = self.external_types.get(import_path, {}).get(name)
                    if known is not None:
                        text = known
                        continue
            break
        return text

    def struct(self, type_text: str) -> TypeDecl | None:
        decl = self.types.get(type_text.lstrip("*").split("[", 1)[0])
        return decl if decl is not None and decl.is_struct else None

    def field_of(self, type_text: str, name: str) -> Field | None:
        """A field of a struct type, looking through embedded structs."""
        todo = [type_text]
        seen: set[str] = set()
        while todo:
            current = todo.pop(0)
            decl = self.struct(current)
            if decl is None or decl.name in seen:
                continue
            seen.add(decl.name)
            for f in decl.fields:
                if f.name == name:
                    return f
            todo.extend(f.type_text for f in decl.fields if f.embedded)
        return None


def _type_params(spec: tree_sitter.Node) -> bool:
    return spec.child_by_field_name("type_parameters") is not None


def _fields(file: src.SourceFile, owner: str, struct: tree_sitter.Node) -> tuple[Field, ...]:
    result: list[Field] = []
    for _, type_node, names in field_declarations(struct):
        if names:
            for name in names:
                result.append(Field(file.text(name), file.text(type_node), type_node, False, owner))
        else:
            text = file.text(type_node).lstrip("*")
            short = text.rsplit(".", 1)[-1].split("[", 1)[0]
            result.append(Field(short, file.text(type_node), type_node, True, owner))
    return tuple(result)


def _params(file: src.SourceFile, node: tree_sitter.Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    if node.type != "parameter_list":
        return (Param("", file.text(node)),)
    params: list[Param] = []
    for decl in node.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_node = decl.child_by_field_name("type")
        type_text = file.text(type_node) if type_node is not None else ""
        if decl.type == "variadic_parameter_declaration":
            type_text = "[]" + type_text
        names = decl.children_by_field_name("name")
        if names:
            params.extend(Param(file.text(n), type_text) for n in names)
        else:
            params.append(Param("", type_text))
    return tuple(params)


def _receiver(file: src.SourceFile, node: tree_sitter.Node) -> tuple[str, str, bool]:
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return "", "", False
    for decl in receiver.named_children:
        if decl.type != "parameter_declaration":
            continue
        type_node = decl.child_by_field_name("type")
        name_node = decl.child_by_field_name("name")
        text = file.text(type_node) if type_node is not None else ""
        pointer = text.startswith("*")
        base = text.lstrip("*").split("[", 1)[0].strip()
        return base, file.text(name_node) if name_node is not None else "", pointer
    return "", "", False


def build(
    name: str,
    directory: str,
    files: Sequence[src.SourceFile],
    module_path: str = "",
    external_types: Mapping[str, Mapping[str, str]] | None = None,
) -> PackageIndex:
    index = PackageIndex(name, directory, tuple(files), module_path)
    if external_types is not None:
        index.external_types = external_types
    for file in files:
        index.imports[file.path] = {local: path for path, local in imported(file).items()}
        for decl in file.root.named_children:
            if decl.type == "type_declaration":
                for spec, spec_name, spec_type in type_specs(decl):
                    type_name = file.text(spec_name)
                    is_struct = spec_type.type == "struct_type"
                    index.types[type_name] = TypeDecl(
                        type_name,
                        file.text(spec_type),
                        spec,
                        file,
                        _fields(file, type_name, spec_type) if is_struct else (),
                        is_struct,
                        _type_params(spec),
                    )
            elif decl.type in DECLARATION_TYPES:
                name_node = decl.child_by_field_name("name")
                if name_node is None:
                    continue
                recv, recv_name, pointer = (
                    _receiver(file, decl) if decl.type == "method_declaration" else ("", "", False)
                )
                func = FuncDecl(
                    file.text(name_node),
                    decl,
                    file,
                    recv,
                    recv_name,
                    pointer,
                    _params(file, decl.child_by_field_name("parameters")),
                    _params(file, decl.child_by_field_name("result")),
                )
                if func.name == "init" and not recv:
                    index.funcs[f"init#{len(index.funcs)}"] = func
                else:
                    index.funcs[func.key] = func
            elif decl.type == "var_declaration":
                for spec in var_specs(decl):
                    type_node = spec.child_by_field_name("type")
                    value = spec.child_by_field_name("value")
                    values = value.named_children if value is not None else []
                    for i, name_node in enumerate(spec.children_by_field_name("name")):
                        var_name = file.text(name_node)
                        index.vars[var_name] = VarDecl(
                            var_name,
                            file.text(type_node) if type_node is not None else "",
                            values[i] if i < len(values) else None,
                            spec,
                            file,
                        )
    return index
