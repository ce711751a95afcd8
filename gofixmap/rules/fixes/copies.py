"""Whether a guard on a value receiver or value parameter reaches anyone.

``func (o Options) WithLabel(k, v string) Options { o.labels[k] = v; return
o }``: a guard ``if o.labels == nil { o.labels = make(...) }`` makes the map
on the copy, and the copy is what the caller gets back: the guard is the
fix. When the copy is dropped at the end of the function, the guard turns
the panic into a write nobody sees (the caller's value keeps its nil map):
it is not a fix, and the map must be made where the value is built.

The copy is kept when, after the write, every ``return`` of the function
returns it (``return o``, ``return &o``, ``return o, nil``), or it is stored
where the caller can reach it: assigned to a field, an element or through
a pointer (``r.byName[k] = o``, ``*dst = o``), or sent on a channel.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node

_STORED_TARGETS = ("selector_expression", "index_expression", "unary_expression")


def _is_copy(file: SourceFile, node: Node, name: str) -> bool:
    node = sx.unparen(node)
    if node.type == "unary_expression" and file.text(node).startswith("&"):
        operand = node.child_by_field_name("operand")
        node = sx.unparen(operand) if operand is not None else node
    return node.type == "identifier" and file.text(node) == name


def copy_kept(file: SourceFile, stmt: Node, name: str) -> bool:
    """The value ``name`` (a value receiver or parameter of the function
    around ``stmt``) is returned or stored after ``stmt``."""
    func = sx.enclosing_function(stmt)
    if func is None:
        return False
    after = stmt.end_byte
    returns = [
        r for r in sx.nodes(func, ("return_statement",), closures=False) if r.start_byte >= after
    ]
    if returns and all(any(_is_copy(file, v, name) for v in _values(r)) for r in returns):
        return True
    for node in sx.nodes(func, ("assignment_statement", "send_statement"), closures=False):
        if node.start_byte < after:
            continue
        if node.type == "send_statement":
            value = node.child_by_field_name("value")
            if value is not None and _is_copy(file, value, name):
                return True
            continue
        sides = sx.assignment_sides(node)
        if sides is None:
            continue
        lefts, rights = sides
        if len(lefts) != len(rights):
            continue
        for target, value in zip(lefts, rights, strict=True):
            target = sx.unparen(target)
            if (
                target.type in _STORED_TARGETS
                and _is_copy(file, value, name)
                and (target.type != "unary_expression" or file.text(target).startswith("*"))
            ):
                return True
    return False


def _values(ret: Node) -> list[Node]:
    for child in ret.named_children:
        if child.type == "expression_list":
            return list(child.named_children)
    return [c for c in ret.named_children if c.type != "comment"]
