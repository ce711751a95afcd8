"""NM005 nil-map-param-write: a callee writes into a map parameter passed as nil."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Rule
from gofixmap.rules import MAP_GATE
from gofixmap.rules import _gotypes as gt
from gofixmap.rules._flow import NIL, GiveUp, NilFlow

Node = tree_sitter.Node
_LOOPS = ("for_statement",)


def _map_param_funcs(ctx: FileContext) -> frozenset[bytes]:
    """The names of the package's functions and methods with a body and a
    map parameter: the only callees this rule looks at."""
    memo = ctx.memo("nm005-callees")
    found = memo.get("names")
    if not isinstance(found, frozenset):
        found = frozenset(
            decl.name.encode()
            for decl in ctx.package.funcs.values()
            if decl.body is not None
            and any(gt.is_map(ctx.package, p.type_text, decl.file) for p in decl.params)
        )
        memo["names"] = found
    return found


def _writes_nil_param(ctx: FileContext, func: idx.FuncDecl, position: int) -> str | None:
    """The name of parameter ``position`` of ``func`` if it is a map that the
    function writes into while it may still be the caller's nil map."""
    memo = ctx.memo("nm005-writers")
    key = f"{func.key}#{position}"
    if key in memo:
        cached = memo[key]
        return cached if isinstance(cached, str) else None
    memo[key] = None
    params = func.params
    body = func.body
    if body is None or position >= len(params):
        return None
    param = params[position]
    if not param.name or param.name == "_" or param.type_text.startswith("[]"):
        return None
    if position == len(params) - 1 and func.node.child_by_field_name("parameters") is not None:
        plist = func.node.child_by_field_name("parameters")
        assert plist is not None
        if any(c.type == "variadic_parameter_declaration" for c in plist.named_children):
            return None
    if not gt.is_map(ctx.package, param.type_text, func.file):
        return None
    file = func.file
    name = param.name
    decl_node = _param_node(file, func.node, name)
    if decl_node is None:
        return None

    def refers(ident: Node) -> bool:
        if file.text(ident) != name:
            return False
        found = gt.resolve(ctx.package, file, name, ident)
        return (
            found is not None
            and found.name_node is not None
            and (found.name_node.start_byte == decl_node.start_byte)
        )

    flow = NilFlow(file, refers, lambda ident: False, NIL)
    try:
        states = flow.run(body)
    except GiveUp:
        return None
    if any(state & NIL for state in states.values()):
        memo[key] = name
        return name
    return None


def _param_node(file: src.SourceFile, func: Node, name: str) -> Node | None:
    plist = func.child_by_field_name("parameters")
    if plist is None:
        return None
    for decl in plist.named_children:
        for ident in decl.children_by_field_name("name"):
            if file.text(ident) == name:
                return ident
    return None


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
    PREFILTER = MAP_GATE
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

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        names = _map_param_funcs(ctx)
        data = ctx.file.data
        if not any(name in data for name in names):
            return  # the file calls no function of the package with a map parameter
        for node in src.of_types(ctx.file.root, ("call_expression",)):
            fn = node.child_by_field_name("function")
            if fn is not None and gt.may_call(ctx.file, fn, names):
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
            methods = ctx.memo("NM005:methods")
            if not methods:
                for d in ctx.package.funcs.values():
                    if d.receiver:
                        listed = methods.setdefault(d.name, [])
                        assert isinstance(listed, list)
                        listed.append(d)
                methods[""] = []  # built, even for a package without methods
            found = methods.get(ctx.text(field), [])
            assert isinstance(found, list)
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
            param = _writes_nil_param(ctx, callee, position)
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
        yield self.diagnostic(
            ctx,
            arg,
            f"nil map passed to {callee.name}, which writes into its parameter {param}",
            fixes,
        )

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
        file, index = ctx.file, ctx.package
        name = ctx.text(arg)
        binding = gt.resolve(index, file, name, arg)
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
        if not gt.is_map(index, type_text, file):
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
        yield self.diagnostic(ctx, arg, message, fixes)

    def _still_nil(self, ctx: FileContext, binding: gt.Binding, call: Node, name: str) -> bool:
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
        self, ctx: FileContext, binding: gt.Binding, type_text: str, app: Applicability
    ) -> Fix | None:
        """``var m map[K]V`` → ``m := make(map[K]V)``."""
        spec = binding.node
        if binding.kind != "var" or spec.type != "var_spec":
            return None
        decl = spec.parent
        if decl is None or decl.type != "var_declaration" or len(decl.named_children) != 1:
            return None
        if len(spec.children_by_field_name("name")) != 1:
            return None
        if not sx.in_statement_list(decl):
            return None
        new = f"{binding.name} := make({type_text})"
        return Fix(
            f"Initialise {binding.name} with make",
            (Edit(decl.start_byte, decl.end_byte, new.encode()),),
            app,
        )

    def _before_call_fix(
        self, ctx: FileContext, call: Node, name: str, type_text: str, app: Applicability
    ) -> Fix | None:
        stmt = sx.insertion_statement(call)
        if stmt is None:
            return None
        edit = gt.nil_guard(ctx.file, stmt, name, f"make({type_text})")
        if edit is None:
            return None
        return Fix(f"Make {name} before the call", (edit,), app)
