"""FAN_OUT: maps written, through a parameter, by goroutines that a loop
starts with one shared value.

    for i := range pods {
        pod := &pods[i]
        g.Go(func() error { return r.apply(ctx, pod, chaos) })
    }

    func (r *R) apply(ctx context.Context, pod *Pod, chaos *Chaos) error {
        chaos.Status.Instances[key(pod)] = inst  // every goroutine writes here
    }

Each iteration starts a goroutine (``go``, ``x.Go(...)``: errgroup,
``sync.WaitGroup.Go``) whose call hands a package function the same value
(``chaos`` is declared outside the loop, so every goroutine gets it; ``pod``
is declared in the loop body, so each gets its own). When the callee writes
a map field reached through that pointer parameter (``p.f[k] = v``,
``p.f.g[k] = v``, ``delete(p.f, k)``, or a local holding it: ``l := p.f``
then ``l[k] = v``; a local assigned it, ``l = p.f``, then written after that
assignment; also in the callee's function literals) without a lock, the
goroutines of the loop write one map at once. The callee may hand the
pointer on: ``startJob(job, shared)`` calling ``newJob(job, shared)``, which
writes ``shared.Spec.Labels``, is the same write of the one shared map (the
value passed on unchanged as a pointer argument of a package function, the
call not under a lock, up to three calls deep). A map passed itself
(``b.compute(cfg, w)`` with ``cfg := b.config()`` before the loop, ``go
f(m)``, ``go func(c map[K]V) { f(c) }(m)``) is one map for every goroutine
too, whatever made it, when the variable is not assigned in the loop: the
callee's unguarded writes of that parameter (``cfg[k] = v``) are fan-out
writes (MR001 leaves out those the local maps' analysis,
``SharedMaps.go_passes``, already reports at the call), and so are those of
the functions it hands the map on to (``f(cfg)`` with ``f``'s parameter a
map, the call not under a lock, up to three calls deep) and those of a
field of a struct literal a local is defined by (``req := Request{Ext:
cfg}`` then ``req.Ext[k] = v``, ``req`` and ``req.Ext`` never assigned): a
map value is a reference, so all of them write the caller's map. Only the
uses of the parameter that no assignment of it can precede count (``cfg =
clone(cfg)`` gives the callee a map of its own from there on; ``if cfg ==
nil { cfg = ... }`` does not). A struct passed by value is not looked at.
Calls made under a lock in the goroutine, writes under a lock in the
callee, and goroutines that their own iteration waits for (``wg.Wait()``
in the loop's body after the launch) are not fan-out writes.

The module is longer than 600 lines because the two kinds of shared value
(a pointer whose map fields are written, a map handed on itself) are each
followed through the callees that get them, and through the locals and
struct fields that alias them, by one collector whose walks share the
launch, loop and lock tests; split, each half would repeat them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.apitypes import MapField, Proj, TypeRef
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.constants import CONSTANTS, Constants
from gofixmap.rules.facts.goroutines import (
    go_starts,
    is_go_call,
    joined_in_iteration,
    loop_ancestors,
)
from gofixmap.rules.facts.locks import LOCKS, Access, Locks, access_kind, guarded
from gofixmap.rules.facts.scopes import Binding
from gofixmap.rules.facts.types import TYPES, TypeResolver


@dataclass(frozen=True, eq=False)
class FanOutWrite:
    """A map write of ``callee`` through parameter ``param``, reached from
    goroutines started by ``launch`` in a loop with the shared ``arg``."""

    launch: Node  # the go statement or the x.Go(...) call
    launch_file: SourceFile
    starter: str  # the function that starts the goroutines
    arg: str  # the shared argument's text
    callee: FuncDecl
    param: str
    access: Access  # the write in the callee
    # "" for the loop's shared pointer; for a map field passed to ``go f(x.m)``,
    # the function that uses field m elsewhere
    other: str = ""
    # the functions ``callee`` hands the pointer on to, in call order, the last
    # one writing it (empty when ``callee`` writes it itself)
    through: tuple[str, ...] = ()
    # for a map handed on itself (``f(m)``), the goroutine's call that passes it
    via: Node | None = None


# How many calls past the goroutine's callee a shared pointer is followed.
_HAND_ON_DEPTH = 3


def _goroutine_calls(launch: Node) -> list[Node]:
    """The calls a launch runs on its goroutine: ``go f(x)`` runs ``f(x)``;
    ``go func() {...}()`` and ``g.Go(func() error {...})`` the calls of the
    literal's body (not of closures inside it)."""
    if launch.type == "go_statement":
        call = next((c for c in launch.named_children if c.type == "call_expression"), None)
        if call is None:
            return []
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "func_literal":
            return [call]
        lit = fn
    else:
        args = launch.child_by_field_name("arguments")
        last = args.named_children[-1] if args is not None and args.named_children else None
        if last is None or last.type != "func_literal":
            return []
        lit = last
    body = sx.body(lit)
    return src.of_types(body, ("call_expression",), "func_literal") if body is not None else []


