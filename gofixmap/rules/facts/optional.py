"""Optional parameters: a function that does something else when a
parameter is given (``p != nil``) than when it is not, and calls that
always give it.

``parseLog(h, names)`` with ``names := make(...)`` at the call, and in
``parseLog`` the write ``h.state[k] = v`` only on the branch of ``global :=
names != nil; if global { ... } else { <write> }``: a value passed at that
call never reaches the write, whatever it holds. NM002 uses it to tell
which calls of a function can bring a value to a write in it.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.fieldinit import terminates
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node

_MADE = ("composite_literal", "func_literal")


def given(types: TypeResolver, file: SourceFile, call: Node, decl: FuncDecl) -> frozenset[str]:
    """The parameters of ``decl`` that ``call`` certainly gives a non-nil
    value: ``make(...)``, ``new(...)``, a composite or function literal,
    ``&x``, or a local variable declared with one of those and never
    assigned again."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return frozenset()
    values = [a for a in args.named_children if a.type != "comment"]
    if len(values) != len(decl.params):
        return frozenset()
    found: set[str] = set()
    for param, value in zip(decl.params, values, strict=True):
        if param.name and param.name != "_" and _non_nil(types, file, value):
            found.add(param.name)
    return frozenset(found)


def _non_nil(types: TypeResolver, file: SourceFile, value: Node) -> bool:
    value = sx.unparen(value)
    if _made(file, value):
        return True
    if value.type != "identifier":
        return False
    name = file.text(value)
    binding = types.resolve(file, name, value)
    if binding is None or binding.kind != "short" or binding.function is None:
        return False
    decl = binding.node
    right = decl.child_by_field_name("right")
    left = decl.child_by_field_name("left")
    if right is None or left is None:
        return False
    names = [file.text(n) for n in left.named_children]
    values = right.named_children
    if len(names) != len(values) or name not in names:
        return False
    if not _made(file, sx.unparen(values[names.index(name)])):
        return False
    return not _assigned(file, binding.function, name, decl)


def _made(file: SourceFile, value: Node) -> bool:
    if value.type in _MADE:
        return True
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        return True
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        return fn is not None and file.text(fn) in ("make", "new")
    return False


def _assigned(file: SourceFile, func: Node, name: str, decl: Node | None) -> bool:
    """``name`` is given a value in ``func`` other than by ``decl``, or its
    address is taken."""
    for node in src.of_types(
        func, ("assignment_statement", "short_var_declaration", "unary_expression")
    ):
        if decl is not None and node.id == decl.id:
            continue
        if node.type == "unary_expression":
            operand = node.child_by_field_name("operand")
            if (
                operand is not None
                and file.text(node).startswith("&")
                and sx.norm(file.text(operand)) == name
            ):
                return True
            continue
        left = node.child_by_field_name("left")
        for target in left.named_children if left is not None else ():
            if sx.norm(file.text(target)) == name:
                return True
    return False


def when_missing(decl: FuncDecl, write: Node, params: frozenset[str]) -> bool:
    """``write`` (in ``decl``) runs only where one of ``params`` is nil: it
    sits in the branch of an ``if`` that the parameter's check rules out
    (``if p != nil { ... } else { <write> }``, ``if p == nil { <write> }``,
    or the check kept in a bool, ``ok := p != nil`` at the top of the body),
    and neither the parameter nor the bool is assigned again."""
    body = decl.body
    if body is None or not params:
        return False
    file = decl.file
    bools = _checks_kept(file, body, params)
    for node, parent in sx.climb(write, body):
        if parent.type == sx.STATEMENT_LIST:
            # ``if p != nil { ...; return }`` before: past it, p is nil
            for sibling in sx.preceding(node, parent):
                if _leaves_when_given(file, body, sibling, bools, params):
                    return True
            continue
        if parent.type != "if_statement":
            continue
        cond = parent.child_by_field_name("condition")
        if cond is None or parent.child_by_field_name("initializer") is not None:
            continue
        if node == parent.child_by_field_name("consequence"):
            branch = True
        elif node == parent.child_by_field_name("alternative"):
            branch = False
        else:
            continue
        tested = _tested(file, cond, bools)
        if tested is None:
            continue
        param, when_given = tested
        if param in params and branch != when_given and not _assigned(file, body, param, None):
            return True
    return False


def _leaves_when_given(
    file: SourceFile, body: Node, stmt: Node, bools: dict[str, str], params: frozenset[str]
) -> bool:
    """``if <p given> { ... <leaves> }`` with no else."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    cond = stmt.child_by_field_name("condition")
    consequence = stmt.child_by_field_name("consequence")
    if cond is None or consequence is None or stmt.child_by_field_name("initializer"):
        return False
    tested = _tested(file, cond, bools)
    if tested is None or not tested[1] or tested[0] not in params:
        return False
    return terminates(consequence) and not _assigned(file, body, tested[0], None)


def _checks_kept(file: SourceFile, body: Node, params: frozenset[str]) -> dict[str, str]:
    """``ok := p != nil`` at the top level of ``body``, ``ok`` never
    assigned again: ok → p."""
    found: dict[str, str] = {}
    statements = sx.statement_list(body)
    for stmt in statements.named_children if statements is not None else ():
        if stmt.type != "short_var_declaration":
            continue
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None:
            continue
        if len(left.named_children) != 1 or len(right.named_children) != 1:
            continue
        name = file.text(left.named_children[0])
        test = sx.norm(file.text(right.named_children[0]))
        for p in params:
            if test in (f"{p}!=nil", f"nil!={p}") and not _assigned(file, body, name, stmt):
                found[name] = p
    return found


def _tested(file: SourceFile, cond: Node, bools: dict[str, str]) -> tuple[str, bool] | None:
    """(parameter, whether the condition holds when it is given) for
    ``p != nil``, ``p == nil``, ``ok`` and ``!ok``."""
    cond = sx.unparen(cond)
    if cond.type == "unary_expression" and file.text(cond).startswith("!"):
        operand = cond.child_by_field_name("operand")
        inner = _tested(file, operand, bools) if operand is not None else None
        return (inner[0], not inner[1]) if inner is not None else None
    text = sx.norm(file.text(cond))
    if text in bools:
        return bools[text], True
    parts = sx.binary(cond)
    if parts is None:
        return None
    operator, left, right = parts
    op = file.text(operator)
    if op not in ("==", "!="):
        return None
    other = left if right.type == "nil" else right if left.type == "nil" else None
    if other is None or other.type != "identifier":
        return None
    return file.text(other), op == "!="
