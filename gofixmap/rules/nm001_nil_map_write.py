"""NM001 nil-map-write: a write to a local or package-level map that is nil on
some path to it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Pass, Rule, files_of
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import MAP_SUMMARIES, NIL_FLOW, TYPES, lookups
from gofixmap.rules.facts.inner import initialised
from gofixmap.rules.facts.nilflow import MAYBE, NIL, NONNIL, decoder_into
from gofixmap.rules.facts.types import Binding, type_parameters
from gofixmap.rules.facts.writes import WriteSite, may_write, write_decls, write_sites
from gofixmap.rules.fixes import make
from gofixmap.rules.fixes.guard import guard_fix

Node = tree_sitter.Node

_HARMLESS_CALLS = ("len", "delete", "clear")


@dataclass(frozen=True, eq=False)
class _Candidate:
    binding: Binding
    name_node: Node
    type_text: str
    source: str = ""  # the same-package function whose result may be nil
    outer: Node | None = None  # `m[k]` the variable was read from (a map of maps)
    package_var: bool = False  # the source returns a package map nothing makes


class NilMapWrite(Rule):
    """What it does:
    Finds writes (``m[k] = v``, ``m[k] += v``, ``m[k]++``) into a local
    variable, named result or package variable of map type that is nil on
    some path to the write: declared with ``var m map[K]V`` (or a named map
    type such as ``http.Header``) and never made, made on only some branches,
    declared inside a loop, set to ``nil``, a named result never assigned, or
    set from a same-package function that returns ``nil`` on some path (or
    a package map nothing makes), read from a map of maps (``inner :=
    m[k]``, nil for a missing key, unless ``m[k]`` is made or checked
    first: the fix also stores the made map back, ``m[k] = inner``);
    and a parameter only where the flow proves it nil on every path (inside
    ``if m == nil { ... }``, after ``m = nil``), with no automatic fix: a map
    made there would not reach the caller.
    A flow analysis follows the variable through ifs, switches, selects and
    loops; ``if m == nil { m = make(...) }``, ``m != nil`` and ``len(m) > 0``
    refine it, and so does a successful ``v, ok := m[k]`` lookup; a decoder
    given ``&m`` (``json.Unmarshal(b, &m)``, ``dec.Decode(&m)``) makes it on
    the paths where it runs (and an error from it, checked, ends the path). Reads,
    ``len``, ``range``, ``delete`` and ``clear`` on a nil map are legal and
    never reported.

    Why is this bad:
    Writing into a nil map panics with ``assignment to entry in nil map``,
    which kills the goroutine and, in a service, the whole process.

    Example:
    ```go
    func count(words []string) map[string]int {
        var counts map[string]int
        for _, w := range words {
            counts[w]++ // panics
        }
        return counts
    }
    ```
    becomes, with the safe fix,
    ```go
    for _, w := range words {
        if counts == nil {
            counts = make(map[string]int)
        }
        counts[w]++
    }
    ```

    Fix safety:
    Making the map at its declaration (``counts := make(map[string]int)``) is
    safe when nil and empty cannot be told apart afterwards: every use of the
    variable is an index, ``len``, ``range``, ``delete`` or ``clear``, or every
    path from the declaration reaches the write. Otherwise the safe fix is a
    lazy nil guard just before the write, which changes only paths that used
    to panic, and the declaration fix is offered as unsafe (the function
    would return ``{}`` instead of ``nil``). A package variable is made at its
    declaration (safe unless the package compares it with nil).
    """

    code = "NM001"
    IN_TESTS = False  # a test that writes into a nil map panics: go test reports it
    PREFILTER = MAP_GATE
    REQUIRES = (TYPES, NIL_FLOW, MAP_SUMMARIES)
    name = "nil-map-write"
    summary = "a write to a local or package-level map that is nil on some path to it"

    VALID = (
        """package p

func count(words []string) map[string]int {
	counts := make(map[string]int)
	for _, w := range words {
		counts[w]++
	}
	return counts
}
""",
        """package p

