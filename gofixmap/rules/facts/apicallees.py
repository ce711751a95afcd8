"""API_CALLEES: what a function's body proves about the maps below its
pointer parameters, as its callers see it (an exported fact computed from
source, like a go/analysis object fact), for NM004's guards.

For each function and method of the package with a body (a pointer
receiver is position -1; a ``metav1.Object`` / ``client.Object`` parameter
counts as a pointer: only pointers implement them), by parameter position,
the field paths below the parameter (``Annotations``, ``ObjectMeta.Labels``,
``Data``) that are

- ``ensured``: not nil whenever the function returns. A statement of the
  body's own list, before any statement that can return, makes the map when
  it is nil (``if p.M == nil { p.M = make(...) }``), assigns it a made map,
  a literal or a local that holds one (made, made when nil, or written
  into), writes into it (``p.M[k] = v``: with a nil map that panics, so the
  function does not return), calls ObjectMeta's setter with such a map
  (``p.SetLabels(l)``, unless the type declares its own), or hands ``p``
  (or ``&p.A``, or ``p`` as a receiver) to a function or method that
  ensures the map below it. A call counts as made when its function never
  returns a nil map (:mod:`.madereturns`): of the package, at once; of
  another package (``labels.Merge``), recorded in ``ensured_if`` for the
  caller to ask. The parameter is a pointer, so the caller's object is the
  one changed. ``if p == nil { ... }`` does not end the scan: it runs only
  when there is no object. An assignment of anything else to ``p.M`` (or a
  setter call) later in the body drops the path.
- ``checked``: not nil when the function returns a nil error (its last
  result is an ``error``). A statement of the body's own list, before any
  statement that can return otherwise, returns a non-nil error when the map
  is nil, empty or lacks a key: ``v, ok := p.M[k]; if !ok { return ..., err }``,
  ``if _, ok := p.M[k]; !ok {...}``, ``if p.M == nil {...}``,
  ``if len(p.M) == 0 {...}``, a value at a key tested zero (``if p.M[k] ==
  "" {...}``, ``if len(p.M[k]) == 0 {...}``, ``v := p.M[k]; if v == ""
  {...}``, ``v`` never assigned again: a nil map reads every key as zero),
  each also as a term of ``a || b``, or makes it when nil. A key found in a
  map means the map is not nil. Statements whose every ``return`` gives a non-nil
  error (a call, or ``err`` under ``if err != nil``) do not end the scan: a
  defaulting method that validates first (``CheckNSetDefaults``) and makes
  the map after checks the map for every caller that leaves on its error.
  So does a path ``ensured`` (as above) by a statement that comes after
  only such statements: ``if err != nil { return fmt.Errorf(...) }``, then
  ``meta.SetAnnotation(p, k, v)`` makes the map whenever it returns nil.
  A call that leaves on its error (``if err := f(...); err != nil { return
  ..., err }``, or ``err = f(...)`` right before the ``if``) checks what
  its callee checks below the argument or receiver: ``p``, ``&p.A``, or a
  field's value ``p.A.B.validate()`` (its method found through the declared
  types of the package's struct fields, also for the value of a range over
  such a slice, ``for _, x := range l { x.validate() }``, ``l := p.S``
  defined once: a local keeps the type it is defined with). A block ``if p.X != nil { ... }``
  checks the paths below ``X`` that its own statements check: a write
  through ``p.X.M`` dereferences ``X``, so it runs only where ``X`` is not
  nil, and there the block ran. So it does for ``if p.A.E != nil``, ``E``
  the one embedded field of ``A``'s struct type, of the paths ``A.F...``
  whose ``F`` is not a field ``A``'s type declares: ``F`` is promoted
  from ``E`` (``p.A.Resources`` is ``p.A.E.Resources``), so a write
  through it dereferences ``E``. A loop ``for _, x := range p.S { ... }``
  over a slice of pointers (or over a local ``l := p.S`` only grown by
  ``append``) whose body checks ``x.M`` as above, and can neither skip an
  element (``continue``, ``break``, ``goto``) nor return a nil error,
  checks ``S[i].M``: every element, unless the body assigns ``p.S`` or an
  element of it. A local defined once as ``c := &p.A`` names
  ``p.A``; one defined as the copy ``c := p.A`` names it for a path that
  reaches a pointer field first (the copy shares what the pointer points
  to; a map made in the copy's own fields is not the caller's), and only in
  statements before any that may change the copy itself (assign a field of
  its own, such as the pointer field, call a method on it or on a field of
  its own, take such a field's address).
- ``ensured_when``: not nil whenever the function returns and a condition
  on the object held: a statement of the body's own list, before any that
  can return, is ``if C { ... }`` (no else, no initializer) whose block
  makes the map as for ``ensured``; a term ``p.M == nil`` of ``C`` drops
  out (the map is there when it is false). Every other term of ``C`` reads
  only fields below ``p`` (no call, index or other name), and neither the
  map nor those fields are assigned after it. Kept as the terms' text with
  ``p`` written :data:`WHEN_PARAM`; a caller's write inside ``if``
  statements with those terms (or after ``if`` statements that leave when
  one is false), said of the object it hands, finds the map.
- ``true_if``: for a function with one ``bool`` result, not nil whenever it
  returns true: every ``return`` gives ``false`` or a conjunction with the
  ``ok`` of a comma-ok lookup into the map (in the body's own list, never
  assigned again), or a statement of the body's own list before any other
  that can return is ``if <the map lacks a key, as for checked> { return
  false }``.

- ``nonnil_if``: for a function whose first result is a pointer, map or
  slice, not nil whenever that result is not nil: a statement of the
  body's own list before any other that can return is ``if <the map lacks
  a key, as for checked> { return nil, ... }``.

A parameter of a named type passed by value (``meta metav1.ObjectMeta``)
that the body only reads (``untouched``) has ``checked``, ``true_if``
and ``nonnil_if`` too: a map value is a reference, so the copy's map fields are the caller's
maps, and a key found in one is found in the caller's.
- ``nonzero_if`` (positions of map parameters): for a function with one
  result, the map holds a key whenever the result is not the zero value:
  every ``return`` gives a zero literal (``""``, ``0``, ``nil``) or sits in
  an ``if`` whose condition has the ``ok`` of a comma-ok lookup into the
  map as a conjunct (``if v, ok := m[k]; ok && v != "" { return v }``), the
  parameter never assigned. A caller's ``v := get(m, k)`` then reads like
  ``v := m[k]``: a non-empty ``v`` means the map is there.
- ``untouched`` (positions): the function only reads what is below the
  parameter (fields and elements, ObjectMeta's getters, nil checks,
  functions that leave it untouched in turn; no assignment below it), so
  a caller's ``f(&x)`` does not replace ``x`` or its maps.

Only the body's own statement list counts: a check inside a branch may be
skipped, and a ``return`` before the check may return nil first. A
reassignment of the parameter itself ends the scan. A path is dropped again
when the body, after the proof, may assign it anything but a made map, assign
a field on the way to it (``p.ObjectMeta = ...``) or all of ``*p``; in a
function literal such an assignment counts wherever it is (it may run later).

The module is longer than 600 lines because each of the answers is a
small flow analysis of its own over the same statement lists, and all of them
must agree on what a path below a parameter is (``_path``, the pointee, the
made locals): kept together, one reading of a body serves them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, PackageIndex, Param
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.stdlib import is_std
from gofixmap.rules.facts import lookups
from gofixmap.rules.facts.madereturns import MADE_RETURNS, made_map

Node = tree_sitter.Node


@dataclass(frozen=True)
class FuncProof:
    """Field paths below parameter ``i`` (by position) the function proves.
    ``ensured_if``: paths ensured when the function of another package that
    the body assigns them from (import path, name) never returns a nil map
    (:data:`~gofixmap.rules.facts.madereturns.MADE_RETURNS`, asked by the
    caller, whose run can read that package)."""

    ensured: Mapping[int, frozenset[str]] = field(default_factory=dict)
    checked: Mapping[int, frozenset[str]] = field(default_factory=dict)
    ensured_if: Mapping[int, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    untouched: frozenset[int] = frozenset()
    # a bool function: paths not nil whenever it returns true
    true_if: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # map parameters that hold a key whenever the one result is not zero
    nonzero_if: frozenset[int] = frozenset()
    # paths made only under a condition on the object: the path, and the
    # terms of that condition with the parameter written as WHEN_PARAM
    ensured_when: Mapping[int, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    # paths that hold a key whenever the first result is not nil
    nonnil_if: Mapping[int, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CalleeProofs:
    """The value of API_CALLEES: ``funcs[name]`` for the package's functions."""

    funcs: Mapping[str, FuncProof] = field(default_factory=dict)

    def get(self, name: str) -> FuncProof | None:
        return self.funcs.get(name)


def _returns(stmt: Node) -> bool:
    """``stmt`` holds a ``return`` of its function (not of a literal in it)."""
    if stmt.type == "return_statement":
        return True
    return any(True for _ in src.of_types(stmt, ("return_statement",), "func_literal"))


# the path of what a pointer parameter points to (``*p``, a map for a
# ``*map[K]V`` parameter: ``func merge(dst *map[string]string, ...)``)
POINTEE = "*"


def _path(file: SourceFile, node: Node, param: str) -> str | None:
    """``p.A.B`` → ``A.B`` for the parameter ``p`` (``(*p).A`` too);
    ``*p`` → :data:`POINTEE`."""
    text = sx.norm(file.text(sx.unparen(node)))
    if text == f"*{param}":
        return POINTEE
    for prefix in (param + ".", f"(*{param})."):
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if rest and all(part.isidentifier() for part in rest.split(".")):
                return rest
    return None


# a made map (True), one when the imported function (import path, name)
# never returns nil, or not known to be made (False)
Made = bool | tuple[str, str]


# the parameter in the terms of an ``ensured_when`` condition
WHEN_PARAM = "\x00"


# what a call proves: the callee's FuncProof (``None``: not known)
ProofOf = Callable[[SourceFile, Node], "FuncProof | None"]


