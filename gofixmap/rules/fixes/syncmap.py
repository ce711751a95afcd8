"""The sync.Map strategy of MR001/MR002: convert a map and every use, or
decline with the reason (never half a conversion).

Converted uses: ``m[k] = v`` → ``m.Store(k, v)``; ``delete(m, k)`` →
``m.Delete(k)``; ``if v, ok := m[k]; ok { ... v ... }`` → ``if v, ok :=
m.Load(k); ok { ... v.(V) ... }``; ``x := m[k]`` / ``x = m[k]`` → a ``Load``
into a fresh name and a zero-value-preserving ``x, _ := xAny.(V)``; ``if _, ok
:= m[k]; !ok { m[k] = v }`` → ``m.LoadOrStore(k, v)`` (declines when ``v``
calls a function: it would be computed every time); ``for k, v := range m``
→ ``m.Range(func(key, value any) bool {...; return true})`` with ``continue``
→ ``return true`` and ``break`` → ``return false`` (declines on return, goto,
labels, defer); ``n := len(m)`` → a counted ``Range`` (``len`` inside an
expression declines); the declaration (a struct field's type, a local ``m :=
map[K]V{}`` or ``make``) and a constructor's ``m: make(...)`` element on one
line. Anything else declines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.types import TYPES, split_map
from gofixmap.rules.fixes.declare import free_name, identifiers, insert_field

if TYPE_CHECKING:
    from gofixmap.rules.facts.localmaps import SharedMap
    from gofixmap.rules.facts.locks import Access


class _Decline(Exception):
    pass


def convert(pkg: Pass, sm: SharedMap) -> tuple[Fix | None, str]:
    try:
        edits = _convert(pkg, sm)
    except _Decline as exc:
        return None, f"cannot convert {sm.name} to sync.Map: {exc}"
    return (
        Fix(f"Convert {sm.name} to sync.Map", tuple(edits), Applicability.UNSAFE, ("sync",)),
        "",
    )


def _convert(pkg: Pass, sm: SharedMap) -> list[Edit]:

    index = pkg.package
    edits: list[Edit] = []
    file = sm.decl_file
    if file is None or sm.decl is None:
        raise _Decline("declaration not found")
    if sm.kind == "field":
        decl = index.types[sm.owner]
        fld = next(f for f in decl.fields if f.name == sm.name)
        parts = pkg.fact(TYPES).map_parts(fld.type_text, file)
        if parts is None or fld.type_text.strip() != f"map[{parts[0]}]{parts[1]}":
            raise _Decline(f"its type {fld.type_text} is a named map type")
        key_t, value = parts
        edit = insert_field(file, sm.decl, "", "", replace="sync.Map")
        if edit is None:
            raise _Decline("irregular struct layout")
        edits.append(Edit(edit.start, edit.end, edit.new_text, file.path))
        edits.extend(_constructor_edits(pkg, sm))
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
        key_t, value = parts
        edits.append(
            Edit(stmt.start_byte, stmt.end_byte, f"var {sm.name} sync.Map".encode(), file.path)
        )
    else:
        raise _Decline("package-level maps are converted with the mutex strategy only")
    handled: set[int] = set()  # sites folded into a LoadOrStore
    for access in sm.accesses:
        edit = _load_or_store(access, handled)
        if edit is not None:
            edits.append(edit)
    for access in sm.accesses:
        if access.site.start_byte not in handled:
            edits.extend(_use(access, key_t, value))
    return edits


def _load_or_store(access: Access, handled: set[int]) -> Edit | None:
    """``if _, ok := m[k]; !ok { m[k] = v }`` → ``m.LoadOrStore(k, v)``."""
    file = access.file
    site = access.site
    if access.kind != "read" or site.type != "index_expression":
        return None
    right = site.parent
    decl = right.parent if right is not None else None
    holder = decl.parent if decl is not None else None
    if (
        right is None
        or decl is None
        or holder is None
        or decl.type != "short_var_declaration"
        or holder.type != "if_statement"
        or holder.child_by_field_name("initializer") != decl
        or len(right.named_children) != 1
        or holder.child_by_field_name("alternative") is not None
    ):
        return None
    left = decl.child_by_field_name("left")
    names = [file.text(n) for n in left.named_children] if left is not None else []
    cond = holder.child_by_field_name("condition")
    key = site.child_by_field_name("index")
    if len(names) != 2 or names[0] != "_" or cond is None or key is None:
        return None
    if file.text(cond).replace(" ", "") != f"!{names[1]}":
        return None
    body = holder.child_by_field_name("consequence")
    stmts = sx.statements(body)
    if len(stmts) != 1 or stmts[0].type != "assignment_statement":
        return None
    stmt = stmts[0]
    target, value = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    op = stmt.child_by_field_name("operator")
    if target is None or value is None or len(target.named_children) != 1:
        return None
    store = target.named_children[0]
    operand = store.child_by_field_name("operand")
    index = store.child_by_field_name("index")
    if (
        store.type != "index_expression"
        or operand is None
        or index is None
        or file.text(operand) != file.text(access.node)
        or file.text(index) != file.text(key)
        or (op is not None and file.text(op) != "=")
        or len(value.named_children) != 1
    ):
        return None
    if any(
        n.type == "call_expression" or (n.type == "identifier" and file.text(n) == names[1])
        for n in sx.walk(value)
    ):
        raise _Decline(
            f"{file.text(value)} is computed only when {file.text(key)} is missing; "
            "LoadOrStore would compute it every time"
        )
    line = file.position(stmt.start_byte).line
    comments = [n for n in sx.walk(holder) if n.type == "comment"]
    if any(file.position(c.start_byte).line != line for c in comments):
        return None
    handled.update((site.start_byte, store.start_byte))
    text = f"{file.text(access.node)}.LoadOrStore({file.text(key)}, {file.text(value)})"
    text += "".join(f" {file.text(c)}" for c in comments)
    return Edit(holder.start_byte, holder.end_byte, text.encode(), file.path)


_BREAK_TARGETS = (
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
)


def _range(access: Access, key_t: str, value_t: str) -> list[Edit]:
    """``for k, v := range m { ... }`` → ``m.Range(func(key, value any) bool {
    k, v := key.(K), value.(V); ...; return true })``."""

    file = access.file
    clause = access.site
    loop = clause.parent
    if loop is None or loop.type != "for_statement":
        raise _Decline("the range clause is not a loop's")
    if loop.parent is not None and loop.parent.type == "labeled_statement":
        raise _Decline("the range loop has a label")
    left = clause.child_by_field_name("left")
    if left is not None and not any(c.type == ":=" for c in clause.children):
        raise _Decline("the range loop assigns variables declared outside it")
    names = [file.text(n) for n in left.named_children] if left is not None else []
    body = loop.child_by_field_name("body")
    stmts = sx.statements(body)
    if body is None or not stmts:
        raise _Decline("the range loop has an empty body")
    if file.position(body.start_byte).line == file.position(body.end_byte).line:
        raise _Decline("the range loop is written on one line")
    edits: list[Edit] = []
    converted: list[Node] = []
    for node in sx.walk(body, closures=False):
        if node.type == "return_statement":
            raise _Decline("the range loop body returns from the function")
        if node.type in ("goto_statement", "labeled_statement", "defer_statement"):
            kind = node.type.split("_")[0]
            raise _Decline(f"the range loop body has a {kind} statement")
        if node.type not in ("break_statement", "continue_statement"):
            continue
        if node.named_children:
            raise _Decline("the range loop body has a labelled break or continue")
        targets = ("for_statement",) if node.type == "continue_statement" else _BREAK_TARGETS
        up = node.parent
        while up is not None and up.type not in targets:
            up = up.parent
        if up == loop:
            new = "return true" if node.type == "continue_statement" else "return false"
            edits.append(Edit(node.start_byte, node.end_byte, new.encode(), file.path))
            converted.append(node)
    last = stmts[-1]
    trailing = last not in converted
    if (
        trailing
        and last.type in ("if_statement", "expression_switch_statement", "select_statement")
        and any(last.start_byte <= n.start_byte < last.end_byte for n in converted)
    ):
        raise _Decline("the range loop body ends in a branch that leaves the loop")
    taken = identifiers(loop, file)
    kname = free_name(taken, "key", "k0")
    vname = free_name(taken | {kname}, "value", "v0")
    k = names[0] if names else "_"
    v = names[1] if len(names) > 1 else "_"
    lhs = [n for n in (k, v) if n != "_"]
    rhs = [f"{kname}.({key_t})" if k != "_" else "", f"{vname}.({value_t})" if v != "_" else ""]
    indent = file.indent_at(loop.start_byte).decode()
    nl = file.newline.decode()
    header = (
        f"{file.text(access.node)}.Range(func({kname if k != '_' else '_'}, "
        f"{vname if v != '_' else '_'} any) bool {{"
    )
    if lhs:
        header += f"{nl}{indent}\t{', '.join(lhs)} := {', '.join(r for r in rhs if r)}"
    edits.append(Edit(loop.start_byte, body.start_byte + 1, header.encode(), file.path))
    close = f"\treturn true{nl}{indent}}})" if trailing else "})"
    edits.append(Edit(body.end_byte - 1, body.end_byte, close.encode(), file.path))
    return edits


def _plain_read(access: Access, value_t: str) -> list[Edit] | None:
    """``x := m[k]`` / ``x = m[k]`` → a Load and a zero-value-preserving assertion."""

    file = access.file
    site = access.site
    right = site.parent
    stmt = right.parent if right is not None else None
    if (
        right is None
        or stmt is None
        or not sx.in_statement_list(stmt)
        or stmt.type not in ("short_var_declaration", "assignment_statement")
        or stmt.child_by_field_name("right") != right
        or len(right.named_children) != 1
    ):
        return None
    left = stmt.child_by_field_name("left")
    op = stmt.child_by_field_name("operator")
    key = site.child_by_field_name("index")
    if left is None or key is None or len(left.named_children) != 1:
        return None
    if stmt.type == "assignment_statement" and (op is None or file.text(op) != "="):
        return None
    target = file.text(left.named_children[0])
    func = sx.enclosing_function(stmt)
    taken = identifiers(func or stmt, file)
    base = target if left.named_children[0].type == "identifier" else "loaded"
    tmp = free_name(taken, f"{base}Any", f"{base}0")
    assign = ":=" if stmt.type == "short_var_declaration" else "="
    indent = file.indent_at(stmt.start_byte).decode()
    nl = file.newline.decode()
    text = (
        f"{tmp}, _ := {file.text(access.node)}.Load({file.text(key)}){nl}"
        f"{indent}{target}, _ {assign} {tmp}.({value_t})"
    )
    return [Edit(stmt.start_byte, stmt.end_byte, text.encode(), file.path)]


def _length(access: Access) -> list[Edit]:
    """``n := len(m)`` → a counted Range."""
    file = access.file
    call = access.site
    right = call.parent
    stmt = right.parent if right is not None else None
    if (
        right is not None
        and stmt is not None
        and stmt.type == "short_var_declaration"
        and sx.in_statement_list(stmt)
        and len(right.named_children) == 1
    ):
        left = stmt.child_by_field_name("left")
        if left is not None and len(left.named_children) == 1:
            n = file.text(left.named_children[0])
            indent = file.indent_at(stmt.start_byte).decode()
            nl = file.newline.decode()
            text = (
                f"{n} := 0{nl}{indent}{file.text(access.node)}.Range(func(_, _ any) bool {{{nl}"
                f"{indent}\t{n}++{nl}{indent}\treturn true{nl}{indent}}})"
            )
            return [Edit(stmt.start_byte, stmt.end_byte, text.encode(), file.path)]
    raise _Decline(
        f"{file.text(call)} is used inside an expression; "
        "only `n := len(m)` becomes a counted Range"
    )


def _map_literal_parts(file: SourceFile, node: Node) -> tuple[str, str] | None:
    if node.type == "composite_literal":
        kind = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        if kind is None or kind.type != "map_type" or body is None or body.named_children:
            return None
        return split_map(file.text(kind))
    if node.type == "call_expression":
        args = node.child_by_field_name("arguments")
        fn = node.child_by_field_name("function")
        if fn is None or file.text(fn) != "make" or args is None or not args.named_children:
            return None
        first = args.named_children[0]
        if first.type != "map_type":
            return None
        return split_map(file.text(first))
    return None


def _constructor_edits(pkg: Pass, sm: SharedMap) -> list[Edit]:
    """Drop ``field: make(map...)`` from one-line composite literals of the
    owner; a multi-line literal or any other assignment of the field declines."""
    edits: list[Edit] = []
    for file in pkg.package.files:
        for node in sx.walk(file.root):
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


def _use(access: Access, key_t: str, value: str) -> list[Edit]:
    file = access.file
    expr = file.text(access.node)
    site = access.site
    parent = site.parent
    if access.kind == "read" and site.type == "range_clause":
        return _range(access, key_t, value)
    if access.kind == "read" and site.type == "call_expression":
        return _length(access)
    if access.kind == "read" and site.type == "index_expression":
        plain = _plain_read(access, value)
        if plain is not None:
            return plain
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
                for node in sx.walk(body):
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
