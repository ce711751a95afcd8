"""PACKAGE_MAPS: the unexported package-level map variables that no code of
the package ever makes (assigns a non-nil value, or takes the address of),
and whether some code compares them with nil. Such a variable is nil for the
whole run: a write into it panics, and so does a write into the map a
function returns when it returns the variable.

Computed once per package, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import VarDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.types import TYPES, Binding, TypeResolver
from gofixmap.rules.facts.writes import identifiers_named


@dataclass(frozen=True, slots=True)
class PackageMap:
    """An unexported package-level map variable that nothing makes."""

    decl: VarDecl
    type_text: str
    compared: bool  # some code compares it with nil


@dataclass(eq=False)
class PackageMaps:
    """The value of PACKAGE_MAPS."""

    types: TypeResolver
    _unmade: dict[str, PackageMap] | None = None

    def unmade(self) -> dict[str, PackageMap]:
        """Unexported package map variables that no code of the package ever
        makes, by name."""
        if self._unmade is not None:
            return self._unmade
        index = self.types.package
        result: dict[str, PackageMap] = {}
        for name, decl in index.vars.items():
            if not decl.type_text or name[:1].isupper() or name == "_":
                continue
            if decl.value is not None and decl.value.type != "nil":
                continue
            if not self.types.is_map(decl.type_text, decl.file):
                continue
            result[name] = PackageMap(decl, decl.type_text, False)
        if result:
            for file in index.files:
                for ident in identifiers_named(
                    file.root, set(result), ("identifier", "type_identifier")
                ):
                    name = file.text(ident)
                    if name not in result:
                        continue
                    verdict = self._package_use(file, ident)
                    if verdict == "made":
                        del result[name]
                    elif verdict == "compared":
                        found = result[name]
                        result[name] = PackageMap(found.decl, found.type_text, True)
        self._unmade = result
        return result

    def _is_package_var(self, file: SourceFile, ident: Node) -> bool:
        binding: Binding | None = self.types.resolve(file, file.text(ident), ident)
        return binding is not None and binding.kind == "package"

    def _package_use(self, file: SourceFile, ident: Node) -> str:
        """How a use of a package variable matters: ``made`` (assigned,
        address taken), ``compared`` (with nil), or ``""``."""
        parent = ident.parent
        if parent is None or parent.type == "var_spec":
            return ""
        if parent.type == "unary_expression" and file.text(parent).startswith("&"):
            return "made" if self._is_package_var(file, ident) else ""
        if sx.is_assigned(ident):
            statement = parent.parent
            if statement is not None and statement.type == "short_var_declaration":
                return ""
            if not self._is_package_var(file, ident):
                return ""
            if statement is not None:
                sides = sx.assignment_sides(statement)
                if sides is not None:
                    lefts, rights = sides
                    if len(lefts) == len(rights):
                        value = rights[[n.id for n in lefts].index(ident.id)]
                        if value.type == "nil":
                            return ""
            return "made"
        if parent.type == "binary_expression":
            other = [c for c in parent.named_children if c.id != ident.id]
            if other and other[0].type == "nil":
                return "compared" if self._is_package_var(file, ident) else ""
        return ""


def _produce(pkg: Pass) -> PackageMaps:
    return PackageMaps(pkg.fact(TYPES))


PACKAGE_MAPS: Fact[PackageMaps] = Fact("package-maps", _produce, (TYPES,))