@dataclass(frozen=True)
class _Makers:
    """What makes a map in a package: its functions that never return nil
    (:data:`MADE_RETURNS`), the imports of each file, and what a call's
    callee proves (``proof_of``: a function or method of the package, or a
    function of another package)."""

    funcs: frozenset[str] = frozenset()
    imports: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    proof_of: ProofOf | None = None
    methods: Mapping[str, frozenset[str]] = field(default_factory=dict)
    index: PackageIndex | None = None

    def funcs_of_type(self, type_name: str) -> frozenset[str]:
        """The names of the methods the package declares on ``type_name``."""
        return self.methods.get(type_name, frozenset())

    def proof(self, file: SourceFile, call: Node) -> FuncProof | None:
        return self.proof_of(file, call) if self.proof_of is not None else None

    def made(self, file: SourceFile, value: Node) -> Made:
        """``value`` is a made map: ``make``, a literal, ``F(...)`` of a
        function of the package that never returns nil, or ``pkg.F(...)``
        (made when that function never returns nil)."""
        if made_map(file, value):
            return True
        value = sx.unparen(value)
        fn = value.child_by_field_name("function") if value.type == "call_expression" else None
        if fn is None:
            return False
        if fn.type == "identifier":
            return file.text(fn) in self.funcs
        operand = fn.child_by_field_name("operand")
        name = fn.child_by_field_name("field")
        if fn.type != "selector_expression" or operand is None or name is None:
            return False
        if operand.type != "identifier":
            return False
        path = self.imports.get(file.path, {}).get(file.text(operand))
        return (path, file.text(name)) if path else False


def _assignments(file: SourceFile, stmt: Node, param: str) -> list[tuple[str, Node | None]]:
    """The paths below ``param`` that ``stmt`` (a simple statement) assigns,
    with the value (``None``: not a single value per target); ``""`` for the
    parameter itself."""
    if stmt.type not in ("assignment_statement", "short_var_declaration"):
        return []
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return []
    lefts = left.named_children
    rights = right.named_children
    found: list[tuple[str, Node | None]] = []
    for i, target in enumerate(lefts):
        value = rights[i] if len(rights) == len(lefts) else None
        if stmt.type == "assignment_statement" and sx.norm(file.text(target)) == param:
            found.append(("", value))
            continue
        if stmt.type == "short_var_declaration" and file.text(target) == param:
            found.append(("", value))  # shadowed from here on
            continue
        path = _path(file, target, param)
        if path is not None:
            found.append((path, value if file.text(stmt.child(1) or stmt) == "=" else None))
    return found


def _written(file: SourceFile, stmt: Node, param: str) -> str | None:
    """``p.M[k] = v`` (or ``op=``, ``++``): the path of the map written."""
    if stmt.type in ("inc_statement", "dec_statement"):
        targets = stmt.named_children[:1]
    elif stmt.type == "assignment_statement":
        left = stmt.child_by_field_name("left")
        targets = left.named_children if left is not None else []
    else:
        return None
    for target in targets:
        target = sx.unparen(target)
        operand = target.child_by_field_name("operand")
        if target.type == "index_expression" and operand is not None:
            path = _path(file, operand, param)
            if path is not None:
                return path
    return None


def _ensured(
    file: SourceFile,
    body: Node,
    param: str,
    makers: _Makers,
    conditions: dict[str, tuple[str, str]] | None = None,
    setters: bool = False,
    error_exits: bool = False,
) -> dict[str, int]:
    """The paths made by a statement of the body's own list before any that
    can return, with the start of that statement; ``conditions`` receives
    the paths made only when an imported function never returns nil.
    ``setters``: ``p.SetLabels(l)`` / ``p.SetAnnotations(l)`` are
    ObjectMeta's setters (the type declares none of its own).
    ``error_exits``: a statement whose every ``return`` gives a non-nil
    error (:func:`_error_exits`) does not end the scan: the paths found are
    then made whenever the function returns a nil error."""
    ensured: dict[str, int] = {}
    conditions = {} if conditions is None else conditions
    made_locals = _MadeLocals(file, makers)
    for stmt in sx.block_statements(body):
        assigned = _assignments(file, stmt, param)
        if any(path == "" for path, _ in assigned):
            break
        for path, value in assigned:
            made = made_locals.made(value) if value is not None else False
            conditions.pop(path, None)
            if made is True:
                ensured[path] = stmt.start_byte
            elif made:
                ensured[path] = stmt.start_byte
                conditions[path] = made
            else:
                ensured.pop(path, None)
        written = _written(file, stmt, param)
        if written is not None:
            ensured[written] = stmt.start_byte
            conditions.pop(written, None)
        for path, made in _called(file, stmt, param, makers, made_locals, setters):
            ensured[path] = stmt.start_byte
            conditions.pop(path, None)
            if made is not True and made is not False:
                conditions[path] = made
        made_locals.step(stmt)
        if stmt.type == "if_statement" and not _returns(stmt):
            made_path = _made_when_nil(file, stmt, param)
            if made_path is not None:
                ensured[made_path] = stmt.start_byte
                conditions.pop(made_path, None)
                continue
        if _nil_exit(file, stmt, param):
            continue  # p == nil: there is no object below p to speak of
        if _returns(stmt) and not (error_exits and _error_exits(file, stmt)):
            break
    return ensured


def _ensured_when(
    file: SourceFile, body: Node, param: str, makers: _Makers
) -> dict[str, frozenset[str]]:
    """The paths that a statement of the body's own list, before any that
    can return, makes under a condition on the object alone: ``if C {
    p.M = make(...) }`` or ``if C && p.M == nil { p.M = ... }`` (no else,
    no initializer; the block's own statements make the map, as for
    ``ensured``). Every term of ``C`` reads only fields below ``p`` (no
    call, no other variable), so a caller whose write runs under the same
    terms on the same object finds the map made. Neither the map nor a
    field the condition reads may be assigned after it (:func:`_kept`).
    With the terms of ``C``, ``p`` written as :data:`WHEN_PARAM`."""
    found: dict[str, tuple[int, frozenset[str], set[str]]] = {}
    for stmt in sx.block_statements(body):
        if any(path == "" for path, _ in _assignments(file, stmt, param)):
            break
        plain = _plain_if(stmt)
        if plain is not None and not _returns(stmt):
            cond, then = plain
            made = _ensured(file, then, param, makers)
            for path in made:
                terms = [t for t in sx.terms(cond, "&&") if not _nil_term(file, t, param, path)]
                read = [_reads_only(file, t, param) for t in terms]
                if terms and all(r is not None for r in read):
                    written = frozenset(_when_text(file, t, param) for t in terms)
                    fields = {f for r in read if r is not None for f in r}
                    found[path] = (stmt.start_byte, written, fields)
        if _nil_exit(file, stmt, param):
            continue
        if _returns(stmt):
            break
    kept: dict[str, frozenset[str]] = {}
    for path, (at, condition, fields) in found.items():
        proved = {f: at for f in fields | {path}}
        if _kept(file, body, param, proved, makers) == frozenset(proved):
            kept[path] = condition
    return kept


def _nil_term(file: SourceFile, term: Node, param: str, path: str) -> bool:
    """``term`` is ``p.path == nil``: the block runs also when it is false
    for a map that is there."""
    parts = sx.binary(term)
    if parts is None or file.text(parts[0]) != "==":
        return False
    _, left, right = parts
    tested = left if right.type == "nil" else right if left.type == "nil" else None
    return tested is not None and _path(file, tested, param) == path


def _reads_only(file: SourceFile, term: Node, param: str) -> set[str] | None:
    """The paths below ``param`` that ``term`` reads when it reads nothing
    else: no call, no other name (literals, operators, fields of ``p``)."""
    fields: set[str] = set()
    for node in src.walk(term):
        if node.type in ("call_expression", "func_literal", "index_expression"):
            return None
        if node.type == "identifier" and file.text(node) != param:
            return None
        if node.type == "selector_expression":
            up = node.parent
            if up is not None and up.type == "selector_expression":
                continue  # the outermost selector names the field
            path = _path(file, node, param)
            if path is None:
                return None
            fields.add(path)
    return fields if fields else None


def _when_text(file: SourceFile, term: Node, param: str) -> str:
    """The text of ``term`` without white space, ``param`` written as
    :data:`WHEN_PARAM`."""
    data = file.data[term.start_byte : term.end_byte]
    spans = [
        (n.start_byte - term.start_byte, n.end_byte - term.start_byte)
        for n in src.walk(term)
        if n.type == "identifier" and file.text(n) == param
    ]
    for begin, end in sorted(spans, reverse=True):
        data = data[:begin] + WHEN_PARAM.encode() + data[end:]
    return sx.norm(data.decode("utf-8", "replace"))


