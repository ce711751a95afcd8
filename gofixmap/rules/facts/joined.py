"""Goroutines joined before a value is handed out: the lock of a type that
only the goroutines of a joined fan-out share.

Go's memory model: everything a goroutine does before ``wg.Done()`` is
synchronized before the ``wg.Wait()`` that it lets return (``sync.WaitGroup``;
``wg.Go(f)`` calls ``f`` then ``Done``; ``errgroup.Group.Go`` and ``Wait``
are built on it), and a ``go`` statement is synchronized before the
goroutine it starts. So a function that makes a value itself, starts
goroutines on it and waits for all of them before the value leaves it has
the value to itself again after the wait; the goroutines can only race with
each other and with what the function does between the first start and the
wait (the window). The type's mutex is then needed in the window only::

    list := NewTagList()                 // fresh: no one else has it
    for _, t := range tags {
        wg.Add(1)
        go func() { defer wg.Done(); list.Add(t) }() // Add locks
    }
    wg.Wait()                            // every Add happened before this
    return list                          // SortByDate reads without the lock

:func:`joined_methods` answers, for a struct type ``T`` of a package, the
methods of ``T`` that can run in such a window, when every goroutine of the
module that can reach a ``T`` value reaches it that way; ``None`` otherwise.
The type's values are followed through the module's production files, by
name, per function:

- ``T`` is named only where a value stays in a function: a parameter, a
  result, a receiver, a local ``var``, a composite literal or ``new(T)``;
  never in a struct field, a package variable, a channel, slice, array or map
  element, a type argument, another type's declaration or a type assertion
  (each is a place another goroutine can find the value in, or a sign that it
  was kept in an interface);
- a name holding a ``T`` (a receiver, parameter or ``var`` of type ``T``/``*T``,
  a local defined by ``&T{...}``, ``T{...}``, ``new(T)``, by a call of a
  function or method of the module whose first result is ``T``/``*T``, or by
  another such name) is only used to reach fields or call methods, passed to a
  function (to a function of the module only at a parameter of type ``T``),
  returned, or captured by a func literal called on the spot (``func()
  {...}()``, also deferred); never stored (a field, an element, another
  variable's interface, ``append``, a send), handed to a ``go`` statement,
  taken as a method value or its address;
- a func literal started as a goroutine (``go func() {...}()``, ``x.Go(func()
  ...)``) that captures such a name is joined: the name is a local of the
  function that starts it, every definition of which is a new value (``&T{}``,
  ``T{}``, ``new(T)``, or a constructor of the module whose every return is a
  new value not stored first); the literal signals the waiter (it is the
  argument of ``x.Go``, or ``defer x.Done()`` / a deferred func literal calling
  ``x.Done()`` is a statement of its body); ``x.Wait()`` is a later statement
  of a block that holds the start, and no ``break``, ``continue`` or ``goto``
  between them leaves for a statement outside (so it runs on every path that
  started it and goes on); and in the literal and between the start (from
  the beginning of the statement of that block holding it, a loop included)
  and the wait, the name is only used to call methods (``list.Add(t)``),
  whose names are what the window runs, with the methods those call on their
  receiver. A ``return`` or ``panic`` between them runs the function's
  deferred calls while the goroutines still run: the methods those call on
  the name (``defer list.Print()``, registered before the window) run in it
  too.

At least one joined start must exist: without one nothing here explains the
lock. What this does not see: a value kept in an interface and used through it
(``var s fmt.Stringer = list`` is caught, a value passed to another module's
function that keeps it is not), and the importers of an exported type outside
the module.

Why this module is longer than 600 lines: the answer is one pass over the
module's functions that follows every name holding a value of the type (how
it is defined, each use, the func literals around it, the wait that ends a
start's window), and each of those questions is only sound together with the
others: a start is joined only if the value cannot leave by any other use.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.startup import Startup

# where naming T means a place other goroutines can find a value in
_KEEPS = (
    "field_declaration",
    "channel_type",
    "slice_type",
    "array_type",
    "implicit_length_array_type",
    "map_type",
    "type_arguments",
    "type_assertion_expression",
    "type_switch_statement",
    "type_case",
    "type_alias",
)
# where naming T keeps a value in a function
_STAYS = (
    "parameter_declaration",
    "variadic_parameter_declaration",
    "composite_literal",
    "method_declaration",  # a receiver (or a result)
    "function_declaration",  # a result
    "func_literal",
    "function_type",
    "method_elem",
    "method_spec",
)

_FUNCS = ("function_declaration", "method_declaration")


class _Module:
    """The module's files with the owner type's mentions and names."""

    def __init__(self, startup: Startup, directory: str, owner: str) -> None:
        self.startup = startup
        self.directory = directory
        self.owner = owner
        self.files: list[SourceFile] = [
            startup.parsed(path, data) for path, data in startup.sources()
        ]
        # (directory, function name) / method name → returns T
        self.returning: set[tuple[str, str]] = set()
        self.methods_returning: set[str] = set()
        self.fresh_constructors: set[tuple[str, str]] = set()
        # a function of the module by (directory, name) → its declarations
        self.funcs: dict[tuple[str, str], list[tuple[SourceFile, Node]]] = {}
        self.methods: dict[str, list[tuple[SourceFile, Node]]] = {}
        self.owner_methods: set[str] = set()

    def names_owner(self, file: SourceFile, node: Node) -> bool:
        """``node`` (a type expression) is ``T`` or ``*T`` (``pkg.T``)."""
        node = sx.unparen(node)
        if node.type == "pointer_type" and node.named_children:
            node = node.named_children[0]
        return self._is_owner(file, node)

    def _is_owner(self, file: SourceFile, node: Node) -> bool:
        if node.type == "generic_type":
            inner = node.child_by_field_name("type")
            if inner is None:
                return False
            node = inner
        if node.type == "type_identifier":
            return file.text(node) == self.owner and self.startup.directory(file) == self.directory
        if node.type == "qualified_type":
            package = node.child_by_field_name("package")
            name = node.child_by_field_name("name")
            if package is None or name is None or file.text(name) != self.owner:
                return False
            return self.startup.import_names(file).get(file.text(package)) == self.directory
        return False

    def mentions(self, file: SourceFile) -> Iterator[Node]:
        """The type names of ``file`` that name ``T``."""
        here = self.startup.directory(file) == self.directory
        for node in sx.nodes(file.root, ("type_identifier", "qualified_type")):
            if node.type == "type_identifier":
                parent = node.parent
                if parent is not None and parent.type == "qualified_type":
                    continue
                if here and file.text(node) == self.owner:
                    yield node
            elif self._is_owner(file, node):
                yield node


def _kept_mention(file: SourceFile, node: Node, owner: str) -> bool:
    """A mention of ``T`` in a place that keeps a value (:data:`_KEEPS`), at
    package level, or in another type's declaration; or in a func type, an
    interface or a func literal's parameters, whose values come from callers
    not followed here."""
    for up in sx.ancestors(node):
        if up.type in ("function_type", "interface_type", "method_elem", "method_spec"):
            return True
        if (
            up.type == "parameter_list"
            and up.parent is not None
            and up.parent.type == "func_literal"
        ):
            return True
    for up in sx.ancestors(node):
        if up.type in _KEEPS:
            return True
        if up.type == "type_spec":
            return up.child_by_field_name("name") != node  # another type's declaration
        if up.type in _STAYS:
            return False
        if up.type == "call_expression":
            return False  # new(T), a conversion T(x)
        if up.type == "var_spec":
            return sx.enclosing_function(up) is None
    return False


_CACHE: weakref.WeakKeyDictionary[Startup, dict[tuple[str, str], frozenset[str] | None]] = (
    weakref.WeakKeyDictionary()
)


def joined_methods(startup: Startup, directory: str, owner: str) -> frozenset[str] | None:
    """The names of ``owner``'s methods that run while joined goroutines
    share a value (see the module doc); ``None`` when the type's values may
    be shared otherwise, or no joined start exists."""
    table = _CACHE.setdefault(startup, {})
    key = (os.path.abspath(directory), owner)
    if key not in table:
        table[key] = _Analysis(_Module(startup, key[0], owner)).run()
    return table[key]


class _Failed(Exception):
    """A ``T`` value may reach another goroutine some other way."""


class _Analysis:
    def __init__(self, module: _Module) -> None:
        self.m = module
        self.window: set[str] = set()
        self.joins = 0

    def run(self) -> frozenset[str] | None:
        m = self.m
        owner = m.owner.encode()
        for file in m.files:
            if owner not in file.data:
                continue
            for node in m.mentions(file):
                if _kept_mention(file, node, m.owner):
                    return None
        self._declarations()
        # the words that can give a function a T: the type, its constructors
        words = [
            owner,
            *(n.encode() for _, n in m.returning),
            *map(str.encode, m.methods_returning),
        ]
        try:
            for file in m.files:
                if not any(w in file.data for w in words):
                    continue
                for decl in file.root.named_children:
                    text = file.data[decl.start_byte : decl.end_byte]
                    if decl.type in _FUNCS and any(w in text for w in words):
                        self._function(file, decl)
            closed = self._closure()
        except _Failed:
            return None
        return frozenset(closed) if self.joins else None

    # -- declarations: which functions return T, which construct fresh ones

    def _declarations(self) -> None:
        m = self.m
        for file in m.files:
            directory = m.startup.directory(file)
            for decl in file.root.named_children:
                if decl.type not in _FUNCS:
                    continue
                name_node = decl.child_by_field_name("name")
                if name_node is None:
                    continue
                name = file.text(name_node)
                if decl.type == "method_declaration":
                    m.methods.setdefault(name, []).append((file, decl))
                    if directory == m.directory and _receiver_type(m, file, decl):
                        m.owner_methods.add(name)
                else:
                    m.funcs.setdefault((directory, name), []).append((file, decl))
                result = decl.child_by_field_name("result")
                if result is None or m.owner not in file.text(result):
                    continue
                if not self._returns_owner(file, decl):
                    continue
                if decl.type == "method_declaration":
                    m.methods_returning.add(name)
                    continue
                m.returning.add((directory, name))
                if self._constructs(file, decl):
                    m.fresh_constructors.add((directory, name))

    def _returns_owner(self, file: SourceFile, decl: Node) -> bool:
        result = decl.child_by_field_name("result")
        if result is None:
            return False
        if result.type == "parameter_list":
            first = next((c for c in result.named_children), None)
            kind = first.child_by_field_name("type") if first is not None else None
            return kind is not None and self.m.names_owner(file, kind)
        return self.m.names_owner(file, result)

    def _constructs(self, file: SourceFile, decl: Node) -> bool:
        """Every return of ``decl`` hands back a new ``T`` not kept first:
        ``&T{...}``, ``new(T)``, or a local (``&x``) every definition of
        which is one and that is only used to reach its fields."""
        body = sx.body(decl)
        if body is None:
            return False
        returns = [
            r for r in sx.nodes(body, ("return_statement",), closures=False) if r.named_children
        ]
        if not returns:
            return False
        for ret in returns:
            values = ret.named_children[0].named_children
            if not values:
                return False
            value = sx.unparen(values[0])
            if value.type == "unary_expression" and file.text(value).startswith("&"):
                inner = value.child_by_field_name("operand")
                value = sx.unparen(inner) if inner is not None else value
            if self._new_value(file, value):
                continue
            if value.type != "identifier" or not self._fresh_only(file, body, file.text(value)):
                return False
        return True

    def _new_value(self, file: SourceFile, value: Node) -> bool:
        value = sx.unparen(value)
        if value.type == "unary_expression" and file.text(value).startswith("&"):
            inner = value.child_by_field_name("operand")
            value = sx.unparen(inner) if inner is not None else value
        if value.type == "composite_literal":
            kind = value.child_by_field_name("type")
            return kind is not None and self.m.names_owner(file, kind)
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if fn is not None and file.text(fn) == "new" and args is not None:
                return any(self.m.names_owner(file, a) for a in args.named_children)
        return False

    def _fresh_only(self, file: SourceFile, body: Node, name: str) -> bool:
        """Every definition of the local ``name`` is a new ``T`` and its other
        uses (before it is returned) only reach fields or call methods."""
        found = False
        for node in sx.walk(body):
            if node.type != "identifier" or file.text(node) != name:
                continue
            defined, value = _definition(node)
            if defined:
                if value is None or not self._new_value(file, value):
                    return False
                found = True
                continue
            parent = node.parent
            if parent is not None and parent.type == "selector_expression":
                continue
            if parent is not None and parent.type == "unary_expression":
                parent = parent.parent
            if parent is not None and parent.type == "expression_list":
                up = parent.parent
                if up is not None and up.type == "return_statement":
                    continue
            return False
        return found

    # -- each function: the names holding a T and their uses

    def _function(self, file: SourceFile, decl: Node) -> None:
        names = self._owner_names(file, decl)
        for node in sx.walk(decl) if names else []:
            if node.type != "identifier" or file.text(node) not in names:
                continue
            if _definition(node)[0]:
                continue
            if node.parent is not None and node.parent.type in (
                "parameter_declaration",
                "variadic_parameter_declaration",
                "var_spec",
            ):
                continue
            self._use(file, decl, node, names)
        for node in sx.nodes(decl, ("call_expression", "composite_literal", "unary_expression")):
            if node.type == "unary_expression" and not file.text(node).startswith("&"):
                continue
            parent = node.parent
            if (
                node.type == "composite_literal"
                and parent is not None
                and parent.type == "unary_expression"
            ):
                continue  # &T{...}: the unary is the value
            if self._owner_value(file, node, set()):
                self._value_use(file, node)

    def _value_use(self, file: SourceFile, expr: Node) -> None:
        """A ``T`` made or returned by a call where it is used at once: defined
        into names, returned, a method called or a field reached, or passed
        (:meth:`_passed`); not stored (a field, an element, a send)."""
        parent = expr.parent
        while parent is not None and parent.type == "parenthesized_expression":
            expr, parent = parent, parent.parent
        if parent is None:
            raise _Failed
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == expr:
            return
        if parent.type == "argument_list":
            call = parent.parent
            if call is None or call.parent is None or call.parent.type == "go_statement":
                raise _Failed
            self._passed(file, call, parent.named_children.index(expr))
            return
        if parent.type == "var_spec":
            return  # (its type is checked with the names)
        if parent.type == "expression_list" and parent.parent is not None:
            holder = parent.parent
            if holder.type in ("return_statement", "var_spec"):
                return
            if (
                holder.type in ("short_var_declaration", "assignment_statement")
                and holder.child_by_field_name("right") == parent
            ):
                left = holder.child_by_field_name("left")
                if left is not None and all(t.type == "identifier" for t in left.named_children):
                    return
        raise _Failed

    def _owner_names(self, file: SourceFile, decl: Node) -> set[str]:
        """The names of ``decl`` (its literals included) that hold a ``T``."""
        m = self.m
        names: set[str] = set()
        for param in sx.nodes(decl, ("parameter_declaration", "variadic_parameter_declaration")):
            kind = param.child_by_field_name("type")
            if kind is not None and m.names_owner(file, kind):
                names.update(file.text(n) for n in param.children_by_field_name("name"))
        for spec in sx.nodes(decl, ("var_spec",)):
            kind = spec.child_by_field_name("type")
            value = spec.child_by_field_name("value")
            if kind is not None and m.names_owner(file, kind):
                names.update(file.text(n) for n in spec.children_by_field_name("name"))
            elif value is not None and any(
                self._owner_value(file, v, names) for v in value.named_children
            ):
                raise _Failed  # a T kept in a variable of another type
        changed = True
        while changed:
            changed = False
            for node in sx.nodes(decl, ("identifier",)):
                name = file.text(node)
                if name in names:
                    continue
                value = _definition(node)[1]
                if value is None:
                    continue
                if self._owner_value(file, value, names):
                    names.add(name)
                    changed = True
        return names

    def _owner_value(self, file: SourceFile, value: Node, names: set[str]) -> bool:
        """``value`` is a ``T``: a new one, a name holding one, or the result
        of a function or method of the module returning one."""
        m = self.m
        value = sx.unparen(value)
        if self._new_value(file, value):
            return True
        if value.type == "identifier":
            return file.text(value) in names
        if value.type != "call_expression":
            return False
        fn = value.child_by_field_name("function")
        if fn is None:
            return False
        if fn.type == "identifier":
            return (m.startup.directory(file), file.text(fn)) in m.returning
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None:
                return False
            name = file.text(field)
            if operand.type == "identifier":
                target = m.startup.import_names(file).get(file.text(operand), "")
                if target != "":
                    return target is not None and (target, name) in m.returning
            return name in m.methods_returning
        return False

    def _use(self, file: SourceFile, decl: Node, node: Node, names: set[str]) -> None:
        """One use of a name holding a ``T`` (see the module doc)."""
        name = file.text(node)
        parent = node.parent
        expr = node
        if parent is not None and parent.type == "unary_expression":
            if not file.text(parent).startswith("&"):
                raise _Failed
            expr, parent = parent, parent.parent  # &x: the value x is
        if parent is None:
            raise _Failed
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == node:
            up = parent.parent
            called = (
                up is not None
                and up.type == "call_expression"
                and up.child_by_field_name("function") == parent
            )
            field = parent.child_by_field_name("field")
            if not called and field is not None and file.text(field) in self.m.owner_methods:
                raise _Failed  # a method value binds the value
            if (
                called
                and up is not None
                and up.parent is not None
                and up.parent.type == "go_statement"
            ):
                raise _Failed
        elif parent.type == "argument_list":
            call = parent.parent
            if call is None or call.parent is None or call.parent.type == "go_statement":
                raise _Failed
            self._passed(file, call, parent.named_children.index(expr))
        elif parent.type == "expression_list" and parent.parent is not None:
            holder = parent.parent
            if holder.type == "return_statement":
                pass
            elif (
                holder.type == "assignment_statement"
                and holder.child_by_field_name("right") == parent
            ):
                left = holder.child_by_field_name("left")
                targets = left.named_children if left is not None else []
                if not all(t.type == "identifier" and file.text(t) in names for t in targets):
                    raise _Failed  # stored in a field, an element or another variable
            elif holder.type == "short_var_declaration":
                pass  # the new name holds a T too
            elif holder.type == "assignment_statement":
                pass  # reassigned: defined again
            else:
                raise _Failed
        elif parent.type in ("binary_expression", "if_statement", "expression_statement"):
            pass  # compared (x == nil), or a lone use
        else:
            raise _Failed
        self._captures(file, decl, node, name)

    def _passed(self, file: SourceFile, call: Node, position: int) -> None:
        """A ``T`` passed at ``position``: to a function of the module only at
        a parameter declared ``T``/``*T`` (``append`` keeps it)."""
        m = self.m
        fn = call.child_by_field_name("function")
        if fn is None:
            raise _Failed
        candidates: list[tuple[SourceFile, Node]] = []
        if fn.type == "identifier":
            name = file.text(fn)
            if name in ("append", "new", "make", "copy"):
                raise _Failed
            if name in ("len", "cap", "print", "println", "panic"):
                return
            candidates = m.funcs.get((m.startup.directory(file), name), [])
        elif fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None:
                raise _Failed
            name = file.text(field)
            target = (
                m.startup.import_names(file).get(file.text(operand), "")
                if operand.type == "identifier"
                else ""
            )
            if target is None:
                return  # another module's function
            candidates = m.funcs.get((target, name), []) if target else m.methods.get(name, [])
        else:
            raise _Failed
        for cfile, decl in candidates:
            params = decl.child_by_field_name("parameters")
            kinds: list[Node] = []
            for param in params.named_children if params is not None else []:
                kind = param.child_by_field_name("type")
                if kind is None:
                    continue
                kinds.extend([kind] * max(1, len(param.children_by_field_name("name"))))
            if position >= len(kinds) or not m.names_owner(cfile, kinds[position]):
                raise _Failed

    def _captures(self, file: SourceFile, decl: Node, node: Node, name: str) -> None:
        """The func literals between the use and its name's declaration are
        called on the spot, or are joined starts (:meth:`_joined`)."""
        for literal in sx.ancestors(node):
            if literal == decl:
                return
            if literal.type != "func_literal":
                continue
            if _declares(file, literal, name):
                return
            parent = literal.parent
            if (
                parent is not None
                and parent.type == "call_expression"
                and parent.child_by_field_name("function") == literal
            ):
                grand = parent.parent
                if grand is not None and grand.type == "go_statement":
                    self._joined(file, decl, literal, grand, node, name)
                    return
                continue  # called on the spot (or deferred)
            if parent is not None and parent.type == "argument_list":
                call = parent.parent
                fn = call.child_by_field_name("function") if call is not None else None
                if (
                    call is not None
                    and fn is not None
                    and fn.type == "selector_expression"
                    and len(parent.named_children) == 1
                    and _field(file, fn) == "Go"
                ):
                    self._joined(file, decl, literal, call, node, name)
                    return
            raise _Failed

    def _joined(
        self, file: SourceFile, decl: Node, literal: Node, start: Node, use: Node, name: str
    ) -> None:
        """``use`` of ``name`` in ``literal`` started at ``start`` in ``decl``
        is a joined start on a fresh local (see the module doc)."""
        waiter = self._waiter(file, literal, start)
        if waiter is None:
            raise _Failed
        body = sx.body(decl)
        if body is None or _declares_param(file, decl, name):
            raise _Failed
        defs = [
            n
            for n in sx.walk(body, closures=False)
            if n.type == "identifier" and file.text(n) == name and _definition(n)[0]
        ]
        if not defs:
            raise _Failed
        for d in defs:
            value = _definition(d)[1]
            if value is None or not self._fresh(file, value):
                raise _Failed
        wait = _wait_after(file, start, waiter)
        if wait is None:
            raise _Failed
        head, stmt = wait
        self._method_call(file, use)
        if _leaves_window(file, decl, head, stmt):
            # a return (or panic) before the wait: the function's deferred
            # calls run while the goroutines may still run
            for node in _deferred_uses(file, decl, name, stmt):
                self._method_call(file, node)
        # the window: from the statement holding the start to the wait
        for node in sx.walk(body):
            if node.type != "identifier" or file.text(node) != name:
                continue
            if not head.start_byte <= node.start_byte < stmt.start_byte:
                continue
            if _definition(node)[0]:
                raise _Failed  # defined again while the goroutines run
            inner = _inside_literal(node, decl)
            if inner is not None and inner != literal and _starts(inner):
                continue  # another start: checked on its own
            self._method_call(file, node)
        self.joins += 1

    def _fresh(self, file: SourceFile, value: Node) -> bool:
        if self._new_value(file, value):
            return True
        value = sx.unparen(value)
        if value.type != "call_expression":
            return False
        fn = value.child_by_field_name("function")
        if fn is None:
            return False
        m = self.m
        if fn.type == "identifier":
            return (m.startup.directory(file), file.text(fn)) in m.fresh_constructors
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            if operand is None or operand.type != "identifier":
                return False
            target = m.startup.import_names(file).get(file.text(operand))
            return target is not None and (target, _field(file, fn)) in m.fresh_constructors
        return False

    def _waiter(self, file: SourceFile, literal: Node, start: Node) -> str | None:
        """``x`` of ``x.Go(literal)``, or of a ``defer x.Done()`` (or a
        deferred literal calling ``x.Done()``) among the literal's statements."""
        if start.type == "call_expression":
            fn = start.child_by_field_name("function")
            operand = fn.child_by_field_name("operand") if fn is not None else None
            return sx.norm(file.text(operand)) if operand is not None else None
        body = sx.body(literal)
        for stmt in sx.block_statements(body):
            if stmt.type != "defer_statement" or not stmt.named_children:
                continue
            call = stmt.named_children[0]
            if call.type != "call_expression":
                continue
            fn = call.child_by_field_name("function")
            calls = [call]
            if fn is not None and fn.type == "func_literal":
                inner = sx.body(fn)
                calls = [
                    s.named_children[0]
                    for s in sx.block_statements(inner)
                    if s.type == "expression_statement"
                    and s.named_children
                    and s.named_children[0].type == "call_expression"
                ]
            for c in calls:
                parts = sx.call_parts(file, c)
                if parts is not None and parts[1] == "Done" and parts[0]:
                    return sx.norm(parts[0])
        return None

    def _method_call(self, file: SourceFile, node: Node) -> None:
        """``node`` is the operand of a method call: record the method."""
        parent = node.parent
        up = parent.parent if parent is not None else None
        if (
            parent is None
            or parent.type != "selector_expression"
            or parent.child_by_field_name("operand") != node
            or up is None
            or up.type != "call_expression"
            or up.child_by_field_name("function") != parent
        ):
            raise _Failed
        self.window.add(_field(file, parent))

    def _closure(self) -> set[str]:
        """The window's methods with those they call on their receiver; a
        window method that uses its receiver otherwise fails."""
        m = self.m
        done: set[str] = set()
        todo = list(self.window)
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            for file, decl in m.methods.get(name, []):
                if m.startup.directory(file) != m.directory:
                    continue
                receiver = decl.child_by_field_name("receiver")
                param = receiver.named_children[0] if receiver and receiver.named_children else None
                kind = param.child_by_field_name("type") if param is not None else None
                if kind is None or not m.names_owner(file, kind):
                    continue
                names = param.children_by_field_name("name") if param is not None else []
                if not names:
                    continue
                recv = file.text(names[0])
                body = sx.body(decl)
                for node in sx.walk(body) if body is not None else []:
                    if node.type != "identifier" or file.text(node) != recv:
                        continue
                    parent = node.parent
                    if parent is None or parent.type != "selector_expression":
                        raise _Failed
                    up = parent.parent
                    if (
                        up is not None
                        and up.type == "call_expression"
                        and up.child_by_field_name("function") == parent
                    ):
                        todo.append(_field(file, parent))
        return done