def _launched_literal(launch: Node) -> Node | None:
    """The function literal a ``go func(...) {...}(...)`` statement runs."""
    if launch.type != "go_statement":
        return None
    call = next((c for c in launch.named_children if c.type == "call_expression"), None)
    lit = call.child_by_field_name("function") if call is not None else None
    return lit if lit is not None and lit.type == "func_literal" else None


def _launched_parameter(launch: Node, binding: Binding) -> bool:
    """``binding`` is a parameter of the literal that ``launch`` runs."""
    lit = _launched_literal(launch)
    return binding.kind == "param" and lit is not None and binding.function == lit


def _launch_argument(file: SourceFile, launch: Node, param: Binding) -> Node | None:
    """The identifier a ``go func(p T) {...}(x)`` statement passes for the
    literal's parameter ``param`` (``x``), when ``param`` is a parameter of
    the launched literal never assigned in it; ``None`` otherwise."""
    lit = _launched_literal(launch)
    call = lit.parent if lit is not None else None
    if call is None or lit is None or param.function != lit:
        return None
    plist = lit.child_by_field_name("parameters")
    names = [
        ident
        for decl in (plist.named_children if plist is not None else [])
        if decl.type == "parameter_declaration"
        for ident in decl.children_by_field_name("name")
    ]
    position = next((i for i, ident in enumerate(names) if ident == param.name_node), -1)
    args = call.child_by_field_name("arguments")
    values = args.named_children if args is not None else []
    if position < 0 or len(values) != len(names) or values[position].type != "identifier":
        return None
    body = sx.body(lit)
    for ident in src.of_types(body, ("identifier",)) if body is not None else []:
        if file.text(ident) == param.name and sx.is_assigned(ident):
            return None  # the literal may hand on a map of its own
    return values[position]


def _shared_across(binding_node: Node, loop: Node) -> bool:
    """A variable declared outside ``loop``: one value for every iteration."""
    return not loop.start_byte <= binding_node.start_byte < loop.end_byte


def _param_root(file: SourceFile, expr: Node) -> Node | None:
    """The identifier a selector chain ``p.a.b`` (or ``p`` itself) starts with."""
    current = expr
    while current.type == "selector_expression":
        operand = current.child_by_field_name("operand")
        if operand is None:
            return None
        current = operand
    if current.type == "parenthesized_expression" and current.named_children:
        return _param_root(file, current.named_children[0])
    return current if current.type == "identifier" else None