class _MadeLocals:
    """The local variables that hold a made map, statement by statement of a
    body's own list: assigned ``make(...)``, a literal or a made call's
    result, made when nil (``if l == nil { l = map[K]V{} }``), or written
    into (``l[k] = v``: with a nil map that panics, so nothing after it
    runs). A variable whose address is taken, or that a nested statement
    assigns, is no longer known."""

    def __init__(self, file: SourceFile, makers: _Makers) -> None:
        self.file = file
        self.makers = makers
        self.names: set[str] = set()
        self.lost: set[str] = set()

    def made(self, value: Node) -> Made:
        found = self.makers.made(self.file, value)
        if found:
            return found
        value = sx.unparen(value)
        return value.type == "identifier" and self.file.text(value) in self.names

    def step(self, stmt: Node) -> None:
        file = self.file
        for node in sx.nodes(stmt, ("unary_expression",)):
            text = sx.norm(file.text(node))
            if text.startswith("&") and text[1:].isidentifier():
                self.lost.add(text[1:])
                self.names.discard(text[1:])
        sides = sx.assignment_sides(stmt)
        if sides is not None:
            lefts, rights = sides
            plain = stmt.type == "short_var_declaration" or file.text(stmt.child(1) or stmt) == "="
            for i, target in enumerate(lefts):
                target = sx.unparen(target)
                if target.type == "identifier":
                    name = file.text(target)
                    value = rights[i] if len(rights) == len(lefts) else None
                    known = plain and value is not None and name not in self.lost
                    if known and value is not None and self.made(value) is True:
                        self.names.add(name)
                        continue
                    self.names.discard(name)
                else:
                    self._written(target)
            self._nested(rights)
            return
        if stmt.type in ("inc_statement", "dec_statement"):
            for target in stmt.named_children[:1]:
                self._written(sx.unparen(target))
            return
        tested = _if_nil(file, stmt)
        if tested is not None and sx.unparen(tested[0]).type == "identifier":
            name = file.text(sx.unparen(tested[0]))
            inner = sx.block_statements(tested[1])
            if name not in self.lost and any(
                sx.norm(file.text(left)) == name and made_map(file, value)
                for st in inner
                for left, value in _pairs(st)
            ):
                self._nested([stmt])
                self.names.add(name)
                return
        self._nested([stmt])

    def _written(self, target: Node) -> None:
        """``l[k] = v`` (or ``op=``, ``++``) with ``l`` a local: made from here."""
        if target.type != "index_expression":
            return
        operand = target.child_by_field_name("operand")
        if operand is not None and sx.unparen(operand).type == "identifier":
            name = self.file.text(sx.unparen(operand))
            if name not in self.lost:
                self.names.add(name)

    def _nested(self, nodes: list[Node]) -> None:
        """Variables assigned (or declared again) anywhere in ``nodes``: no
        longer known."""
        for top in nodes:
            for name, _ in _assigned(self.file, top, ranges=True):
                self.names.discard(name)


def _pairs(stmt: Node) -> list[tuple[Node, Node]]:
    """(target, value) of a plain assignment or ``:=`` with one value per target."""
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[0]) != len(sides[1]):
        return []
    return list(zip(sides[0], sides[1], strict=True))


def _plain_if(stmt: Node) -> tuple[Node, Node] | None:
    """An ``if cond { ... }`` without initializer or else: its condition and block."""
    if stmt.type != "if_statement":
        return None
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    if (
        cond is None
        or then is None
        or stmt.child_by_field_name("alternative") is not None
        or stmt.child_by_field_name("initializer") is not None
    ):
        return None
    return cond, then


def _if_nil(file: SourceFile, stmt: Node) -> tuple[Node, Node] | None:
    """``if X == nil { ... }`` (no initializer, no else): X and the block."""
    plain = _plain_if(stmt)
    if plain is None:
        return None
    cond, then = plain
    parts = sx.binary(cond)
    if parts is None or file.text(parts[0]) != "==":
        return None
    _, left, right = parts
    tested = left if right.type == "nil" else right if left.type == "nil" else None
    return (tested, then) if tested is not None else None


def _nil_exit(file: SourceFile, stmt: Node, param: str) -> bool:
    """``if p == nil { ... }`` on the parameter itself: it runs only when
    there is no object below ``p`` (the caller's ``&x`` is never nil)."""
    tested = _if_nil(file, stmt)
    return tested is not None and sx.norm(file.text(tested[0])) == param


# ObjectMeta's setters of the maps with a getter (metav1.Object)
_SETTERS = {"SetLabels": "Labels", "SetAnnotations": "Annotations"}


def join(prefix: str, path: str) -> str:
    """The path ``path`` of a callee's parameter, below the argument
    ``prefix`` (``"A."`` for ``&p.A``, ``"x."`` for ``&x``): ``A.M``; the
    pointee of ``&p.A`` is ``A`` itself."""
    if path == POINTEE:
        return prefix[:-1] if prefix else POINTEE
    return prefix + path


def _statement_call(stmt: Node) -> Node | None:
    """The call a statement is: ``f(...)``, ``x := f(...)``, ``_ = f(...)``."""
    if stmt.type == "expression_statement" and stmt.named_children:
        value = sx.unparen(stmt.named_children[0])
    else:
        sides = sx.assignment_sides(stmt)
        if sides is None or len(sides[1]) != 1:
            return None
        value = sx.unparen(sides[1][0])
    return value if value.type == "call_expression" else None


def _called(
    file: SourceFile,
    stmt: Node,
    param: str,
    makers: _Makers,
    made_locals: _MadeLocals,
    setters: bool,
) -> list[tuple[str, Made]]:
    """The paths below ``param`` that the call ``stmt`` is makes: ObjectMeta's
    setter given a made map (``p.SetLabels(l)``), or a callee that makes
    the map below the argument (or receiver) it is handed: ``p``, or
    ``&p.A`` (``A`` then prefixes the callee's paths)."""
    call = _statement_call(stmt)
    fn = call.child_by_field_name("function") if call is not None else None
    args = call.child_by_field_name("arguments") if call is not None else None
    if call is None or fn is None or args is None:
        return []
    values = args.named_children
    operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    on_param = operand is not None and sx.norm(file.text(operand)) == param
    if on_param and setters and len(values) == 1:
        name = file.text(fn.child_by_field_name("field") or fn)
        if name in _SETTERS and made_locals.made(values[0]) is True:
            return [(_SETTERS[name], True)]
    roots: list[tuple[int, str]] = [(-1, "")] if on_param else []
    for i, arg in enumerate(values):
        arg = sx.unparen(arg)
        if sx.norm(file.text(arg)) == param:
            roots.append((i, ""))
        elif arg.type == "unary_expression" and file.text(arg).startswith("&"):
            inner = arg.child_by_field_name("operand")
            path = _path(file, inner, param) if inner is not None else None
            if path is not None:
                roots.append((i, path + "."))
    if not roots:
        return []
    proof = makers.proof(file, call)
    if proof is None:
        return []
    found: list[tuple[str, Made]] = []
    for i, prefix in roots:
        found.extend((join(prefix, path), True) for path in proof.ensured.get(i, ()))
        found.extend(
            (join(prefix, path), made) for path, made in proof.ensured_if.get(i, {}).items()
        )
    return found


def _kept(
    file: SourceFile,
    body: Node,
    param: str,
    proved: Mapping[str, int],
    makers: _Makers | None = None,
    conditions: Mapping[str, tuple[str, str]] | None = None,
) -> frozenset[str]:
    """The paths of ``proved`` that no later assignment may undo: an
    assignment anywhere in the body after the proof (in a function literal:
    anywhere, it may run later) of anything but a made map to the path, of
    anything to a field on the way to it (``p.ObjectMeta = ...``), or to
    ``*p``."""
    kept = dict(proved)
    for stmt in src.of_types(body, ("assignment_statement",)):
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None:
            continue
        lefts = left.named_children
        rights = right.named_children
        plain = file.text(stmt.child(1) or stmt) == "="
        later = _in_literal(stmt, body)
        for i, target in enumerate(lefts):
            value = rights[i] if plain and len(rights) == len(lefts) else None
            path = _path(file, target, param)
            whole = path == POINTEE
            if path is None:
                continue
            for done, at in list(kept.items()):
                if not later and stmt.start_byte <= at:  # before it, or the proof itself
                    continue
                below = (whole and done != POINTEE) or done.startswith(f"{path}.")
                if below or (done == path and not _remade(file, value, makers, conditions, done)):
                    del kept[done]
    for call in src.of_types(body, ("call_expression",)):
        # p.SetLabels(x) after the proof (not the proving call itself)
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        name = fn.child_by_field_name("field") if fn is not None else None
        if operand is None or name is None or sx.norm(file.text(operand)) != param:
            continue
        path = _SETTERS.get(file.text(name))
        proved_at = kept.get(path or "")
        if (
            path is not None
            and proved_at is not None
            and (_in_literal(call, body) or call.start_byte > proved_at)
        ):
            del kept[path]
    return frozenset(kept)


def _remade(
    file: SourceFile,
    value: Node | None,
    makers: _Makers | None,
    conditions: Mapping[str, tuple[str, str]] | None,
    path: str,
) -> bool:
    """``value``, assigned to ``path`` after its proof, is made too (under
    the same condition as the proof, if it had one)."""
    if value is None:
        return False
    if makers is None:
        return made_map(file, value)
    made = makers.made(file, value)
    return made is True or (bool(made) and made == (conditions or {}).get(path))


def _in_literal(node: Node, body: Node) -> bool:
    """``node`` sits in a function literal inside ``body``."""
    current = node.parent
    while current is not None and current.id != body.id:
        if current.type == "func_literal":
            return True
        current = current.parent
    return False


def _made_when_nil(file: SourceFile, stmt: Node, param: str) -> str | None:
    """``if p.M == nil { p.M = make(...) }`` (no else): the path ``M``."""
    nil_test = _if_nil(file, stmt)
    if nil_test is None:
        return None
    tested, then = nil_test
    path = _path(file, tested, param)
    if path is None:
        return None
    for inner in sx.block_statements(then):
        for assigned, value in _assignments(file, inner, param):
            if assigned == path and value is not None and made_map(file, value):
                return path
    return None


def _checked(
    file: SourceFile,
    body: Node,
    param: str,
    makers: _Makers | None = None,
    type_text: str = "",
) -> frozenset[str]:
    """The paths checked by a statement of the body's own list before any
    that can return otherwise, that no later assignment undoes (through the
    parameter or a local alias of a path below it). ``type_text``: the
    parameter's type (for the aliases that copy a struct)."""
    aliases = _aliases(file, body, param, makers, type_text)
    found = _checked_in(file, sx.block_statements(body), param, makers, aliases, type_text)
    kept = set(_kept(file, body, param, {p: at for p, (at, _) in found.items()}))
    kept -= _items_replaced(file, body, param, kept)
    for name, alias in aliases.items():
        # assigned through the alias later: no longer known
        below = {p.removeprefix(alias.prefix): at for p, (at, via) in found.items() if via == name}
        undone = set(below) - _kept(file, body, name, below)
        kept -= {alias.prefix + p for p in undone}
    return frozenset(kept)


@dataclass(frozen=True)
class _Alias:
    """A local ``c := p.A`` (``copy``: a struct value copied) or ``c :=
    &p.A``: ``prefix`` is ``"A."``, ``base`` the declared type of ``p.A``
    (``""``: not known)."""

    prefix: str
    copy: bool
    base: str = ""
    # a copy: the start of the first statement that may change the copy
    # itself (what it reaches through a pointer is shared), after which it
    # no longer reads like ``p.A``
    diverges: int = 1 << 62