def _definition(name: Node) -> tuple[bool, Node | None]:
    """Whether ``name`` is defined here (``name := v``, ``name = v``, ``var
    name = v``) and the one value it is given (``None``: not one expression,
    ``a, b := f()``, or ``var x T``)."""
    holder = name.parent
    if holder is None:
        return False, None
    if holder.type == "var_spec":
        names = holder.children_by_field_name("name")
        if name not in names:
            return False, None
        value = holder.child_by_field_name("value")
    else:
        if holder.type != "expression_list":
            return False, None
        left = holder
        holder = holder.parent
        if holder is None or holder.type not in ("short_var_declaration", "assignment_statement"):
            return False, None
        if holder.child_by_field_name("left") != left:
            return False, None
        value = holder.child_by_field_name("right")
        names = left.named_children
    if value is None:
        return True, None
    values = value.named_children if value.type == "expression_list" else [value]
    if len(values) != len(names):
        return True, None
    return True, values[names.index(name)]


def _declares(file: SourceFile, literal: Node, name: str) -> bool:
    """The func literal declares ``name`` itself (a parameter or a local)."""
    if _declares_param(file, literal, name):
        return True
    body = sx.body(literal)
    for node in sx.walk(body, closures=False) if body is not None else []:
        if node.type == "identifier" and file.text(node) == name:
            holder = node.parent
            if holder is not None and holder.type == "expression_list":
                holder = holder.parent
            if holder is not None and holder.type in ("short_var_declaration", "var_spec"):
                return True
    return False


