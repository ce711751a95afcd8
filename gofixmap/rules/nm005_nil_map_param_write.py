"""NM005 nil-map-param-write: a callee writes into a map parameter passed as nil."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Pass, Rule, files_of
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import CALLS, MAP_SUMMARIES, TYPES
from gofixmap.rules.facts.types import Binding
from gofixmap.rules.facts.writes import may_call
from gofixmap.rules.fixes import make
from gofixmap.rules.fixes.guard import guard_fix

Node = tree_sitter.Node
_LOOPS = ("for_statement",)


def _compares_nil(text: str, name: str) -> bool:
    return (
        re.search(rf"\b{re.escape(name)}\s*[!=]=\s*nil\b|\bnil\s*[!=]=\s*{name}\b", text)
        is not None
    )


class NilMapParamWrite(Rule):
    """A callee writes into a map parameter that a caller passes as nil.

    What it does:
        Finds calls, in the same package, that pass ``nil`` or a map variable
        that is still nil at the call to a function whose body writes into that
        map parameter (``m[k] = v``) without making it first.

    Why is this bad:
        A map is passed by its header: the callee cannot make the caller's map,
        and its write into the nil map panics with ``assignment to entry in nil
        map``. The repair belongs at the call site.

    Example:
        var labels map[string]string
        addDefaults(labels) // addDefaults writes labels["app"] = ...

        becomes ``labels := make(map[string]string)`` before the call.

    Fix safety:
        Safe when neither the caller nor the callee compares the map with
        ``nil`` (then nil and empty cannot be told apart); unsafe otherwise.
    """

    code = "NM005"
    IN_TESTS = False  # a test that writes into a nil map panics: go test reports it
    PREFILTER = MAP_GATE
    REQUIRES = (TYPES, CALLS, MAP_SUMMARIES)
    name = "nil-map-param-write"
    summary = "a callee writes into a map parameter that a caller passes as nil"

    VALID = (
        """package p

func add(m map[string]int) {
	m["a"] = 1
}

func use() map[string]int {
	m := make(map[string]int)
	add(m)
	return m
}
""",
    )
    INVALID = (
        Invalid(
            """package p

func add(m map[string]int) {
	m["a"] = 1
}

func use() map[string]int {
	var m map[string]int
	add(m)
	return m
}
""",
            fixed="""package p

func add(m map[string]int) {
	m["a"] = 1
}

