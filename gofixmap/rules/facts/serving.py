"""SERVING: what happens before the package's goroutines start.

Setup before serving is not concurrent with what serves: routes, handlers
and options registered into a map before ``ListenAndServe``/``Serve``/
``Start``/``Run`` (or before the ``go`` statement that starts the workers)
happen before every request and every worker, in Go's memory model (the
``go`` statement, and the server's own ``go`` for each connection,
synchronise with what came before them).

An access is *setup* (``setup``) when:

- it sits directly in a function that no launch reaches (not in a closure,
  but the func of ``t.Cleanup`` in a quiet test, below),
  with no start before it in that function (a ``go`` statement, a call that
  starts a goroutine, a call of a serving method named in ``SERVE_CALLS``,
  or a call of a package function that holds one) and no start in a loop
  around it (the next turn would follow the start); a ``go`` whose goroutine
  runs none of the map's concurrent accesses does not count, nor does a
  serving call when no server's handler runs them, nor a call of a package
  function whose every start (down its calls) is such a ``go`` (a goroutine
  that never touches the map cannot race with it);
- that function is ``main`` (of package main), a sequential test, a
  reconciler's ``SetupWithManager`` (controller-runtime calls it before the
  manager starts any controller), a function
  that starts serving itself after the access and that the package never
  calls, or a function whose every call in the package is itself at such a
  setup place (followed up to the callers that start serving); for a field
  of the receiver, a call on an object the caller has just made
  (``s := &Server{...}; s.processKeys()``, before any start there, also in
  a func literal that makes the object itself: a subtest's body) is such
  a place too, whatever happens to the caller: no goroutine has the object;
  so is a method that calls it on its own receiver (``s.processKeys()``
  inside ``s.load()``) when every call of that method is such a place, and
  a Caddy module's ``Provision`` calling it on what an exported field of
  its receiver holds (``app.Metrics.scan()``: Caddy decodes the new module
  value, its pointer fields too, from the configuration); calls through the
  receiver's fields (``r.f.M()``) are calls of the field type's method; an
  exported method the package never calls is such a place when its every
  call in the module's production code (other packages) is on an object
  the calling function has just made (``d := pkg.New(); d.Register(...)``),
  before any start there, or on a parameter of a plain function whose every
  call passes such an object (or a parameter of its own, by the same rule)
  in its place (``func Register(d *pkg.D) { d.Register(...) }``; also
  called from a slice literal of functions that a loop ranges over and
  calls at once: ``for _, f := range []func(*pkg.D){a.Register, b.Register}
  { f(d) }``), or through a field of the caller's receiver
  (``r.d.Register(...)`` in ``r.setup()``) when every call of that method
  is on an object its caller has just made, after a statement of the
  caller's body that sets the field to a new value (``x.d = pkg.New();
  x.setup()``); not when a struct of the module may embed the method's
  type (a new outer value can hold an old one: the promoted method works
  on that);
- and every launch that reaches the map's concurrent accesses starts after
  it: a ``go`` launch at a place after it (later in one of those functions,
  or in a function they call after it), an entry point of a server or
  framework (a handler, a reconciler) only if something starts serving after
  it.

A sequential test that starts nothing (no ``go``, no serving call, also
in the package functions it calls) is a quiet test: the package's tests run
one after the other, so its accesses, and those of its ``t.Cleanup`` funcs,
are setup whatever else the package starts.

Anything not proven so stays concurrent: an exported registration method
that nothing in the package calls can be called while serving.

This module is longer than most (about 800 lines): the setup places are
one question (a chain of callers up to a root, a fresh object or the start
phase) whose steps share the package's call graph, its starts and the
launches of the map being judged; the cross-package steps read the
module's call sites through :mod:`.startup`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.goroutines import GOROUTINES, Goroutines, is_go_call
from gofixmap.rules.facts.initcalls import INIT_CALLS, InitCalls
from gofixmap.rules.facts.locks import Access, is_test_file
from gofixmap.rules.facts.ownership import fresh_ident, fresh_receiver, fresh_value
from gofixmap.rules.facts.startup import SERVE_CALLS, STARTUP, Startup

_MAX_DEPTH = 6

_SETUP_WITH_MANAGER = "SetupWithManager"

Chain = list[tuple[FuncDecl, int]]  # (function, byte offset where setup ends)


@dataclass(eq=False)
class Serving:
    """The value of SERVING (parts computed on first use)."""

    package: PackageIndex
    calls: Calls
    goroutines: Goroutines
    init_calls: InitCalls
    startup: Startup
    _starts: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    _callers: dict[str, list[tuple[FuncDecl, Node]]] | None = None
    _callees: dict[str, list[tuple[int, str]]] | None = None
    _production: bool = False  # the access being judged is not in a test file
    # the launches that run the map's concurrent accesses (for the access
    # being judged): a ``go`` that starts none of them cannot race with it
    _reaching: frozenset[int] | None = None  # their nodes' start bytes
    _entries: bool = True  # some of them are run by a server once it serves
    _embeds: dict[str, bool] = field(default_factory=dict)

    # -- the call graph, once

    def _graph(self) -> None:
        if self._callers is not None:
            return
        callers: dict[str, list[tuple[FuncDecl, Node]]] = {}
        callees: dict[str, list[tuple[int, str]]] = {}
        for resolved in self.calls.resolved():
            callers.setdefault(resolved.callee, []).append((resolved.caller, resolved.call))
            callees.setdefault(resolved.caller.key, []).append(
                (resolved.call.start_byte, resolved.callee)
            )
        # ``r.f.M()``: a method of the package type of a field of the
        # receiver is called too (the receiver's own parts)
        known = {resolved.call.id for resolved in self.calls.resolved()}
        for decl in self.package.funcs.values():
            if not decl.receiver or decl.body is None:
                continue
            for call in sx.nodes(decl.body, ("call_expression",)):
                if call.id in known:
                    continue
                through = self.calls.resolve_through_fields(decl.file, call, decl)
                if through is None:
                    continue
                callers.setdefault(through[0], []).append((decl, call))
                callees.setdefault(decl.key, []).append((call.start_byte, through[0]))
        self._callers, self._callees = callers, callees

    def _callees_after(self, key: str, offset: int) -> set[str]:
        self._graph()
        assert self._callees is not None
        return {callee for at, callee in self._callees.get(key, ()) if at > offset}

    # -- starts

    def starts(self, key: str, active: frozenset[str] = frozenset()) -> list[tuple[int, bool]]:
        """(offset, serves) of each start in the body of ``key``: a ``go``
        statement or call, a serving call, a call of a function that starts
        (``serves``: the start is, or leads to, a serving call)."""
        cached = self._starts.get(key)
        if cached is not None:
            return cached
        decl = self.package.funcs.get(key)
        body = decl.body if decl is not None else None
        if decl is None or body is None or key in active:
            return []
        self._graph()
        assert self._callees is not None
        found: list[tuple[int, bool]] = []
        for node in sx.nodes(body, ("go_statement", "call_expression")):
            if node.type == "go_statement" or is_go_call(node):
                found.append((node.start_byte, False))
                continue
            parts = sx.call_parts(decl.file, node)
            if parts is not None and parts[0] and parts[1] in SERVE_CALLS:
                found.append((node.start_byte, True))
        for at, callee in self._callees.get(key, ()):
            inner = self.starts(callee, active | {key})
            if inner:
                found.append((at, any(serves for _, serves in inner)))
        self._starts[key] = found
        return found

    def _serves_from(self, keys: set[str]) -> bool:
        return any(serves for key in keys for _, serves in self.starts(key))

    # -- setup places

    def _before(
        self, decl: FuncDecl, node: Node, around: frozenset[int] | set[int] = frozenset()
    ) -> bool:
        """No start in ``decl`` before ``node`` or in a loop around it (but
        the calls at the offsets ``around``, which hold ``node``)."""
        starts = [
            (at, serves)
            for at, serves in self.starts(decl.key)
            if at not in around and not self._unrelated(decl, at, serves)
        ]
        if any(at < node.start_byte for at, _ in starts):
            return False
        loops = [
            a for a in sx.ancestors(node) if a.type == "for_statement" and a.id != decl.node.id
        ]
        return not any(loop.start_byte <= at < loop.end_byte for loop in loops for at, _ in starts)

    def _unrelated(self, decl: FuncDecl, at: int, serves: bool) -> bool:
        """The start at ``at`` in ``decl`` starts no goroutine that reaches the
        map: a ``go`` statement (or ``wg.Go``) whose launch runs none of the
        concurrent accesses, or a serving call when no server's handler runs
        them, or a call of a function of the package every start of which
        (followed down its calls) is such a start. A goroutine that never
        touches the map cannot race with a write made after it starts."""
        return self._unrelated_at(decl, at, serves, frozenset())

    def _unrelated_at(self, decl: FuncDecl, at: int, serves: bool, active: frozenset[str]) -> bool:
        if self._reaching is None or decl.key in active or len(active) > _MAX_DEPTH:
            return False
        body = decl.body
        if body is None:
            return False
        for node in sx.nodes(body, ("go_statement", "call_expression")):
            if node.start_byte != at:
                continue
            if node.type == "go_statement" or is_go_call(node):
                return at not in self._reaching
            parts = sx.call_parts(decl.file, node)
            if serves and not self._entries and parts is not None and parts[1] in SERVE_CALLS:
                return True
            break
        self._graph()
        assert self._callees is not None
        callees = [callee for where, callee in self._callees.get(decl.key, ()) if where == at]
        inner = active | {decl.key}
        for callee in callees:
            target = self.package.funcs.get(callee)
            if target is None:
                return False
            for where, more in self.starts(callee):
                if not self._unrelated_at(target, where, more, inner):
                    return False
        return bool(callees)

    def _root(self, decl: FuncDecl) -> bool:
        if decl.receiver:
            return decl.name == _SETUP_WITH_MANAGER
        if decl.name == "main" and self.package.name == "main":
            return True
        if is_test_file(decl.file) and decl.name.startswith("Test") and decl.body is not None:
            return b".Parallel()" not in (decl.body.text or b"")
        return False

    def _quiet_test(self, decl: FuncDecl) -> bool:
        """A sequential test that starts no goroutine and serves nothing (nor
        do the package functions it calls): tests of a package run one after
        the other, so no goroutine of the package runs while it does."""
        return (
            is_test_file(decl.file)
            and not decl.receiver
            and self._root(decl)
            and not self.starts(decl.key)
        )

    def _test_cleanup(self, func: Node) -> bool:
        """``t.Cleanup(func() {...})`` in a quiet sequential test (see
        ``_quiet_test``): it runs once the test has returned."""
        call = sx.call_of_argument(func)
        if call is None:
            return False
        fn = call.child_by_field_name("function")
        name = fn.child_by_field_name("field") if fn is not None else None
        if name is None or name.text != b"Cleanup":
            return False
        outer = sx.enclosing_function(call)
        decl = self.calls.decl_of(outer) if outer is not None else None
        return decl is not None and self._quiet_test(decl)

    def _initialization(self, decl: FuncDecl) -> bool:
        """``decl`` runs only during package initialization: it is a package
        ``init`` function, or an exported function that the other packages
        of the module call only from their ``init`` functions and
        package-level initializers (:mod:`.initcalls`), and the package's
        own ``init`` starts no goroutine that could run meanwhile.
        Initialization runs on one goroutine before ``main.main`` starts."""
        if decl.receiver or is_test_file(decl.file):
            return False
        if any(self.starts(key) for key in self.package.funcs if key.split("#")[0] == "init"):
            return False  # an init that starts serving first: handlers may run meanwhile
        if self.startup.init_starts(self.package.directory):
            return False  # an init of another package starts a goroutine: it runs meanwhile
        return decl.name == "init" or self.init_calls.only_during_init(self.package, decl.name)

    def _before_goroutines(self, decl: FuncDecl) -> bool:
        """``decl`` is an exported function that the other packages of the
        module call only before the program starts its first goroutine:
        during initialization, or from ``main.main`` (directly or through
        package-level functions) before its first ``go`` statement or
        serving call (:mod:`.initcalls`). Nothing but the main goroutine
        runs then, so nothing can run concurrently with it."""
        if decl.receiver or is_test_file(decl.file):
            return False
        if any(self.starts(key) for key in self.package.funcs if key.split("#")[0] == "init"):
            return False  # an init that starts serving first: handlers may run meanwhile
        return self.init_calls.only_before_goroutines(
            self.package, decl.name
        ) and self.startup.calls_in_phase(self.package.directory, decl.name, False)

    def start_phase(self, access: Access) -> bool:
        """``access`` is made only in the program's start phase, before any
        goroutine of the program exists (:mod:`.startup`): in ``main`` or an
        ``init`` function before their first start, or in a function whose
        every call in the module's production code is made there (also
        through callers in other packages), before any start of its own.
        Nothing else runs then: no access, read or write, can race with
        it."""
        if access.func.type not in sx.DECLARATION_TYPES or is_test_file(access.file):
            return False
        decl = self.calls.decl_of(access.func)
        node = access.anchor or access.node
        if decl is None or self._launched(decl.key) or decl.body is None:
            return False
        if self._reaching is not None or not self._before(decl, node):
            return False
        target = _target(self.package.directory, access)
        if self.startup.init_starts(self.package.directory) or self.startup.starts_before(
            decl.file, decl.node, node, target
        ):
            return False
        if not decl.receiver and decl.name in ("main", "init") and not decl.params:
            return decl.name == "init" or self.package.name == "main"
        return self.startup.only_start_phase(
            self.package.directory, decl.name, bool(decl.receiver), target
        )

    def _launched(self, key: str) -> int:
        """How many launches run ``key`` (only those outside test files when
        the access being judged is in production code)."""
        table = self.goroutines.funcs_prod if self._production else self.goroutines.funcs
        return table.get(key, 0)

    def chain(
        self, decl: FuncDecl, node: Node, depth: int = 0, field: bool = False
    ) -> tuple[Chain, bool] | None:
        """The setup places from ``node`` in ``decl`` up to the callers
        (see the module's docstring), and whether some path ends at a caller
        that is no object of its own (the launches must then be checked);
        ``None`` when it is not one. ``field``: the access is of a field of
        ``decl``'s receiver, so a method called on an object its caller has
        just made (``s := &Server{...}; s.setup()``) works on an object no
        goroutine has yet."""
        if depth > _MAX_DEPTH or self._launched(decl.key):
            return None
        if sx.enclosing_function(node) != decl.node or not self._before(decl, node):
            return None
        here: Chain = [(decl, node.start_byte)]
        self._graph()
        assert self._callers is not None
        sites = self._callers.get(decl.key, [])
        if self._production:
            # a production access: what the tests call runs in tests only
            # (as their launches count only for accesses in test files)
            sites = [(caller, call) for caller, call in sites if not is_test_file(caller.file)]
        if not sites:
            if self._quiet_test(decl):
                return here, False  # no goroutine of the package runs meanwhile
            if self._initialization(decl):
                return here, False  # before main, on the one goroutine that exists
            if self._before_goroutines(decl):
                return here, False  # before main (or what it calls) starts any goroutine
            if field and _caddy_provision(decl):
                return here, False  # a new module value, not serving yet
            if field and self._fresh_elsewhere(decl):
                return here, False  # every caller (other packages) has just made it
            starts_after = any(at > node.start_byte for at, _ in self.starts(decl.key))
            return (here, True) if self._root(decl) or starts_after else None
        check = False
        for caller, call in sites:
            if field and self._on_fresh_object(caller, call):
                continue
            # ``r.m()`` on the caller's own receiver works on the same
            # object: a fresh object further up is fresh here too
            # (in a Caddy module's Provision, also ``r.F.m()``: Caddy
            # decoded the whole new value, its pointer fields too)
            up = self.chain(
                caller,
                call,
                depth + 1,
                field and (_on_receiver(caller, call) or _on_decoded_field(caller, call)),
            )
            if up is None:
                return None
            here.extend(up[0])
            check = check or up[1]
        return here, check

    def _on_fresh_object(self, caller: FuncDecl, call: Node) -> bool:
        """``s.m()`` with ``s`` made by ``caller`` itself, before any start
        there, in a caller no goroutine runs."""
        if self._launched(caller.key):
            return False
        inner = sx.enclosing_function(call)
        if inner is None:
            return False
        if inner != caller.node:
            # in a func literal (a subtest's body) that makes the object
            # itself: what started before the literal ran cannot have it;
            # only a start in the literal before the call could
            if not self._literal_before(caller, inner, call):
                return False
        elif not self._before(caller, call):
            return False
        # fresh_receiver looks at the definitions of the innermost function:
        # in a func literal, the object must be made in that literal
        return fresh_receiver(caller.file, call, "", False)

    def _fresh_elsewhere(self, decl: FuncDecl) -> bool:
        """``decl`` is an exported method that the package never calls and
        whose every call in the module's production code (in other packages:
        :mod:`.startup`'s call sites by name) is ``x.M(...)`` on an object
        ``x`` the calling function has just made itself (``x := pkg.New()``,
        ``&pkg.T{...}``), before any start there (a ``go``, a serving call,
        a call of a module function that starts one) and outside any loop
        that holds one: no goroutine has that object yet, so what ``M``
        writes into its fields is written before any goroutine reading them
        can start."""
        if not decl.receiver or not decl.name[:1].isupper() or is_test_file(decl.file):
            return False
        if self._embedded(decl.receiver):
            return False  # x.M() may be promoted from a field holding any T
        func = (os.path.abspath(self.package.directory), decl.name, True)
        sites = self.startup.call_sites(func)
        if not sites:
            return False
        for file, call in sites:
            inner = sx.enclosing_function(call)
            if inner is None or self.startup.starts_before(file, inner, call):
                return False
            if (
                not fresh_receiver(file, call, "", False)
                and not self._fresh_field_site(file, call)
                and not self._fresh_parameter(file, call, (sx.call_parts(file, call) or ("",))[0])
            ):
                return False
        return True

    def _fresh_parameter(self, file: SourceFile, at: Node, name: str, depth: int = 0) -> bool:
        """``name``, used at ``at``, is a parameter of the plain function
        around it, never assigned there, and every call of that function in
        the module's production code (also through a slice literal of
        functions that a loop ranges over and calls at once:
        :meth:`.Startup.ranged_call_sites`) passes in its place an object the
        calling function has just made itself (``m := pkg.New()``), or a
        parameter of its own by the same rule (a few calls up), before any
        start there: Go passes the pointer, not a copy of the object, so the
        function works on an object no goroutine has yet."""
        if depth > 3 or not name.isidentifier():
            return False
        func = sx.enclosing_function(at)
        if func is None or func.type != "function_declaration":
            return False
        index = _parameter_index(file, func, name)
        body = sx.body(func)
        if index is None or body is None:
            return False
        for ident in sx.nodes(body, ("identifier",)):
            if file.text(ident) == name and (sx.is_assigned(ident) or _address_taken(file, ident)):
                return False  # another object may be in it by the call
        declared = func.child_by_field_name("name")
        if declared is None:
            return False
        sites = self.startup.ranged_call_sites(
            (self.startup.directory(file), file.text(declared), False)
        )
        if not sites:
            return False
        for caller_file, call in sites:
            inner = sx.enclosing_function(call)
            if inner is None or self.startup.starts_before(caller_file, inner, call):
                return False
            if call.parent is not None and call.parent.type in ("defer_statement", "go_statement"):
                return False  # runs later, or on a goroutine of its own
            arguments = call.child_by_field_name("arguments")
            passed = (
                [a for a in arguments.named_children if a.type != "comment"]
                if arguments is not None
                else []
            )
            if index >= len(passed) or passed[index].type != "identifier":
                return False
            argument = caller_file.text(passed[index])
            if not fresh_ident(caller_file, call, argument, "", False, frozenset()) and not (
                self._fresh_parameter(caller_file, call, argument, depth + 1)
            ):
                return False
        return True

    def embedded(self, name: str) -> bool:
        """Some struct of the module's production files may embed the
        type ``name`` (see :meth:`_embedded`)."""
        return self._embedded(name)

    def _embedded(self, name: str) -> bool:
        """Some struct (or interface) of the module's production files may
        embed the type ``name`` (a field line naming only ``T``, ``*T``,
        ``pkg.T`` or ``T[int]``): a new outer value can hold an old ``T``,
        so a call of a promoted method on a new object is no call on a new
        ``T``."""
        cached = self._embeds.get(name)
        if cached is None:
            line = re.compile(
                rb"(?m)^[ \t]*\*?(?:\w+\.)?"
                + re.escape(name.encode())
                + rb"(?:\[[^\]\n]*\])?[ \t]*(?:`[^`\n]*`)?[ \t]*(?://.*)?$"
            )
            cached = any(line.search(data) for _, data in self.startup.sources())
            self._embeds[name] = cached
        return cached

    def _fresh_field_site(self, file: SourceFile, call: Node) -> bool:
        """``r.f.M(...)`` in a method ``F`` of ``r`` that assigns no ``r.f``
        and starts nothing before the call, where every call of ``F`` in the
        module is ``x.F()`` on an object ``x`` the calling function has just
        made, before any start there, after a statement of that function's
        body (not nested) that sets ``x.f`` to a new value (``x.f =
        pkg.New()``), every earlier assignment of ``x.f`` there being such a
        statement: ``x.f`` then holds an object no goroutine has yet."""
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if fn is None or operand is None or operand.type != "selector_expression":
            return False
        base = operand.child_by_field_name("operand")
        name = operand.child_by_field_name("field")
        method = sx.enclosing_function(call)
        if base is None or name is None or base.type != "identifier" or method is None:
            return False
        recv = _receiver_name(file, method)
        field = file.text(name)
        method_name = method.child_by_field_name("name")
        if not recv or file.text(base) != recv or method_name is None:
            return False
        if _field_assignments(file, method, recv, field) or self.startup.starts_before(
            file, method, call
        ):
            return False
        func = (self.startup.directory(file), file.text(method_name), True)
        sites = self.startup.call_sites(func)
        if not sites:
            return False
        for caller_file, site in sites:
            outer = sx.enclosing_function(site)
            parts = sx.call_parts(caller_file, site)
            if outer is None or parts is None or not parts[0]:
                return False
            if self.startup.starts_before(caller_file, outer, site):
                return False
            if not fresh_receiver(caller_file, site, "", False):
                return False
            if not _fresh_field_before(caller_file, outer, site, parts[0], field):
                return False
        return True

    def _literal_before(self, caller: FuncDecl, literal: Node, call: Node) -> bool:
        """No start of ``caller`` (a ``go``, a serving call, a call of a
        function that starts) in the func literal around ``call`` before it,
        but the calls that hold ``call``."""
        around = {a.start_byte for a in sx.ancestors(call) if a.type == "call_expression"}
        return not any(
            literal.start_byte <= at < call.start_byte and at not in around
            for at, _ in self.starts(caller.key)
        )

    def setup(self, access: Access, concurrent: list[Access]) -> bool:
        """``access`` happens before every launch that runs one of the
        ``concurrent`` accesses of the same map starts."""
        if access.func.type == "func_literal":
            return self._test_cleanup(access.func)
        if access.func.type not in sx.DECLARATION_TYPES:
            return False
        if self.start_phase(access):
            return True  # no goroutine exists yet
        decl = self.calls.decl_of(access.func)
        if decl is None:
            return False
        field = _receiver_field(decl, access)
        self._production = not is_test_file(access.file)
        launches = {
            id(launch): launch for a in concurrent for launch in self.goroutines.reaching(a)
        }
        if concurrent:
            self._reaching = frozenset(launch.node.start_byte for launch in launches.values())
            self._entries = any(launch.kind == "entry" for launch in launches.values())
        else:
            # no access known to run concurrently: whoever else reaches the
            # object is unknown, so every start counts, and only an object
            # no goroutine has yet (no launch to check) makes it setup
            self._reaching, self._entries = None, True
        try:
            found = self.chain(decl, access.anchor or access.node, field=field)
        finally:
            self._reaching = None
        if found is None:
            return False
        places, check = found
        if not check:
            return True  # every path sets up an object its caller has just made
        after: dict[str, int] = {}
        for place, offset in places:
            after[place.key] = min(offset, after.get(place.key, offset))
        reached: set[str] = set()
        todo = [c for key, offset in after.items() for c in self._callees_after(key, offset)]
        while todo:
            key = todo.pop()
            if key not in reached:
                reached.add(key)
                todo.extend(self._callees_after(key, -1))
        # controller-runtime calls SetupWithManager before the manager starts
        # any controller: its reconcilers run after it
        serving_after = any(p.name == _SETUP_WITH_MANAGER for p, _ in places)
        serving_after = (
            serving_after
            or self._serves_from(reached)
            or any(serves and at > after[key] for key in after for at, serves in self.starts(key))
        )
        if not launches:
            return False
        for launch in launches.values():
            if launch.kind == "entry":
                if not serving_after:
                    return False
                continue
            top = sx.declaration_of(launch.node)
            starter = self.calls.key_of(top) if top is not None else None
            if starter is None:
                return False
            if starter not in reached and not (
                starter in after and launch.node.start_byte > after[starter]
            ):
                return False
        return True


def _caddy_provision(decl: FuncDecl) -> bool:
    """``decl`` is a Caddy module's ``Provision(ctx caddy.Context) error``:
    Caddy calls it once on each new module value it loads, before it
    returns the value to be used (``caddy.Context.LoadModule``); until then
    no goroutine has that value, so the fields of the receiver are set up
    on one goroutine (a reload loads new values, not the serving ones)."""
    return (
        decl.name == "Provision"
        and bool(decl.receiver)
        and len(decl.params) == 1
        and decl.params[0].type_text.endswith("caddy.Context")
    )


def _on_decoded_field(caller: FuncDecl, call: Node) -> bool:
    """``r.F.m(...)`` (``r.F.G.m``...) in a Caddy module's ``Provision``,
    with ``r`` its receiver and ``F`` an exported field: Caddy loads a
    module by decoding its JSON configuration into a new value (new values
    for its pointer fields too) and provisions it before anything uses it,
    so what the exported fields point to is as new as the receiver."""
    if not _caddy_provision(caller) or not caller.receiver_name:
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    node = fn.child_by_field_name("operand")
    fields = 0
    while node is not None and node.type == "selector_expression":
        name = node.child_by_field_name("field")
        if name is None or not caller.file.text(name)[:1].isupper():
            return False
        fields += 1
        node = node.child_by_field_name("operand")
    return (
        fields > 0
        and node is not None
        and node.type == "identifier"
        and caller.file.text(node) == caller.receiver_name
    )


def _receiver_name(file: SourceFile, method: Node) -> str:
    """The receiver's name of a method declaration ("" for anything else)."""
    if method.type != "method_declaration":
        return ""
    receiver = method.child_by_field_name("receiver")
    params = receiver.named_children if receiver is not None else []
    name = params[0].child_by_field_name("name") if params else None
    return file.text(name) if name is not None else ""


