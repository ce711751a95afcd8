"""Where one guard covers every write of a path: before the first write.

A guard ``if m == nil { m = make(...) }`` just before the reported write
leaves the other writes of the same path to their own findings, and a fix
that is applied (or verified) alone still panics at the next write. The
guard belongs before the first write when, from there, every path reaches
a write of the map and nothing in between can tell a made map from nil:

- the statements from the guard up to an unconditional write of the map
  (in the same statement list) hold no ``return``, ``goto``, ``panic``, and
  no ``break``/``continue`` that leaves them;
- the map is only indexed, ranged over, measured (``len``) or deleted from
  there: never compared with nil, passed, assigned, stored or captured by a
  closure; its root variable is not assigned or declared again, and (for a
  field) no method is called on it and it is not passed anywhere.

Making the map earlier then changes nothing but the paths that used to
panic: the guard stays as safe as at the reported write. Several findings
of one path get the same edit, which the engine applies once.
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node

_SIMPLE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_HARMLESS_CALLS = ("len", "delete", "clear")
_LOOPS = ("for_statement",)
_BREAKABLE = ("for_statement", "expression_switch_statement", "type_switch_statement")
_BREAKABLE_ALL = (*_BREAKABLE, "select_statement")


def first_write(file: SourceFile, stmt: Node, target: str) -> Node:
    """The statement before which a guard of ``target`` covers ``stmt`` (a
    write of ``target``) and every other write of its path; ``stmt`` itself
    when no earlier place is proved equivalent."""
    target = sx.norm(target)
    if not _SIMPLE.fullmatch(target) or not _writes(file, stmt, target):
        return stmt
    func = sx.enclosing_function(stmt)
    if func is None or not _function_allows(file, func, target):
        return stmt
    root = target.split(".", 1)[0]
    best = stmt
    current: Node | None = stmt
    while current is not None:
        up = sx.parent(current)
        if up is None or up.type != sx.STATEMENT_LIST:
            break
        siblings = [c for c in up.named_children if c.type != "comment"]
        ids = [s.id for s in siblings]
        if current.id not in ids:
            break
        i = ids.index(current.id)
        y = None
        # only a write in this list can end the scan: without one, no sibling
        # needs the (whole-subtree) cleanliness walk
        writers = any(_writes(file, s, target) for s in siblings[i:])
        for j in range(i, len(siblings) if writers else i):
            s = siblings[j]
            if _writes(file, s, target) and _clean(file, s, target, root):
                y = j
                break
            if not _clean(file, s, target, root):
                break
        if y is not None:
            x = i
            for j in range(i - 1, -1, -1):
                s = siblings[j]
                if not _clean(file, s, target, root):
                    break
                if _contains_write(file, s, target):
                    x = j
            if x < i or current.id != stmt.id:
                best = siblings[x]
        holder = sx.parent(up)
        if holder is None or holder.type in sx.FUNCTION_TYPES:
            break
        # statement_of does not cross a function, so current stays in func
        current = sx.statement_of(holder, crossing_functions=False)
        if current is None:
            break
    return best


def _function_allows(file: SourceFile, func: Node, target: str) -> bool:
    """No ``&root`` anywhere in the function (a pointer could change it)."""
    root = target.split(".", 1)[0]
    for node in sx.nodes(func, ("unary_expression",)):
        operand = node.child_by_field_name("operand")
        if (
            operand is not None
            and file.text(node).startswith("&")
            and sx.norm(file.text(operand)).split(".", 1)[0] == root
        ):
            return False
    return True


def _index_target(file: SourceFile, node: Node) -> str | None:
    view = sx.index_view(sx.unparen(node))
    if view is None:
        return None
    return sx.norm(file.text(sx.unparen(view[0])))


def _writes(file: SourceFile, stmt: Node, target: str) -> bool:
    """``stmt`` is itself a write ``target[k] = v`` / ``op=`` / ``++`` / ``--``."""
    if stmt.type == "assignment_statement":
        left = stmt.child_by_field_name("left")
        return left is not None and any(
            _index_target(file, t) == target for t in left.named_children
        )
    if stmt.type in ("inc_statement", "dec_statement"):
        return any(_index_target(file, c) == target for c in stmt.named_children)
    return False


def _contains_write(file: SourceFile, stmt: Node, target: str) -> bool:
    return any(
        _writes(file, n, target)
        for n in sx.nodes(stmt, ("assignment_statement", "inc_statement", "dec_statement"))
    )


def _clean(file: SourceFile, stmt: Node, target: str, root: str) -> bool:
    """Nothing in ``stmt`` leaves its statement list early or can
    tell a made ``target`` from nil (see the module docstring)."""
    for node in sx.walk(stmt):
        kind = node.type
        if kind in ("return_statement", "goto_statement", "fallthrough_statement"):
            if not _in_closure_below(node, stmt):
                return False
        elif kind in ("break_statement", "continue_statement"):
            if _in_closure_below(node, stmt):
                continue
            if node.named_child_count:  # labelled: may leave anything
                return False
            kinds = _LOOPS if kind == "continue_statement" else _BREAKABLE_ALL
            if not _inner(node, stmt, kinds):
                return False
        elif kind == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and file.text(fn) == "panic":
                return False
        elif (
            kind == "identifier"
            and file.text(node) == root
            and not _harmless_root(file, node, target, root, stmt)
        ):
            return False
    return True


def _in_closure_below(node: Node, stmt: Node) -> bool:
    for up in sx.ancestors(node):
        if up.id == stmt.id:
            return False
        if up.type == "func_literal":
            return True
    return False


def _inner(node: Node, stmt: Node, kinds: tuple[str, ...]) -> bool:
    """A ``break``/``continue`` that targets a statement inside ``stmt``."""
    for up in sx.ancestors(node):
        if up.type in kinds:
            return True
        if up.id == stmt.id:
            return False
    return False


def _harmless_root(file: SourceFile, ident: Node, target: str, root: str, stmt: Node) -> bool:
    """An occurrence of the root variable that cannot change ``target`` or
    tell whether it is nil."""
    if _in_closure_below(ident, stmt):
        return False  # captured: the closure may run anywhere
    # the longest selector chain rooted at this identifier
    chain = ident
    while True:
        outer = sx.parent(chain)
        if (
            outer is not None
            and outer.type == "selector_expression"
            and outer.child_by_field_name("operand") == chain
        ):
            chain = outer
            continue
        break
    node = ident
    while node.id != chain.id:
        if sx.norm(file.text(node)) == target:
            return _harmless_use(file, node)
        up = sx.parent(node)
        if up is None:
            return False
        node = up
    text = sx.norm(file.text(chain))
    if text == target:
        return _harmless_use(file, chain)
    if target == root or target.startswith(text + ".") or text == root:
        return False  # the root or a prefix of the target itself: passed, assigned, called
    # a method call on the value may reset the map; another field, read or
    # set, is not the map
    parent = sx.parent(chain)
    return parent is None or parent.type != "call_expression"


def _harmless_use(file: SourceFile, node: Node) -> bool:
    """``target[k]`` (read or write), ``len(target)``, ``delete(target, k)``,
    ``clear(target)``, ``range target``."""
    up = sx.parent(node)
    while up is not None and up.type == "parenthesized_expression":
        node = up
        up = sx.parent(node)
    if up is None:
        return False
    view = sx.index_view(up)
    if view is not None and view[0].id == node.id:
        return True
    if up.type == "argument_list":
        call = sx.parent(up)
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and file.text(fn) in _HARMLESS_CALLS
    if up.type == "range_clause":
        return up.child_by_field_name("right") == node
    return False
