"""Maps that a copy, a callee or a function's result leaves non-empty (NM004).

:mod:`.ownobjects` proves that an object the program creates has a map with
an entry when it is created. This module adds the steps that reach that
map through the package's functions:

* a deep copy keeps the contents of the maps: ``y := x.DeepCopy()`` (and
  ``y := *x``) has ``y.Data`` non-empty when ``x.Data`` is non-empty there;
* a function of the package handed ``&x`` (or ``x`` when its parameter is a
  pointer) that, on every ``return`` that does not give a non-nil error,
  has written a key into ``p.Data`` (``p.Data[k] = v``, ``p.Data =
  literal with keys``) leaves ``x.Data`` non-empty once the caller has
  checked that error (``if err != nil { return ... }`` right after);
* a parameter holds what every caller of the (unexported, not handed on)
  function passes; a result ``x, err := f()`` holds what each ``return`` of
  ``f`` that gives no error returns;
* ``for _, k := range list { if v, ok := m[k]; !ok || ... { m[k] = ... } }``
  over a literal with elements leaves ``m`` non-empty: the body runs at
  least once, and either ``ok`` was true (``m`` has the key) or the body
  wrote it.

A write on only some paths (one branch of an ``if``), a ``return`` that
can give a nil error before the write, or a copy taken before the callee
runs leaves the map possibly empty.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl

Node = tree_sitter.Node

MAX_DEPTH = 4


class Filler:
    """Answers :meth:`filled` across the functions of one package."""

    def __init__(
        self,
        callee: Callable[[src.SourceFile, Node], FuncDecl | None],
        decl_of: Callable[[Node], FuncDecl | None],
        callers: Callable[[FuncDecl], list[tuple[FuncDecl, Node]] | None],
    ) -> None:
        self._callee = callee  # the package's function a call (in a file) reaches
        self._decl_of = decl_of  # the declaration of a function node
        self._callers = callers  # every call of a function, None when not all seen

    # ---- the walk -----------------------------------------------------------

    def filled(
        self,
        file: src.SourceFile,
        body: Node,
        name: str,
        steps: list[str],
        at: Node,
        depth: int = 0,
    ) -> bool:
        """The statements that run before ``at`` on every path to it leave
        ``name.steps`` with an entry (the parameter ``name`` starts with
        what its callers pass)."""
        if depth > MAX_DEPTH:
            return False
        state = self._param(file, body, name, steps, depth)
        for stmt in dominating(at, body):
            state = self.step(file, body, stmt, name, steps, state, depth)
        return state

    def step(
        self,
        file: src.SourceFile,
        body: Node,
        stmt: Node,
        name: str,
        steps: list[str],
        state: bool,
        depth: int,
    ) -> bool:
        """The state of ``name.steps`` after ``stmt``, ``state`` before it."""
        text = file.text
        forms = ".".join([name, *steps])
        sides = sx.assignment_sides(stmt)
        lefts = [sx.norm(text(left)) for left in sides[0]] if sides else []
        if sides and len(sides[1]) == 1 and len(lefts) > 1 and name in lefts:
            # x, err := f(...): one call, several results
            return self._result(file, stmt, sides[1][0], lefts.index(name), steps, depth)
        for left, right in zip(*sides, strict=False) if sides else ():
            target = sx.norm(text(left))
            if target in (name, "*" + name):
                state = self._copied(file, body, right, steps, stmt, depth)
                state = state or self._result(file, stmt, right, 0, steps, depth)
            elif target == forms:
                state = _literal_entries(right)
            elif left.type == "index_expression":
                operand = left.child_by_field_name("operand")
                if operand is not None and sx.norm(text(operand)) == forms:
                    state = True
        if not state:
            state = self._handed(file, stmt, name, steps, depth)
        if not state and stmt.type == "for_statement":
            state = _range_fills(file, stmt, forms)
        return state

    # ---- through a copy -------------------------------------------------------

    def _copied(
        self,
        file: src.SourceFile,
        body: Node,
        value: Node,
        steps: list[str],
        stmt: Node,
        depth: int,
    ) -> bool:
        """``value`` is ``x.DeepCopy()`` (or ``*x``) of a variable ``x``
        whose ``x.steps`` has an entry before ``stmt``."""
        value = sx.unparen(value)
        source: Node | None = None
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if (
                fn is not None
                and fn.type == "selector_expression"
                and args is not None
                and not args.named_children
            ):
                field = fn.child_by_field_name("field")
                if field is not None and file.text(field) == "DeepCopy":
                    source = fn.child_by_field_name("operand")
        elif value.type == "unary_expression" and file.text(value).startswith("*"):
            source = value.child_by_field_name("operand")
        if source is None or sx.unparen(source).type != "identifier":
            return False
        copied = file.text(sx.unparen(source))
        return self.filled(file, body, copied, steps, stmt, depth + 1)

    # ---- through a parameter's callers ---------------------------------------

    def _param(
        self, file: src.SourceFile, body: Node, name: str, steps: list[str], depth: int
    ) -> bool:
        """``name`` is a parameter of the function of ``body`` and every
        caller passes a value whose ``steps`` has an entry."""
        func = sx.parent(body)
        decl = self._decl_of(func) if func is not None else None
        if decl is None:
            return False
        names = [p.name for p in decl.params]
        if name not in names:
            return False
        position = names.index(name)
        callers = self._callers(decl)
        if not callers:
            return False
        for caller, call in callers:
            args = call.child_by_field_name("arguments")
            values = args.named_children if args is not None else []
            outer = caller.body
            if position >= len(values) or outer is None:
                return False
            arg = sx.norm(caller.file.text(values[position])).removeprefix("&")
            if not self.filled(caller.file, outer, arg, steps, call, depth + 1):
                return False
        return True

    # ---- through a callee ------------------------------------------------------

    def _handed(
        self, file: src.SourceFile, stmt: Node, name: str, steps: list[str], depth: int
    ) -> bool:
        """``stmt`` calls a function of the package with ``&name`` (or
        ``name`` for a pointer parameter) that leaves the map with an entry
        on each return without an error, and the error is checked."""
        for call in _calls_of(stmt):
            decl = self._callee(file, call)
            args = call.child_by_field_name("arguments")
            inner = decl.body if decl is not None else None
            if decl is None or inner is None or args is None:
                continue
            for position, arg in enumerate(args.named_children):
                shown = sx.norm(file.text(arg))
                if shown not in (name, "&" + name) or position >= len(decl.params):
                    continue
                param = decl.params[position]
                if shown == name and not param.type_text.startswith("*"):
                    continue  # a copy of the struct: the callee's own fields
                if _fills_on_return(self, decl.file, inner, param.name, steps, depth) and (
                    _error_checked(file, stmt, call) or not _can_fail(decl)
                ):
                    return True
        return False

    def _result(
        self,
        file: src.SourceFile,
        stmt: Node,
        value: Node,
        index: int,
        steps: list[str],
        depth: int,
    ) -> bool:
        """``value`` is a call of a function of the package whose result
        ``index`` has the map with an entry on each return without an
        error, and the caller checks that error."""
        value = sx.unparen(value)
        if value.type != "call_expression":
            return False
        decl = self._callee(file, value)
        inner = decl.body if decl is not None else None
        if decl is None or inner is None:
            return False
        if _can_fail(decl) and not _error_checked(file, stmt, value):
            return False
        returns = sx.nodes(inner, ("return_statement",), closures=False)
        if not returns:
            return False
        for ret in returns:
            values = returned(ret)
            if fails(decl.file, ret, inner):
                continue
            if index >= len(values) or sx.unparen(values[index]).type != "identifier":
                return False
            result = decl.file.text(sx.unparen(values[index]))
            if not self.filled(decl.file, inner, result, steps, ret, depth + 1):
                return False
        return True


def _fills_on_return(
    filler: Filler, file: src.SourceFile, body: Node, name: str, steps: list[str], depth: int
) -> bool:
    """Each ``return`` of ``body`` gives a non-nil error or comes after
    statements that give ``name.steps`` an entry, and so do all of its
    statements when it can end without one."""
    statements = sx.statements(body)
    if not statements:
        return False
    if statements[-1].type != "return_statement":
        state = False
        for stmt in statements:
            state = filler.step(file, body, stmt, name, steps, state, depth + 1)
        if not state:
            return False
    for ret in sx.nodes(body, ("return_statement",), closures=False):
        if fails(file, ret, body):
            continue
        if not filler.filled(file, body, name, steps, ret, depth + 1):
            return False
    return True


def _range_fills(file: src.SourceFile, loop: Node, forms: str) -> bool:
    """``for _, k := range <literal with elements> { if _, ok := m[k]; !ok
    || ... { m[k] = v } }``: the body runs at least once and leaves ``m``
    (``forms``) with a key either way."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if right is None or not _range_literal(file, loop, right):
        return False
    block = loop.child_by_field_name("body")
    for stmt in sx.statements(block):
        if _writes_missing(file, stmt, forms):
            return True
        if _leaves(stmt):
            return False  # an iteration may end before the write
    return False