def _field_assignments(
    file: SourceFile, func: Node, operand: str, field: str, before: int | None = None
) -> list[tuple[Node, Node]]:
    """The assignments ``operand.field = value`` (any assignment operator,
    ``:=`` excluded) in ``func``, its func literals too, that start before
    ``before``: (statement, value; the statement itself when the values do
    not pair up with the targets)."""
    body = sx.body(func)
    found: list[tuple[Node, Node]] = []
    if body is None:
        return found
    target = f"{operand}.{field}"
    for stmt in sx.nodes(body, ("assignment_statement",)):
        if before is not None and stmt.start_byte >= before:
            continue
        sides = sx.assignment_sides(stmt)
        if sides is None:
            continue
        lefts, rights = sides
        for i, left in enumerate(lefts):
            if file.text(left).replace(" ", "") != target:
                continue
            plain = sx.plain_assignment(stmt) is not None and len(rights) == len(lefts)
            found.append((stmt, rights[i] if plain else stmt))
    return found


def _fresh_field_before(file: SourceFile, func: Node, site: Node, operand: str, field: str) -> bool:
    """Before ``site``, ``func`` sets ``operand.field`` to a new value in a
    statement of its body's own list (it runs whenever ``site`` does), and
    every assignment of it before ``site`` is such a statement."""
    found = _field_assignments(file, func, operand, field, site.start_byte)
    top = {stmt.id for stmt in sx.block_statements(sx.body(func))}
    return bool(found) and all(
        stmt.id in top and value is not stmt and fresh_value(file, value) for stmt, value in found
    )


