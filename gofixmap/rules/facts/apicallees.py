"""API_CALLEES: what a function's body proves about the maps below its
pointer parameters, as its callers see it (an exported fact computed from
source, like a go/analysis object fact), for NM004's guards.

For each function of the package with a body (not methods: a call
``F(x)`` or ``pkg.F(x)`` names its callee without types), by parameter
position, the field paths below the parameter (``Annotations``,
``ObjectMeta.Labels``, ``Data``) that are

- ``ensured``: not nil whenever the function returns. A statement of the
  body's own list, before any statement that can return, makes the map when
  it is nil (``if p.M == nil { p.M = make(...) }``), assigns it a made map
  or a literal, or writes into it (``p.M[k] = v``: with a nil map that
  panics, so the function does not return). A call counts as made when
  its function never returns a nil map (:mod:`.madereturns`): of the
  package, at once; of another package (``labels.Merge``), recorded in
  ``ensured_if`` for the caller to ask. The parameter is a pointer, so
  the caller's object is the one changed. An assignment of anything else to
  ``p.M`` later in the body drops the path.
- ``checked``: not nil when the function returns a nil error (its last
  result is an ``error``). A statement of the body's own list, before any
  statement that can return otherwise, returns a non-nil error when the map
  is nil, empty or lacks a key: ``v, ok := p.M[k]; if !ok { return ..., err }``,
  ``if _, ok := p.M[k]; !ok {...}``, ``if p.M == nil {...}``,
  ``if len(p.M) == 0 {...}``. A key found in a map means the map is not nil.

Only the body's own statement list counts: a check inside a branch may be
skipped, and a ``return`` before the check may return nil first. A
reassignment of the parameter itself ends the scan. A path is dropped again
when the body, after the proof, may assign it anything but a made map, assign
a field on the way to it (``p.ObjectMeta = ...``) or all of ``*p``; in a
function literal such an assignment counts wherever it is (it may run later).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
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


def _path(file: SourceFile, node: Node, param: str) -> str | None:
    """``p.A.B`` → ``A.B`` for the parameter ``p`` (``(*p).A`` too)."""
    text = sx.norm(file.text(sx.unparen(node)))
    for prefix in (param + ".", f"(*{param})."):
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if rest and all(part.isidentifier() for part in rest.split(".")):
                return rest
    return None


# a made map (True), one when the imported function (import path, name)
# never returns nil, or not known to be made (False)
Made = bool | tuple[str, str]


@dataclass(frozen=True)
class _Makers:
    """What makes a map in a package: its functions that never return nil
    (:data:`MADE_RETURNS`) and the imports of each file."""

    funcs: frozenset[str] = frozenset()
    imports: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

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
) -> dict[str, int]:
    """The paths made by a statement of the body's own list before any that
    can return, with the start of that statement; ``conditions`` receives
    the paths made only when an imported function never returns nil."""
    ensured: dict[str, int] = {}
    conditions = {} if conditions is None else conditions
    for stmt in sx.block_statements(body):
        assigned = _assignments(file, stmt, param)
        if any(path == "" for path, _ in assigned):
            break
        for path, value in assigned:
            made = makers.made(file, value) if value is not None else False
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
        if stmt.type == "if_statement" and not _returns(stmt):
            made_path = _made_when_nil(file, stmt, param)
            if made_path is not None:
                ensured[made_path] = stmt.start_byte
                conditions.pop(made_path, None)
                continue
        if _returns(stmt):
            break
    return ensured


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
            text = sx.norm(file.text(sx.unparen(target)))
            whole = text in (f"*{param}", f"(*{param})")
            path = None if whole else _path(file, target, param)
            if not whole and path is None:
                continue
            for done, at in list(kept.items()):
                if not later and stmt.end_byte <= at:
                    continue
                below = whole or done.startswith(f"{path}.")
                if below or (done == path and not _remade(file, value, makers, conditions, done)):
                    del kept[done]
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
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    if (
        cond is None
        or then is None
        or stmt.child_by_field_name("alternative") is not None
        or stmt.child_by_field_name("initializer") is not None
    ):
        return None
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return None
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None or file.text(operator) != "==":
        return None
    tested = left if right.type == "nil" else right if left.type == "nil" else None
    path = _path(file, tested, param) if tested is not None else None
    if path is None:
        return None
    for inner in sx.block_statements(then):
        for assigned, value in _assignments(file, inner, param):
            if assigned == path and value is not None and made_map(file, value):
                return path
    return None


def _checked(file: SourceFile, body: Node, param: str) -> dict[str, int]:
    """The paths checked by a statement of the body's own list before any
    that can return otherwise, with the start of that statement."""
    checked: dict[str, int] = {}
    oks: dict[str, str] = {}  # ok name -> path, from `v, ok := p.M[k]`
    for stmt in sx.block_statements(body):
        if any(path == "" for path, _ in _assignments(file, stmt, param)):
            break
        if stmt.type == "short_var_declaration":
            found = _lookup(file, stmt, param)
            if found is not None:
                oks[found[0]] = found[1]
                continue
        if stmt.type == "if_statement":
            proved = _check(file, stmt, param, oks)
            if proved is not None:
                checked[proved] = stmt.start_byte
                continue
        if _returns(stmt):
            break
    return checked


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


def _check(file: SourceFile, stmt: Node, param: str, oks: Mapping[str, str]) -> str | None:
    """``if <the map is missing> { ...; return ..., <non-nil error> }``
    (no else): the path of the map."""
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    if cond is None or then is None or stmt.child_by_field_name("alternative") is not None:
        return None
    statements = sx.block_statements(then)
    last = statements[-1] if statements else None
    if last is None or last.type != "return_statement" or not last.named_children:
        return None
    values = last.named_children[0]
    results = values.named_children if values.type == "expression_list" else [values]
    if not results or results[-1].type == "nil":
        return None
    if any(_returns(s) for s in statements[:-1]):
        return None  # an earlier return in the block may give nil
    init = stmt.child_by_field_name("initializer")
    local = dict(oks)
    if init is not None:
        found = _lookup(file, init, param) if init.type == "short_var_declaration" else None
        if found is None:
            return None
        local[found[0]] = found[1]
    text = sx.norm(file.text(cond))
    if text.startswith("!") and text[1:] in local:
        return local[text[1:]]
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return None
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return None
    op = file.text(operator)
    if op == "==" and (right.type == "nil" or left.type == "nil"):
        tested = left if right.type == "nil" else right
        return _path(file, tested, param)
    if op == "==" and file.text(right) == "0":
        tested = sx.unparen(left)
        fn = tested.child_by_field_name("function") if tested.type == "call_expression" else None
        args = tested.child_by_field_name("arguments")
        if fn is not None and file.text(fn) == "len" and args is not None:
            inner = args.named_children
            return _path(file, inner[0], param) if len(inner) == 1 else None
    return None


def prove(decl: FuncDecl, makers: _Makers | None = None) -> FuncProof:
    """What ``decl``'s body proves about the maps below its pointer parameters."""
    ensured: dict[int, frozenset[str]] = {}
    checked: dict[int, frozenset[str]] = {}
    ensured_if: dict[int, dict[str, tuple[str, str]]] = {}
    body = decl.body
    if body is None:
        return FuncProof()
    makers = makers or _Makers()
    errors = bool(decl.results) and decl.results[-1].type_text == "error"
    for position, param in enumerate(decl.params):
        if not param.name or param.name == "_" or not param.type_text.startswith("*"):
            continue
        conditions: dict[str, tuple[str, str]] = {}
        found = _ensured(decl.file, body, param.name, makers, conditions)
        made = _kept(decl.file, body, param.name, found, makers, conditions)
        if made - set(conditions):
            ensured[position] = made - set(conditions)
        if made & set(conditions):
            ensured_if[position] = {p: conditions[p] for p in made & set(conditions)}
        if errors:
            held = _kept(decl.file, body, param.name, _checked(decl.file, body, param.name))
            if held:
                checked[position] = held
    return FuncProof(ensured, checked, ensured_if)


def _produce(pkg: Pass) -> CalleeProofs:
    funcs: dict[str, FuncProof] = {}
    makers = _Makers(pkg.fact(MADE_RETURNS), pkg.package.imports)
    for key, decl in pkg.package.funcs.items():
        if decl.receiver or decl.body is None:
            continue
        proof = prove(decl, makers)
        if proof.ensured or proof.checked or proof.ensured_if:
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