def _writes_missing(file: src.SourceFile, stmt: Node, forms: str) -> bool:
    """``if v, ok := m[k]; !ok || ... { m[k] = ... }`` (``m`` is
    ``forms``): ``ok`` was true, or the key is written first thing."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    init = stmt.child_by_field_name("initializer")
    condition = stmt.child_by_field_name("condition")
    consequence = stmt.child_by_field_name("consequence")
    sides = sx.assignment_sides(init) if init is not None else None
    if condition is None or consequence is None or not sides:
        return False
    if len(sides[0]) != 2 or len(sides[1]) != 1:
        return False
    index = sx.unparen(sides[1][0])
    operand = index.child_by_field_name("operand") if index.type == "index_expression" else None
    if operand is None or sx.norm(file.text(operand)) != forms:
        return False
    ok = sx.norm(file.text(sides[0][1]))
    checked = sx.norm(file.text(condition))
    if checked != "!" + ok and not checked.startswith("!" + ok + "||"):
        return False
    for inner in sx.statements(consequence):
        if _leaves(inner):
            return False
        found = sx.assignment_sides(inner)
        if found and any(
            left.type == "index_expression"
            and sx.norm(file.text(left.child_by_field_name("operand") or left)) == forms
            for left in found[0]
        ):
            return True
    return False


def _range_literal(file: src.SourceFile, loop: Node, value: Node) -> bool:
    """``value`` is a slice literal with elements, or a local given one
    just before the loop and not assigned since."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        return _literal_entries(value)
    if value.type != "identifier":
        return False
    block = sx.parent(loop)
    if block is None or not sx.is_statement_list(block):
        return False
    name = file.text(value)
    given = False
    for stmt in sx.preceding(loop, block):
        sides = sx.assignment_sides(stmt)
        for left, right in zip(*sides, strict=False) if sides else ():
            if sx.norm(file.text(left)) == name:
                given = _literal_entries(right)
    return given