def _parameter_index(file: SourceFile, func: Node, name: str) -> int | None:
    """The place of the parameter ``name`` among ``func``'s parameters (one
    of a variadic parameter: ``None``)."""
    parameters = func.child_by_field_name("parameters")
    if parameters is None:
        return None
    index = 0
    for declaration in parameters.named_children:
        if declaration.type == "variadic_parameter_declaration":
            return None
        if declaration.type != "parameter_declaration":
            continue
        names = declaration.children_by_field_name("name")
        for ident in names or [declaration]:
            if names and file.text(ident) == name:
                return index
            index += 1
    return None


def _address_taken(file: SourceFile, ident: Node) -> bool:
    """``&name``: the variable itself can be set through the pointer."""
    up = ident.parent
    return up is not None and up.type == "unary_expression" and file.text(up).startswith("&")


def _target(directory: str, access: Access) -> tuple[str, str] | None:
    """The map ``access`` uses, as a name of the package in ``directory``: a
    package variable ``m`` or a field ``x.m`` (``None``: another expression,
    every goroutine counts)."""
    node = access.node
    if node.type == "identifier":
        return directory, access.file.text(node)
    if node.type == "selector_expression":
        name = node.child_by_field_name("field")
        if name is not None:
            return directory, access.file.text(name)
    return None


def _receiver_field(decl: FuncDecl, access: Access) -> bool:
    """``access`` is of a field of ``decl``'s receiver (``s.m``)."""
    node = access.node
    if not decl.receiver_name or node.type != "selector_expression":
        return False
    operand = node.child_by_field_name("operand")
    return operand is not None and access.file.text(operand) == decl.receiver_name


def _on_receiver(caller: FuncDecl, call: Node) -> bool:
    """``call`` is ``r.m(...)`` with ``r`` the receiver of ``caller``."""
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    return (
        bool(caller.receiver_name)
        and fn is not None
        and fn.type == "selector_expression"
        and operand is not None
        and caller.file.text(operand) == caller.receiver_name
    )


def _produce(pkg: Pass) -> Serving:
    return Serving(
        pkg.package,
        pkg.fact(CALLS),
        pkg.fact(GOROUTINES),
        pkg.module(INIT_CALLS),
        pkg.module(STARTUP),
    )


SERVING: Fact[Serving] = Fact("serving", _produce, (CALLS, GOROUTINES, INIT_CALLS, STARTUP))
