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

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl
from gofixmap.rules.facts.nilflow import NIL_FLOW, NilFlows
from gofixmap.rules.facts.nilstate import NIL
from gofixmap.rules.facts.packagemaps import PackageMap
from gofixmap.rules.facts.types import TYPES, TypeResolver


@dataclass(eq=False)
class MapSummaries:
    """The value of MAP_SUMMARIES."""

    types: TypeResolver
    flows: NilFlows
    _param_writes: dict[tuple[str, int], str | None] = field(default_factory=dict)
    _param_functions: frozenset[bytes] | None = None
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
        makes, by name (the PACKAGE_MAPS fact)."""
        return self.flows.package_maps.unmade()

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