def _leaves(stmt: Node) -> bool:
    """``stmt`` may end the iteration or the function: a ``return``,
    ``break``, ``continue`` or ``goto`` in it."""
    kinds = ("return_statement", "break_statement", "continue_statement", "goto_statement")
    return stmt.type in kinds or bool(sx.nodes(stmt, kinds, closures=False))


def _literal_entries(value: Node) -> bool:
    """A composite literal with elements."""
    value = sx.unparen(value)
    if value.type != "composite_literal":
        return False
    inner = value.child_by_field_name("body")
    return inner is not None and any(
        c.type in ("keyed_element", "literal_element") for c in inner.named_children
    )


def returned(ret: Node) -> list[Node]:
    values = [c for c in ret.named_children if c.type != "comment"]
    if len(values) == 1 and values[0].type == "expression_list":
        values = values[0].named_children
    return values


def _can_fail(decl: FuncDecl) -> bool:
    """The function's last result is an ``error``."""
    return bool(decl.results) and sx.norm(decl.results[-1].type_text) == "error"


def _calls_of(stmt: Node) -> list[Node]:
    """The call that ``stmt`` makes: an expression statement's, the right
    side of ``v, err := f(...)``, or an ``if``'s initializer's."""
    if stmt.type == "if_statement":
        init = stmt.child_by_field_name("initializer")
        return _calls_of(init) if init is not None else []
    if stmt.type == "expression_statement":
        inner = sx.unparen(stmt.named_children[0]) if stmt.named_children else None
        return [inner] if inner is not None and inner.type == "call_expression" else []
    sides = sx.assignment_sides(stmt)
    if sides and len(sides[1]) == 1 and sx.unparen(sides[1][0]).type == "call_expression":
        return [sx.unparen(sides[1][0])]
    return []


