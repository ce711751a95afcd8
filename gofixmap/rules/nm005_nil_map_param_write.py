"""NM005 nil-map-param-write: a callee writes into a map parameter passed as nil.

The module is longer than 600 lines because it holds the rule's documentation,
its evidence table and examples, and both sides of the report: the call that
passes nil and, when every caller gets the map back, the guard in the callee."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import ClassVar

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS, split_qualified
from gofixmap.codemod.imports import is_std
from gofixmap.codemod.model import Applicability, Diagnostic, Fix
from gofixmap.codemod.prefilter import MODULE_IMPORT
from gofixmap.codemod.rule import FileContext, Invalid, Pass, files_of
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import CALLEE_WRITES, CALLS, MAP_SUMMARIES, NIL_FLOW, TYPES
from gofixmap.rules.facts.apiobjects import API_OBJECTS
from gofixmap.rules.facts.apiorigins import argument
from gofixmap.rules.facts.callees import compares_nil, imported_writes, may_pass_nil
from gofixmap.rules.facts.correlation import correlated, making_assignments
from gofixmap.rules.facts.exports import EXPORTED_TYPES
from gofixmap.rules.facts.importers import CALL_ARGUMENTS, MODULE_IMPORTERS, module_evidence
from gofixmap.rules.facts.nilstate import DEAD, NIL, NONNIL
from gofixmap.rules.facts.receivers import RECEIVER_WRITES
from gofixmap.rules.facts.returnedparams import reads_own_writes, returns_kept, returns_param
from gofixmap.rules.facts.types import Binding
from gofixmap.rules.facts.writes import may_call
from gofixmap.rules.fixes import make
from gofixmap.rules.fixes.guard import guard_fix
from gofixmap.rules.nilmaprule import NilMapRule

Node = tree_sitter.Node
_LOOPS = ("for_statement",)


@dataclass(frozen=True)
class _Callee:
    """A function that writes into its map parameter ``param``, as a call sees it."""

    name: str  # as the message names it (``F``, ``T.M``, ``pkg.F``)
    param: str
    type_text: str  # the parameter's type as written in the callee ("": unknown here)
    make_type: str | None  # the type as this file can write it in ``make(...)``
    compares_nil: bool  # the callee tells a nil map from an empty one


class _Returned:
    """The findings at calls moved to their callee (``moved``): callees that
    return the map parameter they write and whose results every call keeps
    (:func:`returnedparams.returns_kept`)."""

    def __init__(self, pkg: Pass) -> None:
        self.pkg = pkg
        self.moved: dict[tuple[idx.FuncDecl, int], list[Diagnostic]] = {}
        # a call's finding whose evidence is a call in another package (by
        # the id of the diagnostic, kept alive in ``moved``): that reason
        self.reasons: dict[int, str] = {}
        self._answers: dict[tuple[str, str], bool] = {}

    def takes(self, callee: idx.FuncDecl, position: int, param: str) -> bool:
        key = (callee.key, param)
        if key not in self._answers:
            self._answers[key] = returns_kept(self.pkg.package, callee, param)
        return self._answers[key]


def _if_of_initializer(call: Node) -> Node | None:
    """The ``if`` statement whose initializer holds ``call`` (``if err :=
    f(m); err != nil``) when it stands in a statement list: a statement
    inserted before it runs just before the call. ``None`` otherwise."""
    current = call
    while current.parent is not None and current.parent.type != "if_statement":
        if current.type in ("func_literal", "block"):
            return None
        current = current.parent
    stmt = current.parent
    if stmt is None or stmt.child_by_field_name("initializer") != current:
        return None
    up = stmt.parent
    return stmt if up is not None and sx.is_block(up) else None


def _written_name(file: src.SourceFile, write: Node) -> str | None:
    """The variable a write names: ``m`` of ``m[k] = v``, or the argument
    passed to a writing callee."""
    view = sx.index_view(write) if write.type in sx.INDEX_TYPES else None
    node = view[0] if view is not None else write
    return file.text(node) if node.type == "identifier" else None


def _line(pkg: Pass, diagnostic: Diagnostic) -> int:
    """The 1-based line of a diagnostic's start."""
    for file in pkg.package.files:
        if file.path == diagnostic.path:
            return file.data.count(b"\n", 0, diagnostic.span.start) + 1
    return 0