def _aliases(
    file: SourceFile, body: Node, param: str, makers: _Makers | None, type_text: str
) -> dict[str, _Alias]:
    """The locals defined once in the body's own list as ``c := p.A`` or
    ``c := &p.A`` (never assigned again, their address never taken)."""
    found: dict[str, _Alias] = {}
    counts: dict[str, int] = {}
    for name, _ in _assigned(file, body, ranges=True):
        counts[name] = counts.get(name, 0) + 1
    for stmt in sx.block_statements(body):
        names, values = sx.defined_values(stmt)
        if stmt.type != "short_var_declaration" or len(names) != 1 or len(values) != 1:
            continue
        name = file.text(names[0])
        value = sx.unparen(values[0])
        pointer = value.type == "unary_expression" and file.text(value).startswith("&")
        if pointer:
            value = value.child_by_field_name("operand") or value
        path = _path(file, value, param)
        if path is None or path == POINTEE or counts.get(name) != 1 or name == param:
            continue
        if any(sx.norm(file.text(n)) == f"&{name}" for n in sx.nodes(body, ("unary_expression",))):
            continue
        base = _field_type(makers, type_text, path)
        diverges = _diverges(file, body, name, makers, base) if not pointer else 1 << 62
        found[name] = _Alias(path + ".", not pointer, base, diverges)
    return found


def _diverges(file: SourceFile, body: Node, name: str, makers: _Makers | None, base: str) -> int:
    """The start of the first statement that may change the copy ``name``
    (of a struct of type ``base``) itself: an assignment to a field of its
    own (``c.A = x``, not ``c.P.A = x`` through a pointer field ``P``, not a
    write into a map it holds, which is the original's map), or a method
    called on it or on a field of its own, or the address of such a field
    taken (it may change through a pointer receiver or the pointer). In a
    function literal it may run at any time: the start of the body."""
    first = 1 << 62

    def own(node: Node, assigned: bool = False) -> bool:
        """``node`` is the copy, or a field of its own (assigned: the field
        itself may be a pointer; handed on: what it points to is shared)."""
        path = _path(file, node, name)
        if path is None:
            return sx.norm(file.text(sx.unparen(node))) == name
        below = path if assigned else path + ".x"
        return path != POINTEE and not _through_pointer(makers, base, below)

    for node in sx.nodes(body, ("assignment_statement", "inc_statement", "dec_statement")):
        sides = sx.assignment_sides(node)
        targets = sides[0] if sides is not None else node.named_children[:1]
        if any(own(t, True) for t in targets if sx.unparen(t).type != "index_expression"):
            first = min(first, body.start_byte if _in_literal(node, body) else node.start_byte)
    for call in sx.nodes(body, ("call_expression",)):
        fn = sx.unparen(call.child_by_field_name("function") or call)
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if operand is not None and own(operand):
            first = min(first, body.start_byte if _in_literal(call, body) else call.start_byte)
    for node in sx.nodes(body, ("unary_expression",)):
        operand = node.child_by_field_name("operand")
        if file.text(node).startswith("&") and operand is not None and own(operand):
            first = min(first, body.start_byte if _in_literal(node, body) else node.start_byte)
    return first


def _field_type(makers: _Makers | None, type_text: str, path: str) -> str:
    """The declared type of the field ``path`` below a value of the package's
    type ``type_text`` (``""``: not known)."""
    index = makers.index if makers is not None else None
    current = type_text
    for step in path.split("."):
        found = index.field_of(current, step) if index is not None and current else None
        if found is None:
            return ""
        current = found.type_text
    return current


def _through_pointer(makers: _Makers | None, type_text: str, path: str) -> bool:
    """A step of ``path`` before its last (the map) is a pointer field of
    the package's struct types, starting at ``type_text``: a copy of the
    value reaches the same struct below it."""
    index = makers.index if makers is not None else None
    current = type_text
    for step in path.split(".")[:-1]:
        found = index.field_of(current, step) if index is not None and current else None
        if found is None:
            return False
        if found.type_text.startswith("*"):
            return True
        current = found.type_text
    return False


def _checked_in(
    file: SourceFile,
    statements: list[Node],
    param: str,
    makers: _Makers | None,
    aliases: Mapping[str, _Alias],
    type_text: str = "",
) -> dict[str, tuple[int, str]]:
    """:func:`_checked` over one statement list: each path with the start of
    the statement that checks it and the name it was checked through.
    ``type_text``: the declared type of ``param`` (``""``: not known), for
    the elements of the slices it ranges over (:func:`_checked_items`)."""
    checked: dict[str, tuple[int, str]] = {}
    oks: dict[str, str] = {}  # ok name -> path, from `v, ok := p.M[k]`
    values: dict[str, str] = {}  # v -> path, from `v := p.M[k]` (never assigned again)
    names = {param: _Alias("", False), **aliases}
    counts: dict[str, int] = {}
    for stmt in statements:
        for assigned, _ in _assigned(file, stmt, ranges=True):
            counts[assigned] = counts.get(assigned, 0) + 1

    types = {param: type_text, **{n: a.base for n, a in aliases.items() if not a.copy}}

    def add(found: list[tuple[str, str]], stmt: Node) -> None:
        at = stmt.start_byte
        for name, path in found:
            alias = names[name]
            # a copy shares what it reaches through a pointer field only,
            # until it may change itself
            if not alias.copy or (
                _through_pointer(makers, alias.base, path) and stmt.end_byte <= alias.diverges
            ):
                checked.setdefault(alias.prefix + path, (at, name))

    for stmt in statements:
        if any(path == "" for path, _ in _assignments(file, stmt, param)):
            break
        if stmt.type == "short_var_declaration":
            looked = [(n, _lookup(file, stmt, n)) for n in names]
            hits = [(n, f) for n, f in looked if f is not None]
            if hits:
                for name, (ok, path) in hits:
                    oks[ok] = f"{name}\0{path}"
                continue
            read = [(n, _value_lookup(file, stmt, n)) for n in names]
            kept = [(n, f) for n, f in read if f is not None and counts.get(f[0]) == 1]
            if kept:
                for name, (value, path) in kept:
                    values[value] = f"{name}\0{path}"
                continue
        if stmt.type == "if_statement":
            direct = [
                (n, p)
                for n in names
                for p in (
                    _check(file, stmt, n, _oks_of(oks, n), _oks_of(values, n))
                    or _made_when_nil(file, stmt, n),
                )
                if p is not None
            ]
            if direct:
                add(direct, stmt)
                continue
            add(_checked_by_call(file, stmt, names, makers), stmt)
            add(_gated(file, stmt, names, makers, types), stmt)
        if stmt.type == "for_statement":
            add(_checked_items(file, stmt, names, makers, types, statements), stmt)
        if _nil_exit(file, stmt, param):
            continue  # p == nil: there is no object below p to speak of
        if _returns(stmt) and not _error_exits(file, stmt):
            break
    return checked


def _checked_items(
    file: SourceFile,
    stmt: Node,
    names: Mapping[str, _Alias],
    makers: _Makers | None,
    types: Mapping[str, str],
    statements: list[Node],
) -> list[tuple[str, str]]:
    """``for _, x := range p.S { ... }`` over a slice of pointers (``S``
    declared ``[]*T`` in the package's struct types): the paths below ``x``
    that the loop body's own list checks (as :func:`_checked_in`, given
    ``x``), as ``S[i].path``: each iteration checks its element before the
    loop goes on, so when the loop is left normally every element is
    checked. ``x`` is the element itself (a pointer), so a map made through
    it is the element's. Not when the loop may leave or skip an element
    otherwise: a ``break``, ``continue`` or ``goto`` in the body, or a
    ``return`` that can give a nil error; nor when the body assigns ``x``.
    The range may be over a local ``l := p.S`` of ``statements`` (before
    the loop) that is only ever grown, ``l = append(l, ...)``: it holds
    every element of ``p.S`` and maybe more."""
    clause = next((c for c in stmt.named_children if c.type == "range_clause"), None)
    body = stmt.child_by_field_name("body")
    if clause is None or body is None or makers is None:
        return []
    left = clause.child_by_field_name("left")
    right = clause.child_by_field_name("right")
    targets = left.named_children if left is not None else []
    if right is None or len(targets) != 2 or targets[1].type != "identifier":
        return []
    item = file.text(targets[1])
    if item == "_" or item in names:
        return []
    leaves = ("break_statement", "continue_statement", "goto_statement")
    if src.of_types(body, leaves, "func_literal"):
        return []
    if _returns(body) and not _error_exits(file, body):
        return []
    if any(assigned == item for assigned, _ in _assigned(file, body, ranges=True)):
        return []
    ranged = _grown_local(file, right, stmt, statements) or right
    found: list[tuple[str, str]] = []
    for name in names:
        path = _path(file, ranged, name)
        if path is None or path == POINTEE:
            continue
        slice_type = _field_type(makers, types.get(name, "").removeprefix("*"), path)
        if not slice_type.startswith("[]*"):
            continue  # elements copied into x: a map made in x is not theirs
        element = slice_type.removeprefix("[]*")
        inner = _checked_in(file, sx.block_statements(body), item, makers, {}, element)
        kept = _kept(file, body, item, {p: at for p, (at, _) in inner.items()})
        found += [(name, f"{path}[i].{p}") for p in sorted(kept) if p != POINTEE]
    return found


