"""Paths a path-insensitive flow analysis joins but that cannot both happen:
a "may be nil" write whose path made the map after all, by idioms such as
the same condition around the make and the write, a variable set together
with the map, or a map reset in a counted loop."""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts import lookups

Node = tree_sitter.Node


def making_assignments(file: SourceFile, uses: list[Node]) -> list[Node]:
    """The assignments that give the variable a non-nil value."""
    result: list[Node] = []
    for use in uses:
        if not sx.is_assigned(use):
            continue
        statement = use.parent.parent if use.parent is not None else None
        if statement is None:
            continue
        left = statement.child_by_field_name("left")
        right = statement.child_by_field_name("right")
        if left is None or right is None:
            continue
        lefts, rights = left.named_children, right.named_children
        if len(lefts) == len(rights):
            value = rights[[n.id for n in lefts].index(use.id)]
            if value.type == "nil":
                continue
        result.append(statement)
    return result


def _guards(file: SourceFile, node: Node, func: Node) -> list[tuple[Node, Node]]:
    """(if statement, conjunct) for each if whose consequence holds ``node``."""
    result: list[tuple[Node, Node]] = []
    current = node
    while current.parent is not None and current.id != func.id:
        parent = current.parent
        if parent.type == "if_statement":
            consequence = parent.child_by_field_name("consequence")
            condition = parent.child_by_field_name("condition")
            if consequence is not None and consequence.id == current.id and condition is not None:
                result.extend((parent, c) for c in sx.terms(condition, "&&"))
        current = parent
    return result


def correlated(file: SourceFile, func: Node, target: Node, makes: list[Node]) -> bool:
    """A "may be nil" write whose path makes the map after all, by idioms a
    path-insensitive analysis cannot see: the write and the make sit under
    the same condition (``if debug { m = make(...) } ... if debug { m[k] = v }``);
    the write's condition tests a variable set together with the map
    (``if mls != nil { m[k] = v }``); the map is made together with another
    variable under its nil check (``if a == nil { a = ...; m = make(...) }``);
    a make under ``if A || B`` covers a write under ``A`` (or in ``for range
    X`` when a disjunct is ``len(X) > 0``, or in the body of a ``for A``
    loop that follows the if at once: :func:`_loop_made`); or the map is
    reset in a counted loop (``if i%n == 0 { m = make(...) }``)."""
    # an assignment around the target (``m = merge(m, x)``) assigns after
    # the call in it has run: it makes nothing for that call
    makes = [s for s in makes if not s.start_byte <= target.start_byte < s.end_byte]
    if not makes:
        return False
    make_guards = [(stmt, _guards(file, stmt, func)) for stmt in makes]
    # made under `if A || B`: made whenever one of them holds
    sufficient = [d for c in _texts(make_guards) for d in _disjuncts(file, c)]
    make_texts = {sx.norm(file.text(d)) for d in sufficient}
    # an if around both the make and the write tells nothing of their order
    make_ifs = {if_stmt.id for _, guards in make_guards for if_stmt, _ in guards}
    # made under `if len(X) > 0`, written in the body of `for ... range X`
    ranged = lookups.ranged_over(file, target, func)
    if ranged and any(lookups.nonempty_operand(file, d) in ranged for d in sufficient):
        return True
    if _loop_made(file, func, target, makes):
        return True
    write_guards = _guards(file, target, func)
    for if_stmt, conjunct in write_guards:
        if (
            if_stmt.id not in make_ifs
            and sx.norm(file.text(conjunct)) in make_texts
            and not _reassigned(file, func, conjunct)
        ):
            return True
        other = _nil_tested(file, conjunct, "!=")
        if other is not None and _set_only_under(file, func, other, make_guards):
            return True
    for _, guards in make_guards:
        for if_stmt, conjunct in guards:
            if if_stmt.end_byte <= target.start_byte and (
                _nil_tested(file, conjunct, "==") is not None or _is_len_zero(file, conjunct)
            ):
                return True
            if _mentions_loop_counter(file, conjunct, if_stmt, target):
                return True
    return False


def _loop_made(file: SourceFile, func: Node, target: Node, makes: list[Node]) -> bool:
    """``target`` is in the body of a ``for C { ... }`` loop (or ``for ; C;
    post``) that is the statement right after ``if C { m = make(...) }``:
    Go evaluates ``C`` before the first iteration, with nothing run since
    the if tested it, so the body runs only when the if made the map
    (``if !in.IsDelim('}') { t.Header = make(...) }; for !in.IsDelim('}')
    { t.Header[k] = v }``, the form decoder generators emit). The make is a
    statement of the if's own block (not under a nested condition); the
    loop's condition is the if's or a conjunct of it is one of the if's
    disjuncts; no variable it names is assigned in the function; an else
    arm only sets what the make sets; and the loop assigns nothing the make
    assigns, so a later iteration finds the
    map made too."""
    current = target
    while current.parent is not None and current.id != func.id:
        loop = current.parent
        if loop.type in sx.FUNCTION_TYPES:
            return False
        if loop.type == "for_statement" and current.type == "block":
            condition = _loop_condition(loop)
            before = sx.previous_statement(loop)
            if (
                condition is not None
                and before is not None
                and before.type == "if_statement"
                and _made_by_if(file, func, before, condition, makes, loop)
            ):
                return True
        current = loop
    return False


def _loop_condition(loop: Node) -> Node | None:
    """The condition of ``for C {}`` or of ``for ; C; post {}`` (a clause
    with an initializer runs it before the condition: none)."""
    body = loop.child_by_field_name("body")
    for child in loop.named_children:
        if child.type == "for_clause":
            if child.child_by_field_name("initializer") is not None:
                return None
            return child.child_by_field_name("condition")
        if child.type in ("range_clause", "comment") or (body is not None and child.id == body.id):
            continue
        return child
    return None


