"""MAP_SUMMARIES: what each function of the package does with maps, as its
callers see it; and which package-level maps the package ever makes.

- ``param_write(func, i)``: the name of parameter ``i`` if it is a map that
  ``func`` writes into while it may still be the caller's nil map (no make
  on the way: the flow analysis of NIL_FLOW with the parameter nil at entry),
  itself or by passing it to a function that does (a function of the
  package, or of another package through its CALLEE_WRITES; or a function
  that keeps it in the struct it returns when a method called on that
  result writes it, :mod:`.storedparams`), directly or
  through an alias declared from it and never assigned again (``result :=
  base``, followed from the parameter's state there);
- ``literal_param_write(file, literal, i)``: the same for a function
  literal's parameter (a callback handed to a function);
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

from collections.abc import Callable
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.imports import is_std
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.nilflow import NIL_FLOW, NilFlows
from gofixmap.rules.facts.nilstate import NIL, NONNIL
from gofixmap.rules.facts.packagemaps import PackageMap
from gofixmap.rules.facts.storedparams import result_methods, stored_fields, writes_field
from gofixmap.rules.facts.types import TYPES, TypeResolver


@dataclass(eq=False)
class MapSummaries:
    """The value of MAP_SUMMARIES."""

    types: TypeResolver
    flows: NilFlows
    # whether function ``name`` of the imported package ``path`` writes
    # its map parameter ``i`` (the CALLEE_WRITES of that package)
    imported_write: Callable[[str, str, int], bool] | None = None
    _param_writes: dict[tuple[str, int], list[tree_sitter.Node]] = field(default_factory=dict)
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
        return func.params[position].name if self.param_nil_writes(func, position) else None

    def param_nil_writes(self, func: FuncDecl, position: int) -> list[tree_sitter.Node]:
        """The writes into parameter ``position`` of ``func`` (index
        expressions, or arguments passed to a writing callee) where it may
        still be the caller's nil map, in source order; through the
        parameter itself, or through an alias declared from it and never
        assigned again (``result := base``: the same map throughout)."""
        key = (func.key, position)
        if key not in self._param_writes:
            self._param_writes[key] = []  # (recursion)
            self._param_writes[key] = self._nil_writes(func, position)
        return self._param_writes[key]

    def _nil_writes(self, func: FuncDecl, position: int) -> list[tree_sitter.Node]:
        params = func.params
        body = func.body
        if body is None or position >= len(params):
            return []
        param = params[position]
        if not param.name or param.name == "_" or param.type_text.startswith("[]"):
            return []
        plist = func.node.child_by_field_name("parameters")
        if (
            position == len(params) - 1
            and plist is not None
            and any(c.type == "variadic_parameter_declaration" for c in plist.named_children)
        ):
            return []
        if not self.types.is_map(param.type_text, func.file):
            return []
        binding = self.types.resolve(func.file, param.name, body)
        if binding is None or binding.kind != "param" or binding.name_node is None:
            return []
        variable = self.flows.variable(func.file, binding)
        result = self.flows.states(
            variable, body, NIL, follow_calls=False, passed_to_writer=self.passed_to_writer
        )
        if result is None:
            return []
        found = [result.writes[k] for k, state in result.states.items() if state & NIL]
        for name_node, state in result.aliases.values():
            if not state & NIL:
                continue
            stmt = name_node.parent
            while stmt is not None and stmt.type not in (
                "short_var_declaration",
                "var_declaration",
            ):
                stmt = stmt.parent
            if stmt is None:
                continue
            alias = self.types.declared_in(func.file, stmt, func.file.text(name_node))
            if (
                alias is None
                or alias.name_node is None
                or alias.name_node.start_byte != name_node.start_byte
            ):
                continue
            variable = self.flows.variable(func.file, alias)
            if any(sx.is_assigned(use) for use in variable.uses(func.node)):
                # assigned anew: a cursor (``m = m[k]`` walking a nested
                # map) or a map of its own, no longer the caller's map
                continue
            flow = self.flows.states(
                variable,
                body,
                NONNIL,
                follow_calls=False,
                passed_to_writer=self.passed_to_writer,
                declared=state,
            )
            if flow is None:
                continue
            found.extend(flow.writes[k] for k, s in flow.states.items() if s & NIL)
        return sorted(found, key=lambda node: node.start_byte)

    def literal_param_write(
        self, file: SourceFile, literal: tree_sitter.Node, position: int
    ) -> str | None:
        """``param_write`` for a function literal (``func(m map[K]V) {
        m[k] = v }`` handed to a function as a callback): the name of its
        parameter ``position`` if the literal writes into it while it may
        still be the caller's nil map (the parameter itself; not aliases)."""
        plist = literal.child_by_field_name("parameters")
        body = literal.child_by_field_name("body")
        if plist is None or body is None:
            return None
        names: list[tuple[str, str]] = []
        for decl in plist.named_children:
            if decl.type != "parameter_declaration":
                return None  # variadic: not a single map
            type_node = decl.child_by_field_name("type")
            idents = [c for c in decl.named_children if c.type == "identifier"]
            if type_node is None:
                return None
            type_text = file.text(type_node)
            names.extend((file.text(i), type_text) for i in idents or [type_node])
        if position >= len(names):
            return None
        name, type_text = names[position]
        if not name.isidentifier() or name == "_" or not self.types.is_map(type_text, file):
            return None
        binding = self.types.resolve(file, name, body)
        if binding is None or binding.kind != "param" or binding.name_node is None:
            return None
        if binding.function is None or binding.function.id != literal.id:
            return None
        variable = self.flows.variable(file, binding)
        result = self.flows.states(
            variable, body, NIL, follow_calls=False, passed_to_writer=self.passed_to_writer
        )
        if result is None or not any(state & NIL for state in result.states.values()):
            return None
        return name

    def passed_to_writer(self, file: SourceFile, call: tree_sitter.Node) -> list[tree_sitter.Node]:
        """The arguments of ``call`` that its callee writes into as maps:
        ``f(m)`` with ``f`` a function of the package, ``pkg.F(m)`` with
        ``F`` a function of another package of the module or a dependency."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None:
            return []
        arguments = [sx.unparen(a) for a in args.named_children]
        positions = [i for i, a in enumerate(arguments) if a.type == "identifier"]
        if not positions:
            return []
        written: list[int] = []
        if fn.type == "identifier":
            decl = self.types.package.funcs.get(file.text(fn))
            if decl is None or decl.receiver or decl.body is None:
                return []
            binding = self.types.resolve(file, file.text(fn), call)
            if binding is not None and binding.kind != "package":
                return []  # a local function value of the same name
            written = [
                i
                for i in positions
                if self.param_write(decl, i) is not None or self._kept_written(file, call, decl, i)
            ]
        elif fn.type == "selector_expression" and self.imported_write is not None:
            operand = fn.child_by_field_name("operand")
            name = fn.child_by_field_name("field")
            if operand is None or name is None or operand.type != "identifier":
                return []
            path = self.types.package.imports.get(file.path, {}).get(file.text(operand))
            if path is None or is_std(path):
                return []
            if self.types.resolve(file, file.text(operand), operand) is not None:
                return []  # a local that shadows the import
            written = [i for i in positions if self.imported_write(path, file.text(name), i)]
        return [arguments[i] for i in written]

    def _kept_written(
        self, file: SourceFile, call: tree_sitter.Node, decl: FuncDecl, position: int
    ) -> bool:
        """``decl`` keeps its map parameter ``position`` in a field of the
        struct it returns, and a method called on the result of ``call``
        writes that field's map (:mod:`.storedparams`)."""
        if position >= len(decl.params) or not self.types.is_map(
            decl.params[position].type_text, decl.file
        ):
            return False  # (an argument of a variadic parameter past the last one)
        stored = stored_fields(decl, position)
        if stored is None:
            return False
        type_name, fields = stored
        package = self.types.package
        for name in result_methods(file, call):
            method = package.funcs.get(f"{type_name}.{name}")
            if method is not None and any(
                writes_field(package, method, f, self._writes_param) for f in fields
            ):
                return True
        return False

    def _writes_param(self, func: FuncDecl, position: int) -> bool:
        return self.param_write(func, position) is not None

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
    def imported_write(path: str, name: str, position: int) -> bool:
        # CALLEE_WRITES is computed from this fact (in the other package):
        # imported here, when first asked, to keep the two modules acyclic
        from gofixmap.rules.facts.callees import imported_writes

        writes = imported_writes(pkg, path)
        return writes is not None and writes.write(name, position) is not None

    return MapSummaries(pkg.fact(TYPES), pkg.fact(NIL_FLOW), imported_write)


MAP_SUMMARIES: Fact[MapSummaries] = Fact("map-summaries", _produce, (TYPES, NIL_FLOW))