def _grown_local(file: SourceFile, right: Node, loop: Node, statements: list[Node]) -> Node | None:
    """``l`` ranged over in ``loop``, defined ``l := p.S`` by a statement of
    ``statements`` before it and otherwise only assigned ``l = append(l,
    ...)`` (never an element, never its address taken): the value ``p.S``."""
    name = file.text(right)
    if right.type != "identifier":
        return None
    value: Node | None = None
    for stmt in statements:
        for node in sx.nodes(stmt, ("short_var_declaration", "assignment_statement", "var_spec")):
            targets = (
                node.children_by_field_name("name")
                if node.type == "var_spec"
                else (node.child_by_field_name("left") or node).named_children
            )
            texts = [sx.norm(file.text(sx.unparen(t))) for t in targets]
            if not any(t == name or t.startswith(name + "[") for t in texts):
                continue
            names, values = sx.defined_values(node) if node.type != "var_spec" else ([], [])
            if node is stmt and node.type == "short_var_declaration" and value is None:
                if len(names) != 1 or len(values) != 1 or stmt.end_byte > loop.start_byte:
                    return None
                value = sx.unparen(values[0])
                continue
            right_side = node.child_by_field_name("right")
            grown = right_side.named_children if right_side is not None else []
            if texts != [name] or len(grown) != 1 or not _appends_to(file, grown[0], name):
                return None
    if value is None or any(
        file.text(n) == "&" + name for n in sx.nodes(loop.parent or loop, ("unary_expression",))
    ):
        return None
    return value


def _appends_to(file: SourceFile, value: Node, name: str) -> bool:
    """``append(name, ...)``."""
    value = sx.unparen(value)
    fn = value.child_by_field_name("function") if value.type == "call_expression" else None
    args = value.child_by_field_name("arguments")
    first = args.named_children[:1] if args is not None else []
    return (
        fn is not None and file.text(fn) == "append" and bool(first) and file.text(first[0]) == name
    )


def _items_replaced(file: SourceFile, body: Node, param: str, paths: set[str]) -> set[str]:
    """The paths ``S[i].M`` of ``paths`` whose slice may get other elements
    in the body (``p.S = ...``, ``p.S[k] = ...``): the elements checked
    are not all the slice holds."""
    ranged = {p.split("[i].", 1)[0] for p in paths if "[i]." in p}
    if not ranged:
        return set()
    replaced: set[str] = set()
    for stmt in src.of_types(body, ("assignment_statement",)):
        left = stmt.child_by_field_name("left")
        for target in left.named_children if left is not None else []:
            text = sx.norm(file.text(sx.unparen(target)))
            for slice_path in ranged:
                whole = f"{param}.{slice_path}"
                if text == whole or text.startswith((whole + "[", whole + ".")):
                    replaced |= {p for p in paths if p.startswith(slice_path + "[i].")}
    return replaced


def _oks_of(oks: Mapping[str, str], name: str) -> dict[str, str]:
    """The ``ok`` names of lookups through ``name``, with their paths."""
    prefix = name + "\0"
    return {ok: path[len(prefix) :] for ok, path in oks.items() if path.startswith(prefix)}


def _gated(
    file: SourceFile,
    stmt: Node,
    names: Mapping[str, _Alias],
    makers: _Makers | None,
    types: Mapping[str, str],
) -> list[tuple[str, str]]:
    """``if p.X != nil { ... }`` (no initializer, no else): the paths below
    ``X`` its block checks. A write through ``p.X.M`` dereferences ``X``, so
    it runs only where ``X`` is not nil, and there the block ran. So does a
    write through a field promoted from ``X``, an embedded pointer
    (:func:`_promoted_through`). ``types``: the declared types of the
    names."""
    plain = _plain_if(stmt)
    if plain is None:
        return []
    cond, then = plain
    parts = sx.binary(cond)
    if parts is None or file.text(parts[0]) != "!=" or parts[2].type != "nil":
        return []
    found: list[tuple[str, str]] = []
    for name in names:
        gate = _path(file, parts[1], name)
        if gate is None or gate == POINTEE:
            continue
        inner = _checked_in(file, sx.block_statements(then), name, makers, {})
        found += [
            (name, p)
            for p in inner
            if p.startswith(gate + ".") or _promoted_through(makers, types.get(name, ""), gate, p)
        ]
    return found


def _promoted_through(makers: _Makers | None, type_text: str, gate: str, path: str) -> bool:
    """``gate`` is ``A.E`` (or ``E``), ``E`` the one embedded field of the
    package's struct type of ``A`` (below a value of ``type_text``), and
    ``path`` is ``A.F...`` with ``F`` not a field that struct declares: in
    code that compiles, ``F`` is then promoted from ``E`` (there is no other
    embedded field to promote it), so ``A.F`` is ``A.E.F``. ``E`` compared
    with nil is a pointer (an embedded interface promotes methods only, no
    field), so a write through ``A.F`` dereferences it."""
    index = makers.index if makers is not None else None
    if index is None or not type_text:
        return False
    parent, _, embedded = gate.rpartition(".")
    prefix = parent + "." if parent else ""
    if not path.startswith(prefix):
        return False
    step = path[len(prefix) :].split(".", 1)[0]
    owner = _field_type(makers, type_text, parent) if parent else type_text
    decl = index.struct(owner) if owner else None
    if decl is None:
        return False
    embeds = [f for f in decl.fields if f.embedded]
    return (
        len(embeds) == 1 and embeds[0].name == embedded and all(f.name != step for f in decl.fields)
    )


def _checked_by_call(
    file: SourceFile, stmt: Node, names: Mapping[str, _Alias], makers: _Makers | None
) -> list[tuple[str, str]]:
    """``if err := f(...); err != nil { return ..., err }`` (or ``err =
    f(...)`` right before the ``if``), every return of the ``if`` giving a
    non-nil error: the paths ``f`` checks (API_CALLEES ``checked``) below
    the argument or receiver that is ``p``, a path below it (``p.A.B.M()``)
    or its address (``&p.A``)."""
    if makers is None or not _leaves_on_error(file, stmt):
        return []
    cond = stmt.child_by_field_name("condition")
    err = sx.norm(file.text(cond)).removesuffix("!=nil") if cond is not None else ""
    init = stmt.child_by_field_name("initializer")
    source = init if init is not None else stmt.prev_named_sibling
    call = _error_call(file, source, err) if source is not None else None
    if call is None:
        return []
    proof = makers.proof(file, call)
    if proof is None or not proof.checked:
        return []
    fn = sx.unparen(call.child_by_field_name("function") or call)
    args = call.child_by_field_name("arguments")
    operands: list[tuple[int, Node]] = [
        (i, a) for i, a in enumerate(args.named_children if args else [])
    ]
    receiver = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    if receiver is not None:
        operands.append((-1, receiver))
    found: list[tuple[str, str]] = []
    for position, operand in operands:
        operand = sx.unparen(operand)
        if operand.type == "unary_expression" and file.text(operand).startswith("&"):
            operand = operand.child_by_field_name("operand") or operand
        for name in names:
            if sx.norm(file.text(operand)) == name:
                prefix = ""
            else:
                path = _path(file, operand, name)
                if path is None or path == POINTEE:
                    continue
                prefix = path + "."
            found += [(name, join(prefix, p)) for p in proof.checked.get(position, ())]
    return found