def _declares_param(file: SourceFile, func: Node, name: str) -> bool:
    for field in ("parameters", "receiver", "result"):
        params = func.child_by_field_name(field)
        for param in params.named_children if params is not None else []:
            if any(file.text(n) == name for n in param.children_by_field_name("name")):
                return True
    return False


def _receiver_type(m: _Module, file: SourceFile, decl: Node) -> bool:
    receiver = decl.child_by_field_name("receiver")
    param = receiver.named_children[0] if receiver is not None and receiver.named_children else None
    kind = param.child_by_field_name("type") if param is not None else None
    return kind is not None and m.names_owner(file, kind)


def _field(file: SourceFile, selector: Node) -> str:
    field = selector.child_by_field_name("field")
    return file.text(field) if field is not None else ""


def _inside_literal(node: Node, stop: Node) -> Node | None:
    for up in sx.ancestors(node):
        if up == stop:
            return None
        if up.type == "func_literal":
            return up
    return None


def _starts(literal: Node) -> bool:
    """The func literal is started as a goroutine (``go func(){...}()``,
    ``x.Go(func() ...)``)."""
    parent = literal.parent
    if parent is None:
        return False
    if parent.type == "call_expression" and parent.child_by_field_name("function") == literal:
        return parent.parent is not None and parent.parent.type == "go_statement"
    return parent.type == "argument_list"