class NilMapParamWrite(NilMapRule):
    """A callee writes into a map parameter that a caller passes as nil.

    What it does:
        Finds calls that pass ``nil`` or a map variable that is still nil at
        the call to a function whose body writes into that map parameter
        (``m[k] = v``) without making it first: a function of the same
        package, or of another package of the module or a dependency
        (``pkg.F(nil)``), whose source is read to summarise what it writes
        (the exported fact CALLEE_WRITES); and calls that pass the result of
        a function or method of the package that can return a nil map
        (``setAnnotation(c.podAnnotations(spec), k, v)``), with no automatic
        fix. Writes count through further calls (``add(m)`` where ``add``
        passes ``m`` on to a function that writes it), and through an alias
        declared from the parameter (``result := base; result[k] = v``)
        when the alias is never assigned again. When the callee
        returns the map it writes (``return annotations``, the alias, or
        ``nil``) and
        every call of it in the package takes the result, the finding is at
        the callee's first write instead, with a guard there: it fixes every
        caller at once. Such a callee is also reported when an exported
        function hands it its own map parameter as it got it and a call of
        that function in another package of the module passes a map that
        may be nil (an object's ``x.GetAnnotations()`` or ``x.Labels``, as
        NM004 judges them), or when a function or method of the package
        hands it its map parameter as it got it (through further such
        functions, ``for k := range filterMetadata(annotations)`` too) and a
        call of that function in the package passes an API object's map that
        may be nil (read with a client's ``Get``, a lister, a ``DeepCopy`` of
        one: ``r.makeAnnotations(clone.Annotations)``), also through a
        function that returns its parameter as it got it; not when a function
        on the way makes the map when nil, returns a map it makes instead, or
        every call passes a made map. An exported function that reads its map
        parameter back after writing it and returns no map (``cfg["paths"]
        = ...`` then ``for k := range cfg``) is reported at its first write,
        with a guard there, when a call in another package of the module
        passes a map that may be nil: its writes serve its own result, which
        a caller's nil map would never see anyway. A write under a check of the parameter
        (``if m != nil``, ``if len(m) > 0``, or the check kept in a bool,
        ``ok := m != nil ... if ok``, with neither assigned again in
        between) never sees the nil map and does not count. A method of a
        named map type is called with its receiver as a parameter: a method
        that writes its receiver's map while it may be nil (through a value
        receiver or a copy of it that it returns, ``ret := a ... return
        ret``, or as ``(*p)[k]`` through a pointer receiver) is reported at
        its first write, with a guard there, when a call in the module
        reaches it with a nil map (``x := new(T)`` or ``var x T`` then
        ``x.M()``; ``a.All().Merge(b)`` where ``All`` can return a nil
        ``T``): RECEIVER_WRITES.

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
    PREFILTER = (
        *MAP_GATE,
        MODULE_IMPORT,
    )  # (module import: a callee in another package of the module)
    REQUIRES = (
        TYPES,
        CALLS,
        NIL_FLOW,
        MAP_SUMMARIES,
        CALLEE_WRITES,
        DECLARATIONS,
        EXPORTED_TYPES,
        RECEIVER_WRITES,
        MODULE_IMPORTERS,
        CALL_ARGUMENTS,
        *NilMapRule.SCAFFOLDING,
        API_OBJECTS,
    )
    name = "nil-map-param-write"
    summary = "a callee writes into a map parameter that a caller passes as nil"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "nil-argument": ("high", "the call passes a map that is nil on every path to it"),
        "nil-result": (
            "medium",
            "the call passes the result of a function that can return a nil map",
        ),
        "caller-may-pass-nil": (
            "medium",
            "a call passes a map that is nil on some path to it",
        ),
        "nil-receiver": (
            "medium",
            "a call in the module reaches the method with a nil receiver map "
            "(new(T), a var never made, a function that can return a nil T)",
        ),
    }
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
        returned = _Returned(pkg)
        for ctx in files_of(pkg):
            data = ctx.file.data
            if not any(name in data for name in names):
                continue  # the file calls no function of the package with a map parameter
            for node in src.of_types(ctx.file.root, ("call_expression",)):
                fn = node.child_by_field_name("function")
                if fn is not None and may_call(ctx.file, fn, names):
                    yield from self._call(ctx, node, returned)
        yield from self._in_callees(pkg, returned)
        yield from self._kept_in_callees(pkg)
        yield from self._receivers(pkg)
        for ctx in files_of(pkg):
            imports = {
                local: path
                for local, path in ctx.package.imports.get(ctx.path, {}).items()
                if not is_std(path) and path != "C"
            }
            if imports and may_pass_nil(ctx.file.data, imports):
                yield from self._imported_calls(pkg, ctx, imports)

    def _imported_calls(
        self, pkg: Pass, ctx: FileContext, imports: dict[str, str]
    ) -> Iterator[Diagnostic]:
        """``pkg.F(..., m, ...)`` with ``F`` a function of another package
        that writes into that map parameter: its source is read only for a
        call that passes ``nil`` or a local that may still be nil."""
        types = ctx.fact(TYPES)
        for call in src.of_types(ctx.file.root, ("call_expression",)):
            fn = call.child_by_field_name("function")
            args = call.child_by_field_name("arguments")
            if fn is None or args is None or fn.type != "selector_expression":
                continue
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None or operand.type != "identifier":
                continue
            path = imports.get(ctx.text(operand))
            if path is None or types.resolve(ctx.file, ctx.text(operand), operand) is not None:
                continue  # not an import, or a local that shadows it
            positions = [
                i
                for i, arg in enumerate(args.named_children)
                if arg.type == "nil"
                or (arg.type == "identifier" and self._maybe_nil(ctx, call, arg))
            ]
            if not positions:
                continue
            positions = self._map_params(pkg, path, ctx.text(field), positions)
            if not positions:
                continue
            writes = imported_writes(pkg, path)
            if writes is None:
                continue
            for position in positions:
                write = writes.write(ctx.text(field), position)
                if write is None:
                    continue
                local = ctx.text(operand)
                type_text = write.type_text if write.portable else ""
                if write.type_text.isidentifier() and write.type_text[:1].isupper():
                    type_text = f"{local}.{write.type_text}"  # a type of the callee's package
                callee = _Callee(
                    f"{local}.{ctx.text(field)}",
                    write.name,
                    type_text,
                    type_text or None,
                    write.compares_nil,
                )
                arg = args.named_children[position]
                if arg.type == "nil":
                    yield from self._nil_literal(ctx, arg, callee)
                else:
                    yield from self._nil_variable(ctx, call, arg, callee)

    def _map_params(self, pkg: Pass, path: str, name: str, positions: list[int]) -> list[int]:
        """Those of ``positions`` where the exported function ``name`` of the
        package ``path`` declares a map parameter (from its declarations:
        a map type, or a named map type of that package)."""
        other = pkg.dependency(path)
        if other is None:
            return []
        info = other.fact(DECLARATIONS).funcs.get(name)
        if info is None:
            return []
        named = other.fact(EXPORTED_TYPES).named_maps
        found = []
        for position in positions:
            if position >= len(info.params):
                continue
            text = info.params[position]
            qualified = split_qualified(text)
            if text.startswith("map[") or (
                qualified is not None and qualified[0] == path and qualified[1] in named
            ):
                found.append(position)
        return found

    def _maybe_nil(self, ctx: FileContext, call: Node, arg: Node) -> bool:
        """Before reading another package's source: ``arg`` is a local map
        that :meth:`_nil_variable` would take as still nil at ``call``."""
        types = ctx.fact(TYPES)
        binding = types.resolve(ctx.file, ctx.text(arg), arg)
        if binding is None or not self._nil_binding(ctx, binding):
            return False
        if binding.type_text is None or not (
            types.is_map(binding.type_text, ctx.file)
            or types.imported_map(binding.type_text, ctx.file) is not None
        ):
            return False
        func = sx.enclosing_function(call)
        if func is None or binding.function is None or func.id != binding.function.id:
            return False
        return self._nil_at(ctx, binding, call, arg) is not None

    def _nil_binding(self, ctx: FileContext, binding: Binding) -> bool:
        """A local declared nil: ``var m map[K]V``, ``= nil``, ``:= T(nil)``,
        or a named result."""
        if binding.function is None or binding.name_node is None:
            return False
        if binding.kind == "var":
            return binding.value is None or ctx.text(binding.value) == "nil"
        if binding.kind == "short":
            return binding.value is not None and (
                re.fullmatch(r"(?:\(?map\[.*\]\S+\)?|\w+)\(nil\)", ctx.text(binding.value))
                is not None
            )
        return binding.kind == "result"

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
            return self._package_method(ctx, fn)
        return None

    @staticmethod
    def _package_method(ctx: FileContext, fn: Node) -> idx.FuncDecl | None:
        """The one method of the package that ``x.m`` can name (``x`` not an
        imported package)."""
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

    def _receivers(self, pkg: Pass) -> Iterator[Diagnostic]:
        """Methods of named map types that write their receiver's map, which
        a call in the module leaves nil (RECEIVER_WRITES)."""
        for found in pkg.fact(RECEIVER_WRITES):
            call = found.call
            if call is None:
                continue
            decl = found.decl
            message = (
                f"{decl.receiver}.{decl.name} writes into its receiver's map {found.name},"
                f" which a caller may leave nil: {call.why}"
            )
            fix = guard_fix(
                decl.file,
                found.write,
                found.name,
                found.type_name,
                f"Make {found.name} before the write",
                Applicability.SAFE,
            )
            yield self.diagnostic(
                decl.file,
                found.write,
                message,
                [fix] if fix else [],
                "",
                found.name,
                evidence="nil-receiver",
            )

    def _in_callees(self, pkg: Pass, returned: _Returned) -> Iterator[Diagnostic]:
        """One finding at the callee's first write for each map parameter
        that :class:`_Returned` took over from the calls: a guard there
        fixes every caller, since each one takes the map back."""
        summaries = pkg.fact(MAP_SUMMARIES)
        for (callee, position), callers in returned.moved.items():
            writes = summaries.param_nil_writes(callee, position)
            if not writes:
                yield from callers  # (the analysis gave up: report at the calls)
                continue
            param = callee.params[position]
            first = callers[0]
            where = f"{first.path.rsplit('/', 1)[-1]}:{_line(pkg, first)}"
            others = f" and {len(callers) - 1} other call(s)" if len(callers) > 1 else ""
            written = _written_name(callee.file, writes[0]) or param.name
            through = f" (as {written})" if written != param.name else ""
            reason = next(
                (returned.reasons[id(c)] for c in callers if id(c) in returned.reasons), ""
            )
            message = (
                f"{callee.name} writes into its parameter {param.name}{through}, which a "
                f"caller may pass as nil ({where}{others}{': ' if reason else ''}{reason}); "
                f"it returns {written}, so a guard here fixes every caller"
            )
            yield self._guard_in_callee(
                callee.file, writes[0], written, param.type_text, message, param.name
            )

    def _guard_in_callee(
        self,
        file: src.SourceFile,
        write: Node,
        written: str,
        type_text: str,
        message: str,
        name: str,
    ) -> Diagnostic:
        """The finding at a callee's first write into its parameter, with the
        guard that makes the map there (every caller fixed at once)."""
        fix = guard_fix(
            file, write, written, type_text, f"Make {written} before the write", Applicability.SAFE
        )
        return self.diagnostic(
            file, write, message, [fix] if fix else [], "", name, evidence="caller-may-pass-nil"
        )

    def _kept_in_callees(self, pkg: Pass) -> Iterator[Diagnostic]:
        """An exported function that writes into its map parameter, reads it
        back and returns no map (:func:`returnedparams.reads_own_writes`),
        which a call in another package of the module passes a map that may
        be nil (CALL_ARGUMENTS: an object's ``x.Spec.Config``): the writes
        serve the callee's own result, so the guard belongs at its first
        write, whatever package each caller is in."""
        summaries = pkg.fact(MAP_SUMMARIES)
        for decl in pkg.package.funcs.values():
            if (
                decl.receiver
                or decl.body is None
                or not decl.name[:1].isupper()
                or decl.file.path.endswith("_test.go")
            ):
                continue
            for position, param in enumerate(decl.params):
                name = summaries.param_write(decl, position)
                if name is None or returns_param(decl, name):
                    continue
                writes = summaries.param_nil_writes(decl, position)
                if not writes or not reads_own_writes(decl, name, writes[0]):
                    continue
                why = module_evidence(pkg, decl.name, position, [], 0, None)
                if not why:
                    continue  # no caller in sight passes a map that may be nil
                written = _written_name(decl.file, writes[0]) or name
                message = (
                    f"{decl.name} writes into its parameter {name}, which a caller may pass"
                    f" as nil ({why.removeprefix(' and ')}); it reads {name} back and returns"
                    " no map, so its writes serve it alone and a guard here fixes every caller"
                )
                yield self._guard_in_callee(
                    decl.file, writes[0], written, param.type_text, message, name
                )

    def _call(
        self, ctx: FileContext, call: Node, returned: _Returned | None = None
    ) -> Iterator[Diagnostic]:
        args = call.child_by_field_name("arguments")
        if args is None:
            return
        callee: idx.FuncDecl | None = None
        for position, arg in enumerate(args.named_children):
            source = self._nil_source(ctx, arg) if arg.type == "call_expression" else None
            # an API object's map given to a method, or through a function
            # that returns it (NM004 judges ``f(obj.Labels)`` itself)
            handed = arg.type == "call_expression" or (
                arg.type == "selector_expression" and not self._plain_function(call)
            )
            if arg.type not in ("nil", "identifier") and source is None and not handed:
                continue
            if callee is None:
                callee = self._callee(ctx, call)
                if callee is None:
                    return
            param = ctx.fact(MAP_SUMMARIES).param_write(callee, position)
            if param is None:
                continue
            type_text = callee.params[position].type_text
            target = _Callee(
                callee.name,
                param,
                type_text,
                type_text if self._usable_type(ctx, callee, type_text) else None,
                compares_nil(ctx.text(callee.node), param),
            )
            found: Iterator[Diagnostic]
            if source is not None:
                message = (
                    f"{source.name} can return a nil map, passed here to {callee.name},"
                    f" which writes into its parameter {param}"
                )
                note = f"make the map in {source.name}, or check the result before the call"
                found = iter(
                    (
                        self.diagnostic(
                            ctx.file, arg, message, (), note, param, evidence="nil-result"
                        ),
                    )
                )
            elif arg.type == "nil":
                found = self._nil_literal(ctx, arg, target)
            elif arg.type != "identifier":
                found = iter(())
                if returned is not None and returned.takes(callee, position, param):
                    found = self._handed_argument(ctx, call, arg, target, returned)
            else:
                found = self._nil_variable(ctx, call, arg, target)
                if returned is not None and returned.takes(callee, position, param):
                    found = chain(found, self._passed_on(ctx, call, arg, target, returned))
            for diagnostic in found:
                if returned is not None and returned.takes(callee, position, param):
                    returned.moved.setdefault((callee, position), []).append(diagnostic)
                else:
                    yield diagnostic

    def _passed_on(
        self, ctx: FileContext, call: Node, arg: Node, callee: _Callee, returned: _Returned
    ) -> Iterator[Diagnostic]:
        """``arg`` is a parameter of the function or method around ``call``,
        which passes it on as it got it (nil at entry, nil here): a call of
        that function passes a map that may be nil. In the package
        (:meth:`_handed_evidence`: an API object's map read from the
        cluster, or a parameter handed on again); for an exported
        function also in another package of the module (CALL_ARGUMENTS:
        ``nil``'s kin such as an object's ``x.GetAnnotations()`` or
        ``x.Annotations``). Only for a callee whose finding moves to its
        write (:class:`_Returned`)."""
        func = sx.enclosing_function(call)
        if func is None or func.type not in ("function_declaration", "method_declaration"):
            return
        decl = ctx.fact(CALLS).decl_of(func)
        position = self._handed_param(returned.pkg, ctx.file, decl, call, arg)
        if decl is None or position is None:
            return
        name = ctx.text(arg)
        why: str | None = None
        if decl.name[:1].isupper() and not decl.receiver:
            why = module_evidence(returned.pkg, decl.name, position, [], 0, None)
        if not why:
            why = self._handed_evidence(returned.pkg, decl, position, 0, {decl.key})
        if not why:
            return  # no caller in sight passes a map that may be nil
        why = why.removeprefix(" and ")
        message = (
            f"{name} may be nil when passed to {callee.name}, which writes into its "
            f"parameter {callee.param}: {why}"
        )
        found = self.diagnostic(
            ctx.file, arg, message, (), "", name, evidence="caller-may-pass-nil"
        )
        returned.reasons[id(found)] = why
        yield found

    @staticmethod
    def _plain_function(call: Node) -> bool:
        """``f(...)``: the call names a function, not a method."""
        fn = call.child_by_field_name("function")
        return fn is not None and fn.type == "identifier"

    def _handed_argument(
        self, ctx: FileContext, call: Node, arg: Node, callee: _Callee, returned: _Returned
    ) -> Iterator[Diagnostic]:
        """``arg``, an API object's map that may be nil here (or the result
        of a function that returns such a map as it got it): the finding
        at the call, moved to the callee's write (:class:`_Returned`)."""
        func = sx.enclosing_function(call)
        decl = ctx.fact(CALLS).decl_of(func) if func is not None else None
        if decl is None:
            return
        why = self._argument_evidence(returned.pkg, decl, call, arg, 0, {decl.key})
        if not why:
            return
        shown = sx.flat_text(ctx.file, arg)
        message = (
            f"{shown} may be nil when passed to {callee.name}, which writes into its "
            f"parameter {callee.param}{why.removeprefix(',')}"
        )
        found = self.diagnostic(
            ctx.file, arg, message, (), "", shown, evidence="caller-may-pass-nil"
        )
        returned.reasons[id(found)] = f"{decl.name} passes {shown}{why}"
        yield found

    @staticmethod
    def _handed_param(
        pkg: Pass, file: src.SourceFile, decl: idx.FuncDecl | None, call: Node, arg: Node
    ) -> int | None:
        """The position of ``arg``, a map parameter of ``decl`` (the
        function around ``call``), when the nil it may get at entry still
        reaches ``call`` (no make, no check of it on the way). ``None``
        otherwise."""
        if decl is None or arg.type != "identifier":
            return None
        types = pkg.fact(TYPES)
        name = file.text(arg)
        binding = types.resolve(file, name, arg)
        if (
            binding is None
            or binding.kind != "param"
            or binding.name_node is None
            or binding.function is None
            or binding.function.id != decl.node.id
            or not types.is_map(binding.type_text, file)
        ):
            return None
        position = next((i for i, p in enumerate(decl.params) if p.name == name), None)
        body = decl.body
        if position is None or body is None:
            return None
        flows = pkg.fact(NIL_FLOW)
        flow = flows.states(
            flows.variable(file, binding),
            body,
            NIL,
            follow_calls=False,
            passed_to_writer=lambda _file, c: [arg] if c.id == call.id else [],
        )
        if flow is None or not flow.states.get(arg.start_byte, DEAD) & NIL:
            return None  # made or checked before the call
        return position

    _HANDED_DEPTH = 4  # calls followed back from the writer's caller

    def _handed_evidence(
        self, pkg: Pass, decl: idx.FuncDecl, position: int, depth: int, seen: set[str]
    ) -> str:
        """Why a call of ``decl`` in the package (not in a test) may pass a
        nil map as its parameter at ``position``: it passes an API object's
        map that may be nil there (:meth:`.apiobjects.Analysis.unguarded_map`:
        read with a client's ``Get``, a lister, a ``DeepCopy`` of one, ...)
        to a method (NM004 reports one given to a function at the call, and
        this rule a ``nil`` given to any), the result of a function of the
        package that returns that argument as it got it, or a parameter of
        its own that it hands on as it got it and that a call of it may
        pass so. ``""`` when none does: a parameter alone is no evidence."""
        if depth >= self._HANDED_DEPTH:
            return ""
        objects = pkg.fact(API_OBJECTS)
        for resolved in objects.callers(decl.key):
            file = resolved.caller.file
            if file.path.endswith("_test.go"):
                continue
            arg = argument(file, resolved.call, position)
            if arg is None:
                continue
            why = self._argument_evidence(pkg, resolved.caller, resolved.call, arg, depth, seen)
            if why:
                shown = sx.flat_text(file, arg)
                return f"{resolved.caller.name} passes {shown}{why}"
        return ""

    def _argument_evidence(
        self,
        pkg: Pass,
        caller: idx.FuncDecl,
        call: Node,
        arg: Node,
        depth: int,
        seen: set[str],
        writer: bool = True,
    ) -> str:
        """:meth:`_handed_evidence` for the argument ``arg`` of ``call`` in
        ``caller``: the reason, ``""`` for none. ``writer``: ``call``'s
        callee writes into what ``arg`` gives (not a function that only
        returns it)."""
        arg = sx.unparen(arg)
        file = caller.file
        if arg.type == "selector_expression":
            if writer and self._plain_function(call):
                return ""  # NM004 reports ``f(obj.Labels)`` at the argument
            found = pkg.fact(API_OBJECTS).analysis(file.path).unguarded_map(arg, call)
            return f" ({found[0][1]})" if found is not None else ""
        if arg.type == "call_expression":
            inner = self._returned_argument(pkg, file, arg)
            if inner is None:
                return ""
            helper, given = inner
            why = self._argument_evidence(pkg, caller, arg, given, depth, seen, False)
            if not why:
                return ""
            shown = sx.flat_text(file, given)
            return f", which {helper} returns as it gets it: {shown}{why}"
        position = self._handed_param(pkg, file, caller, call, arg)
        if position is None or caller.key in seen:
            return ""
        why = self._handed_evidence(pkg, caller, position, depth + 1, seen | {caller.key})
        return f"; {why}" if why else ""

    @staticmethod
    def _returned_argument(pkg: Pass, file: src.SourceFile, call: Node) -> tuple[str, Node] | None:
        """``f(x)`` or ``r.m(x)``, a function or method of the package whose
        every return gives its map parameter as it got it (or ``nil``):
        its name and that argument ``x``. A function that returns a map
        it makes is no such function."""
        fn = call.child_by_field_name("function")
        decl: idx.FuncDecl | None = None
        if fn is not None and fn.type == "identifier":
            found = pkg.package.funcs.get(file.text(fn))
            decl = found if found is not None and not found.receiver else None
        elif fn is not None and fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is not None and field is not None:
                imported = operand.type == "identifier" and file.text(
                    operand
                ) in pkg.package.imports.get(file.path, {})
                methods = pkg.fact(CALLS).methods_named(file.text(field))
                decl = methods[0] if len(methods) == 1 and not imported else None
        if decl is None:
            return None
        for position, param in enumerate(decl.params):
            if param.name and returns_param(decl, param.name):
                given = argument(file, call, position)
                return (decl.name, given) if given is not None else None
        return None

    def _nil_source(self, ctx: FileContext, arg: Node) -> idx.FuncDecl | None:
        """``f(...)`` or ``x.m(...)``, a function or method of the package with
        one result, a map that some ``return`` gives as nil."""
        fn = arg.child_by_field_name("function")
        decl: idx.FuncDecl | None = None
        if fn is not None and fn.type == "identifier":
            decl = ctx.fact(NIL_FLOW).nil_result_callee(ctx.file, arg)
        elif fn is not None and fn.type == "selector_expression":
            decl = self._package_method(ctx, fn)
        if decl is None or len(decl.results) != 1:
            return None
        return decl if 0 in ctx.fact(NIL_FLOW).nil_results(decl) else None

    def _nil_literal(self, ctx: FileContext, arg: Node, callee: _Callee) -> Iterator[Diagnostic]:
        type_text = callee.make_type
        fixes = []
        note = ""
        if type_text is not None:
            safety = Applicability.UNSAFE if callee.compares_nil else Applicability.SAFE
            fixes.append(make.made_argument(arg, type_text, safety))
        else:
            note = f"pass a made map of the type of {callee.param}"
        param = callee.param
        message = f"nil map passed to {callee.name}, which writes into its parameter {param}"
        yield self.diagnostic(ctx.file, arg, message, fixes, note, param, evidence="nil-argument")

    def _usable_type(self, ctx: FileContext, callee: idx.FuncDecl, type_text: str) -> bool:
        """The callee's parameter type means the same in the caller's file."""
        here = ctx.package.imports.get(ctx.path, {})
        there = ctx.package.imports.get(callee.file.path, {})
        for qualifier in re.findall(r"\b([A-Za-z_]\w*)\.", type_text):
            if qualifier not in there or here.get(qualifier) != there[qualifier]:
                return False
        return True

    def _nil_variable(
        self, ctx: FileContext, call: Node, arg: Node, callee: _Callee
    ) -> Iterator[Diagnostic]:
        param = callee.param
        file = ctx.file
        types = ctx.fact(TYPES)
        name = ctx.text(arg)
        binding = types.resolve(file, name, arg)
        if binding is None or not self._nil_binding(ctx, binding):
            return
        assert binding.function is not None
        func = sx.enclosing_function(call)
        if func is None or func.id != binding.function.id:
            return
        definite = self._nil_at(ctx, binding, call, arg)
        if definite is None:
            return
        type_text = binding.type_text or callee.type_text
        if not type_text or not (
            types.is_map(type_text, file) or types.imported_map(type_text, file) is not None
        ):
            return
        verb = "is nil" if definite else "may be nil"
        message = (
            f"{name} {verb} when passed to {callee.name}, which writes into its parameter {param}"
        )
        safe = not compares_nil(ctx.text(func), name) and not callee.compares_nil
        applicability = Applicability.SAFE if safe else Applicability.UNSAFE
        fixes = []
        # nil on some paths only: a guard before the call changes no other path
        fix = self._declaration_fix(ctx, binding, type_text, applicability) if definite else None
        if fix is None:
            fix = self._before_call_fix(
                ctx, call, name, type_text, applicability if definite else Applicability.SAFE
            )
        if fix is not None:
            fixes.append(fix)
        kind = "nil-argument" if definite else "caller-may-pass-nil"
        yield self.diagnostic(file, arg, message, fixes, "", name, evidence=kind)

    def _nil_at(self, ctx: FileContext, binding: Binding, call: Node, arg: Node) -> bool | None:
        """Whether the local ``arg`` is nil when ``call`` passes it: ``True``
        on every path (no assignment on the way), ``False`` on some path (the
        flow analysis: ``var m T`` assigned later in a loop is still nil on
        the first iteration), ``None`` when not nil or not known."""
        name = ctx.text(arg)
        if self._still_nil(ctx, binding, call, name):
            return True
        assert binding.function is not None
        body = binding.function.child_by_field_name("body")
        if body is None or binding.name_node is None:
            return None
        flows = ctx.fact(NIL_FLOW)
        variable = flows.variable(ctx.file, binding)
        func = binding.function
        for use in variable.uses(func):
            parent = use.parent
            if parent is not None and parent.type == "unary_expression":
                return None  # &m: set through the pointer
            if sx.in_closure(use, func) and sx.is_assigned(use):
                return None  # set by a closure, whenever it runs
        initial = NIL if binding.kind == "result" else NONNIL
        flow = flows.states(
            variable,
            body,
            initial,
            passed_to_writer=lambda _file, c: [arg] if c.id == call.id else [],
        )
        state = flow.states.get(arg.start_byte, DEAD) if flow is not None else DEAD
        if not state & NIL:
            return None
        if state != NIL:
            makes = making_assignments(ctx.file, variable.uses(binding.function))
            if correlated(ctx.file, binding.function, arg, makes):
                return None
        return state == NIL

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
        return guard_fix(
            ctx.file,
            call,
            name,
            type_text,
            f"Make {name} before the call",
            app,
            statement=_if_of_initializer(call),
        )