def _error_checked(file: src.SourceFile, stmt: Node, call: Node) -> bool:
    """The error ``call`` gives (its last result, assigned by ``stmt``) is
    checked right after: ``if err != nil { ...; return ... }`` (the
    statement's own ``if`` when ``stmt`` is ``if ...; err != nil {``)."""
    check: Node | None = None
    assign = stmt
    if stmt.type == "if_statement":
        check = stmt
        assign = stmt.child_by_field_name("initializer") or stmt
    sides = sx.assignment_sides(assign)
    if not sides or len(sides[1]) != 1 or sx.unparen(sides[1][0]).id != call.id:
        return False
    err = sx.norm(file.text(sides[0][-1]))
    if err == "_":
        return False
    if check is None:
        block = sx.parent(stmt)
        if block is None or not sx.is_statement_list(block):
            return False
        later = [s for s in sx.statements(block) if s.start_byte > stmt.start_byte]
        check = later[0] if later and later[0].type == "if_statement" else None
        if check is not None and check.child_by_field_name("initializer") is not None:
            return False
    condition = check.child_by_field_name("condition") if check is not None else None
    consequence = check.child_by_field_name("consequence") if check is not None else None
    if condition is None or consequence is None:
        return False
    if sx.norm(file.text(condition)) not in (err + "!=nil", "nil!=" + err):
        return False
    statements = sx.statements(consequence)
    return bool(statements) and statements[-1].type == "return_statement"


def fails(file: src.SourceFile, ret: Node, body: Node) -> bool:
    """``ret`` returns an error that is not nil as its last value:
    ``fmt.Errorf(...)``, ``errors.New(...)``, or, in the block of ``if e !=
    nil {``, ``e`` or a call handed ``e``."""
    values = returned(ret)
    if not values:
        return False
    value = sx.unparen(values[-1])
    if value.type == "call_expression" and sx.call_parts(file, value) in (
        ("fmt", "Errorf"),
        ("errors", "New"),
    ):
        return True
    for child, up in sx.climb(ret, body):
        if up.type == "if_statement":
            # in the block of ``if e != nil {`` or the else of ``if e == nil``
            condition = up.child_by_field_name("condition")
            consequence = up.child_by_field_name("consequence")
            alternative = up.child_by_field_name("alternative")
            checked = sx.norm(file.text(condition)) if condition is not None else ""
            err = ""
            if consequence is not None and child.id == consequence.id:
                err = checked.removesuffix("!=nil") if checked.endswith("!=nil") else ""
            elif alternative is not None and child.id == alternative.id:
                err = checked.removesuffix("==nil") if checked.endswith("==nil") else ""
            if not err:
                continue
            if sx.norm(file.text(value)) == err:
                return True
            call = value.type == "call_expression"
            args = value.child_by_field_name("arguments") if call else None
            return args is not None and any(
                sx.norm(file.text(a)) == err for a in args.named_children
            )
        if up.id == body.id:
            break
    return False


def dominating(node: Node, body: Node) -> list[Node]:
    """The statements before ``node`` in each block around it, up to
    ``body``, in source order: they run before it on every path."""
    found: list[Node] = []
    for child, up in sx.climb(node, body):
        if sx.is_statement_list(up):
            found.extend(s for s in sx.preceding(child, up) if s.type != "comment")
        if up.id == body.id:
            break
    return sorted(found, key=lambda s: s.start_byte)
