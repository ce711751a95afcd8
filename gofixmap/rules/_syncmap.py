"""The sync.Map strategy of MR001/MR002: convert a map and every use, or
decline with the reason (never half a conversion).

Converted uses: ``m[k] = v`` → ``m.Store(k, v)``; ``delete(m, k)`` →
``m.Delete(k)``; ``if v, ok := m[k]; ok { ... v ... }`` → ``if v, ok :=
m.Load(k); ok { ... v.(V) ... }``; the declaration (a struct field's type, a
local ``m := map[K]V{}`` or ``make``) and a constructor's ``m: make(...)``
element on one line. Anything else declines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import _gotypes

if TYPE_CHECKING:
    from gofixmap.rules._locks import Access, SharedMap


class _Decline(Exception):
    pass


def convert(ctx: FileContext, sm: SharedMap) -> tuple[Fix | None, str]:
    try:
        edits = _convert(ctx, sm)
    except _Decline as exc:
        return None, f"cannot convert {sm.name} to sync.Map: {exc}"
    return (
        Fix(f"Convert {sm.name} to sync.Map", tuple(edits), Applicability.UNSAFE, ("sync",)),
        "",
    )


def _convert(ctx: FileContext, sm: SharedMap) -> list[Edit]:
    from gofixmap.rules import _locks as lk

    index = ctx.package
    edits: list[Edit] = []
    file = sm.decl_file
    if file is None or sm.decl is None:
        raise _Decline("declaration not found")
    if sm.kind == "field":
        decl = index.types[sm.owner]
        fld = next(f for f in decl.fields if f.name == sm.name)
        parts = _gotypes.map_parts(index, fld.type_text, file)
        if parts is None or fld.type_text.strip() != f"map[{parts[0]}]{parts[1]}":
            raise _Decline(f"its type {fld.type_text} is a named map type")
        value = parts[1]
        edit = lk.insert_field(file, sm.decl, "", "", replace="sync.Map")
        if edit is None:
            raise _Decline("irregular struct layout")
        edits.append(Edit(edit.start, edit.end, edit.new_text, file.path))
        edits.extend(_constructor_edits(ctx, sm))
    elif sm.kind == "local":
        stmt = sm.decl
        if stmt.type != "short_var_declaration":
            raise _Decline("only `m := map[K]V{}` or `m := make(map[K]V)` declarations convert")
        right = stmt.child_by_field_name("right")
        left = stmt.child_by_field_name("left")
        if right is None or left is None or len(right.named_children) != 1:
            raise _Decline("the declaration declares several variables")
        init = right.named_children[0]
        parts = _map_literal_parts(file, init)
        if parts is None:
            raise _Decline("its initial value is not an empty map")
        value = parts[1]
        edits.append(
            Edit(stmt.start_byte, stmt.end_byte, f"var {sm.name} sync.Map".encode(), file.path)
        )
    else:
        raise _Decline("package-level maps are converted with the mutex strategy only")
    for access in sm.accesses:
        edits.extend(_use(access, value))
    return edits


def _map_literal_parts(file: SourceFile, node: Node) -> tuple[str, str] | None:
    if node.type == "composite_literal":
        kind = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        if kind is None or kind.type != "map_type" or body is None or body.named_children:
            return None
        return _gotypes.split_map(file.text(kind))
    if node.type == "call_expression":
        args = node.child_by_field_name("arguments")
        fn = node.child_by_field_name("function")
        if fn is None or file.text(fn) != "make" or args is None or not args.named_children:
            return None
        first = args.named_children[0]
        if first.type != "map_type":
            return None
        return _gotypes.split_map(file.text(first))
    return None


def _constructor_edits(ctx: FileContext, sm: SharedMap) -> list[Edit]:
    """Drop ``field: make(map...)`` from one-line composite literals of the
    owner; a multi-line literal or any other assignment of the field declines."""
    edits: list[Edit] = []
    for file in ctx.package.files:
        for node in _gotypes._walk(file.root):
            if node.type == "keyed_element":
                children = node.named_children
                if len(children) != 2 or file.text(children[0]) != sm.name:
                    continue
                literal = node.parent.parent if node.parent is not None else None
                if literal is None or literal.type != "composite_literal":
                    continue
                kind = literal.child_by_field_name("type")
                if kind is None or file.text(kind) != sm.owner:
                    continue
                value_node = children[1]
                if value_node.type == "literal_element" and value_node.named_children:
                    value_node = value_node.named_children[0]
                if _map_literal_parts(file, value_node) is None:
                    raise _Decline(f"{file.text(node)} sets the map to a value")
                body = node.parent
                assert body is not None
                if file.position(body.start_byte).line != file.position(body.end_byte).line:
                    raise _Decline("the constructor's composite literal spans several lines")
                start, end = node.start_byte, node.end_byte
                after = file.data[end : body.end_byte]
                before = file.data[body.start_byte + 1 : start]
                if after.lstrip().startswith(b","):
                    end += len(after) - len(after.lstrip()[1:].lstrip())
                elif before.rstrip().endswith(b","):
                    start = body.start_byte + 1 + len(before.rstrip()) - 1
                edits.append(Edit(start, end, b"", file.path))
            elif node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                if left is None:
                    continue
                for target in left.named_children:
                    if target.type == "selector_expression":
                        name = target.child_by_field_name("field")
                        if name is not None and file.text(name) == sm.name:
                            raise _Decline(f"{file.text(node)} assigns the map")
    return edits


def _use(access: Access, value: str) -> list[Edit]:
    file = access.file
    expr = file.text(access.node)
    site = access.site
    parent = site.parent
    if access.kind == "write" and site.type == "call_expression":
        fn = site.child_by_field_name("function")
        args = site.child_by_field_name("arguments")
        if fn is not None and file.text(fn) == "delete" and args is not None:
            key = file.text(args.named_children[1])
            return [
                Edit(site.start_byte, site.end_byte, f"{expr}.Delete({key})".encode(), file.path)
            ]
    if access.kind == "write" and site.type == "index_expression" and parent is not None:
        if parent.type in ("inc_statement", "dec_statement"):
            raise _Decline(f"{file.text(parent)} is a read-modify-write with no atomic equivalent")
        stmt = parent.parent
        key_node = site.child_by_field_name("index")
        if (
            stmt is not None
            and stmt.type == "assignment_statement"
            and len(parent.named_children) == 1
            and key_node is not None
        ):
            op = stmt.child_by_field_name("operator")
            right = stmt.child_by_field_name("right")
            if (op is None or file.text(op) == "=") and right is not None:
                text = f"{expr}.Store({file.text(key_node)}, {file.text(right)})"
                return [Edit(stmt.start_byte, stmt.end_byte, text.encode(), file.path)]
        raise _Decline(f"{file.text(stmt or site)} is not a plain store")
    if access.kind == "read" and site.type == "index_expression" and parent is not None:
        decl = parent.parent
        key_node = site.child_by_field_name("index")
        holder = decl.parent if decl is not None else None
        if (
            decl is not None
            and decl.type == "short_var_declaration"
            and holder is not None
            and holder.type == "if_statement"
            and holder.child_by_field_name("initializer") == decl
            and key_node is not None
        ):
            left = decl.child_by_field_name("left")
            cond = holder.child_by_field_name("condition")
            body = holder.child_by_field_name("consequence")
            names = [file.text(n) for n in left.named_children] if left is not None else []
            if len(names) == 2 and cond is not None and file.text(cond) == names[1] and body:
                if holder.child_by_field_name("alternative") is not None:
                    raise _Decline("the lookup has an else branch")
                edits = [
                    Edit(
                        site.start_byte,
                        site.end_byte,
                        f"{expr}.Load({file.text(key_node)})".encode(),
                        file.path,
                    )
                ]
                for node in _gotypes._walk(body):
                    if node.type == "identifier" and file.text(node) == names[0]:
                        up = node.parent
                        if (
                            up is not None
                            and up.type in ("expression_list",)
                            and (
                                up.parent is not None
                                and up.parent.type
                                in ("assignment_statement", "short_var_declaration")
                                and up.parent.child_by_field_name("left") == up
                            )
                        ):
                            raise _Decline(f"{names[0]} is reassigned")
                        edits.append(
                            Edit(
                                node.start_byte,
                                node.end_byte,
                                f"{names[0]}.({value})".encode(),
                                file.path,
                            )
                        )
                return edits
        raise _Decline(f"{file.text(decl or site)} reads without a comma-ok lookup")
    what = file.text(site if access.kind != "escape" else (site.parent or site))
    raise _Decline(f"{what.splitlines()[0]} has no sync.Map equivalent")