@dataclass(eq=False)
class _Collector:
    index: PackageIndex
    types: TypeResolver
    calls: Calls
    constants: Constants
    locks: Locks

    def collect(self) -> list[FanOutWrite]:
        found: list[FanOutWrite] = []
        for file in self.index.files:
            for launch in go_starts(file):
                if launch.type != "go_statement" and not is_go_call(launch):
                    continue
                func = sx.enclosing_function(launch)
                loops = loop_ancestors(launch, func)
                starter = sx.declaration_of(launch)
                key = self.calls.key_of(starter) if starter is not None else ""
                if func is not None and launch.type == "go_statement":
                    found.extend(self._field_pass(file, launch, func, key or ""))
                if func is None or not loops or joined_in_iteration(file, launch, loops[0]):
                    continue
                for call in _goroutine_calls(launch):
                    found.extend(self._call(file, launch, loops[0], call, key or ""))
        return found

    def _call(
        self, file: SourceFile, launch: Node, loop: Node, call: Node, starter: str
    ) -> list[FanOutWrite]:
        if guarded(self.locks.access(file, call)):
            return []
        args = call.child_by_field_name("arguments")
        if args is None:
            return []
        recv = self.calls.receiver_of(call)
        key = self.calls.resolve(file, call, recv)
        decl = self.index.funcs.get(key) if key else None
        if decl is None or decl.body is None:
            return []
        found: list[FanOutWrite] = []
        for i, arg in enumerate(args.named_children):
            if arg.type != "identifier" or i >= len(decl.params):
                continue
            param = decl.params[i]
            if not param.name or param.name == "_" or param.type_text.startswith("..."):
                continue
            is_map = not param.type_text.startswith("*")
            if is_map and not self.types.is_map(param.type_text, decl.file):
                continue
            name = file.text(arg)
            binding = self.types.resolve(file, name, arg)
            if binding is not None and _launched_parameter(launch, binding):
                # ``go func(c map[K]V) { f(c) }(cfg)``: the literal's parameter
                # is the launch's argument, evaluated once per iteration
                outer = _launch_argument(file, launch, binding)
                if outer is None:
                    continue
                arg, name = outer, file.text(outer)
                binding = self.types.resolve(file, name, outer)
            if binding is None or binding.kind == "package" or binding.node is None:
                continue
            if not _shared_across(binding.node, loop):
                continue
            if is_map:
                # the map itself, one value for every goroutine of the loop
                # (not assigned in the loop: ``go f(m)`` would hand each its own)
                if self._assigned_in(file, name, binding.node, loop):
                    continue
                seen = frozenset({decl.node.id})
                for through, access in self._map_reached(decl, param.name, 0, seen):
                    found.append(
                        FanOutWrite(
                            launch,
                            file,
                            starter,
                            name,
                            decl,
                            param.name,
                            access,
                            through=through,
                            via=call,
                        )
                    )
                continue
            for through, access in self._reached(decl, param.name, 0, frozenset({decl.node.id})):
                found.append(
                    FanOutWrite(
                        launch, file, starter, name, decl, param.name, access, through=through
                    )
                )
        return found

    def _assigned_in(self, file: SourceFile, name: str, declared: Node, loop: Node) -> bool:
        """The variable ``name`` declared at ``declared`` is assigned inside
        ``loop`` (each iteration may then hand its goroutine another value)."""
        for ident in src.of_types(loop, ("identifier",)):
            if file.text(ident) != name or not sx.is_assigned(ident):
                continue
            binding = self.types.resolve(file, name, ident)
            if binding is not None and binding.node == declared:
                return True
        return False

    def _resets(self, decl: FuncDecl, param: str) -> list[Node]:
        """The assignments of the map parameter ``param`` in ``decl`` (``m =
        clone(m)``), other than made when nil (``if m == nil { m = ... }``,
        which leaves a non-nil caller's map in place): from each on, ``m``
        may hold a map of the callee's own."""
        resets: list[Node] = []
        for ident, _binding in self._param_uses(decl, param):
            if sx.is_assigned(ident):
                statement = ident.parent.parent if ident.parent is not None else None
                if statement is None or not _made_when_nil(decl.file, statement, param):
                    resets.append(statement if statement is not None else ident)
        return resets

    def _map_reached(
        self, decl: FuncDecl, param: str, depth: int, seen: frozenset[int]
    ) -> list[tuple[tuple[str, ...], Access]]:
        """The unguarded writes of the caller's map that ``decl`` gets as its
        map parameter ``param``: a map value is a reference, so every use of
        ``param`` that no assignment of it (:meth:`_resets`) can precede
        works on the caller's map. Such a use writes it (``m[k] = v``,
        ``delete(m, k)``), hands it to a package function whose parameter
        there is a map (``f(m)``, from a call not under a lock: that
        function's writes of its parameter, the same way, up to
        ``_HAND_ON_DEPTH`` calls deep), or puts it into a field of a struct
        literal a local is defined by (``r := T{F: m}``, then ``r.F[k] =
        v``: :meth:`_literal_field_writes`). With the names of the
        functions passed through."""
        file = decl.file
        body = decl.body
        assert body is not None
        resets = self._resets(decl, param)
        result: list[tuple[tuple[str, ...], Access]] = []
        for ident, _binding in self._param_uses(decl, param):
            if sx.is_assigned(ident) or _after_reset(ident, resets, body):
                continue
            if self.constants.dead(file, ident):
                continue
            kind, _site = access_kind(file, ident)
            if kind == "write":
                access = self.locks.access(file, ident)
                if not guarded(access):
                    result.append(((), access))
                continue
            parent = ident.parent
            if parent is not None and parent.type == "argument_list":
                if depth < _HAND_ON_DEPTH:
                    result.extend(self._map_handed_on(decl, ident, depth, seen))
                continue
            result.extend(((), access) for access in self._literal_field_writes(decl, ident))
        return result

    def _map_handed_on(
        self, decl: FuncDecl, ident: Node, depth: int, seen: frozenset[int]
    ) -> list[tuple[tuple[str, ...], Access]]:
        """``f(x, m)``: the map ``ident`` handed to a package function whose
        parameter in that place is a map, by a call not under a lock; that
        function's writes of it (:meth:`_map_reached`)."""
        file = decl.file
        args = ident.parent
        call = args.parent if args is not None else None
        if args is None or call is None or call.type != "call_expression":
            return []
        if guarded(self.locks.access(file, call)):
            return []
        key = self.calls.resolve(file, call, self.calls.receiver_of(call))
        callee = self.index.funcs.get(key) if key else None
        if callee is None or callee.body is None or callee.node.id in seen:
            return []
        i = next((n for n, a in enumerate(args.named_children) if a == ident), -1)
        if i < 0 or i >= len(callee.params):
            return []
        target = callee.params[i]
        if not target.name or target.name == "_" or target.type_text.startswith("..."):
            return []
        if not self.types.is_map(target.type_text, callee.file):
            return []
        return [
            ((callee.name, *through), access)
            for through, access in self._map_reached(
                callee, target.name, depth + 1, seen | {callee.node.id}
            )
        ]

    def _literal_field_writes(self, decl: FuncDecl, ident: Node) -> list[Access]:
        """``r := T{F: m}`` (or ``&T{F: m}``) with ``m`` the map ``ident``:
        the field holds the same map, so the unguarded writes of ``r.F``
        after it (``r.F[k] = v``, ``delete(r.F, k)``) write ``m``; none when
        ``r`` or ``r.F`` is assigned in the function, or ``&r`` taken other
        than as a call's argument (the field may then hold another map)."""
        file = decl.file
        value = ident.parent if ident.parent is not None else None
        if value is not None and value.type == "literal_element":
            value_node: Node = value
            element = value.parent
        else:
            value_node = ident
            element = value
        if element is None or element.type != "keyed_element":
            return []
        parts = element.named_children
        if len(parts) != 2 or parts[1] != value_node:
            return []
        key = parts[0].named_children[0] if parts[0].type == "literal_element" else parts[0]
        if key.type not in ("field_identifier", "identifier"):
            return []
        body = element.parent
        literal = body.parent if body is not None else None
        if literal is None or literal.type != "composite_literal":
            return []
        made = literal  # ``T{...}``, or ``&T{...}`` around it
        if made.parent is not None and made.parent.type == "unary_expression":
            made = made.parent
        stmt = made.parent.parent if made.parent is not None else None
        if stmt is None or stmt.type != "short_var_declaration":
            return []
        names, values = sx.defined_values(stmt)
        if len(names) != 1 or len(values) != 1 or values[0] != made:
            return []
        name_node = names[0]
        name, field = file.text(name_node), file.text(key)
        scope = stmt.parent
        if scope is None or name == "_":
            return []
        writes: list[Access] = []
        for use in src.of_types(scope, ("identifier",)):
            if use == name_node or file.text(use) != name:
                continue
            binding = self.types.resolve(file, name, use)
            if binding is None or binding.name_node != name_node:
                continue
            up = use.parent
            if up is not None and up.type == "unary_expression" and file.text(up)[:1] == "&":
                if up.parent is not None and up.parent.type == "argument_list":
                    continue  # ``f(&r)``: a callee reading the struct
                return []  # ``p := &r``: the field may be assigned through ``p``
            if sx.is_assigned(use):
                return []
            if up is None or up.type != "selector_expression":
                continue
            selected = up.child_by_field_name("field")
            if selected is None or file.text(selected) != field:
                continue
            if sx.target_assignment(file, up)[0]:
                return []
            kind, _site = access_kind(file, up)
            if kind != "write" or self.constants.dead(file, up):
                continue
            access = self.locks.access(file, up)
            if not guarded(access):
                writes.append(access)
        return writes

    def _reached(
        self, decl: FuncDecl, param: str, depth: int, seen: frozenset[int]
    ) -> list[tuple[tuple[str, ...], Access]]:
        """The unguarded map writes through pointer parameter ``param`` in
        ``decl`` (:meth:`_writes`), and in the package functions ``decl``
        hands ``param`` on, ``f(x, param)`` with ``f``'s parameter a pointer
        too, from a call not under a lock (``param`` never assigned in
        ``decl``): the names of
        the functions passed through, with each write."""
        result: list[tuple[tuple[str, ...], Access]] = [
            ((), access) for access in self._writes(decl, param)
        ]
        uses = [ident for ident, _binding in self._param_uses(decl, param)]
        if depth >= _HAND_ON_DEPTH or any(sx.is_assigned(ident) for ident in uses):
            return result  # (a parameter assigned may point to a value of its own)
        file = decl.file
        for ident in uses:
            args = ident.parent
            call = args.parent if args is not None else None
            if args is None or args.type != "argument_list" or call is None:
                continue
            if call.type != "call_expression" or guarded(self.locks.access(file, call)):
                continue
            key = self.calls.resolve(file, call, self.calls.receiver_of(call))
            callee = self.index.funcs.get(key) if key else None
            if callee is None or callee.body is None or callee.node.id in seen:
                continue
            i = next((n for n, a in enumerate(args.named_children) if a == ident), -1)
            if i < 0 or i >= len(callee.params):
                continue
            target = callee.params[i]
            if not target.name or target.name == "_" or not target.type_text.startswith("*"):
                continue
            for through, access in self._reached(
                callee, target.name, depth + 1, seen | {callee.node.id}
            ):
                result.append(((callee.name, *through), access))
        return result

    def _field_pass(
        self, file: SourceFile, launch: Node, func: Node, starter: str
    ) -> list[FanOutWrite]:
        """``go f(x.m)``: the map field ``x.m`` handed to a goroutine whose
        function writes its parameter without a lock, while the package uses
        field ``m`` elsewhere (not earlier in the function that starts it)."""
        calls = _goroutine_calls(launch)
        call = calls[0] if len(calls) == 1 else None
        fn = call.child_by_field_name("function") if call is not None else None
        args = call.child_by_field_name("arguments") if call is not None else None
        if call is None or fn is None or fn.type == "func_literal" or args is None:
            return []
        recv = self.calls.receiver_of(call)
        key = self.calls.resolve(file, call, recv)
        decl = self.index.funcs.get(key) if key else None
        if decl is None or decl.body is None:
            return []
        found: list[FanOutWrite] = []
        for i, arg in enumerate(args.named_children):
            if arg.type != "selector_expression" or i >= len(decl.params):
                continue
            param = decl.params[i]
            name = arg.child_by_field_name("field")
            if not param.name or param.name == "_" or param.type_text.startswith("..."):
                continue
            if name is None or not self.types.is_map(param.type_text, decl.file):
                continue
            writes = self._param_writes(decl, param.name)
            if not writes:
                continue
            other = self._field_user(file.text(name), decl, launch, func)
            if not other:
                continue
            for access in writes:
                found.append(
                    FanOutWrite(
                        launch, file, starter, file.text(arg), decl, param.name, access, other
                    )
                )
        return found

    def _param_uses(self, decl: FuncDecl, param: str) -> Iterator[tuple[Node, Binding]]:
        """The identifiers of ``decl``'s body (closures out) bound to its
        parameter ``param``, with that binding."""
        body = decl.body
        assert body is not None
        file = decl.file
        for ident in src.of_types(body, ("identifier",), "func_literal"):
            if file.text(ident) != param:
                continue
            binding = self.types.resolve(file, param, ident)
            if binding is not None and binding.kind == "param":
                yield ident, binding

    def _param_writes(self, decl: FuncDecl, param: str) -> list[Access]:
        """Unguarded writes of the map parameter ``param`` itself in ``decl``."""
        file = decl.file
        result: list[Access] = []
        for ident, _binding in self._param_uses(decl, param):
            kind, _site = access_kind(file, ident)
            if kind != "write" or self.constants.dead(file, ident):
                continue
            access = self.locks.access(file, ident)
            if not guarded(access):
                result.append(access)
        return result

    def _field_user(self, field: str, callee: FuncDecl, launch: Node, func: Node) -> str:
        """A function of the package (but ``callee``) that indexes, ranges,
        writes or deletes from a field named ``field``, not before ``launch``
        in the function that starts it: the goroutine's writes race with it."""
        wanted = field.encode()
        for file in self.index.files:
            if wanted not in file.data:
                continue
            for node in src.of_types(file.root, ("field_identifier",)):
                if node.text != wanted:
                    continue
                selector = node.parent
                if selector is None or selector.type != "selector_expression":
                    continue
                if selector.parent is not None and selector.parent.type == "call_expression":
                    continue  # a method call x.m(...)
                kind, _site = access_kind(file, selector)
                if kind == "escape":
                    continue
                top = sx.declaration_of(selector)
                if top is None or top == callee.node:
                    continue
                if (
                    sx.enclosing_function(selector) == func
                    and selector.start_byte < launch.start_byte
                ):
                    continue  # before the goroutine starts
                decl = self.calls.decl_of(top)
                if decl is not None:
                    return decl.name
        return ""

    def _writes(self, decl: FuncDecl, param: str) -> list[Access]:
        """Unguarded map writes in ``decl`` through parameter ``param``: into
        ``p.a.b`` itself, or into a local that holds it (``l := p.a.b``, then
        ``l[k] = v``, also in the function literals of ``decl``: callbacks it
        hands on run on its goroutine or another)."""
        file = decl.file
        result: list[Access] = []
        for ident, binding in [*self._param_uses(decl, param), *self._closure_uses(decl, param)]:
            # climb the selector chain p.a.b to the expression indexed or deleted
            expr = ident
            while (
                expr.parent is not None
                and expr.parent.type == "selector_expression"
                and expr.parent.child_by_field_name("operand") == expr
            ):
                expr = expr.parent
            if expr == ident:
                continue
            kind, _site = access_kind(file, expr)
            if kind == "escape" and self._is_map(file, expr, ident, binding.type_text):
                result.extend(self._alias_writes(decl, expr))
                continue
            if kind != "write" or self.constants.dead(file, expr):
                continue
            if not self._is_map(file, expr, ident, binding.type_text):
                continue
            access = self.locks.access(file, expr)
            if not guarded(access):
                result.append(access)
        return result

    def _closure_uses(self, decl: FuncDecl, param: str) -> Iterator[tuple[Node, Binding]]:
        """The identifiers inside the function literals of ``decl`` bound to
        its parameter ``param`` (not to a literal's own parameter)."""
        body = decl.body
        assert body is not None
        file = decl.file
        for lit in src.of_types(body, ("func_literal",), "func_literal"):
            for ident in src.of_types(lit, ("identifier",)):
                if file.text(ident) != param:
                    continue
                binding = self.types.resolve(file, param, ident)
                if (
                    binding is not None
                    and binding.kind == "param"
                    and decl.node.start_byte <= binding.node.start_byte < body.start_byte
                ):
                    yield ident, binding

    def _alias_writes(self, decl: FuncDecl, expr: Node) -> list[Access]:
        """``l := p.a.b`` then ``l[k] = v``: the writes of ``l`` while it holds
        the parameter's map (``l`` assigned again only where it is nil,
        ``if l == nil { l = make(...) }``; any other assignment may give it a
        map of its own, and then no write is counted). A local assigned the
        map, ``l = p.a.b`` (``l := map[K]V{}; if p.a.b != nil { l = p.a.b }``),
        holds it from that assignment on: the writes after it, in the
        function, of the same variable count alike."""
        file = decl.file
        holder = expr.parent
        stmt = holder.parent if holder is not None else None
        if holder is None or stmt is None or holder.type != "expression_list":
            return []
        left = stmt.child_by_field_name("left")
        if left is None or len(left.named_children) != 1 or len(holder.named_children) != 1:
            return []
        if stmt.type == "short_var_declaration":
            name_node = left.named_children[0]
            scope = stmt.parent
        elif stmt.type == "assignment_statement" and _operator(file, stmt) == "=":
            local = left.named_children[0]
            if local.type != "identifier":
                return []
            found = self.types.resolve(file, file.text(local), local)
            if found is None or found.kind not in ("short", "var") or found.name_node is None:
                return []
            name_node = found.name_node
            scope = decl.body
        else:
            return []
        name = file.text(name_node)
        if scope is None or name == "_":
            return []
        writes: list[Access] = []
        for use in src.of_types(scope, ("identifier",)):
            if use == name_node or file.text(use) != name or use.start_byte < stmt.end_byte:
                continue
            binding = self.types.resolve(file, name, use)
            if binding is None or binding.name_node != name_node:
                continue
            parent = use.parent
            assigned = parent is not None and parent.type == "expression_list"
            target = parent.parent if assigned and parent is not None else None
            if (
                target is not None
                and target.type == "assignment_statement"
                and target.child_by_field_name("left") == parent
            ):
                if not _made_when_nil(file, target, name):
                    return []  # may hold a map of its own from here on
                continue
            kind, _site = access_kind(file, use)
            if kind != "write" or self.constants.dead(file, use):
                continue
            access = self.locks.access(file, use)
            if not guarded(access):
                writes.append(access)
        return writes

    def _is_map(self, file: SourceFile, expr: Node, root: Node, root_type: str | None) -> bool:
        """Whether the selector chain ``expr`` from parameter ``root`` is a map:
        from the package's types, else through the fields of API and CRD
        types (a struct of another package of the module or a dependency)."""
        if self.types.is_map(self.types.type_of(file, expr), file):
            return True
        if not root_type or expr == root:
            return False
        names: list[str] = []
        current = expr
        while current != root:
            field = current.child_by_field_name("field")
            operand = current.child_by_field_name("operand")
            if field is None or operand is None:
                return False
            names.append(file.text(field))
            current = operand
        api = self.types.api(file)
        ref: TypeRef | MapField | None = api.resolve(root_type)
        for i, name in enumerate(reversed(names)):
            if ref is None or isinstance(ref, MapField):
                return False
            if i == len(names) - 1 and isinstance(ref, Proj) and _proj_map(ref, name):
                return True  # a map field whose element type a make() could not name here
            steps = api.member(ref, name)
            if not steps or any(is_slice for _, _, is_slice in steps):
                return False
            ref = steps[-1][1]
        return isinstance(ref, MapField)