def _leaves_on_error(file: SourceFile, stmt: Node) -> bool:
    """``if err != nil { ... }`` (no else) whose every ``return`` gives a
    non-nil error, and that leaves."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    if cond is None or then is None:
        return False
    parts = sx.binary(cond)
    if parts is None or file.text(parts[0]) != "!=" or parts[2].type != "nil":
        return False
    if sx.unparen(parts[1]).type != "identifier":
        return False
    statements = sx.block_statements(then)
    last = statements[-1] if statements else None
    return last is not None and last.type == "return_statement" and _error_exits(file, stmt)


def _error_call(file: SourceFile, stmt: Node, err: str) -> Node | None:
    """The call of ``err := f(...)`` / ``x, err = f(...)`` whose last
    target is ``err``."""
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[1]) != 1 or not sides[0]:
        return None
    if file.text(sides[0][-1]) != err:
        return None
    call = sx.unparen(sides[1][0])
    return call if call.type == "call_expression" else None


def _error_exits(file: SourceFile, stmt: Node) -> bool:
    """Every ``return`` in ``stmt`` (not in a literal) gives a non-nil error:
    its last result is a call (``errors.New(...)``, ``fmt.Errorf(...)``) or
    an identifier the ``if`` around it tests ``!= nil`` (``if err != nil {
    return err }``). A validation that returns only errors before a
    statement leaves that statement on every path that returns nil."""
    returns = list(src.of_types(stmt, ("return_statement",), "func_literal"))
    for ret in returns:
        values = ret.named_children[-1].named_children if ret.named_children else []
        last = sx.unparen(values[-1]) if values else None
        if last is None or file.text(last) == "nil":
            return False
        if last.type == "call_expression":
            continue
        if last.type != "identifier" or not _tested_not_nil(file, ret, file.text(last), stmt):
            return False
    return bool(returns)


def _tested_not_nil(file: SourceFile, node: Node, name: str, stop: Node) -> bool:
    """An ``if`` between ``node`` and ``stop`` (inclusive) whose condition
    is ``name != nil`` and whose consequence holds ``node``."""
    current: Node | None = node
    while current is not None:
        up = current.parent
        if up is not None and up.type == "if_statement":
            cond = up.child_by_field_name("condition")
            then = up.child_by_field_name("consequence")
            text = sx.norm(file.text(cond)) if cond is not None else ""
            if then is not None and then.id == current.id and text == f"{name}!=nil":
                return True
        if current.id == stop.id:
            return False
        current = up
    return False


def _nonnil_if(file: SourceFile, body: Node, param: str) -> frozenset[str]:
    """For a function whose first result may be nil (a pointer, map or
    slice): the paths below ``param`` that hold a key whenever that result
    is not nil: a statement of the body's own list before any other that can
    return is ``if <the map lacks a key> { return nil, ... }`` (as for
    ``checked``: ``if s.Labels[k] == "" { return nil, err }``)."""
    oks, values = _lookups_of(file, body, param)
    return _kept(file, body, param, _false_exits(file, body, param, oks, values, "nil"))


def _lookups_of(file: SourceFile, body: Node, param: str) -> tuple[dict[str, str], dict[str, str]]:
    """The comma-ok lookups ``_, ok := p.M[k]`` (``ok`` to the path) and the
    value lookups ``v := p.M[k]`` (``v`` to the path) of the body's own
    list, their names never assigned again."""
    oks: dict[str, str] = {}
    values: dict[str, str] = {}
    declared: dict[str, int] = {}
    for stmt in sx.block_statements(body):
        if stmt.type == "short_var_declaration":
            found = _lookup(file, stmt, param)
            value = _value_lookup(file, stmt, param)
            if found is not None:
                oks[found[0]] = found[1]
                declared[found[0]] = stmt.id
            elif value is not None:
                values[value[0]] = value[1]
                declared[value[0]] = stmt.id
    for name, node in _assigned(file, body, ranges=True):
        if declared.get(name) != node.id:
            oks.pop(name, None)  # assigned again (or shadowed)
            values.pop(name, None)
    return oks, values


def _true_if(file: SourceFile, body: Node, param: str) -> frozenset[str]:
    """For a function with one ``bool`` result: the paths below ``param``
    that hold a key whenever it returns true. Comma-ok lookups
    ``_, ok := p.M[k]`` (and value lookups ``v := p.M[k]``) in the body's
    own list, their names never assigned again; a path is known when every
    ``return`` of the body gives ``false`` or a conjunction (``a && b``) with
    such an ``ok`` among its terms, the same map's ``ok`` in all of them, or
    when a statement of the body's own list before any other that can
    return is ``if <the map is missing> { ...; return false }``
    (:func:`_missing`: ``if p == nil || len(p.M[k]) == 0 { return false
    }``): a key found means the map is not nil."""
    oks, values = _lookups_of(file, body, param)
    early = _kept(file, body, param, _false_exits(file, body, param, oks, values))
    return frozenset(early | _true_returns(file, body, oks))


def _false_exits(
    file: SourceFile,
    body: Node,
    param: str,
    oks: Mapping[str, str],
    values: Mapping[str, str],
    first: str = "false",
) -> dict[str, int]:
    """The paths of ``if <the map is missing> { ...; return false }`` (no
    else, no other ``return`` in the block) among the statements of the
    body's own list before any other statement that can return, none of
    them assigning the parameter (an ``if`` whose block leaves the same way
    on another condition does not end them); with the start of the
    ``if``. ``first``: the node type of the first value that ``return``
    gives (``nil``: ``if <missing> { return nil, err }``)."""
    found: dict[str, int] = {}
    for stmt in sx.block_statements(body):
        if any(path == "" for path, _ in _assignments(file, stmt, param)):
            break
        if stmt.type == "if_statement" and stmt.child_by_field_name("alternative") is None:
            then = stmt.child_by_field_name("consequence")
            cond = stmt.child_by_field_name("condition")
            statements = sx.block_statements(then)
            last = statements[-1] if statements else None
            results = _results(last) if last is not None and last.type == "return_statement" else []
            if (
                (len(results) == 1 or first != "false")
                and results
                and sx.unparen(results[0]).type == first
                and not any(_returns(s) for s in statements[:-1])
            ):
                local = _initialized(file, stmt, param, oks, values)
                path = _missing(file, cond, param, *local) if cond and local else None
                if path is not None:
                    found.setdefault(path, stmt.start_byte)
                continue  # (or another check that gives the same answer)
        if _returns(stmt):
            break
    return found


def _true_returns(file: SourceFile, body: Node, oks: Mapping[str, str]) -> set[str]:
    """The paths whose ``ok`` is a term of every ``return`` of the body that
    does not give ``false``."""
    if not oks:
        return set()
    paths: set[str] | None = None
    for ret in sx.nodes(body, ("return_statement",), closures=False):
        values = ret.named_children[0].named_children if ret.named_children else []
        value = ret.named_children[0] if ret.named_children else None
        if value is not None and value.type == "expression_list":
            value = values[0] if len(values) == 1 else None
        if value is None:
            return set()
        value = sx.unparen(value)
        if value.type == "false":
            continue
        texts = (sx.norm(file.text(t)) for t in sx.terms(value, "&&"))
        terms = {oks[t] for t in texts if t in oks}
        paths = terms if paths is None else paths & terms
        if not paths:
            return set()
    return paths or set()


_ASSIGNING = ("assignment_statement", "short_var_declaration", "var_spec")


def _assigned(file: SourceFile, body: Node, ranges: bool = False) -> Iterator[tuple[str, Node]]:
    """Each name the body assigns or declares (function literals included;
    ``ranges``: range clauses too), with the statement, ``var`` spec or
    clause that does it."""
    for node in sx.nodes(body, (*_ASSIGNING, "range_clause") if ranges else _ASSIGNING):
        if node.type == "var_spec":
            targets = node.children_by_field_name("name")
        else:
            left = node.child_by_field_name("left")
            targets = left.named_children if left is not None else []
        for target in targets:
            yield file.text(sx.unparen(target)), node


def _lookup(file: SourceFile, stmt: Node, param: str) -> tuple[str, str] | None:
    """``v, ok := p.M[k]``: (``ok``, ``M``)."""
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 2:
        return None
    if len(right.named_children) != 1:
        return None
    value = sx.unparen(right.named_children[0])
    operand = value.child_by_field_name("operand") if value.type == "index_expression" else None
    path = _path(file, operand, param) if operand is not None else None
    ok = file.text(left.named_children[1])
    if path is None or ok == "_":
        return None
    return ok, path


def _check(
    file: SourceFile,
    stmt: Node,
    param: str,
    oks: Mapping[str, str],
    values: Mapping[str, str] | None = None,
) -> str | None:
    """``if <the map is missing> { ...; return ..., <non-nil error> }``
    (no else): the path of the map (:func:`_missing`)."""
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    if cond is None or then is None or stmt.child_by_field_name("alternative") is not None:
        return None
    statements = sx.block_statements(then)
    last = statements[-1] if statements else None
    if last is None or last.type != "return_statement" or not last.named_children:
        return None
    results = _results(last)
    if not results or results[-1].type == "nil":
        return None
    if any(_returns(s) for s in statements[:-1]):
        return None  # an earlier return in the block may give nil
    local = _initialized(file, stmt, param, oks, values or {})
    return _missing(file, cond, param, *local) if local is not None else None


def _results(ret: Node) -> list[Node]:
    """The values a ``return`` statement gives."""
    values = ret.named_children[0] if ret.named_children else None
    if values is None:
        return []
    return list(values.named_children) if values.type == "expression_list" else [values]


def _initialized(
    file: SourceFile,
    stmt: Node,
    param: str,
    oks: Mapping[str, str],
    values: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str]] | None:
    """The ``ok`` and value names known in the condition of the ``if``
    ``stmt``: those given, and its initializer's lookup (``if v, ok :=
    p.M[k]; ...``, ``if v := p.M[k]; ...``); ``None`` for any other
    initializer."""
    init = stmt.child_by_field_name("initializer")
    local_oks, local_values = dict(oks), dict(values)
    if init is None:
        return local_oks, local_values
    if init.type != "short_var_declaration":
        return None
    found = _lookup(file, init, param)
    value = _value_lookup(file, init, param)
    if found is not None:
        local_oks[found[0]] = found[1]
    elif value is not None:
        local_values[value[0]] = value[1]
    else:
        return None
    return local_oks, local_values


def _missing(
    file: SourceFile, cond: Node, param: str, oks: Mapping[str, str], values: Mapping[str, str]
) -> str | None:
    """The path of a map that ``cond`` is true for whenever the map is nil:
    ``cond`` or a term of ``a || b`` is ``!ok`` of a comma-ok lookup into
    it, ``p.M == nil``, ``len(p.M) == 0``, or tests the value at a key
    zero: ``p.M[k] == ""`` (or ``0``, ``nil``, ``false``), ``len(p.M[k]) ==
    0``, also through ``v := p.M[k]`` (``v == ""``). Reading a nil map gives
    the zero value, so where such a term is false the map held the key."""
    for term in sx.terms(cond, "||"):
        text = sx.norm(file.text(term))
        if text.startswith("!") and text[1:] in oks:
            return oks[text[1:]]
        parts = sx.binary(term)
        if parts is None or file.text(parts[0]) != "==":
            continue
        _, left, right = parts
        left, right = sx.unparen(left), sx.unparen(right)
        if left.type == "nil" or sx.norm(file.text(left)) in lookups.ZERO_LITERALS:
            left, right = right, left
        zero = sx.norm(file.text(right))
        if right.type == "nil":
            path = _path(file, left, param) or _keyed(file, left, param, values)
        elif zero == "0" and (arg := _length_of(file, left)) is not None:
            path = _path(file, arg, param) or _keyed(file, arg, param, values)
        elif zero in lookups.ZERO_LITERALS:
            path = _keyed(file, left, param, values)
        else:
            path = None
        if path:
            return path
    return None


def _length_of(file: SourceFile, node: Node) -> Node | None:
    """``x`` of ``len(x)``."""
    fn = node.child_by_field_name("function") if node.type == "call_expression" else None
    args = node.child_by_field_name("arguments")
    if fn is None or file.text(fn) != "len" or args is None or len(args.named_children) != 1:
        return None
    return args.named_children[0]


def _keyed(file: SourceFile, node: Node, param: str, values: Mapping[str, str]) -> str | None:
    """The path of the map ``node`` reads a value of: ``p.M[k]``, or a name
    ``v`` of ``v := p.M[k]`` (``values``: name to path)."""
    node = sx.unparen(node)
    if node.type == "identifier":
        return values.get(file.text(node))
    view = sx.index_view(node)
    path = _path(file, view[0], param) if view is not None else None
    return path if path != POINTEE else None


def _value_lookup(file: SourceFile, stmt: Node, param: str) -> tuple[str, str] | None:
    """``v := p.M[k]``: (``v``, ``M``)."""
    names, values = sx.defined_values(stmt)
    if stmt.type != "short_var_declaration" or len(names) != 1 or len(values) != 1:
        return None
    name = file.text(names[0])
    path = _keyed(file, values[0], param, {})
    return (name, path) if path is not None and name != "_" else None


def prove(decl: FuncDecl, makers: _Makers | None = None) -> FuncProof:
    """What ``decl``'s body proves about the maps below its pointer
    parameters (and pointer receiver, position -1), and which parameters it
    leaves untouched."""
    ensured: dict[int, frozenset[str]] = {}
    checked: dict[int, frozenset[str]] = {}
    ensured_if: dict[int, dict[str, tuple[str, str]]] = {}
    ensured_when: dict[int, dict[str, frozenset[str]]] = {}
    untouched: set[int] = set()
    body = decl.body
    if body is None:
        return FuncProof()
    makers = makers or _Makers()
    errors = bool(decl.results) and decl.results[-1].type_text == "error"
    predicate = [r.type_text for r in decl.results] == ["bool"]
    nilable = bool(decl.results) and decl.results[0].type_text.startswith(("*", "map[", "[]"))
    true_if: dict[int, frozenset[str]] = {}
    nonnil_if: dict[int, frozenset[str]] = {}
    params = list(enumerate(decl.params))
    nonzero_if = (
        frozenset(
            position
            for position, param in params
            if param.type_text.startswith("map[") and _nonzero_if(decl.file, body, param.name)
        )
        if len(decl.results) == 1
        else frozenset()
    )
    if decl.receiver and decl.pointer_receiver:
        params.append((-1, Param(decl.receiver_name, "*" + decl.receiver)))
    uses = _uses(decl.file, body)
    for position, param in params:
        if not param.name or param.name == "_":
            continue
        pointer = param.type_text.startswith("*")
        object_interface = _object_interface(
            makers.imports.get(decl.file.path, {}), param.type_text
        )
        handed = position >= 0 and (pointer or object_interface or "." in param.type_text)
        reads = _untouched(decl.file, param.name, uses.get(param.name, []), makers)
        if handed and reads:
            untouched.add(position)
        if not pointer and not object_interface:
            if position >= 0 and reads and _NAMED.fullmatch(param.type_text):
                # a struct copied in: its map fields are the caller's maps,
                # and a body that only reads them checks the caller's
                held, found_true = _checked_copy(decl, body, param, makers, errors, predicate)
                if held:
                    checked[position] = held
                if found_true:
                    true_if[position] = found_true
                if nilable and (found_nonnil := _nonnil_if(decl.file, body, param.name)):
                    nonnil_if[position] = found_nonnil
            continue
        own = makers.funcs_of_type(param.type_text.removeprefix("*"))
        setters = not own & set(_SETTERS)
        conditions: dict[str, tuple[str, str]] = {}
        found = _ensured(decl.file, body, param.name, makers, conditions, setters)
        made = _kept(decl.file, body, param.name, found, makers, conditions)
        if not param.type_text.startswith("*map["):
            made -= {POINTEE}  # *p = T{...} of a struct pointer: no map
        if made - set(conditions):
            ensured[position] = made - set(conditions)
        if made & set(conditions):
            ensured_if[position] = {p: conditions[p] for p in made & set(conditions)}
        when = {
            path: terms
            for path, terms in _ensured_when(decl.file, body, param.name, makers).items()
            if path not in made
        }
        if when:
            ensured_when[position] = when
        if errors:
            held = _checked(decl.file, body, param.name, makers, param.type_text.removeprefix("*"))
            # made after statements that leave only with a non-nil error
            # (``if err != nil { return fmt.Errorf(...) }``; then
            # ``meta.SetAnnotation(p, k, v)``): made whenever it returns a
            # nil error
            after: dict[str, tuple[str, str]] = {}
            late = _ensured(decl.file, body, param.name, makers, after, setters, True)
            late_made = _kept(decl.file, body, param.name, late, makers, after)
            held |= late_made - set(after) - {POINTEE}
            if held:
                checked[position] = held
        if predicate:
            found_true = _true_if(decl.file, body, param.name)
            if found_true:
                true_if[position] = found_true
        if nilable and (found_nonnil := _nonnil_if(decl.file, body, param.name)):
            nonnil_if[position] = found_nonnil
    return FuncProof(
        ensured,
        checked,
        ensured_if,
        frozenset(untouched),
        true_if,
        nonzero_if,
        ensured_when,
        nonnil_if,
    )


# a named type, of the package or qualified: a struct parameter passed by value
_NAMED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)?")


def _checked_copy(
    decl: FuncDecl, body: Node, param: Param, makers: _Makers, errors: bool, predicate: bool
) -> tuple[frozenset[str], frozenset[str]]:
    """``checked`` and ``true_if`` of a parameter of a named (struct) type
    passed by value that the body only reads: the copy's map fields hold
    the caller's maps (a map value is a reference), so a key found in one
    is a key of the caller's map."""
    held = _checked(decl.file, body, param.name, makers, param.type_text) if errors else None
    found_true = _true_if(decl.file, body, param.name) if predicate else None
    return held or frozenset(), found_true or frozenset()


