"""TYPES: the one type resolver of the rules.

Everything here works on tree-sitter nodes and type *texts* as written in the
source (``map[string]int``, ``*Store``, ``http.Header``). There is no type
checker: every answer is ``None`` when it is not known, and callers treat
``None`` as "unknown, stay silent".

:class:`TypeResolver` is the value of the fact; its parts live in

- :mod:`.scopes`: the declaration (:class:`Binding`) of an identifier seen
  from a node, and the type text of an expression (selector chains through
  struct fields incl. embedded ones, index expressions, ``make``/``new``,
  composite literals, conversions, type assertions, call results);
- :mod:`.typetext`: map, slice and element parts of type texts, named types
  to their underlying type;
- :mod:`.apitypes`: Kubernetes API types (their source in the module cache
  or ``vendor/``, else the built-in table) and the project's CRD types, with
  field paths to the maps they hold (:meth:`TypeResolver.api`).

The names of those modules are re-exported here: import them from ``types``.

There is one expression typer (:meth:`TypeResolver.type_of`, cached per
node); NM002's facts, which had a typer of their own, ask it too.
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.imports import is_std
from gofixmap.codemod.index import Field, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.apitypes import PROJECT_PACKAGES, ApiTypes, Ext, ProjectPackages
from gofixmap.rules.facts.exports import EXPORTED_TYPES
from gofixmap.rules.facts.scopes import (
    Binding,
    call_result,
    declared_in,
    is_type_name,
    resolve,
    scope_of,
    type_of,
    type_parameters,
)
from gofixmap.rules.facts.typetext import (
    elem_type,
    element_of,
    imports_compatible,
    is_map,
    key_type,
    map_parts,
    split_map,
)

__all__ = [
    "TYPES",
    "Binding",
    "TypeResolver",
    "elem_type",
    "element_of",
    "imports_compatible",
    "is_map",
    "key_type",
    "map_parts",
    "scope_of",
    "split_map",
    "type_of",
    "type_parameters",
]

Node = tree_sitter.Node


class TypeResolver:
    """The types of the expressions of one package (the value of TYPES).

    ``pkg``: the pass of the fact, through which the exported types of the
    package's dependencies are read (:meth:`api`); without one, types of
    other modules come from the built-in table."""

    def __init__(self, package: PackageIndex, pkg: Pass | None = None) -> None:
        self.pkg = package
        self._pass = pkg
        self._types: dict[tuple[str, int, int, str], str | None] = {}
        self._api: dict[str, ApiTypes] = {}
        self._entries: dict[str, Ext | None] = {}  # qualified type -> its entry, for api()
        self._projects: ProjectPackages | None = None  # PROJECT_PACKAGES, for api()

    @property
    def package(self) -> PackageIndex:
        return self.pkg

    # -- scopes

    def resolve(self, file: SourceFile, name: str, at: Node) -> Binding | None:
        """The declaration of identifier ``name`` as seen from ``at``."""
        return resolve(self.pkg, file, name, at)

    def declared_in(self, file: SourceFile, stmt: Node, name: str) -> Binding | None:
        """A binding of ``name`` introduced by statement ``stmt`` itself."""
        return declared_in(self.pkg, file, stmt, name)

    # -- types

    def type_of(self, file: SourceFile, expr: Node) -> str | None:
        """The type text of ``expr`` where it can be told, else ``None``
        (cached per node: the package's sources do not change in a pass)."""
        key = (file.path, expr.start_byte, expr.end_byte, expr.type)
        if key in self._types:
            return self._types[key]
        found = self._types[key] = type_of(self.pkg, file, expr)
        return found

    def binding_kind(self, file: SourceFile, use: Node, name: str) -> str:
        """How the identifier ``name`` seen at ``use`` is declared: ``receiver``,
        ``param``, ``result``, a local or package variable (the kinds of
        :class:`Binding`), or ``""`` when it is not found."""
        found = self.resolve(file, name, use)
        return found.kind if found is not None else ""

    # -- the package's structs

    def local_struct(self, type_text: str) -> str | None:
        """``T``/``*T`` of a non-generic struct of the package → ``T``,
        through defined types (``type B A``, ``A`` a struct of the package)."""
        seen: set[str] = set()
        text = type_text.strip().lstrip("*").strip()
        while re.fullmatch(r"[A-Za-z_]\w*", text) and text not in seen:
            seen.add(text)
            decl = self.pkg.types.get(text)
            if decl is None or decl.type_params:
                return None
            if decl.is_struct:
                return text
            # cyclic definitions such as `type Loop *Loop` end the walk
            text = decl.type_text.strip().lstrip("*").strip()
        return None

    def field(self, type_text: str, name: str) -> Field | None:
        """Field ``name`` of the package's struct ``type_text`` (see
        :meth:`local_struct`), promoted fields of embedded structs included."""
        struct = self.local_struct(type_text)
        return self.pkg.field_of(struct, name) if struct is not None else None

    def struct_decl_file(self, type_text: str) -> SourceFile | None:
        """The file declaring the package's struct ``type_text``."""
        decl = self.pkg.struct(type_text)
        return decl.file if decl is not None else None

    def underlying(self, type_text: str, file: SourceFile | None) -> str:
        return self.pkg.underlying(type_text, file)

    def map_parts(self, type_text: str, file: SourceFile | None) -> tuple[str, str] | None:
        """Key and value type texts of a map type, through named types."""
        return map_parts(self.pkg, type_text, file)

    def is_map(self, type_text: str | None, file: SourceFile | None) -> bool:
        return is_map(self.pkg, type_text, file)

    def imported_map(self, type_text: str | None, file: SourceFile) -> str | None:
        """``pkg.Name`` naming a map type of another package of the module or
        of a dependency (``type Requests map[ResourceName]int64``), read from
        its declarations: the underlying map type, qualified (``None``: not
        a map of an imported package, or its sources are not found)."""
        text = (type_text or "").strip()
        qualifier, dot, name = text.partition(".")
        if not dot or not qualifier.isidentifier() or not name.isidentifier():
            return None
        path = self.pkg.imports.get(file.path, {}).get(qualifier)
        if path is None or is_std(path) or self._pass is None:
            return None
        other = self._pass.dependency(path)
        return other.fact(EXPORTED_TYPES).named_maps.get(name) if other is not None else None

    def elem_type(self, type_text: str, file: SourceFile | None) -> str | None:
        """The element type of a slice, array or pointer-to-array type."""
        return elem_type(self.pkg, type_text, file)

    def call_result(self, file: SourceFile, call: Node, i: int) -> str | None:
        """The type of result ``i`` of ``call``."""
        return call_result(self.pkg, file, call, i)

    def is_type_name(self, file: SourceFile, expr: Node) -> bool:
        """Whether ``expr`` (the callee of a call) names a type (a conversion):
        also ``pkg.I`` when the package of another module or of the module
        that ``pkg`` imports declares a type ``I`` (read from its source,
        when it is found: ``fs.HandleReadDirAller(&dir{})`` converts)."""
        if is_type_name(self.pkg, file, expr):
            return True
        operand = (
            expr.child_by_field_name("operand") if expr.type == "selector_expression" else None
        )
        field = expr.child_by_field_name("field") if expr.type == "selector_expression" else None
        if operand is None or field is None or operand.type != "identifier":
            return False
        path = self.pkg.imports.get(file.path, {}).get(file.text(operand))
        if path is None or is_std(path) or self._pass is None:
            return False
        other = self._pass.dependency(path)
        return other is not None and file.text(field) in other.fact(EXPORTED_TYPES).names

    # -- Kubernetes API and CRD types

    def api(self, file: SourceFile) -> ApiTypes:
        """The API and CRD types as ``file`` names them (one view per file)."""
        found = self._api.get(file.path)
        if found is None:
            projects = self._projects
            if projects is None:
                own = self._pass
                projects = own.module(PROJECT_PACKAGES) if own is not None else ProjectPackages()
                self._projects = projects
            found = self._api[file.path] = ApiTypes(
                self._pass, self.pkg, file.path, self._entries, projects
            )
        return found


def _produce(pkg: Pass) -> TypeResolver:
    return TypeResolver(pkg.package, pkg)


# EXPORTED_TYPES: the struct types of the packages it imports (api())
TYPES: Fact[TypeResolver] = Fact("types", _produce, (EXPORTED_TYPES, PROJECT_PACKAGES))