func lazy(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
        """package p

func reads(key string) (int, int) {
	var m map[string]int
	delete(m, key)
	for range m {
	}
	return m[key], len(m)
}
""",
        """package p

func branches(big bool) map[string]bool {
	var seen map[string]bool
	if big {
		seen = make(map[string]bool, 64)
	} else {
		seen = map[string]bool{}
	}
	seen["x"] = true
	return seen
}
""",
    )
    INVALID = (
        Invalid(
            """package p

func names() map[string]bool {
	var seen map[string]bool
	seen["a"] = true
	return seen
}
""",
            fixed="""package p

func names() map[string]bool {
	seen := make(map[string]bool)
	seen["a"] = true
	return seen
}
""",
        ),
        Invalid(
            """package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++
	}
	return counts
}
""",
            fixed="""package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
            unsafe_fixed="""package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
        ),
        Invalid(
            """package p

func total(xs []int) int {
	var byValue map[int]int
	for _, x := range xs {
		byValue[x] += x
	}
	return len(byValue)
}
""",
            fixed="""package p

func total(xs []int) int {
	byValue := make(map[int]int)
	for _, x := range xs {
		byValue[x] += x
	}
	return len(byValue)
}
""",
        ),
        Invalid(
            """package p

var registry map[string]int

func Register(name string, n int) {
	registry[name] = n
}
""",
            fixed="""package p

var registry = make(map[string]int)

func Register(name string, n int) {
	registry[name] = n
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        for ctx in files_of(pkg):
            if not may_write(ctx.file):
                continue  # every finding is a write site of the file
            for top in write_decls(ctx.file):
                for func in sx.functions(top):
                    yield from self._function(ctx, func)
            yield from self._package_writes(ctx)

    # ------------------------------------------------------------------ locals

    def _function(self, ctx: FileContext, func: Node) -> Iterator[Diagnostic]:
        file = ctx.file
        body = func.child_by_field_name("body")
        if body is None:
            return
        sites = list(write_sites(body, file, into_closures=False))
        yield from self._call_result_writes(ctx, sites)
        written = {
            file.text(site.operand)
            for site in sites
            if site.operand.type in ("identifier", "type_identifier")
        }
        if not written:
            return
        for cand in self._candidates(ctx, func, body, written):
            yield from self._analyse(ctx, func, body, cand)

    def _call_result_writes(self, ctx: FileContext, sites: list[WriteSite]) -> Iterator[Diagnostic]:
        """``registry()[k] = v`` where ``registry``, a function of the package
        with one result, returns a nil map on some path (``return nil``, or a
        package map nothing makes). No fix here: a map made at the write
        would be dropped; the function must return a made one."""
        flows = ctx.fact(NIL_FLOW)
        for site in sites:
            operand = sx.unparen(site.operand)
            if operand.type != "call_expression":
                continue
            callee = flows.nil_result_callee(ctx.file, operand)
            if callee is None or len(callee.results) != 1 or 0 not in flows.nil_results(callee):
                continue
            subject = sx.norm(ctx.text(operand))
            message = f"write to map returned by {subject} that may be nil: "
            message += f"{callee.name} can return nil"
            note = f"make the map in {callee.name}: one made here would be dropped"
            yield self.diagnostic(ctx.file, operand, message, (), note, subject)

    def _candidates(
        self, ctx: FileContext, func: Node, body: Node, written: set[str]
    ) -> Iterator[_Candidate]:
        file = ctx.file
        types = ctx.fact(TYPES)
        flows = ctx.fact(NIL_FLOW)
        seen: set[int] = set()
        params = type_parameters(body, file)

        def accept(
            binding: Binding | None,
            type_text: str | None = None,
            source: str = "",
            outer: Node | None = None,
            package_var: bool = False,
        ) -> Iterator[_Candidate]:
            if binding is None or binding.name_node is None or binding.kind == "package":
                return
            if binding.function is None or binding.function.id != func.id:
                return
            if binding.name_node.start_byte in seen:
                return
            text = type_text or binding.type_text
            if text is None or text.lstrip("*") in params or not types.is_map(text, file):
                return
            if text.startswith("*"):
                return
            seen.add(binding.name_node.start_byte)
            yield _Candidate(binding, binding.name_node, text, source, outer, package_var)

        # parameters: reported only where the flow proves them nil (inside
        # ``if m == nil { ... }``, after ``m = nil``), never for being parameters
        parameters = func.child_by_field_name("parameters")
        if parameters is not None:
            for decl in parameters.named_children:
                if decl.type != "parameter_declaration":
                    continue
                for ident in decl.children_by_field_name("name"):
                    if file.text(ident) in written:
                        yield from accept(types.resolve(file, file.text(ident), body))
        result = func.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":
            for decl in result.named_children:
                for ident in decl.children_by_field_name("name"):
                    if file.text(ident) in written:
                        yield from accept(types.resolve(file, file.text(ident), body))
        for node in sx.walk(body, closures=False):
            if node.type == "var_spec":
                value = node.child_by_field_name("value")
                values = value.named_children if value is not None else []
                if values and not all(v.type == "nil" for v in values):
                    continue
                declaration = node.parent
                while declaration is not None and declaration.type != "var_declaration":
                    declaration = declaration.parent
                if declaration is None:
                    continue
                for ident in node.children_by_field_name("name"):
                    name = file.text(ident)
                    if name in written:
                        yield from accept(types.declared_in(file, declaration, name))
            elif node.type == "assignment_statement" or node.type == "short_var_declaration":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                if left is None or right is None:
                    continue
                if (
                    node.type == "short_var_declaration"
                    and len(left.named_children) == 1
                    and len(right.named_children) == 1
                    and left.named_children[0].type == "identifier"
                    and file.text(left.named_children[0]) in written
                ):
                    value = sx.unparen(right.named_children[0])
                    inner = flows.inner_map(file, value)
                    view = sx.index_view(value) if inner is not None else None
                    if view is not None and not initialised(ctx, value, view[0], view[1]):
                        # users := byTeam[team], the inner map not made before
                        name = file.text(left.named_children[0])
                        found = types.declared_in(file, node, name)
                        yield from accept(found, inner, outer=value)
                if len(right.named_children) == 1:
                    callee = flows.nil_result_callee(file, right.named_children[0])
                    for i, target in enumerate(left.named_children):
                        if (
                            callee is not None
                            and i in flows.nil_results(callee)
                            and target.type == "identifier"
                            and file.text(target) in written
                        ):
                            found = (
                                types.declared_in(file, node, file.text(target))
                                if node.type == "short_var_declaration"
                                else types.resolve(file, file.text(target), target)
                            )
                            yield from accept(
                                found,
                                callee.results[i].type_text,
                                callee.name,
                                package_var=i in flows.package_results(callee),
                            )
                for target, value in zip(left.named_children, right.named_children, strict=False):
                    if (
                        target.type == "identifier"
                        and value.type == "nil"
                        and file.text(target) in written
                    ):
                        yield from accept(types.resolve(file, file.text(target), target))

    def _analyse(
        self, ctx: FileContext, func: Node, body: Node, cand: _Candidate
    ) -> Iterator[Diagnostic]:
        flows = ctx.fact(NIL_FLOW)
        variable = flows.variable(ctx.file, cand.binding)
        uses = variable.uses(func)
        if self._escapes_flow(ctx, func, uses, cand):
            return
        parameter = cand.binding.kind == "param"
        initial = NIL if cand.binding.kind == "result" else MAYBE if parameter else NONNIL
        flow = flows.states(variable, body, initial)
        if flow is None:
            return  # the analysis gave up
        makes: list[Node] | None = None
        for key in sorted(flow.states):
            state = flow.states[key]
            if not state & NIL or (parameter and state != NIL):
                continue
            target = flow.writes[key]
            definite = state == NIL
            if not definite:
                if makes is None:
                    makes = _making_assignments(ctx.file, uses)
                if _correlated(ctx.file, func, target, makes):
                    continue
            yield self._report(ctx, func, body, cand, uses, target, definite)

    def _escapes_flow(
        self, ctx: FileContext, func: Node, uses: list[Node], cand: _Candidate
    ) -> bool:
        """``&m``, assignments inside closures, pointer-receiver method calls."""
        file, index = ctx.file, ctx.package
        named = cand.type_text if cand.type_text in index.types else ""
        for use in uses:
            parent = use.parent
            if parent is None:
                continue
            if parent.type == "unary_expression" and file.text(parent).startswith("&"):
                call = parent.parent.parent if parent.parent is not None else None
                target_id = use.id

                def is_use(node: Node, target_id: int = target_id) -> bool:
                    return node.id == target_id

                decoded = (
                    call is not None
                    and call.type == "call_expression"
                    and decoder_into(file, call, is_use)
                )
                if not decoded:  # a decoder's target is followed by the flow
                    return True
            if sx.in_closure(use, func) and sx.is_assigned(use):
                return True
            if named and parent.type == "selector_expression":
                method = parent.child_by_field_name("field")
                decl = index.funcs.get(f"{named}.{file.text(method)}") if method else None
                if decl is not None and decl.pointer_receiver:
                    return True
        return False

    def _report(
        self,
        ctx: FileContext,
        func: Node,
        body: Node,
        cand: _Candidate,
        uses: list[Node],
        target: Node,
        definite: bool,
    ) -> Diagnostic:
        file = ctx.file
        name = cand.binding.name
        binding = cand.binding
        if not definite and cand.outer is not None:
            outer = cand.outer.child_by_field_name("operand")
            shown = sx.norm(file.text(outer)) if outer is not None else "the map"
            message = (
                f"write to map {name} that may be nil: it is read from {shown}, "
                f"whose missing keys hold nil maps"
            )
            # the made map must go back into the outer map, or the write is lost
            back = f"{sx.norm(file.text(cand.outer))} = {name}"
            guard = guard_fix(file, target, name, cand.type_text, also=back)
            note = "" if guard is not None else "make the inner map and store it before the write"
            return self.diagnostic(file, target, message, [guard] if guard else [], note, name)
        if not definite and cand.source and cand.package_var:
            message = f"write to map {name} that may be nil: {cand.source} can return nil"
            # a map made here would never reach the package variable: the
            # write would be lost instead of panicking
            note = f"make the package map that {cand.source} returns"
            return self.diagnostic(file, target, message, [], note, name)
        if not definite and cand.source:
            message = f"write to map {name} that may be nil: {cand.source} can return nil"
        elif not definite:
            message = f"write to map {name} that may be nil: {name} is made only on some paths"
        elif binding.kind == "param":
            message = f"write to nil map {name}: parameter {name} is nil on every path to here"
            note = (
                "a map made here would not reach the caller: make it in the caller,"
                " or return an error"
            )
            return self.diagnostic(file, target, message, [], note, name)
        elif binding.kind == "result":
            message = f"write to nil map {name}: named result {name} is never made"
        elif binding.kind == "var" and binding.value is None:
            message = f"write to nil map {name}: {name} is nil when declared with var"
        else:
            message = f"write to nil map {name}: {name} is set to nil before the write"
        guard = guard_fix(file, target, name, cand.type_text)
        declaration = self._declaration_fix(ctx, body, cand)
        fixes: list[Fix] = []
        note = ""
        if declaration is not None and self._init_is_safe(ctx, func, body, cand, uses, target):
            fixes.append(make.make_fix(name, declaration, Applicability.SAFE))
        else:
            if guard is not None:
                fixes.append(guard)
            if declaration is not None:
                fixes.append(make.make_fix(name, declaration, Applicability.UNSAFE))
        if not fixes:
            note = "the write is not in a block and the declaration cannot be rewritten"
        return self.diagnostic(file, target, message, fixes, note, name)

    def _declaration_fix(self, ctx: FileContext, body: Node, cand: _Candidate) -> Edit | None:
        binding = cand.binding
        if binding.kind == "result":
            return make.named_result(ctx.file, body, binding.name, cand.type_text)
        if binding.kind != "var":
            return None
        return make.local_var(binding.node, binding.name, cand.type_text)

    def _init_is_safe(
        self,
        ctx: FileContext,
        func: Node,
        body: Node,
        cand: _Candidate,
        uses: list[Node],
        target: Node,
    ) -> bool:
        """Nil and empty cannot be told apart after making the map at its declaration."""
        if cand.binding.kind != "result" and all(_harmless(ctx.file, u, func) for u in uses):
            return True
        return self._every_path_writes(ctx, body, cand, uses, target)

    def _every_path_writes(
        self, ctx: FileContext, body: Node, cand: _Candidate, uses: list[Node], target: Node
    ) -> bool:
        """The write is reached unconditionally, straight after the declaration,
        so every execution that passed the declaration panicked before."""
        stmt = sx.insertion_statement(target)
        if stmt is None or stmt.parent is None:
            return False
        if cand.binding.kind == "result":
            home = sx.statement_list(body)
            start = 0
        else:
            declaration = cand.binding.node.parent
            if declaration is None or declaration.parent is None:
                return False
            home = declaration.parent
            start = declaration.end_byte
        if home is None or stmt.parent.id != home.id:
            return False
        for use in uses:
            if start <= use.start_byte < stmt.start_byte:
                return False
        for sibling in home.named_children:
            if sibling.start_byte < start or sibling.start_byte >= stmt.start_byte:
                continue
            for node in sx.walk(sibling, closures=False):
                if node.type in (
                    "return_statement",
                    "break_statement",
                    "continue_statement",
                    "goto_statement",
                ):
                    return False
                if node.type == "call_expression":
                    function = node.child_by_field_name("function")
                    if function is not None and ctx.file.text(function) in ("panic", "os.Exit"):
                        return False
        return True

    # ------------------------------------------------------------------ package variables

    def _package_writes(self, ctx: FileContext) -> Iterator[Diagnostic]:
        file = ctx.file
        candidates = ctx.fact(MAP_SUMMARIES).unmade_package_maps()
        if not candidates:
            return
        types = ctx.fact(TYPES)
        for site in write_sites(file.root, file):
            operand = site.operand
            if operand.type not in ("identifier", "type_identifier"):
                continue
            name = file.text(operand)
            info = candidates.get(name)
            if info is None:
                continue
            binding = types.resolve(file, name, operand)
            if binding is None or binding.kind != "package":
                continue
            message = f"write to nil map {name}: package variable {name} is never made"
            edit = make.package_var(info.decl, name, info.type_text)
            fixes: list[Fix] = []
            guard = guard_fix(file, site.target, name, info.type_text)
            if edit is not None and not info.compared:
                fixes.append(make.make_fix(name, edit, Applicability.SAFE))
            else:
                if guard is not None:
                    fixes.append(guard)
                if edit is not None:
                    fixes.append(make.make_fix(name, edit, Applicability.UNSAFE))
            yield self.diagnostic(file, site.target, message, fixes, "", name)


def _making_assignments(file: SourceFile, uses: list[Node]) -> list[Node]:
    """The assignments that give the variable a non-nil value."""
    result: list[Node] = []
    for use in uses:
        if not sx.is_assigned(use):
            continue
        statement = use.parent.parent if use.parent is not None else None
        if statement is None:
            continue
        left = statement.child_by_field_name("left")
        right = statement.child_by_field_name("right")
        if left is None or right is None:
            continue
        lefts, rights = left.named_children, right.named_children
        if len(lefts) == len(rights):
            value = rights[[n.id for n in lefts].index(use.id)]
            if value.type == "nil":
                continue
        result.append(statement)
    return result


def _conjuncts(file: SourceFile, expr: Node) -> list[Node]:
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type == "binary_expression":
        operator = expr.child_by_field_name("operator")
        if operator is not None and file.text(operator) == "&&":
            left = expr.child_by_field_name("left")
            right = expr.child_by_field_name("right")
            return [
                *(_conjuncts(file, left) if left is not None else []),
                *(_conjuncts(file, right) if right is not None else []),
            ]
    return [expr]


def _guards(file: SourceFile, node: Node, func: Node) -> list[tuple[Node, Node]]:
    """(if statement, conjunct) for each if whose consequence holds ``node``."""
    result: list[tuple[Node, Node]] = []
    current = node
    while current.parent is not None and current.id != func.id:
        parent = current.parent
        if parent.type == "if_statement":
            consequence = parent.child_by_field_name("consequence")
            condition = parent.child_by_field_name("condition")
            if consequence is not None and consequence.id == current.id and condition is not None:
                result.extend((parent, c) for c in _conjuncts(file, condition))
        current = parent
    return result


def _correlated(file: SourceFile, func: Node, target: Node, makes: list[Node]) -> bool:
    """A "may be nil" write whose path makes the map after all, by idioms a
    path-insensitive analysis cannot see: the write and the make sit under
    the same condition (``if debug { m = make(...) } ... if debug { m[k] = v }``);
    the write's condition tests a variable set together with the map
    (``if mls != nil { m[k] = v }``); the map is made together with another
    variable under its nil check (``if a == nil { a = ...; m = make(...) }``);
    or the map is reset in a counted loop (``if i%n == 0 { m = make(...) }``)."""
    if not makes:
        return False
    make_guards = [(stmt, _guards(file, stmt, func)) for stmt in makes]
    make_texts = {sx.norm(file.text(c)) for _, guards in make_guards for _, c in guards}
    # made under `if len(X) > 0`, written in the body of `for ... range X`
    ranged = lookups.ranged_over(file, target, func)
    if ranged and any(lookups.nonempty_operand(file, c) in ranged for c in _texts(make_guards)):
        return True
    write_guards = _guards(file, target, func)
    for _, conjunct in write_guards:
        if sx.norm(file.text(conjunct)) in make_texts:
            return True
        other = _nil_tested(file, conjunct, "!=")
        if other is not None and _set_only_under(file, func, other, make_guards):
            return True
    for _, guards in make_guards:
        for if_stmt, conjunct in guards:
            if if_stmt.end_byte <= target.start_byte and (
                _nil_tested(file, conjunct, "==") is not None or _is_len_zero(file, conjunct)
            ):
                return True
            if _mentions_loop_counter(file, conjunct, if_stmt, target):
                return True
    return False


def _texts(make_guards: list[tuple[Node, list[tuple[Node, Node]]]]) -> list[Node]:
    return [c for _, guards in make_guards for _, c in guards]


def _nil_tested(file: SourceFile, expr: Node, op: str) -> str | None:
    """``Y op nil`` → ``Y`` (identifier or selector text)."""
    if expr.type != "binary_expression":
        return None
    operator = expr.child_by_field_name("operator")
    left = expr.child_by_field_name("left")
    right = expr.child_by_field_name("right")
    if operator is None or left is None or right is None or file.text(operator) != op:
        return None
    if right.type == "nil" and left.type in ("identifier", "selector_expression"):
        return file.text(left)
    return None


def _is_len_zero(file: SourceFile, expr: Node) -> bool:
    return sx.norm(file.text(expr)).startswith("len(") and sx.norm(file.text(expr)).endswith(")==0")


def _set_only_under(
    file: SourceFile, func: Node, name: str, make_guards: list[tuple[Node, list[tuple[Node, Node]]]]
) -> bool:
    """Every assignment to ``name`` in ``func`` sits in an if that also makes the map."""
    blocks = [if_stmt for _, guards in make_guards for if_stmt, _ in guards]
    found = False
    for node in sx.walk(func, closures=False):
        if node.type not in ("assignment_statement", "short_var_declaration"):
            continue
        left = node.child_by_field_name("left")
        if left is None or not any(file.text(t) == name for t in left.named_children):
            continue
        found = True
        if not any(b.start_byte <= node.start_byte < b.end_byte for b in blocks):
            return False
    return found


def _mentions_loop_counter(file: SourceFile, conjunct: Node, if_stmt: Node, target: Node) -> bool:
    """``if i%n == 0 { m = make(...) }`` inside ``for i := 0; ...`` around the write."""
    loop = if_stmt.parent
    while loop is not None and loop.type != "for_statement":
        loop = loop.parent
    if loop is None or not (loop.start_byte <= target.start_byte < loop.end_byte):
        return False
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    init = clause.child_by_field_name("initializer") if clause is not None else None
    if init is None or init.type != "short_var_declaration":
        return False
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    if left is None or right is None or sx.norm(file.text(right)) != "0":
        return False
    counter = file.text(left)
    return any(
        n.type == "identifier" and file.text(n) == counter
        for n in sx.walk(conjunct, closures=False)
    )


def _harmless(file: SourceFile, use: Node, func: Node) -> bool:
    """A use that cannot tell a nil map from an empty one."""
    if sx.in_closure(use, func):
        return False
    parent = use.parent
    if parent is None:
        return False
    if parent.type in sx.INDEX_TYPES:
        view = sx.index_view(parent)
        return view is not None and view[0] == use
    if parent.type == "range_clause" and parent.child_by_field_name("right") == use:
        return True
    if parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        function = call.child_by_field_name("function")
        if function is not None and file.text(function) in _HARMLESS_CALLS:
            return parent.named_children[0] == use
    return False