func use() map[string]int {
	m := make(map[string]int)
	add(m)
	return m
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        names = pkg.fact(MAP_SUMMARIES).map_param_functions()
        for ctx in files_of(pkg):
            data = ctx.file.data
            if not any(name in data for name in names):
                continue  # the file calls no function of the package with a map parameter
            for node in src.of_types(ctx.file.root, ("call_expression",)):
                fn = node.child_by_field_name("function")
                if fn is not None and may_call(ctx.file, fn, names):
                    yield from self._call(ctx, node)

    def _callee(self, ctx: FileContext, call: Node) -> idx.FuncDecl | None:
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        if fn.type == "identifier":
            decl = ctx.package.funcs.get(ctx.text(fn))
            if decl is not None and decl.name == ctx.text(fn) and not decl.receiver:
                return decl
            return None
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None:
                return None
            if operand.type == "identifier" and ctx.text(operand) in ctx.package.imports.get(
                ctx.path, {}
            ):
                return None
            found = ctx.fact(CALLS).methods_named(ctx.text(field))
            return found[0] if len(found) == 1 else None
        return None

    def _call(self, ctx: FileContext, call: Node) -> Iterator[Diagnostic]:
        args = call.child_by_field_name("arguments")
        if args is None:
            return
        callee: idx.FuncDecl | None = None
        for position, arg in enumerate(args.named_children):
            if arg.type not in ("nil", "identifier"):
                continue
            if callee is None:
                callee = self._callee(ctx, call)
                if callee is None:
                    return
            param = ctx.fact(MAP_SUMMARIES).param_write(callee, position)
            if param is None:
                continue
            if arg.type == "nil":
                yield from self._nil_literal(ctx, call, arg, callee, position, param)
            else:
                yield from self._nil_variable(ctx, call, arg, callee, position, param)

    def _nil_literal(
        self,
        ctx: FileContext,
        call: Node,
        arg: Node,
        callee: idx.FuncDecl,
        position: int,
        param: str,
    ) -> Iterator[Diagnostic]:
        type_text = callee.params[position].type_text
        fixes = []
        if self._usable_type(ctx, callee, type_text):
            safe = not _compares_nil(ctx.text(callee.node), param)
            fixes.append(
                Fix(
                    f"Pass make({type_text}) instead of nil",
                    (Edit(arg.start_byte, arg.end_byte, f"make({type_text})".encode()),),
                    Applicability.SAFE if safe else Applicability.UNSAFE,
                )
            )
        message = f"nil map passed to {callee.name}, which writes into its parameter {param}"
        yield self.diagnostic(ctx.file, arg, message, fixes, "", param)

    def _usable_type(self, ctx: FileContext, callee: idx.FuncDecl, type_text: str) -> bool:
        """The callee's parameter type means the same in the caller's file."""
        here = ctx.package.imports.get(ctx.path, {})
        there = ctx.package.imports.get(callee.file.path, {})
        for qualifier in re.findall(r"\b([A-Za-z_]\w*)\.", type_text):
            if qualifier not in there or here.get(qualifier) != there[qualifier]:
                return False
        return True

    def _nil_variable(
        self,
        ctx: FileContext,
        call: Node,
        arg: Node,
        callee: idx.FuncDecl,
        position: int,
        param: str,
    ) -> Iterator[Diagnostic]:
        file = ctx.file
        types = ctx.fact(TYPES)
        name = ctx.text(arg)
        binding = types.resolve(file, name, arg)
        if binding is None or binding.function is None or binding.name_node is None:
            return
        if binding.kind == "var":
            if binding.value is not None and ctx.text(binding.value) != "nil":
                return
        elif binding.kind == "short":
            if binding.value is None or not re.fullmatch(
                r"(?:\(?map\[.*\]\S+\)?|\w+)\(nil\)", ctx.text(binding.value)
            ):
                return
        elif binding.kind != "result":
            return
        func = sx.enclosing_function(call)
        if func is None or func.id != binding.function.id:
            return
        if not self._still_nil(ctx, binding, call, name):
            return
        type_text = binding.type_text or callee.params[position].type_text
        if not types.is_map(type_text, file):
            return
        message = (
            f"{name} is nil when passed to {callee.name}, which writes into its parameter {param}"
        )
        safe = not _compares_nil(ctx.text(func), name) and not _compares_nil(
            ctx.text(callee.node), param
        )
        applicability = Applicability.SAFE if safe else Applicability.UNSAFE
        fixes = []
        fix = self._declaration_fix(ctx, binding, type_text, applicability)
        if fix is None:
            fix = self._before_call_fix(ctx, call, name, type_text, applicability)
        if fix is not None:
            fixes.append(fix)
        yield self.diagnostic(file, arg, message, fixes, "", name)

    def _still_nil(self, ctx: FileContext, binding: Binding, call: Node, name: str) -> bool:
        """No assignment, ``:=`` or ``&name`` between the declaration and the
        call, and none later in a loop around the call."""
        assert binding.function is not None and binding.name_node is not None
        declared = binding.name_node
        loops = []
        current = call.parent
        while current is not None and current.id != binding.function.id:
            if current.type in _LOOPS and current.start_byte > declared.start_byte:
                loops.append(current)
            current = current.parent
        limit = max([call.start_byte, *(loop.end_byte for loop in loops)])
        for node in src.walk(binding.function):
            if node.start_byte <= declared.start_byte or node.start_byte >= limit:
                continue
            if node.type == "identifier" and ctx.text(node) == name:
                parent = node.parent
                if parent is None:
                    continue
                if parent.type == "unary_expression" and ctx.text(parent).startswith("&"):
                    return False
                if parent.type == "expression_list" and parent.parent is not None:
                    stmt = parent.parent
                    if (
                        stmt.type
                        in (
                            "assignment_statement",
                            "short_var_declaration",
                            "range_clause",
                        )
                        and stmt.child_by_field_name("left") == parent
                    ):
                        return False
        return True

    def _declaration_fix(
        self, ctx: FileContext, binding: Binding, type_text: str, app: Applicability
    ) -> Fix | None:
        """``var m map[K]V`` → ``m := make(map[K]V)``."""
        if binding.kind != "var" or binding.node.type != "var_spec":
            return None
        edit = make.local_var(binding.node, binding.name, type_text)
        return make.make_fix(binding.name, edit, app) if edit is not None else None

    def _before_call_fix(
        self, ctx: FileContext, call: Node, name: str, type_text: str, app: Applicability
    ) -> Fix | None:
        return guard_fix(ctx.file, call, name, type_text, f"Make {name} before the call", app)