def _made_by_if(
    file: SourceFile, func: Node, if_stmt: Node, condition: Node, makes: list[Node], loop: Node
) -> bool:
    if_condition = if_stmt.child_by_field_name("condition")
    consequence = if_stmt.child_by_field_name("consequence")
    if if_condition is None or consequence is None or if_stmt.child_by_field_name("initializer"):
        return False
    sufficient = {sx.norm(file.text(d)) for d in _disjuncts(file, sx.unparen(if_condition))}
    if not any(sx.norm(file.text(c)) in sufficient for c in sx.terms(sx.unparen(condition), "&&")):
        return False
    if _reassigned(file, func, condition):
        return False
    direct = [m for m in makes if _directly_in(m, consequence)]
    if not direct:
        return False
    assigned = {
        sx.norm(file.text(t))
        for m in direct
        for t in (m.child_by_field_name("left") or m).named_children
    }
    alternative = if_stmt.child_by_field_name("alternative")
    if alternative is not None and not all(
        _assigns_only(file, s, assigned) for s in sx.block_statements(alternative)
    ):
        # the else arm runs when C is false and may make it true (``else {
        # r.pos = 0 }``): only an arm that sets the map itself (``else { m =
        # nil }``) is known not to
        return False
    for node in sx.walk(loop, closures=True):
        if node.type not in ("assignment_statement", "short_var_declaration"):
            continue
        left = node.child_by_field_name("left")
        if left is not None and any(sx.norm(file.text(t)) in assigned for t in left.named_children):
            return False
    return True


def _assigns_only(file: SourceFile, stmt: Node, targets: set[str]) -> bool:
    """``stmt`` is a comment or a plain assignment to some of ``targets``
    whose values call nothing."""
    if stmt.type == "comment":
        return True
    if stmt.type != "assignment_statement":
        return False
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return False
    if any(n.type == "call_expression" for n in sx.walk(right, closures=False)):
        return False
    return all(sx.norm(file.text(t)) in targets for t in left.named_children)


def _directly_in(stmt: Node, block: Node) -> bool:
    """``stmt`` is a statement of ``block`` itself."""
    up = stmt.parent
    while up is not None and up.id != block.id:
        if not sx.is_block(up):
            return False
        up = up.parent
    return up is not None


def _reassigned(file: SourceFile, func: Node, condition: Node) -> bool:
    """A variable that ``condition`` names is assigned in ``func`` (``=``,
    not its declaration): the same condition text at the make and at the
    write may then hold different values (``if tmp != nil`` twice, with
    ``tmp`` set anew in between)."""
    names = {file.text(n) for n in sx.walk(condition, closures=False) if n.type == "identifier"}
    for node in sx.walk(func, closures=False):
        if node.type != "assignment_statement":
            continue
        left = node.child_by_field_name("left")
        for target in left.named_children if left is not None else []:
            if target.type == "identifier" and file.text(target) in names:
                return True
    return False


def _disjuncts(file: SourceFile, expr: Node) -> list[Node]:
    """``A || B`` → [A || B, A, B] (and so on down); anything else → [expr]."""
    result = [expr]
    parts = sx.binary(expr)
    if parts is not None and file.text(parts[0]) == "||":
        result.extend(_disjuncts(file, parts[1]))
        result.extend(_disjuncts(file, parts[2]))
    return result


def _texts(make_guards: list[tuple[Node, list[tuple[Node, Node]]]]) -> list[Node]:
    return [c for _, guards in make_guards for _, c in guards]


def _nil_tested(file: SourceFile, expr: Node, op: str) -> str | None:
    """``Y op nil`` → ``Y`` (identifier or selector text)."""
    if expr.type != "binary_expression" or (parts := sx.binary(expr)) is None:
        return None
    operator, left, right = parts
    if file.text(operator) != op:
        return None
    if right.type == "nil" and left.type in ("identifier", "selector_expression"):
        return file.text(left)
    return None


def _is_len_zero(file: SourceFile, expr: Node) -> bool:
    return sx.norm(file.text(expr)).startswith("len(") and sx.norm(file.text(expr)).endswith(")==0")


def _set_only_under(
    file: SourceFile, func: Node, name: str, make_guards: list[tuple[Node, list[tuple[Node, Node]]]]
) -> bool:
    """Every assignment to ``name`` in ``func`` sits in an if that also makes
    the map: the innermost if around a make (an if further out also holds
    the code around the make, which need not make the map)."""
    blocks = [guards[0][0] for _, guards in make_guards if guards]
    found = False
    for node in sx.walk(func, closures=False):
        if node.type not in ("assignment_statement", "short_var_declaration"):
            continue
        left = node.child_by_field_name("left")
        if left is None or not any(file.text(t) == name for t in left.named_children):
            continue
        found = True
        if not any(b.start_byte <= node.start_byte < b.end_byte for b in blocks):
            return False
    return found


def _mentions_loop_counter(file: SourceFile, conjunct: Node, if_stmt: Node, target: Node) -> bool:
    """``if i%n == 0 { m = make(...) }`` inside ``for i := 0; ...`` around the write."""
    loop = if_stmt.parent
    while loop is not None and loop.type != "for_statement":
        loop = loop.parent
    if loop is None or not (loop.start_byte <= target.start_byte < loop.end_byte):
        return False
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    init = clause.child_by_field_name("initializer") if clause is not None else None
    if init is None or init.type != "short_var_declaration":
        return False
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    if left is None or right is None or sx.norm(file.text(right)) != "0":
        return False
    counter = file.text(left)
    return any(
        n.type == "identifier" and file.text(n) == counter
        for n in sx.walk(conjunct, closures=False)
    )