_BREAKS = (
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
)


def _leaves_window(file: SourceFile, decl: Node, head: Node, wait: Node) -> bool:
    """Whether the function ``decl`` can return between the statement
    ``head`` that starts goroutines and the ``wait`` that joins them (a
    ``return`` or a ``panic`` there): its deferred calls then run while
    the goroutines may still run. Raises :class:`_Failed` when the window
    can be left otherwise (a ``break``, ``continue`` or ``goto`` to a
    statement outside it, a ``return`` of a func literal around the window):
    the code after that statement runs without the wait."""
    window = (head.start_byte, wait.start_byte)
    own = sx.enclosing_function(head)

    def inside(node: Node) -> bool:
        return window[0] <= node.start_byte and node.end_byte <= window[1]

    leaves = False
    kinds = ("return_statement", "break_statement", "continue_statement", "goto_statement")
    for node in sx.nodes(head.parent or head, (*kinds, "call_expression")):
        if not inside(node) or sx.enclosing_function(node) != own:
            continue
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and file.text(fn) == "panic":
                leaves = True
            continue
        if node.type == "return_statement":
            if own != decl:
                raise _Failed  # returns from a func literal: decl goes on
            leaves = True
            continue
        if node.type == "goto_statement":
            raise _Failed
        label = next((c for c in node.named_children if c.type == "label_name"), None)
        target: Node | None = None
        for up in sx.ancestors(node):
            if label is not None:
                name = up.child_by_field_name("label") if up.type == "labeled_statement" else None
                if name is not None and file.text(name) == file.text(label):
                    target = up
                    break
            elif up.type == "for_statement" or (
                node.type == "break_statement" and up.type in _BREAKS
            ):
                target = up
                break
            if up == own:
                break
        if target is None or not inside(target):
            raise _Failed  # leaves the window for code after the wait's block
    return leaves


