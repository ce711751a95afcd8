"""MAP_SUMMARIES: what each function of the package does with maps, as its
callers see it; and which package-level maps the package ever makes.

- ``param_write(func, i)``: the name of parameter ``i`` if it is a map that
  ``func`` writes into while it may still be the caller's nil map (no make
  on the way: the flow analysis of NIL_FLOW with the parameter nil at entry);
- ``nil_results(func)``: the positions of the map results that some return
  statement gives as a literal ``nil``;
- ``map_param_functions``: the names of the functions and methods with a body
  and a map parameter (what a caller's bytes must name for any of this to
  matter);
- ``unmade_package_maps``: unexported package-level map variables that no
  code of the package makes (assigns, or takes the address of), and whether
  some code compares them with nil;
- ``inner_made(name, key)``: some code of the package makes the inner map of
  a map of maps called ``name`` (a variable or a field) at a constant key
  (``x.name[key] = ...``, or a literal element ``key: ...``).

Each answer is computed on first use, once per package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, VarDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.nilflow import NIL, NIL_FLOW, NilFlows
from gofixmap.rules.facts.types import TYPES, Binding, TypeResolver
from gofixmap.rules.facts.writes import identifiers_named


@dataclass(frozen=True, slots=True)
class PackageMap:
    """An unexported package-level map variable that nothing makes."""

    decl: VarDecl
    type_text: str
    compared: bool  # some code compares it with nil


@dataclass(eq=False)
class MapSummaries:
    """The value of MAP_SUMMARIES."""

    types: TypeResolver
    flows: NilFlows
    _param_writes: dict[tuple[str, int], str | None] = field(default_factory=dict)
    _param_functions: frozenset[bytes] | None = None
    _package_maps: dict[str, PackageMap] | None = None
    _inner_made: dict[tuple[str, str], bool] = field(default_factory=dict)

    def nil_results(self, func: FuncDecl) -> frozenset[int]:
        return self.flows.nil_results(func)

    def map_param_functions(self) -> frozenset[bytes]:
        """The names of the package's functions and methods with a body and
        a map parameter."""
        if self._param_functions is None:
            self._param_functions = frozenset(
                decl.name.encode()
                for decl in self.types.package.funcs.values()
                if decl.body is not None
                and any(self.types.is_map(p.type_text, decl.file) for p in decl.params)
            )
        return self._param_functions

    def param_write(self, func: FuncDecl, position: int) -> str | None:
        """The name of parameter ``position`` of ``func`` if it is a map that
        the function writes into while it may still be the caller's nil map."""
        key = (func.key, position)
        if key not in self._param_writes:
            self._param_writes[key] = None  # (recursion)
            self._param_writes[key] = self._param_write(func, position)
        return self._param_writes[key]

    def _param_write(self, func: FuncDecl, position: int) -> str | None:
        params = func.params
        body = func.body
        if body is None or position >= len(params):
            return None
        param = params[position]
        if not param.name or param.name == "_" or param.type_text.startswith("[]"):
            return None
        plist = func.node.child_by_field_name("parameters")
        if (
            position == len(params) - 1
            and plist is not None
            and any(c.type == "variadic_parameter_declaration" for c in plist.named_children)
        ):
            return None
        if not self.types.is_map(param.type_text, func.file):
            return None
        binding = self.types.resolve(func.file, param.name, body)
        if binding is None or binding.kind != "param" or binding.name_node is None:
            return None
        variable = self.flows.variable(func.file, binding)
        result = self.flows.states(variable, body, NIL, follow_calls=False)
        if result is None:
            return None
        return param.name if any(state & NIL for state in result.states.values()) else None

    def unmade_package_maps(self) -> dict[str, PackageMap]:
        """Unexported package map variables that no code of the package ever
        makes, by name."""
        if self._package_maps is not None:
            return self._package_maps
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
        self._package_maps = result
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

    def inner_made(self, name: str, key_text: str) -> bool:
        """Some code makes ``name[key_text]`` (``name``: the last name of a
        variable or field; ``key_text``: normalised, ``*`` for any key)."""
        cache_key = (name, key_text)
        found = self._inner_made.get(cache_key)
        if found is None:
            found = self._inner_made[cache_key] = self._find_inner_made(name, key_text)
        return found

    def _find_inner_made(self, suffix: str, key_text: str) -> bool:
        for other in self.types.package.files:
            for node in sx.walk(other.root):
                if node.type == "keyed_element" and key_text != "*":
                    first = node.named_children[0] if node.named_children else None
                    if first is not None and sx.norm(other.text(first)) == key_text:
                        return True
                elif node.type == "assignment_statement":
                    left = node.child_by_field_name("left")
                    for target in left.named_children if left is not None else []:
                        view = sx.index_view(target) if target.type in sx.INDEX_TYPES else None
                        if view is None:
                            continue
                        name, index_node = view
                        if name.type in ("selector_expression", "qualified_type"):
                            field_node = name.child_by_field_name(
                                "field" if name.type == "selector_expression" else "name"
                            )
                            name_text = other.text(field_node) if field_node is not None else ""
                        else:
                            name_text = other.text(name)
                        if name_text == suffix and key_text in (
                            "*",
                            sx.norm(other.text(index_node)),
                        ):
                            return True
        return False


def _produce(pkg: Pass) -> MapSummaries:
    return MapSummaries(pkg.fact(TYPES), pkg.fact(NIL_FLOW))


MAP_SUMMARIES: Fact[MapSummaries] = Fact("map-summaries", _produce, (TYPES, NIL_FLOW))