def _nonzero_if(file: SourceFile, body: Node, param: str) -> bool:
    """Every ``return`` of ``body`` gives a zero literal or sits in an ``if``
    whose condition has the ``ok`` of a comma-ok lookup into the map
    parameter ``param`` as a conjunct (looked up in the ``if``'s initializer
    or in the body's own list, ``ok`` not assigned again); ``param`` itself
    is never assigned."""
    forms = {param}
    oks: dict[str, int] = {}
    for stmt in sx.block_statements(body):
        _, ok = lookups.lookup_names(file, stmt, forms)
        if ok and stmt.type == "short_var_declaration":
            oks[ok] = stmt.id
    for name, node in _assigned(file, body):
        if name == param and node.type != "var_spec":
            return False
        if name in oks and oks[name] != node.id:
            del oks[name]  # assigned again (or shadowed)
    proved = False
    for ret in sx.nodes(body, ("return_statement",), closures=False):
        value = ret.named_children[0] if ret.named_children else None
        if value is not None and value.type == "expression_list":
            value = value.named_children[0] if len(value.named_children) == 1 else None
        if value is None:
            return False
        if sx.norm(file.text(sx.unparen(value))) in lookups.ZERO_LITERALS:
            continue
        if not _found_around(file, ret, body, forms, set(oks)):
            return False
        proved = True
    return proved


def _found_around(file: SourceFile, node: Node, body: Node, forms: set[str], oks: set[str]) -> bool:
    """``node`` sits in the consequence of an ``if`` (in ``body``) whose
    condition has a found key's ``ok`` as a conjunct."""
    current = node
    while current.parent is not None and current.id != body.id:
        up = current.parent
        if up.type == "if_statement":
            then = up.child_by_field_name("consequence")
            cond = up.child_by_field_name("condition")
            init = up.child_by_field_name("initializer")
            _, ok = lookups.lookup_names(file, init, forms)
            found = oks | {ok} - {""}
            if (
                then is not None
                and then.id == current.id
                and cond is not None
                and any(
                    t.type == "identifier" and file.text(t) in found for t in sx.terms(cond, "&&")
                )
            ):
                return True
        current = up
    return False


# the interfaces of Kubernetes objects: only pointers implement them
# (ObjectMeta's accessors have pointer receivers), so a setter called on
# one changes the caller's object
_OBJECT_INTERFACES = {
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "Object"),
    ("sigs.k8s.io/controller-runtime/pkg/client", "Object"),
}


def _object_interface(imports: Mapping[str, str], type_text: str) -> bool:
    """``metav1.Object`` / ``client.Object``."""
    qualifier, _, name = type_text.partition(".")
    return (imports.get(qualifier, ""), name) in _OBJECT_INTERFACES


# methods that only read their object: ObjectMeta's getters (promoted to
# every object), runtime.Object's, and the generated deep copies
_READERS = frozenset(
    {
        "GetName",
        "GetNamespace",
        "GetGenerateName",
        "GetUID",
        "GetResourceVersion",
        "GetGeneration",
        "GetSelfLink",
        "GetCreationTimestamp",
        "GetDeletionTimestamp",
        "GetDeletionGracePeriodSeconds",
        "GetLabels",
        "GetAnnotations",
        "GetFinalizers",
        "GetOwnerReferences",
        "GetManagedFields",
        "GetObjectKind",
        "DeepCopy",
        "DeepCopyObject",
    }
)


# the expressions of an access path below a variable: ``p.A[i].B``
_ACCESS = frozenset(("selector_expression", "index_expression"))


def _uses(file: SourceFile, body: Node) -> dict[str, list[Node]]:
    """The identifiers of the body by name (function literals included)."""
    found: dict[str, list[Node]] = {}
    for ident in sx.nodes(body, ("identifier",)):
        found.setdefault(file.text(ident), []).append(ident)
    return found


def _untouched(file: SourceFile, name: str, uses: list[Node], makers: _Makers) -> bool:
    """Every use of the parameter ``name`` only reads what is below it: a
    field or element read (``p.Name``, ``p.Spec.Items[0].Size``), a getter
    (``p.GetName()``), a comparison with nil, or an argument that the
    callee leaves untouched too. Assigning anything below it (an element
    may hold maps), taking an address below it, handing it on otherwise, or
    declaring the name again: not untouched."""
    for ident in uses:
        up = ident.parent
        if up is None:
            return False
        if up.type == "binary_expression":
            other = up.child_by_field_name("right")
            if other is not None and other.id == ident.id:
                other = up.child_by_field_name("left")
            if other is not None and other.type == "nil":
                continue
            return False
        if up.type == "argument_list":
            call = up.parent
            if call is None or call.type != "call_expression":
                return False
            proof = makers.proof(file, call)
            position = [c.id for c in up.named_children].index(ident.id)
            if proof is None or position not in proof.untouched:
                return False
            continue
        if up.type != "selector_expression" or up.child_by_field_name("operand") != ident:
            return False
        top = up
        while top.parent is not None and top.parent.type in _ACCESS:
            if top.parent.child_by_field_name("operand") != top:
                break
            top = top.parent
        outer = top.parent
        if outer is not None and outer.type == "call_expression":
            field = top.child_by_field_name("field") if top.type == "selector_expression" else None
            if field is None or file.text(field) not in _READERS:
                return False
            continue
        if outer is not None and outer.type == "unary_expression" and file.text(outer)[:1] == "&":
            return False
        if outer is not None and outer.type == "expression_list" and sx.is_assigned(top):
            return False
        if outer is not None and outer.type in ("inc_statement", "dec_statement"):
            return False
    return True