def _deferred_uses(file: SourceFile, decl: Node, name: str, wait: Node) -> Iterator[Node]:
    """The uses of ``name`` in the calls that ``decl`` defers before
    ``wait`` (``defer l.Print()``, ``defer func() { n = l.Count() }()``)."""
    for stmt in sx.nodes(decl, ("defer_statement",)):
        if stmt.start_byte >= wait.start_byte or sx.enclosing_function(stmt) != decl:
            continue
        for node in sx.walk(stmt):
            if node.type == "identifier" and file.text(node) == name:
                yield node


def _wait_after(file: SourceFile, start: Node, waiter: str) -> tuple[Node, Node] | None:
    """The statement of an enclosing block that holds ``start`` (its head),
    and a later statement of that block that waits on ``waiter``
    (``x.Wait()``, ``err := x.Wait()``, ``if err := x.Wait(); ...``,
    ``return x.Wait()``)."""
    for head in [start, *sx.ancestors(start)]:
        block = head.parent
        if block is None:
            return None
        if block.type == "func_literal" or head.type in _FUNCS:
            return None
        if block.type not in ("block", "statement_list"):
            continue
        later = False
        for stmt in block.named_children:
            if stmt == head:
                later = True
                continue
            if later and _waits(file, stmt, waiter):
                return head, stmt
    return None


def _waits(file: SourceFile, stmt: Node, waiter: str) -> bool:
    node: Node | None = stmt
    if stmt.type == "if_statement":
        node = stmt.child_by_field_name("initializer")
    if node is None:
        return False
    if node.type in ("expression_statement", "return_statement"):
        calls = [c for c in node.named_children if c.type == "call_expression"]
        if node.type == "return_statement" and node.named_children:
            calls = [
                c for c in node.named_children[0].named_children if c.type == "call_expression"
            ] or calls
    elif node.type in ("short_var_declaration", "assignment_statement"):
        right = node.child_by_field_name("right")
        calls = (
            [c for c in right.named_children if c.type == "call_expression"]
            if right is not None
            else []
        )
    else:
        return False
    for call in calls:
        parts = sx.call_parts(file, call)
        if parts is not None and parts[1] == "Wait" and sx.norm(parts[0]) == waiter:
            return True
    return False
