"""The nil-state flow analysis of one map variable over a function body
(the walker behind NIL_FLOW, :mod:`.nilflow`).

The state of the variable is a bit set: ``NIL`` (nil on some path),
``NONNIL`` (made on some path); ``MAYBE`` is both, ``DEAD`` no path at all.
Paths join at if/switch/select, loops iterate to a fixed point,
return/break/continue/panic end a path, and conditions such as
``m == nil``, ``m != nil``, ``len(m) > 0`` refine the state of each branch.
Any value other than ``nil`` assigned to the variable counts as non-nil.

The analysis gives up (:class:`GiveUp`) where it cannot follow the variable:
its address taken, assignments inside closures, ``goto``.

The walk is iterative (:mod:`.steps`): a body nested a thousand blocks deep
costs no Python recursion. The module is longer than 600 lines because the
walker handles every statement and condition form in one class, whose
handlers share the per-walk state (loop frames, comma-ok and check bools).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod.source import SourceFile, of_types
from gofixmap.codemod.syntax import (
    INDEX_TYPES,
    binary,
    defined_values,
    in_closure,
    index_view,
    is_statement_list,
    statement_list,
    var_specs,
)
from gofixmap.rules.facts.calleffects import decoder_into, exits, keeps_on_empty
from gofixmap.rules.facts.steps import Step, drive

Node = tree_sitter.Node

DEAD = 0
NIL = 1
NONNIL = 2
MAYBE = NIL | NONNIL

# simple statements whose calls run where the statement is (not ``go``/``defer``)
_CALLING = frozenset(
    (
        "expression_statement",
        "var_declaration",
        "short_var_declaration",
        "assignment_statement",
        "return_statement",
    )
)

# statements whose value may be a copy of the variable (``maps.Clone(m)``)
_CLONING = frozenset(
    ("var_declaration", "short_var_declaration", "assignment_statement", "return_statement")
)


class GiveUp(Exception):
    """The variable cannot be followed in this function."""


@dataclass
class _Frame:
    kind: str  # "loop" | "switch"
    label: str
    breaks: int = DEAD
    continues: int = DEAD


@dataclass
class NilFlow:
    """Follow one variable through ``body``.

    ``refers(ident)`` tells whether an identifier node denotes the variable
    (for the left side of ``:=``: whether it redeclares it in its own scope);
    ``declares(ident)`` whether an identifier is the name in the variable's
    own declaration, which sets the state to its initial value. ``initial``
    is the state at the start of the body (``NIL`` for a named result, ``NONNIL`` otherwise).
    """

    file: SourceFile
    refers: Callable[[Node], bool]
    declares: Callable[[Node], bool]
    initial: int = NONNIL
    writes: dict[int, int] = field(default_factory=dict)  # target start byte → state
    write_nodes: dict[int, Node] = field(default_factory=dict)
    # state of result ``i`` of a call (``r := f()``); ``None``: made
    call_result: Callable[[Node, int], int | None] | None = None
    # state of ``m[k]`` when ``m`` is a map of maps (a missing key gives nil)
    element: Callable[[Node], int | None] | None = None
    # whether result ``i`` of a call is nil only together with a non-nil error
    error_tied: Callable[[Node, int], bool] | None = None
    # the argument of a call that copies a map (``maps.Clone(x)``), else None
    clone_of: Callable[[Node], Node | None] | None = None
    clones: dict[int, int] = field(default_factory=dict)  # copy call start byte → state
    # the arguments of a call that the callee writes into as maps
    # (``merge(m, extra)`` with ``merge`` writing its first parameter): each
    # one that is the variable counts as a write at the call
    passed_to_writer: Callable[[Node], list[Node]] | None = None
    # the state the variable's own declaration gives it (``None``: that of
    # its value): an alias ``a := m`` followed with ``m``'s state there
    declared_state: int | None = None
    # ``a := m`` / ``var a = m``: the name node of each alias ``a`` declared
    # from the variable (one name, the variable alone on the right), by its
    # start byte, and the joined state of the variable there
    aliases: dict[int, int] = field(default_factory=dict)
    alias_nodes: dict[int, Node] = field(default_factory=dict)
    # the error variable assigned with the variable from such a call:
    # ``m, err := f()``; ``err == nil`` then proves ``m`` non-nil
    _errs: set[str] = field(default_factory=set)
    _frames: list[_Frame] = field(default_factory=list)
    # ``v, ok := m[k]``: ok true proves m non-nil; a name assigned anything
    # else (or the map reassigned) is no longer trusted
    _oks: set[str] = field(default_factory=set)
    _poisoned: set[str] = field(default_factory=set)
    # a name trusted again after it was poisoned, by a comma-ok lookup that
    # is a statement of a block: trusted only later in that block (every
    # path from the lookup to such a use runs inside the block, through the
    # lookup; another assignment on the way poisons it again): the block and
    # the end of the lookup statement
    _ok_scopes: dict[str, tuple[Node, int]] = field(default_factory=dict)
    # ``b := m != nil`` (any condition on the variable): the states the
    # variable can have where ``b`` is true and where it is false; dropped
    # when ``b`` or the variable is assigned again
    _bools: dict[str, tuple[int, int]] = field(default_factory=dict)

    def run(self, body: Node) -> dict[int, int]:
        """The joined state at each index write into the variable, keyed by
        the start byte of the written ``index_expression``."""
        drive(self._block(body, self.initial))
        return self.writes

    # ------------------------------------------------------------------ statements

    def _block(self, node: Node, state: int) -> Step[int]:
        body = statement_list(node)
        return (yield self._list(body, state)) if body is not None else state

    def _list(self, node: Node, state: int) -> Step[int]:
        for stmt in node.named_children:
            if state == DEAD:
                return DEAD
            state = yield self._stmt(stmt, state)
        return state

    def _stmt(self, stmt: Node, state: int, label: str = "") -> Step[int]:
        kind = stmt.type
        if kind == "comment" or state == DEAD:
            return state
        nested = self._compound(stmt, state, label)
        if nested is not None:
            result: int = yield nested
            return result
        if self.clone_of is not None and kind in _CLONING:
            self._observe_clones(stmt, state)
        if self.passed_to_writer is not None and kind in _CALLING:
            state = self._callee_writes(stmt, state)
        if kind in ("var_declaration", "short_var_declaration"):
            self._observe_alias(stmt, state)
        if kind == "var_declaration":
            return self._var(stmt, state)
        if kind == "short_var_declaration":
            return self._assign(stmt, state, short=True)
        if kind == "assignment_statement":
            return self._assign(stmt, state, short=False)
        if kind in ("inc_statement", "dec_statement"):
            target = stmt.named_children[0] if stmt.named_children else None
            if target is not None:
                state = self._write(target, state)
            return state
        if kind == "expression_statement":
            if self._exits(stmt):
                return DEAD
            # the error dropped: a failed decode leaves the map as it was
            return state | NONNIL if self._decodes(stmt) else state
        if kind == "return_statement":
            return DEAD
        if kind == "goto_statement":
            raise GiveUp("goto")
        if kind == "break_statement":
            frame = self._target(stmt, loop_only=False)
            if frame is not None:
                frame.breaks |= state
            return DEAD
        if kind == "continue_statement":
            frame = self._target(stmt, loop_only=True)
            if frame is not None:
                frame.continues |= state
            return DEAD
        return state

    def _compound(self, stmt: Node, state: int, label: str) -> Step[int] | None:
        """The handler of a statement that holds statements, else ``None``."""
        kind = stmt.type
        if kind == "block":
            return self._block(stmt, state)
        if is_statement_list(stmt):
            return self._list(stmt, state)
        if kind == "labeled_statement":
            label_node = stmt.child_by_field_name("label")
            inner = stmt.named_children[-1]
            name = self.file.text(label_node) if label_node is not None else ""
            return self._stmt(inner, state, name)
        if kind == "if_statement":
            return self._if(stmt, state)
        if kind == "for_statement":
            return self._for(stmt, state, label)
        if kind in ("expression_switch_statement", "type_switch_statement"):
            return self._switch(stmt, state, label)
        if kind == "select_statement":
            return self._select(stmt, state, label)
        return None

    def _observe_clones(self, stmt: Node, state: int) -> None:
        """The state of the variable where a statement copies it
        (``c := maps.Clone(m)``: the copy of a nil map is nil)."""
        assert self.clone_of is not None
        for call in of_types(stmt, ("call_expression",)):
            arg = self.clone_of(call)
            if arg is not None and self._is_var(arg):
                self.clones[call.start_byte] = self.clones.get(call.start_byte, DEAD) | state

    def _observe_alias(self, stmt: Node, state: int) -> None:
        """Record the state of the variable where ``stmt`` declares an alias
        of it (``a := m``, ``var a = m``, ``var a T = m``)."""
        if stmt.type == "short_var_declaration":
            names, values = defined_values(stmt)
        else:
            specs = list(var_specs(stmt))
            if len(specs) != 1:
                return
            names, values = defined_values(specs[0])
        if len(names) != 1 or len(values) != 1 or names[0].type != "identifier":
            return
        value = values[0]
        while value.type == "parenthesized_expression" and value.named_children:
            value = value.named_children[0]
        if value.type != "identifier" or not self.refers(value) or self.refers(names[0]):
            return
        key = names[0].start_byte
        self.aliases[key] = self.aliases.get(key, DEAD) | state
        self.alias_nodes[key] = names[0]

    def _callee_writes(self, stmt: Node, state: int) -> int:
        """Calls of ``stmt`` that pass the variable to a parameter the callee
        writes into: a write at the argument (a nil map panics in the callee,
        so the paths that go on hold a map)."""
        assert self.passed_to_writer is not None
        for call in of_types(stmt, ("call_expression",)):
            if in_closure(call, stmt):
                continue  # a closure's body runs elsewhere
            for arg in self.passed_to_writer(call):
                if self._is_var(arg):
                    key = arg.start_byte
                    self.writes[key] = self.writes.get(key, DEAD) | state
                    self.write_nodes[key] = arg
                    state &= NONNIL
        return state

    def _target(self, stmt: Node, loop_only: bool) -> _Frame | None:
        label_node = next((c for c in stmt.named_children if c.type == "label_name"), None)
        label = self.file.text(label_node) if label_node is not None else ""
        for frame in reversed(self._frames):
            if label:
                if frame.label == label:
                    return frame
            elif not loop_only or frame.kind == "loop":
                return frame
        return None

    def _exits(self, stmt: Node) -> bool:
        return exits(self.file, stmt)

    def _var(self, stmt: Node, state: int) -> int:
        for spec in var_specs(stmt):
            names = spec.children_by_field_name("name")
            value_list = spec.child_by_field_name("value")
            values = value_list.named_children if value_list is not None else []
            for i, ident in enumerate(names):
                if not self.declares(ident):
                    self._distrust(self.file.text(ident))
                    self._bools.pop(self.file.text(ident), None)
                    self._poisoned.add(self.file.text(ident))
                    continue
                if self.declared_state is not None:
                    state = self.declared_state
                else:
                    state = self._result(values, len(names), i) if values else NIL
        return state

    def _decodes(self, node: Node) -> bool:
        """``node`` holds a decoder call into the variable's address
        (``json.Unmarshal(b, &m)``, ``dec.Decode(&m)``): on the paths where
        it succeeded the map is made (an input of ``null`` aside); where its
        error is dropped, a failed decode (malformed or empty input) leaves
        the map as it was."""
        for call in of_types(node, ("call_expression",)):
            if decoder_into(self.file, call, self.refers):
                return True
        return False

    def _assign(self, stmt: Node, state: int, short: bool) -> int:
        left = stmt.child_by_field_name("left")
        if self._decodes(stmt.child_by_field_name("right") or stmt):
            # err := json.Unmarshal(b, &m): made where it succeeded; with the
            # error dropped (_ = ...) a failed decode leaves it as it was
            dropped = left is not None and all(
                self.file.text(n) == "_" for n in left.named_children
            )
            calls = of_types(stmt.child_by_field_name("right") or stmt, ("call_expression",))
            keeps = any(keeps_on_empty(self.file, c) for c in calls)  # YAML: "" succeeds
            state = state | NONNIL if dropped or keeps else NONNIL
        right = stmt.child_by_field_name("right")
        operator = stmt.child_by_field_name("operator")
        if left is None:
            return state
        lefts = left.named_children
        rights = right.named_children if right is not None else []
        for target in lefts:
            if target.type in INDEX_TYPES:
                state = self._write(target, state)
        plain = short or operator is None or self.file.text(operator) == "="
        comma_ok = plain and len(lefts) == 2 and len(rights) == 1 and self._is_lookup(rights[0])
        tied: set[str] | None = None  # the variable assigned: its error, if any
        others: set[str] = set()
        for i, target in enumerate(lefts):
            if target.type != "identifier":
                continue
            if plain and (self.declares(target) or self.refers(target)):
                if self.declared_state is not None and self.declares(target):
                    state = self.declared_state
                else:
                    state = self._result(rights, len(lefts), i)
                self._poisoned |= self._oks | set(self._bools)
                self._oks.clear()
                self._ok_scopes.clear()
                self._bools.clear()
                tied = self._tied_error(lefts, rights, i)
                continue
            name = self.file.text(target)
            if name == "_":
                continue
            others.add(name)
            self._bools.pop(name, None)
            if comma_ok and i == 1 and name not in self._poisoned:
                self._oks.add(name)
                self._ok_scopes.pop(name, None)
            elif comma_ok and i == 1 and stmt.parent is not None and is_statement_list(stmt.parent):
                self._oks.add(name)
                self._ok_scopes[name] = (stmt.parent, stmt.end_byte)
            else:
                self._distrust(name)
                if (
                    short
                    and len(rights) == len(lefts)
                    and name not in self._poisoned
                    and (refined := self._refinement(rights[i], state)) is not None
                ):
                    self._bools[name] = refined
                    continue
                self._poisoned.add(name)
        self._errs = tied if tied is not None else self._errs - others
        return state

    def _refinement(self, expr: Node, state: int) -> tuple[int, int] | None:
        """``(yes, no)`` when ``expr`` is a condition on the variable
        (``m != nil``, ``len(m) > 0``, ...) that tells its states apart."""
        if expr.type not in ("binary_expression", "unary_expression", "parenthesized_expression"):
            return None
        found: tuple[int, int] = drive(self._cond(expr, MAYBE))
        return None if found == (MAYBE, MAYBE) else found

    def _tied_error(self, lefts: list[Node], rights: list[Node], i: int) -> set[str]:
        """``{err}`` for ``m, err := f()`` when ``f`` gives a nil map at ``i``
        only together with a non-nil error."""
        if len(rights) != 1 or len(lefts) < 2 or self.error_tied is None:
            return set()
        call = rights[0]
        last = lefts[-1]
        if call.type != "call_expression" or last.type != "identifier" or i == len(lefts) - 1:
            return set()
        name = self.file.text(last)
        return {name} if name != "_" and self.error_tied(call, i) else set()

    def _write(self, target: Node, state: int) -> int:
        view = index_view(target)
        if view is None:
            return state
        operand = view[0]
        if operand.type not in ("identifier", "type_identifier") or not self.refers(operand):
            return state
        key = target.start_byte
        self.writes[key] = self.writes.get(key, DEAD) | state
        self.write_nodes[key] = target
        return state & NONNIL  # a write into nil panics: surviving paths hold a map

    def _result(self, rights: list[Node], count: int, i: int) -> int:
        """The state of the ``i``-th of ``count`` names assigned from ``rights``."""
        if len(rights) == count:
            return self._value(rights[i])
        if len(rights) == 1:
            return self._value(rights[0], i)
        return NONNIL

    def _value(self, expr: Node, position: int = 0) -> int:
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type == "nil":
            return NIL
        if expr.type == "call_expression":
            args = expr.child_by_field_name("arguments")
            if args is not None and len(args.named_children) == 1:
                arg = args.named_children[0]
                function = expr.child_by_field_name("function")
                if arg.type == "nil" and function is not None and function.type != "identifier":
                    return NIL  # a conversion such as map[string]int(nil)
            if self.call_result is not None:
                found = self.call_result(expr, position)
                if found is not None:
                    return found
        if expr.type == "index_expression" and position == 0 and self.element is not None:
            found = self.element(expr)
            if found is not None:
                return found
        return NONNIL

    def _if(self, stmt: Node, state: int) -> Step[int]:
        init = stmt.child_by_field_name("initializer")
        if init is not None:
            state = yield self._stmt(init, state)
        condition = stmt.child_by_field_name("condition")
        yes, no = (yield self._cond(condition, state)) if condition is not None else (state, state)
        if init is not None and condition is not None and self._comma_ok(init, condition):
            yes &= NONNIL  # if _, ok := m[k]; ok { ... }: the key exists
        consequence = stmt.child_by_field_name("consequence")
        alternative = stmt.child_by_field_name("alternative")
        out = (yield self._stmt(consequence, yes)) if consequence is not None else yes
        out |= (yield self._stmt(alternative, no)) if alternative is not None else no
        return out

    def _comma_ok(self, init: Node, condition: Node) -> bool:
        if init.type != "short_var_declaration" or condition.type != "identifier":
            return False
        left = init.child_by_field_name("left")
        right = init.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 2:
            return False
        if len(right.named_children) != 1:
            return False
        ok_name = self.file.text(left.named_children[1])
        return ok_name == self.file.text(condition) and self._is_lookup(right.named_children[0])

    def _for(self, stmt: Node, state: int, label: str) -> Step[int]:
        clause = next(
            (c for c in stmt.named_children if c.type in ("for_clause", "range_clause")), None
        )
        body = stmt.child_by_field_name("body")
        condition: Node | None = None
        update: Node | None = None
        if clause is not None and clause.type == "for_clause":
            init = clause.child_by_field_name("initializer")
            if init is not None:
                state = yield self._stmt(init, state)
            condition = clause.child_by_field_name("condition")
            update = clause.child_by_field_name("update")
        elif clause is None:
            condition = next(
                (c for c in stmt.named_children if c != body and c.type != "comment"), None
            )
        # ``for k := range m``: the body runs only when ``m`` has a key, so
        # only when it is non-nil (a nil map has no keys); the range value is
        # taken once, so later rounds start from what the body left
        is_range = clause is not None and clause.type == "range_clause"
        ranged = clause.child_by_field_name("right") if clause is not None else None
        if is_range and ranged is not None and self.passed_to_writer is not None:
            # ``for k := range f(m)``: the range expression runs once, before
            # the first round, so a callee that writes into ``m`` does so there
            state = self._callee_writes(ranged, state)
        entry = state & NONNIL if ranged is not None and self._is_var(ranged) else state
        frame = _Frame("loop", label)
        self._frames.append(frame)
        head = state
        carried = DEAD
        exit_state = DEAD
        try:
            for _ in range(8):
                if is_range:
                    yes, no = entry | carried, head
                elif condition is not None:
                    yes, no = yield self._cond(condition, head)
                else:
                    yes, no = head, DEAD
                out = (yield self._stmt(body, yes)) if body is not None else yes
                out |= frame.continues
                if update is not None and out != DEAD:
                    out = yield self._stmt(update, out)
                exit_state = no
                new_head = head | out
                if is_range:
                    # the next round starts from entry | carried | out
                    if out & ~(entry | carried) == DEAD:
                        break
                elif new_head == head:
                    break
                head = new_head
                carried |= out
        finally:
            self._frames.pop()
        return exit_state | frame.breaks

    def _switch(self, stmt: Node, state: int, label: str) -> Step[int]:
        init = stmt.child_by_field_name("initializer")
        if init is not None:
            state = yield self._stmt(init, state)
        tagless = (
            stmt.type == "expression_switch_statement" and stmt.child_by_field_name("value") is None
        )
        frame = _Frame("switch", label)
        self._frames.append(frame)
        out = DEAD
        has_default = False
        carried = DEAD
        try:
            for case in stmt.named_children:
                if case.type not in ("expression_case", "type_case", "default_case"):
                    continue
                entry = state
                if case.type == "default_case":
                    has_default = True
                elif tagless:
                    values = case.child_by_field_name("value")
                    if values is not None and len(values.named_children) == 1:
                        entry, _ = yield self._cond(values.named_children[0], state)
                entry |= carried
                carried = DEAD
                case_out = yield self._case_body(case, entry)
                if self._falls_through(case):
                    carried = case_out
                else:
                    out |= case_out
        finally:
            self._frames.pop()
        if not has_default:
            out |= state
        return out | carried | frame.breaks

    def _select(self, stmt: Node, state: int, label: str) -> Step[int]:
        frame = _Frame("switch", label)
        self._frames.append(frame)
        out = DEAD
        try:
            for case in stmt.named_children:
                if case.type not in ("communication_case", "default_case"):
                    continue
                entry = state
                comm = case.child_by_field_name("communication")
                if comm is not None:
                    entry = yield self._stmt(comm, entry)
                out |= yield self._case_body(case, entry)
        finally:
            self._frames.pop()
        return out | frame.breaks

    def _case_body(self, case: Node, state: int) -> Step[int]:
        body = statement_list(case)
        return (yield self._list(body, state)) if body is not None else state

    def _falls_through(self, case: Node) -> bool:
        body = statement_list(case)
        if body is None or not body.named_children:
            return False
        return body.named_children[-1].type == "fallthrough_statement"

    # ------------------------------------------------------------------ conditions

    def _cond(self, expr: Node, state: int) -> Step[tuple[int, int]]:
        """(state when ``expr`` is true, state when it is false)."""
        text = self.file.text
        if expr.type == "parenthesized_expression" and expr.named_children:
            result: tuple[int, int] = yield self._cond(expr.named_children[0], state)
            return result
        if expr.type == "unary_expression":
            operator = expr.child_by_field_name("operator")
            operand = expr.child_by_field_name("operand")
            if operator is not None and operand is not None and text(operator) == "!":
                yes, no = yield self._cond(operand, state)
                return no, yes
            return state, state
        if expr.type == "identifier" and self._trusted(expr):
            return state & NONNIL, state  # ok of v, ok := m[k]: the key exists
        if expr.type == "identifier" and text(expr) in self._bools:
            yes, no = self._bools[text(expr)]  # b := m != nil: b is the check
            return state & yes, state & no
        parts = binary(expr) if expr.type == "binary_expression" else None
        if parts is None:
            return state, state
        operator, left, right = parts
        op = text(operator)
        if op == "&&":
            yes1, no1 = yield self._cond(left, state)
            yes2, no2 = yield self._cond(right, yes1)
            return yes2, no1 | no2
        if op == "||":
            yes1, no1 = yield self._cond(left, state)
            yes2, no2 = yield self._cond(right, no1)
            return yes1 | yes2, no2
        if op in ("==", "!=") and self._errs:
            err = left if right.type == "nil" else right if left.type == "nil" else None
            if err is not None and err.type == "identifier" and text(err) in self._errs:
                # the map is nil only with an error: no error, a map
                return (state & NONNIL, state) if op == "==" else (state, state & NONNIL)
        if op in ("==", "!="):
            other = None
            if right.type == "nil" and self._is_var(left):
                other = left
            elif left.type == "nil" and self._is_var(right):
                other = right
            if other is not None:
                is_nil, not_nil = state & NIL, state & NONNIL
                return (is_nil, not_nil) if op == "==" else (not_nil, is_nil)
        # m[k] > 0: a non-zero element only exists in a non-nil map
        # (``m[k] != v`` says nothing when ``v`` may be non-zero: a nil map's
        # zero element differs from it too)
        if op == ">" and self._is_element(left) and right.type != "nil":
            return state & NONNIL, state
        if op in ("==", "!="):
            # m[k] != nil, m[k] == "": a nil map's element is the zero value,
            # so only a non-nil map can hold an element that differs from it
            element = (
                left
                if self._is_element(left) and self._is_zero_or_nil(right)
                else right
                if self._is_element(right) and self._is_zero_or_nil(left)
                else None
            )
            if element is not None:
                return (state & NONNIL, state) if op == "!=" else (state, state & NONNIL)
        # len(m) > 0 and friends: true only for a non-empty, hence non-nil, map
        if self._is_len(left) and right.type == "int_literal":
            bound = text(right)
            if (op in (">", "!=") and bound == "0") or (op == ">=" and bound != "0"):
                return state & NONNIL, state
            if (op == "==" and bound == "0") or (op == "<" and bound == "1"):
                return state, state & NONNIL
        if self._is_len(right) and left.type == "int_literal":
            bound = text(left)
            if (op in ("<", "!=") and bound == "0") or (op == "<=" and bound != "0"):
                return state & NONNIL, state
            if op == "==" and bound == "0":
                return state, state & NONNIL
        return state, state

    def _distrust(self, name: str) -> None:
        self._oks.discard(name)
        self._ok_scopes.pop(name, None)

    def _trusted(self, ident: Node) -> bool:
        """``ident`` is an ``ok`` that a lookup in the variable set on the way here."""
        name = self.file.text(ident)
        if name not in self._oks:
            return False
        scope = self._ok_scopes.get(name)
        if scope is None:
            return True
        block, after = scope
        return ident.start_byte >= after and ident.end_byte <= block.end_byte

    def _is_var(self, node: Node) -> bool:
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        return node.type in ("identifier", "type_identifier") and self.refers(node)

    def _is_lookup(self, node: Node) -> bool:
        """``m[k]``, or ``m[k].(T)``: its ``ok`` holds only for a key found in
        the map (a missing key gives a nil interface, which no assertion
        matches), so only for a non-nil map."""
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node.type == "type_assertion_expression":
            operand = node.child_by_field_name("operand")
            if operand is None:
                return False
            node = operand
            while node.type == "parenthesized_expression" and node.named_children:
                node = node.named_children[0]
        return self._is_element(node)

    def _is_zero(self, node: Node) -> bool:
        """A zero value written as a literal: ``""``, ``0``, ``0.0``, ``false``."""
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        text = self.file.text(node)
        if node.type in ("interpreted_string_literal", "raw_string_literal"):
            return text in ('""', "``")
        if node.type in ("int_literal", "float_literal"):
            return text.strip("0._") in ("", "x", "X", "b", "B", "o", "O")
        return node.type == "false"

    def _is_zero_or_nil(self, node: Node) -> bool:
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        return node.type == "nil" or self._is_zero(node)

    def _is_element(self, node: Node) -> bool:
        view = index_view(node) if node.type in INDEX_TYPES else None
        return view is not None and self._is_var(view[0])

    def _is_len(self, node: Node) -> bool:
        if node.type != "call_expression":
            return False
        function = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        return (
            function is not None
            and self.file.text(function) == "len"
            and args is not None
            and len(args.named_children) == 1
            and self._is_var(args.named_children[0])
        )
