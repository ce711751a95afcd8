"""NIL_FLOW: the nil-state flow of the package's map variables (each run of
the walker of :mod:`.nilstate` made once), and which results of a function
of the package can be a nil map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.syntax import walk
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.nilstate import DEAD, MAYBE, NIL, NONNIL, GiveUp, NilFlow
from gofixmap.rules.facts.packagemaps import PACKAGE_MAPS, PackageMaps
from gofixmap.rules.facts.types import TYPES, Binding, TypeResolver, scope_of
from gofixmap.rules.facts.writes import identifiers_named

Node = tree_sitter.Node

# packages whose ``Clone`` returns nil for a nil map
_CLONERS = frozenset(("maps", "golang.org/x/exp/maps"))


@dataclass(frozen=True, eq=False)
class FlowResult:
    """The joined state at each index write into the variable (keyed by the
    start byte of the written ``index_expression``), and those writes."""

    states: dict[int, int]
    writes: dict[int, Node]
    clones: dict[int, int] = field(default_factory=dict)  # maps.Clone(variable) → state
    # ``a := variable``: the alias's name node by its start byte, and the
    # state of the variable there
    aliases: dict[int, tuple[Node, int]] = field(default_factory=dict)


class Variable:
    """A local variable, parameter or named result of map type, as the flow
    analysis follows it: which identifiers denote it."""

    def __init__(self, types: TypeResolver, file: SourceFile, binding: Binding) -> None:
        assert binding.name_node is not None
        self.types = types
        self.file = file
        self.binding = binding
        self.name = binding.name
        self.declared = binding.name_node
        self.scope = scope_of(binding)
        self._known: dict[int, bool] = {}

    def refers(self, ident: Node) -> bool:
        """``ident`` denotes this variable (on the left of ``:=``: it assigns
        it, declared in the same scope)."""
        found = self._known.get(ident.start_byte)
        if found is None:
            found = self._known[ident.start_byte] = self._refers(ident)
        return found

    def _refers(self, ident: Node) -> bool:
        file, name = self.file, self.name
        if file.text(ident) != name:
            return False
        if ident.start_byte == self.declared.start_byte:
            return True
        parent = ident.parent
        if (
            parent is not None
            and parent.type == "expression_list"
            and parent.parent is not None
            and parent.parent.type == "short_var_declaration"
            and parent.parent.child_by_field_name("left") == parent
        ):
            stmt = parent.parent
            found = self.types.resolve(file, name, stmt)
            return (
                found is not None
                and found.name_node is not None
                and found.name_node.start_byte == self.declared.start_byte
                and self.scope is not None
                and stmt.parent is not None
                and stmt.parent.id == self.scope.id
            )
        found = self.types.resolve(file, name, ident)
        return (
            found is not None
            and found.name_node is not None
            and found.name_node.start_byte == self.declared.start_byte
        )

    def declares(self, ident: Node) -> bool:
        return ident.start_byte == self.declared.start_byte

    def uses(self, root: Node) -> list[Node]:
        """The identifiers under ``root`` (closures included) that denote
        the variable, its declaring name left out."""
        return [
            n
            for n in identifiers_named(root, {self.name}, ("identifier", "type_identifier"))
            if n.start_byte != self.declared.start_byte and self.refers(n)
        ]


@dataclass(eq=False)
class NilFlows:
    """The value of NIL_FLOW: the flow analysis of the package's map
    variables, each run once; and what a same-package call can return."""

    types: TypeResolver
    package_maps: PackageMaps
    _runs: dict[tuple[str, int, int, bool], FlowResult | None] = field(default_factory=dict)
    _variables: dict[tuple[str, int], Variable] = field(default_factory=dict)
    _nil_results: dict[str, frozenset[int]] = field(default_factory=dict)
    _tied_results: dict[str, frozenset[int]] = field(default_factory=dict)
    _running: set[tuple[str, int, int, bool]] = field(default_factory=set)
    # the package's calls (CALLS), asked for only when a clone of a
    # parameter needs its callers
    calls: Callable[[], Calls] | None = None
    _callers: dict[str, list[tree_sitter.Node]] | None = None

    def variable(self, file: SourceFile, binding: Binding) -> Variable:
        assert binding.name_node is not None
        key = (file.path, binding.name_node.start_byte)
        found = self._variables.get(key)
        if found is None:
            found = self._variables[key] = Variable(self.types, file, binding)
        return found

    def states(
        self,
        variable: Variable,
        body: Node,
        initial: int,
        follow_calls: bool = True,
        passed_to_writer: Callable[[SourceFile, Node], list[Node]] | None = None,
        declared: int | None = None,
    ) -> FlowResult | None:
        """The states of ``variable`` at its writes in ``body`` when it starts
        as ``initial`` (``declared``: the state its declaration gives it, for
        an alias of another variable); ``None`` when the analysis gives up. With
        ``follow_calls``, a value from a same-package function that returns a
        nil map on some path may be nil. With ``passed_to_writer`` (a call →
        its arguments that the callee writes into), passing the variable to
        such a parameter counts as a write (the run is not cached)."""
        key = (variable.file.path, variable.declared.start_byte, initial, follow_calls)
        if passed_to_writer is not None or declared is not None:
            return self._run(variable, body, initial, follow_calls, passed_to_writer, declared)
        if key in self._runs:
            return self._runs[key]
        result = self._run(variable, body, initial, follow_calls, None)
        self._runs[key] = result
        return result

    def _run(
        self,
        variable: Variable,
        body: Node,
        initial: int,
        follow_calls: bool,
        passed_to_writer: Callable[[SourceFile, Node], list[Node]] | None,
        declared: int | None = None,
    ) -> FlowResult | None:
        key = (variable.file.path, variable.declared.start_byte, initial, follow_calls)
        file = variable.file

        def call_result(call: Node, position: int) -> int | None:
            if position == 0 and self.clone_argument(file, call) is not None:
                return self.clone_state(file, call)
            callee = self.nil_result_callee(file, call)
            if callee is None or position not in self.nil_results(callee):
                return None
            return MAYBE

        flow = NilFlow(
            file,
            variable.refers,
            variable.declares,
            initial,
            call_result=call_result if follow_calls else None,
            error_tied=(
                (lambda call, i: self._error_tied(file, call, i)) if follow_calls else None
            ),
            element=(lambda e: MAYBE if self.inner_map(file, e) else None)
            if follow_calls
            else None,
            clone_of=(lambda call: self.clone_argument(file, call)) if follow_calls else None,
            passed_to_writer=(
                (lambda call: passed_to_writer(file, call)) if passed_to_writer else None
            ),
            declared_state=declared,
        )
        self._running.add(key)
        try:
            flow.run(body)
            aliases = {k: (flow.alias_nodes[k], v) for k, v in flow.aliases.items()}
            result: FlowResult | None = FlowResult(
                flow.writes, flow.write_nodes, flow.clones, aliases
            )
        except GiveUp:
            result = None
        finally:
            self._running.discard(key)
        return result

    def clone_argument(self, file: SourceFile, call: Node) -> Node | None:
        """``x`` of ``maps.Clone(x)`` (package ``maps``, or
        ``golang.org/x/exp/maps``), whose result is nil when ``x`` is nil."""
        if call.type != "call_expression":
            return None
        function = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if function is None or args is None or function.type != "selector_expression":
            return None
        operand = function.child_by_field_name("operand")
        name = function.child_by_field_name("field")
        if operand is None or name is None or operand.type != "identifier":
            return None
        if file.text(name) != "Clone" or len(args.named_children) != 1:
            return None
        imports = self.types.package.imports.get(file.path, {})
        if imports.get(file.text(operand)) not in _CLONERS:
            return None
        binding = self.types.resolve(file, file.text(operand), operand)
        if binding is not None:
            return None  # a variable named like the package
        arg = args.named_children[0]
        while arg.type == "parenthesized_expression" and arg.named_children:
            arg = arg.named_children[0]
        return arg if arg.type == "identifier" else None

    def clone_state(self, file: SourceFile, call: Node) -> int | None:
        """The state of ``maps.Clone(x)``: that of ``x`` where it is copied,
        for a local map variable or named result the flow can follow, a
        parameter proven nil there, or a package map nothing makes
        (``None``: not known to be nil)."""
        arg = self.clone_argument(file, call)
        if arg is None:
            return None
        if self._unmade_package_map(file, arg):
            return NIL
        binding = self.types.resolve(file, file.text(arg), arg)
        if binding is None or binding.name_node is None or binding.function is None:
            return None
        if binding.kind not in ("var", "short", "param", "result"):
            return None
        if not self.types.is_map(binding.type_text, file):
            return None
        body = binding.function.child_by_field_name("body")
        if body is None:
            return None
        initial = NIL if binding.kind == "result" else MAYBE if binding.kind == "param" else NONNIL
        variable = self.variable(file, binding)
        key = (file.path, variable.declared.start_byte, initial, True)
        if key in self._running:
            return None  # copies of each other: not followed
        flow = self.states(variable, body, initial)
        state = flow.clones.get(call.start_byte) if flow is not None else None
        if state is None or state == DEAD:
            return None
        if binding.kind == "param" and state != NIL and not self.passed_nil(binding):
            # a parameter is nil only where the flow proves it, or where a
            # call of the package passes it nil and nothing has made it since
            return None
        return state if state & NIL else None

    def passed_nil(self, binding: Binding) -> bool:
        """Some call of the package outside test files passes the literal
        ``nil`` for the parameter ``binding`` of a function or method
        declaration: the parameter holds nil on entry along that call."""
        if self.calls is None or binding.function is None or binding.kind != "param":
            return False
        calls = self.calls()
        decl = calls.decl_of(binding.function)
        if decl is None:
            return False
        names = [p.name for p in decl.params]
        if names.count(binding.name) != 1:
            return False
        position = names.index(binding.name)
        if decl.params[position].type_text.startswith("..."):
            return False
        if self._callers is None:
            self._callers = {}
            for resolved in calls.resolved():
                if not resolved.caller.file.path.endswith("_test.go"):
                    self._callers.setdefault(resolved.callee, []).append(resolved.call)
        for call in self._callers.get(decl.key, []):
            args = call.child_by_field_name("arguments")
            values = [a for a in args.named_children if a.type != "comment"] if args else []
            if position < len(values) and sx.unparen(values[position]).type == "nil":
                return True
        return False

    def _error_tied(self, file: SourceFile, call: Node, position: int) -> bool:
        callee = self.nil_result_callee(file, call)
        return callee is not None and position in self.error_tied_results(callee)

    def error_tied_results(self, func: FuncDecl) -> frozenset[int]:
        """Positions of map results that ``func`` gives as ``nil`` only in
        return statements whose last value, an ``error``, is not ``nil``
        (``return nil, fmt.Errorf(...)``): a caller that checks the error
        has a map."""
        cached = self._tied_results.get(func.key)
        if cached is not None:
            return cached
        found = set(self.nil_results(func))
        count = len(func.results)
        self._tied_results[func.key] = frozenset()  # a cycle of forwarding calls: not tied
        if not found or count < 2 or func.results[-1].type_text != "error" or func.body is None:
            found = set()
        else:
            for node in walk(func.body, closures=False):
                if node.type != "return_statement" or not node.named_children:
                    continue
                values = node.named_children[0].named_children
                if len(values) != count:
                    untied = self._forwarded_untied(func.file, values, count)
                    if untied is None:
                        found = set()  # a bare return: unknown
                        break
                    found -= untied
                    continue
                if values[-1].type == "nil":
                    found -= {
                        i
                        for i, v in enumerate(values)
                        if v.type == "nil" or self._unmade_package_map(func.file, v)
                    }
        result = frozenset(found)
        self._tied_results[func.key] = result
        return result

    def _forwarded_untied(
        self, file: SourceFile, values: list[Node], count: int
    ) -> set[int] | None:
        """``return g(...)`` giving all ``count`` results of ``g``: the map
        positions where ``g`` may give nil without an error (a same-package
        ``g``: its nil results not tied to its error; any other call: none,
        as for :meth:`nil_results`, which counts only ``nil`` literals and
        unmade package maps); ``None`` for anything else."""
        if len(values) != 1 or values[0].type != "call_expression":
            return None
        callee = self.nil_result_callee(file, values[0])
        if callee is None:
            return set()
        if len(callee.results) != count:
            return None
        return set(self.nil_results(callee) - self.error_tied_results(callee))

    def inner_map(self, file: SourceFile, expr: Node) -> str | None:
        """``m[k]`` with ``m`` a map whose values are maps (a missing key reads
        as a nil map): the element's type."""
        if expr.type != "index_expression":
            return None
        operand = expr.child_by_field_name("operand")
        type_text = self.types.type_of(file, operand) if operand is not None else None
        parts = self.types.map_parts(type_text, file) if type_text else None
        if parts is None or not self.types.is_map(parts[1], file):
            return None
        return parts[1]

    def nil_result_callee(self, file: SourceFile, call: Node) -> FuncDecl | None:
        """The same-package function called by ``f(...)``."""
        if call.type != "call_expression":
            return None
        function = call.child_by_field_name("function")
        if function is None or function.type != "identifier":
            return None
        name = file.text(function)
        binding = self.types.resolve(file, name, call)
        if binding is not None and binding.kind != "package":
            return None  # a local function value
        return self.types.package.funcs.get(name)

    def _unmade_package_map(self, file: SourceFile, value: Node) -> bool:
        if value.type != "identifier" or file.text(value) not in self.package_maps.unmade():
            return False
        binding = self.types.resolve(file, file.text(value), value)
        return binding is not None and binding.kind == "package"

    def package_results(self, func: FuncDecl) -> frozenset[int]:
        """Positions of map results for which some return statement of
        ``func`` gives a package map that nothing makes: a map made by the
        caller would not go back into that variable."""
        found: set[int] = set()
        for node in walk(func.body, closures=False) if func.body is not None else ():
            if node.type != "return_statement" or not node.named_children:
                continue
            values = node.named_children[0].named_children
            found |= {i for i, v in enumerate(values) if self._unmade_package_map(func.file, v)}
        return frozenset(found)

    def nil_results(self, func: FuncDecl) -> frozenset[int]:
        """Positions of map results for which some return statement of
        ``func`` has a ``nil`` literal, or a package map variable that the
        package never makes (PACKAGE_MAPS)."""
        cached = self._nil_results.get(func.key)
        if cached is not None:
            return cached
        found: set[int] = set()
        count = len(func.results)
        if func.body is not None and count and all(r.name == "" for r in func.results):
            for node in walk(func.body, closures=False):
                if node.type != "return_statement" or not node.named_children:
                    continue
                values = node.named_children[0].named_children
                if len(values) != count:
                    continue
                for i, value in enumerate(values):
                    if (
                        value.type == "nil" or self._unmade_package_map(func.file, value)
                    ) and self.types.is_map(func.results[i].type_text, func.file):
                        found.add(i)
        result = frozenset(found)
        self._nil_results[func.key] = result
        return result


def _produce(pkg: Pass) -> NilFlows:
    return NilFlows(pkg.fact(TYPES), pkg.fact(PACKAGE_MAPS), calls=lambda: pkg.fact(CALLS))


NIL_FLOW: Fact[NilFlows] = Fact("nil-flow", _produce, (TYPES, PACKAGE_MAPS, CALLS))
