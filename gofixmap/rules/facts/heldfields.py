"""The values a package stores in a field of one of its structs (NM004).

A reconcile or operation context (``rc *ReconciliationContext``, ``woc
*wfOperationCtx``) holds the API object the code works on in a field:
``rc.Datacenter = dc`` after a client read, ``&opCtx{wf: wf}`` from an
informer's object. A write into ``rc.Datacenter.Annotations`` is judged by
what the package stores there, each value where it is stored.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex

Node = tree_sitter.Node

# (file, the stored value, the statement or keyed element that stores it)
Stored = tuple[src.SourceFile, Node, Node]


def stored_values(package: PackageIndex, owner: str, field: str) -> list[Stored]:
    """``x.field = v`` (when only ``owner`` among the package's structs
    declares a field of that name, so ``x`` is one) and ``owner{field: v}``
    / ``&owner{field: v}``, in the package's files."""
    found: list[Stored] = []
    declares = sum(1 for t in package.types.values() if any(f.name == field for f in t.fields))
    for file in package.files:
        for node in src.walk(file.root):
            if node.type == "assignment_statement" and declares == 1:
                found.extend((file, value, node) for value in _assigned(file, node, field))
            elif node.type == "composite_literal":
                kind = node.child_by_field_name("type")
                if kind is None or file.text(kind) != owner:
                    continue
                for element, key, value in sx.keyed_elements(node):
                    if file.text(key) == field:
                        found.append((file, value, element))
    return found


def _assigned(file: src.SourceFile, stmt: Node, field: str) -> list[Node]:
    """The values ``stmt`` (``a.field, b = v, w``) assigns to ``.field``."""
    if file.text(stmt.child(1) or stmt) != "=":
        return []
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return []
    targets, values = left.named_children, right.named_children
    if len(targets) != len(values):
        return []
    found = []
    for target, value in zip(targets, values, strict=True):
        target = sx.unparen(target)
        name = target.child_by_field_name("field") if target.type == "selector_expression" else None
        if name is not None and file.text(name) == field:
            found.append(value)
    return found


def holder_name(file: src.SourceFile, store: Node) -> str:
    """The variable whose field ``store`` sets: ``rc`` of ``rc.Pod = pod``,
    ``woc`` of ``woc := opCtx{wf: wf}`` (``""`` when it is no plain local)."""
    if store.type == "assignment_statement":
        left = store.child_by_field_name("left")
        target = sx.unparen(left.named_children[0]) if left and left.named_children else None
        operand = (
            target.child_by_field_name("operand")
            if target is not None and target.type == "selector_expression"
            else None
        )
        return file.text(operand) if operand is not None and operand.type == "identifier" else ""
    stmt = store
    while stmt.parent is not None and stmt.type not in (
        "short_var_declaration",
        "assignment_statement",
        "var_spec",
        "return_statement",
        "block",
    ):
        stmt = stmt.parent
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return ""
    left = stmt.child_by_field_name("left")
    names = left.named_children if left is not None else []
    return file.text(names[0]) if len(names) == 1 and names[0].type == "identifier" else ""