def _after_reset(use: Node, resets: list[Node], body: Node) -> bool:
    """An assignment of ``resets`` can run before ``use``: it ends before
    ``use`` in the text, or a loop around ``use`` (in the function) holds it
    (an earlier iteration assigns it)."""
    for reset in resets:
        if reset.end_byte <= use.start_byte:
            return True
        if any(
            loop.start_byte <= reset.start_byte < loop.end_byte
            for loop in loop_ancestors(use, body.parent)
        ):
            return True
    return False


def _operator(file: SourceFile, assignment: Node) -> str:
    """The operator of an assignment statement (``=``, ``+=`` ...)."""
    op = assignment.child_by_field_name("operator")
    return file.text(op) if op is not None else ""


def _made_when_nil(file: SourceFile, assignment: Node, name: str) -> bool:
    """``assignment`` sits in the body of ``if name == nil { ... }``."""
    node = assignment.parent
    while node is not None and node.type not in ("if_statement", "function_declaration"):
        if node.type in ("func_literal", "method_declaration"):
            return False
        node = node.parent
    if node is None or node.type != "if_statement":
        return False
    condition = node.child_by_field_name("condition")
    consequence = node.child_by_field_name("consequence")
    return (
        condition is not None
        and consequence is not None
        and consequence.start_byte <= assignment.start_byte < consequence.end_byte
        and sx.norm(file.text(condition)) in (f"{name}==nil", f"nil=={name}")
    )


def _proj_map(ref: Proj, name: str) -> bool:
    """Field ``name`` of a project struct is declared with a map type."""
    return any(
        f.name == name
        and not f.embedded
        and ref.package.underlying(f.type_text, ref.decl.file).startswith("map[")
        for f in ref.decl.fields
    )


def _produce(pkg: Pass) -> list[FanOutWrite]:
    return _Collector(
        pkg.package, pkg.fact(TYPES), pkg.fact(CALLS), pkg.fact(CONSTANTS), pkg.fact(LOCKS)
    ).collect()


FAN_OUT: Fact[list[FanOutWrite]] = Fact("fan-out", _produce, (TYPES, CALLS, CONSTANTS, LOCKS))