class _Prover:
    """The proofs of a package's functions and methods, each made once, on
    first use (a callee's before its caller's; a recursive call proves
    nothing)."""

    def __init__(self, pkg: Pass) -> None:
        self.pkg = pkg
        self.index = pkg.package
        self.done: dict[str, FuncProof] = {}
        self.busy: set[str] = set()
        self.imported: dict[str, CalleeProofs | None] = {}
        self.decls = {(d.node.start_byte, d.node.end_byte): d for d in self.index.funcs.values()}
        methods: dict[str, set[str]] = {}
        for decl in self.index.funcs.values():
            if decl.receiver:
                methods.setdefault(decl.receiver, set()).add(decl.name)
        self.makers = _Makers(
            pkg.fact(MADE_RETURNS),
            self.index.imports,
            self.proof_of,
            {k: frozenset(v) for k, v in methods.items()},
            self.index,
        )

    def proof(self, key: str) -> FuncProof | None:
        if key in self.done:
            return self.done[key]
        decl = self.index.funcs.get(key)
        if key in self.busy or decl is None or decl.body is None:
            return None
        self.busy.add(key)
        try:
            found = prove(decl, self.makers)
        finally:
            self.busy.discard(key)
        self.done[key] = found
        return found

    def proof_of(self, file: SourceFile, call: Node) -> FuncProof | None:
        """What the callee of ``call`` proves: ``F(...)`` of the package,
        ``pkg.F(...)`` of another package, ``x.M(...)`` for a method on the
        enclosing method's receiver or on a parameter typed with a type of
        the package or of an imported one (``cr *api.DB``)."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        fn = sx.unparen(fn)
        if fn.type == "identifier":
            decl = self.index.funcs.get(file.text(fn))
            return self.proof(decl.key) if decl is not None and not decl.receiver else None
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if fn.type != "selector_expression" or operand is None or field is None:
            return None
        method = file.text(field)
        enclosing = sx.declaration_of(call)
        decl = (
            self.decls.get((enclosing.start_byte, enclosing.end_byte))
            if enclosing is not None
            else None
        )
        imports = self.index.imports.get(file.path, {})
        if operand.type != "identifier" or (
            decl is not None
            and (self._local(decl, operand) or _ranged_over(decl, operand) is not None)
        ):
            # a method of a field's value (``cr.Spec.Volume.validate()``),
            # or of a local that holds one: its type from the struct fields
            typed_text = self._type_of(decl, operand) if decl is not None else ""
            qualifier, _, type_name = typed_text.removeprefix("*").rpartition(".")
            if type_name and not qualifier:
                return self.proof(f"{type_name}.{method}")
            path = imports.get(qualifier) if type_name else None
            if path is not None:
                return self._imported(path, f"{type_name}.{method}")
            if operand.type != "identifier":
                return None
        name = file.text(operand)
        if decl is not None and decl.receiver and name == decl.receiver_name:
            return self.proof(f"{decl.receiver}.{method}")
        typed = [p for p in decl.params if p.name == name] if decl is not None else []
        if typed:
            qualifier, _, type_name = typed[0].type_text.removeprefix("*").rpartition(".")
            if not qualifier:
                return self.proof(f"{type_name}.{method}")
            path = imports.get(qualifier)  # a method of another package's type
            return self._imported(path, f"{type_name}.{method}") if path is not None else None
        path = imports.get(name)
        if path is None:
            return self._only_method(method)
        return self._imported(path, method)

    def _local(self, decl: FuncDecl, operand: Node) -> Node | None:
        """The value of ``x := v`` (or ``x := &v``), the one definition of
        the local ``operand`` names in the body's own list (``None``: not
        such a local, or a parameter)."""
        file, body = decl.file, decl.body
        name = file.text(operand)
        if body is None or any(p.name == name for p in decl.params) or name == decl.receiver_name:
            return None
        found: list[Node] = []
        for assigned, node in _assigned(file, body, ranges=True):
            if assigned == name:
                found.append(node)
        if len(found) != 1 or found[0].type != "short_var_declaration":
            return None
        if all(found[0].id != stmt.id for stmt in sx.block_statements(body)):
            return None
        names, values = sx.defined_values(found[0])
        if len(names) != 1 or len(values) != 1 or found[0].start_byte > operand.start_byte:
            return None
        return sx.unparen(values[0])

    def _type_of(self, decl: FuncDecl, node: Node, depth: int = 0) -> str:
        """The declared type of ``x.A.B`` below the receiver, a parameter or
        a local defined as such a path (``c := cr.Spec``, ``c := &cr.Spec``),
        through the struct fields of the package (``""``: not known)."""
        node = sx.unparen(node)
        if depth > 4:
            return ""  # locals defined from locals, too deep
        if node.type == "unary_expression" and decl.file.text(node).startswith("&"):
            inner = node.child_by_field_name("operand")
            return "*" + self._type_of(decl, inner, depth) if inner is not None else ""
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None:
                return ""
            owner = self._type_of(decl, operand, depth).removeprefix("*")
            if not owner or "." in owner:
                return ""
            found = self.index.field_of(owner, decl.file.text(field))
            return found.type_text if found is not None else ""
        if node.type != "identifier":
            return ""
        name = decl.file.text(node)
        if decl.receiver and name == decl.receiver_name:
            return ("*" if decl.pointer_receiver else "") + decl.receiver
        typed = [p.type_text for p in decl.params if p.name == name]
        if typed:
            return typed[0]
        ranged = _ranged_over(decl, node)
        if ranged is not None:
            # the value of a range over a slice: its element type
            sliced = self._type_of(decl, ranged, depth + 1)
            return sliced.removeprefix("[]") if sliced.startswith("[]") else ""
        value = self._local(decl, node) or _defined_as(decl, node)
        return self._type_of(decl, value, depth + 1) if value is not None else ""

    def _imported(self, path: str, key: str) -> FuncProof | None:
        """The proof of ``key`` in the package ``path`` the package imports."""
        if is_std(path):
            return None
        if path not in self.imported:
            self.imported[path] = imported_proofs(self.pkg, path)
        found = self.imported[path]
        return found.get(key) if found is not None else None

    def _only_method(self, method: str) -> FuncProof | None:
        """``x.M(...)`` when only one type of the package has a method ``M``
        (as CALLS resolves it)."""
        keys = [k for k, names in self.makers.methods.items() if method in names]
        return self.proof(f"{keys[0]}.{method}") if len(keys) == 1 else None


def _definitions(decl: FuncDecl, operand: Node) -> list[Node]:
    """The statements and range clauses of ``decl``'s body that define the
    local ``operand`` names (``x := v``, ``var x``, ``for _, x := range s``;
    none for a parameter, receiver or named result)."""
    file, body = decl.file, decl.body
    name = file.text(operand)
    declared = {p.name for p in (*decl.params, *decl.results)} | {decl.receiver_name}
    if body is None or name in declared:
        return []
    return [
        node
        for assigned, node in _assigned(file, body, ranges=True)
        if assigned == name
        and (
            node.type in ("short_var_declaration", "var_spec")
            or (node.type == "range_clause" and ":=" in (c.type for c in node.children))
        )
    ]


def _ranged_over(decl: FuncDecl, operand: Node) -> Node | None:
    """The slice ``s`` when the local ``operand`` names is defined once in
    the body, as the value of ``for _, x := range s``, and ``operand`` is
    inside that loop: ``x`` has the element type of ``s``."""
    found = _definitions(decl, operand)
    if len(found) != 1 or found[0].type != "range_clause":
        return None
    clause = found[0]
    loop = clause.parent
    left = clause.child_by_field_name("left")
    targets = left.named_children if left is not None else []
    if (
        loop is None
        or len(targets) != 2
        or decl.file.text(targets[1]) != decl.file.text(operand)
        or not loop.start_byte <= operand.start_byte < loop.end_byte
        or operand.start_byte < clause.end_byte
        or _in_literal_below(operand, loop)
    ):
        return None
    return clause.child_by_field_name("right")


def _in_literal_below(node: Node, scope: Node) -> bool:
    """``node`` sits in a function literal inside ``scope``, whose
    parameters may declare the name again."""
    return any(
        a.type == "func_literal" and scope.start_byte <= a.start_byte for a in sx.ancestors(node)
    )


def _defined_as(decl: FuncDecl, operand: Node) -> Node | None:
    """The value of ``x := v``, the one definition of the local ``operand``
    names in the body, when ``operand`` follows it in its block: a local
    keeps the type it is defined with, whatever it is assigned after
    (``l := p.S`` grown by ``l = append(l, ...)``)."""
    found = _definitions(decl, operand)
    if len(found) != 1 or found[0].type != "short_var_declaration":
        return None
    block = found[0].parent
    names, values = sx.defined_values(found[0])
    if (
        block is None
        or len(names) != 1
        or len(values) != 1
        or not found[0].end_byte <= operand.start_byte < block.end_byte
        or _in_literal_below(operand, block)
    ):
        return None
    return sx.unparen(values[0])


def _produce(pkg: Pass) -> CalleeProofs:
    funcs: dict[str, FuncProof] = {}
    prover = _Prover(pkg)
    for key, decl in pkg.package.funcs.items():
        if decl.body is None:
            continue
        proof = prover.proof(key)
        if proof is not None and (
            proof.ensured
            or proof.checked
            or proof.ensured_if
            or proof.untouched
            or proof.true_if
            or proof.nonzero_if
            or proof.ensured_when
        ):
            funcs[key] = proof
    return CalleeProofs(funcs)


API_CALLEES: Fact[CalleeProofs] = Fact(
    "api-callees",
    _produce,
    (MADE_RETURNS,),
    from_source=True,
    doc="maps below pointer parameters a function makes, or checks before a nil error",
)


def imported_proofs(pkg: Pass, import_path: str) -> CalleeProofs | None:
    """The API_CALLEES of the package ``import_path`` that ``pkg`` imports
    (``None``: its sources cannot be read)."""
    other = pkg.dependency(import_path)
    if other is None:
        return None
    try:
        return other.fact(API_CALLEES)
    except UndeclaredFact:
        return None
