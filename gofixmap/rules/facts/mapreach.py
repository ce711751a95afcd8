"""Which maps a goroutine may reach: the module's call graph, read from text,
for the start phase of a map (:mod:`.startup`).

A goroutine that never touches a map cannot race with it: a write made
after ``go sigHandler.handle()`` is still made before every goroutine that
reaches the map starts, when the signal handler never touches it. A ``go``
statement (or ``wg.Go(func() {...})``) may reach the map ``name`` of the
package in ``directory`` when the code it runs, followed through the
module's functions, names it (an identifier or a field ``x.name``: of the
package itself when the name is unexported, anywhere when exported), where
every function is followed that it calls or uses as a value (``go
wait.Until(c.worker, ...)``, a handler passed on), a method call ``x.M()``
to every method ``M`` of the module (by its receiver's declared type when
known), and a function of the package by name. It may reach anything, and
counts, when that code serves (``Serve``, ``Start``, ``Run``...: the
server's handlers are not seen from here), or calls a function value: a
local or parameter of func type (``handler(m)``), a field declared of func
type (``h.cleanup(ctx)``) or any other computed function (``d.handlers[t](m)``),
which may hold any function of the module. It may reach the map, and
counts, when the map is handed on anywhere (passed, stored, returned,
sent: another name may hold it).

The graph's nodes are read from every file of the module once (its
declarations and where func values are kept); what each function names and
calls is summarized only when a search first reaches it, so a module as
large as the standard library costs what its goroutines reach.

A map that a function hands on only to a local it keeps (``groups :=
s.routes``, then only indexed or ranged) or to a function of its package
that keeps the parameter so (``count(s.routes)``) does not escape: a
goroutine reaches it through that name only by running the function, which
names the map. A method's func parameter holds what its calls pass (an
iterator's ``m.Range(func(k, v) bool {...})``; a range over a function,
``for k := range m.All``, calls it with the loop's body).

Why this module is longer than 600 lines: the graph, the lazy summaries
and the escape test read the same module-wide text and each needs the
others (a summary follows func values into parameters, the search asks
whether a map escapes before it follows edges); split, they would share
most of their state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

if TYPE_CHECKING:
    from gofixmap.rules.facts.startup import Func, Startup

_BUILTINS = frozenset(
    (
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
        "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
        # the predeclared types, called as conversions
        "any", "bool", "byte", "complex64", "complex128", "error", "float32", "float64",
        "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8",
        "uint16", "uint32", "uint64", "uintptr",
    )
)  # fmt: skip


class _Summary:
    """What a piece of code names, calls and uses as functions."""

    __slots__ = ("dynamic", "edges", "names", "refs")

    def __init__(self) -> None:
        self.names: set[tuple[str, str]] = set()  # (directory, identifier)
        self.edges: set[Func] = set()  # what it calls
        self.refs: set[Func] = set()  # functions it uses as values
        self.dynamic = False  # serves, or calls a function value


class MapReach:
    """The module's functions as :mod:`.startup` keys them, what each names
    and calls, built once; then which maps a launch may reach."""

    def __init__(self, startup: Startup) -> None:
        self._startup = startup
        self._funcs: dict[Func, _Summary] = {}
        # the code of each function or func value not yet summarized: a
        # function is summarized when a search first reaches it
        self._pending: dict[Func, list[Callable[[_Summary], None]]] = {}
        self._declared: set[Func] = set()
        self._vars: set[Func] = set()  # package variables: run only when called
        self._types: set[str] = set()
        self._func_fields: set[str] = set()
        self._reaches: dict[tuple[str, int, tuple[str, str]], bool] = {}
        self._built = False
        self._escaping: dict[tuple[str, str], bool] = {}
        self._inlining: set[int] = set()  # the local literals being summarized
        # the parameters whose values are being added to a summary (a
        # literal passed on calls its own function's parameter again)
        self._resolving: set[tuple[str, int, int, int]] = set()

    def _build(self) -> None:
        from gofixmap.rules.facts.startup import declared_funcs

        if self._built:
            return
        self._built = True
        startup = self._startup
        files = [(startup.parsed(p, d), p) for p, d in startup.sources()]
        for file, _ in files:
            for decl in sx.scan(file.root, ("type_spec", "type_alias", "field_declaration")):
                if decl.type != "field_declaration":
                    name = decl.child_by_field_name("name")
                    if name is not None:
                        self._types.add(file.text(name))
                    continue
                kind = decl.child_by_field_name("type")
                if kind is not None and kind.type == "function_type":
                    self._func_fields.update(
                        file.text(n) for n in decl.children_by_field_name("name")
                    )
        for file, path in files:
            directory = os.path.dirname(os.path.abspath(path))
            for body, key, typed in declared_funcs(file, directory):
                self._declared.add(key)
                if typed is not None:
                    self._funcs.setdefault(key, _Summary()).edges.add(typed)
                    key = typed
                    self._declared.add(key)
                self._funcs.setdefault(key, _Summary())
                self._later(key, partial(self._summarize, file, directory, body))
        self._values(files)

    def _later(self, key: Func, job: Callable[[_Summary], None]) -> None:
        self._pending.setdefault(key, []).append(job)

    def _summary(self, key: Func) -> _Summary | None:
        """The summary of ``key``, its pending code summarized first."""
        summary = self._funcs.get(key)
        jobs = self._pending.pop(key, None)
        if summary is not None and jobs:
            for job in jobs:
                job(summary)
        return summary

    def _summarize(self, file: SourceFile, directory: str, node: Node, into: _Summary) -> None:
        from gofixmap.rules.facts.startup import func_key

        startup = self._startup
        imports = startup.import_names(file)
        for n in sx.scan(node, ("call_expression", "identifier", "field_identifier")):
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and sx.unparen(fn).type == "func_literal":
                    continue  # func() {...}(): its body is part of this code
                if fn is None or fn.type not in ("identifier", "selector_expression"):
                    if fn is None or fn.type not in ("parenthesized_type", "generic_type"):
                        into.dynamic = True  # d.handlers[t](m), f()(x): a computed func
                    continue
                callee = startup.callee(file, n)
                if callee is None and fn.type == "selector_expression":
                    # a method of a value of another module's type, maybe an
                    # interface that a type of the module implements
                    method = fn.child_by_field_name("field")
                    operand = fn.child_by_field_name("operand")
                    if (
                        method is not None
                        and operand is not None
                        and file.text(operand) not in imports
                        and file.text(method)[:1].isupper()
                    ):
                        into.edges.add(("", file.text(method), True))
                if callee is True:
                    into.dynamic = True  # serves: its handlers are not seen here
                elif callee is not None and not isinstance(callee, bool):
                    into.edges.add(func_key(callee))
                    if callee[2] and callee[1].split(".")[-1] in self._func_fields:
                        into.edges.add(_field(callee[1].split(".")[-1]))
                    if (
                        self._value_call(callee)
                        and not self._local_func(file, directory, n, into)
                        and not self._parameter(file, directory, fn, into, 3)
                    ):
                        into.dynamic = True  # a func value from anywhere
                continue
            text = file.text(n)
            into.names.add((directory, text))
            parent = n.parent
            if parent is None:
                continue
            if n.type == "identifier":
                if parent.type == "call_expression" and parent.child_by_field_name("function") == n:
                    continue
                into.refs.add((directory, text, False))  # a function used as a value
            elif parent.type == "selector_expression":
                holder = parent.parent
                if (
                    holder is not None
                    and holder.type == "call_expression"
                    and holder.child_by_field_name("function") == parent
                ):
                    continue
                operand = parent.child_by_field_name("operand")
                pkg = file.text(operand) if operand is not None else ""
                if pkg in imports:
                    target = imports[pkg]
                    if target is not None:
                        into.refs.add((target, text, False))
                else:
                    into.refs.add(func_key((directory, text, True)))  # a method value

    def _value_call(self, callee: Func) -> bool:
        """A call that resolves to no declared function or package variable
        of the module, no field of func type, and is no builtin nor
        conversion: a call of a func value (a local, a parameter)."""
        _, name, method = callee
        if callee in self._declared or method:
            return False
        return name not in _BUILTINS and name not in self._types

    def _values(self, files: list[tuple[SourceFile, str]]) -> None:
        """A node for each place a func value is kept, whose code is every
        value the module puts there: a package variable (``var hook =
        func(...) {...}``, ``hook = other``), a field declared of func type
        (``T{handler: h}``, ``x.handler = h``: by the field's name). A value
        that is no func literal, function or method of the module (a
        parameter, a call's result) may be any function: the node is
        dynamic."""
        for file, path in files:
            directory = os.path.dirname(os.path.abspath(path))
            for decl in file.root.named_children:
                if decl.type != "var_declaration":
                    continue
                for spec in sx.scan(decl, ("var_spec",)):
                    names, values = sx.defined_values(spec)
                    for i, name in enumerate(names):
                        key = (directory, file.text(name), False)
                        self._declared.add(key)
                        self._vars.add(key)
                        self._funcs.setdefault(key, _Summary())
                        if i < len(values) and len(values) == len(names):
                            self._later(key, partial(self._value, file, directory, values[i]))
        for file, path in files:
            directory = os.path.dirname(os.path.abspath(path))
            for node in sx.scan(file.root, ("assignment_statement", "keyed_element")):
                if node.type == "keyed_element":
                    if len(node.named_children) != 2:
                        continue
                    left, right = (
                        c.named_children[0]
                        if c.type == "literal_element" and c.named_children
                        else c
                        for c in node.named_children
                    )
                    if left.type in ("identifier", "field_identifier"):
                        field = file.text(left)
                        if field in self._func_fields:
                            self._funcs.setdefault(_field(field), _Summary())
                            self._later(_field(field), partial(self._value, file, directory, right))
                    continue
                sides = sx.plain_assignment(node)
                if sides is None:
                    continue
                for left, right in zip(
                    sides[0].named_children, sides[1].named_children, strict=False
                ):
                    if left.type == "identifier":
                        key = (directory, file.text(left), False)
                        if key in self._declared and sx.declaration_of(node) is None:
                            continue
                        if key in self._funcs:
                            self._later(key, partial(self._value, file, directory, right))
                    elif left.type == "selector_expression":
                        name_node = left.child_by_field_name("field")
                        field = file.text(name_node) if name_node is not None else ""
                        if field in self._func_fields:
                            self._funcs.setdefault(_field(field), _Summary())
                            self._later(_field(field), partial(self._value, file, directory, right))

    def _value(
        self, file: SourceFile, directory: str, value: Node, into: _Summary, depth: int = 3
    ) -> None:
        """Add what the func value ``value`` may run to ``into`` (a parameter
        of a function: the arguments of its calls, ``depth`` callers up)."""
        value = sx.unparen(value)
        if value.type == "func_literal":
            self._summarize(file, directory, value, into)
            return
        if value.type == "identifier" and file.text(value) == "nil":
            return
        if value.type in ("identifier", "selector_expression"):
            self._summarize(file, directory, value, into)  # a function or method value
            if value.type == "identifier":
                key = (directory, file.text(value), False)
                if key not in self._declared and not self._parameter(
                    file, directory, value, into, depth
                ):
                    into.dynamic = True  # a local, a parameter called from anywhere
                into.edges.add(key)  # another function or variable: what it runs
            return
        into.dynamic = True

    def _parameter(
        self, file: SourceFile, directory: str, ident: Node, into: _Summary, depth: int
    ) -> bool:
        """``ident`` is a parameter of the function (or method) declaration
        around it, whose every use is a call: the arguments of those calls
        are added to ``into`` as the values it may hold (a method's calls:
        those that fit its receiver's type and its arity, :mod:`.startup`;
        an iterator's ``m.Range(func(k, v) bool {...})``)."""
        from gofixmap.rules.facts.startup import parameter_name

        decl = sx.declaration_of(ident)
        if depth <= 0 or decl is None or decl.type not in sx.DECLARATION_TYPES:
            return False
        for literal in sx.ancestors(ident):
            if literal.id == decl.id:
                break
            lit_params = literal.child_by_field_name("parameters")
            if (
                literal.type == "func_literal"
                and lit_params is not None
                and any(
                    file.text(i) == file.text(ident) for i in sx.scan(lit_params, ("identifier",))
                )
            ):
                return False  # the literal's own parameter
        name = decl.child_by_field_name("name")
        params = decl.child_by_field_name("parameters")
        if name is None or params is None:
            return False
        count = sum(
            len([c for c in p.named_children if c.type == "identifier"])
            for p in params.named_children
        )
        position = next(
            (i for i in range(count) if parameter_name(file, decl, i) == file.text(ident)), None
        )
        if position is None:
            return False
        method = decl.type == "method_declaration"
        sites = self._startup.call_sites((directory, file.text(name), method))
        if sites is None:
            return False
        resolving = (file.path, decl.start_byte, position, id(into))
        if resolving in self._resolving:
            return True  # its values are being added to ``into`` already
        self._resolving.add(resolving)
        try:
            for site_file, call in sites:
                if call.type != "call_expression":
                    continue  # ``for x := range f``: the yield function is the loop's body
                args = call.child_by_field_name("arguments")
                if args is None or position >= len(args.named_children):
                    return False
                self._value(
                    site_file,
                    self._startup.directory(site_file),
                    args.named_children[position],
                    into,
                    depth - 1,
                )
        finally:
            self._resolving.discard(resolving)
        return True

    def _local_func(self, file: SourceFile, directory: str, call: Node, into: _Summary) -> bool:
        """``f(...)`` calls a local that its function defines as a func
        literal (``get := func(...) {...}``: its body is part of the code
        followed) or as what a function of another module returned
        (``ctx, cancel := context.WithCancel(ctx)``: not one of the module's
        functions, which no other module can name)."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier":
            return False
        name = file.text(fn)
        top = sx.declaration_of(call)
        if top is None:
            return False
        found = False
        for decl in sx.scan(top, ("short_var_declaration", "var_spec")):
            names, values = sx.defined_values(decl)
            for i, ident in enumerate(names):
                if file.text(ident) != name:
                    continue
                if len(values) == len(names):
                    value = values[i]
                elif len(values) == 1:
                    value = values[0]
                else:
                    return False
                value = sx.unparen(value)
                if value.type == "func_literal":
                    if value.id not in self._inlining:
                        self._inlining.add(value.id)
                        try:
                            self._summarize(file, directory, value, into)
                        finally:
                            self._inlining.discard(value.id)
                    found = True
                    continue
                if value.type != "call_expression":
                    return False
                if self._startup.callee(file, value) is not None:
                    return False
                parts = sx.call_parts(file, value)
                imports = self._startup.import_names(file)
                if parts is None or not parts[0] or parts[0] not in imports:
                    return False  # not a function of another package named there
                found = True
        return found

    def reaches(self, file: SourceFile, launch: Node, target: tuple[str, str]) -> bool:
        """The goroutine ``launch`` starts (a ``go`` statement or a call that
        starts its function argument) may touch the map ``target`` (see the
        module)."""
        key = (file.path, launch.start_byte, target)
        found = self._reaches.get(key)
        if found is None:
            found = self._reaches[key] = self._search(file, launch, target)
        return found

    def _escapes(self, directory: str, name: str) -> bool:
        """The map named ``name`` (a variable or field of the package in
        ``directory``) is used somewhere as a value other than an operand of
        its own operations (indexed, ranged over, ``len``/``delete``/
        ``clear``, compared, assigned a new map): passed, stored, returned,
        sent. Another name may then hold it, and a goroutine that never
        names it may still reach it."""
        key = (directory, name)
        found = self._escaping.get(key)
        if found is not None:
            return found
        found = False
        word = name.encode()
        exported = name[:1].isupper()
        for path, data in self._startup.sources():
            if word not in data:
                continue
            if not exported and os.path.dirname(os.path.abspath(path)) != directory:
                continue
            file = self._startup.parsed(path, data)
            for node in sx.scan(file.root, ("identifier", "field_identifier")):
                if file.text(node) != name:
                    continue
                use = node
                parent = node.parent
                if node.type == "field_identifier":
                    if parent is None or parent.type != "selector_expression":
                        continue  # a declaration, a literal's key
                    use = parent
                if (
                    _escape(file, use)
                    and not _kept_alias(file, use)
                    and not (
                        use.parent is not None
                        and use.parent.type == "argument_list"
                        and _kept_argument(file, use, self._startup.files_in(file))
                    )
                ):
                    found = True
                    break
            if found:
                break
        self._escaping[key] = found
        return found

    def _search(self, file: SourceFile, launch: Node, target: tuple[str, str]) -> bool:
        self._build()
        directory, name = target
        directory = os.path.abspath(directory)
        exported = name[:1].isupper()
        if self._escapes(directory, name):
            return True  # another name may hold the map: any goroutine may reach it
        start = _Summary()
        self._summarize(file, self._startup.directory(file), launch, start)
        todo = [start]
        seen: set[Func] = set()
        while todo:
            summary = todo.pop()
            if summary.dynamic:
                return True
            if any(n == name and (exported or d == directory) for d, n in summary.names):
                return True
            for edge in (*summary.edges, *(r for r in summary.refs if r not in self._vars)):
                if edge in seen:
                    continue
                seen.add(edge)
                found = self._summary(edge)
                if found is not None:
                    todo.append(found)
        return False


def _field(name: str) -> Func:
    """The node of the func-typed fields named ``name``."""
    return ("", "field " + name, True)


_MAP_BUILTINS = frozenset(("len", "delete", "clear"))


def _kept_alias(file: SourceFile, use: Node) -> bool:
    """``use`` is the value of a local declared with it (``groups :=
    s.routes``) that its function keeps to itself (:func:`_kept`). A
    goroutine then reaches the map through the local only by running that
    function, which names the map itself."""
    parent = use.parent
    holder = parent.parent if parent is not None else None
    if (
        parent is None
        or parent.type != "expression_list"
        or holder is None
        or holder.type != "short_var_declaration"
        or holder.child_by_field_name("right") != parent
    ):
        return False
    left = holder.child_by_field_name("left")
    names = left.named_children if left is not None else []
    values = parent.named_children
    if len(names) != len(values) or use not in values:
        return False
    alias = names[values.index(use)]
    top = sx.declaration_of(holder)
    if top is None or sx.enclosing_function(holder) != top or alias.type != "identifier":
        return False  # in a func literal: it may run anywhere
    return _kept(file, top, file.text(alias), holder.end_byte)


def _kept_argument(file: SourceFile, use: Node, files: list[SourceFile]) -> bool:
    """``use`` is an argument of a call of a function of its own package
    (``f(s.routes)``, not started with ``go``) that keeps that parameter to
    itself (:func:`_kept`): a goroutine reaches the map through the
    parameter only while the caller, which names the map, runs the call.
    ``files``: the package's files."""
    from gofixmap.rules.facts.startup import parameter_name

    args = use.parent
    call = args.parent if args is not None else None
    if args is None or call is None or call.type != "call_expression":
        return False
    if call.parent is not None and call.parent.type == "go_statement":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return False
    position = args.named_children.index(use)
    name = file.text(fn)
    decls = [
        (source, decl)
        for source in files
        for decl in source.root.named_children
        if decl.type == "function_declaration"
        and (node := decl.child_by_field_name("name")) is not None
        and source.text(node) == name
    ]
    if len(decls) != 1:
        return False
    source, decl = decls[0]
    # (no name for a variadic parameter: the map may land in a slice)
    param = parameter_name(source, decl, position)
    return param is not None and _kept(source, decl, param, decl.start_byte)


def _kept(file: SourceFile, top: Node, name: str, start: int) -> bool:
    """The local (or parameter) ``name`` of the function ``top`` is used,
    from the byte ``start`` on, only in ``top`` itself (no func literal
    around the use) and hands nothing on (:func:`_escape`), nor is it
    assigned again (another value the name would hold)."""
    body = sx.body(top)
    if body is None or name == "_":
        return False
    for node in sx.scan(body, ("identifier",)):
        if file.text(node) != name or node.start_byte < start:
            continue
        if sx.enclosing_function(node) != top:
            return False  # captured by a func literal
        if sx.is_assigned(node):
            return False  # assigned again
        if _escape(file, node):
            return False
    return True


def _escape(file: SourceFile, use: Node) -> bool:
    """``use`` (the map's name, or ``x.name``) hands the map on as a value."""
    parent = use.parent
    if parent is None:
        return False
    kind = parent.type
    if kind == "index_expression":
        return parent.child_by_field_name("operand") != use  # a key, not the map
    if kind == "range_clause":
        return parent.child_by_field_name("right") != use
    if kind == "binary_expression":
        return False  # compared (to nil)
    if kind in ("selector_expression", "qualified_type"):
        return False  # x.name itself, a package's name
    if kind in (
        "var_spec",
        "parameter_declaration",
        "field_declaration",
        "type_spec",
        "function_declaration",
        "method_declaration",
    ):
        return False  # declared or initialised
    if kind == "keyed_element":
        return parent.named_children[0] != use  # a value, not the key
    if kind == "literal_element":
        holder = parent.parent
        return (
            holder is None or holder.type != "keyed_element" or holder.named_children[0] != parent
        )
    if kind == "expression_list":
        holder = parent.parent
        # assigned a new map when on the left
        return not (
            holder is not None
            and holder.type in ("assignment_statement", "short_var_declaration")
            and holder.child_by_field_name("left") == parent
        )
    if kind == "argument_list":
        call = parent.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is None or fn.type != "identifier" or file.text(fn) not in _MAP_BUILTINS
    return kind != "call_expression"  # &m, (m), sent, returned: a value; m(...) is no map
