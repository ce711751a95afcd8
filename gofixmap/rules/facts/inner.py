"""Whether the inner map ``outer[key]`` of a map of maps is made (or
checked) before a use of it: ``if m[k] == nil { m[k] = ... }``, an
assignment, a lookup or a condition that mentions it, a range over the
outer map's keys, or — for a field or package variable — other code of the
package that makes its inner maps. Shared by NM003 (``m[k][k2] = v``) and
NM001 (``inner := m[k]; inner[k2] = v``).
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts import MAP_SUMMARIES, TYPES
from gofixmap.rules.facts.calleffects import exits
from gofixmap.rules.facts.keysets import made_for_found_key
from gofixmap.rules.facts.returnedkeys import callee_sets_key, callee_sets_ranged_key
from gofixmap.rules.facts.writes import is_side_effect_free

Node = tree_sitter.Node


def _mentions(file: SourceFile, node: Node, inner_text: str) -> bool:
    """``node`` uses ``outer[key]`` itself, not only a deeper element such as
    ``outer[key][k2]`` (a check of which says nothing about ``outer[key]``)."""
    text = sx.norm(file.text(node))
    start = text.find(inner_text)
    while start >= 0:
        end = start + len(inner_text)
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if after != "[" and not (before.isalnum() or (before != "" and before in "_.")):
            return True
        start = text.find(inner_text, start + 1)
    return False


def initialised(ctx: FileContext, inner: Node, outer: Node, key: Node) -> bool:
    """Something before the write (or around it) makes or checks ``outer[key]``."""
    file = ctx.file
    inner_text = sx.norm(file.text(inner))
    outer_text = sx.norm(file.text(outer))
    key_text = sx.norm(file.text(key))
    func = sx.enclosing_function(inner)
    # the outer map or the key's variables may have changed since (a loop
    # runs its body again; an if's header is evaluated in between)
    changed = not is_side_effect_free(file, key)
    for node, parent in sx.climb(inner, func):
        if parent.type in ("for_statement", "func_literal"):
            changed = True
        elif parent.type in ("if_statement", "expression_switch_statement"):
            for name in ("initializer", "condition", "value"):
                part = parent.child_by_field_name(name)
                if part is not None and node != part:
                    changed = changed or _changes(file, part, outer_text, key)
        if parent.type == sx.STATEMENT_LIST:
            for sibling in reversed(sx.preceding(node, parent)):
                if _makes_or_checks(file, sibling, inner_text):
                    return True
                if not changed and _maker_called(ctx, sibling, outer, key, inner_text):
                    return True
                if not changed and _literal_keys(file, sibling, outer_text, key_text):
                    return True
                changed = changed or _changes(file, sibling, outer_text, key)
        elif parent.type == "if_statement":
            for name in ("initializer", "condition"):
                part = parent.child_by_field_name(name)
                if part is not None and node != part and _mentions(file, part, inner_text):
                    return True
        elif parent.type in ("expression_switch_statement", "type_switch_statement"):
            for name in ("initializer", "value"):
                part = parent.child_by_field_name(name)
                if part is not None and node != part and _mentions(file, part, inner_text):
                    return True
        elif parent.type in ("expression_case",):
            values = parent.child_by_field_name("value")
            if values is not None and node != values and _mentions(file, values, inner_text):
                return True
        elif parent.type == "for_statement":
            clause = next((c for c in parent.named_children if c.type == "range_clause"), None)
            if clause is not None and _ranges_keys(file, clause, outer_text, key_text):
                return True
            if clause is not None:
                right = clause.child_by_field_name("right")
                if right is not None and _mentions(file, right, inner_text):
                    return True
    # a field or package variable: some other code of the package that makes
    # its inner maps keeps the invariant (``addNode`` makes ``g.edges[label]``,
    # ``AddEdge`` writes ``g.edges[from][to]``)
    if _shared(ctx, outer) and _constant_key_made(ctx, outer, "*"):
        return True
    if callee_sets_ranged_key(ctx, outer, key, inner):
        return True  # made by the function the map came from, for each ranged key
    if made_for_found_key(file, inner, outer, key):
        return True  # made for every key of a map the key was just found in
    if is_side_effect_free(file, key) and not _local_key(ctx, key):
        # a constant key: made by the package, or by the function whose
        # result the map is (:mod:`.returnedkeys`)
        return _constant_key_made(ctx, outer, key_text) or callee_sets_key(
            ctx, outer, key_text, inner
        )
    return False


def _shared(ctx: FileContext, outer: Node) -> bool:
    """``outer`` is a struct field or a package variable."""
    while outer.type == "parenthesized_expression" and outer.named_children:
        outer = outer.named_children[0]
    if outer.type in ("selector_expression", "qualified_type"):
        return True
    if outer.type in ("identifier", "type_identifier"):
        binding = ctx.fact(TYPES).resolve(ctx.file, ctx.file.text(outer), outer)
        return binding is not None and binding.kind == "package"
    return False


def _maker_called(ctx: FileContext, stmt: Node, outer: Node, key: Node, inner_text: str) -> bool:
    """``if m[k] == nil { m.InitGroup(x) }`` where ``InitGroup``, a method of
    the package, makes ``m[k']`` on every path (a top-level statement of its
    body, or one under ``if m[k'] == nil``), and ``k'`` is ``k`` once the
    locals that name them are replaced by their definitions and the method's
    parameters by the call's arguments (``internalGvk :=
    api.GroupVersionKind{GroupVersionKind: gvk}`` in both, ``gvk`` passed
    ``obj.GroupVersionKind()``)."""
    file = ctx.file
    cond = stmt.child_by_field_name("condition") if stmt.type == "if_statement" else None
    body = stmt.child_by_field_name("consequence") if cond is not None else None
    if cond is None or body is None or not _mentions(file, cond, inner_text):
        return False
    outer_text = sx.norm(file.text(outer))
    wanted = _expanded(file, key, {})
    for call_stmt in sx.block_statements(body):
        call = call_stmt.named_children[0] if call_stmt.type == "expression_statement" else None
        parts = sx.call_parts(file, call) if call is not None else None
        if call is None or parts is None or sx.norm(parts[0]) != outer_text:
            continue
        methods = [d for d in ctx.package.funcs.values() if d.receiver and d.name == parts[1]]
        args = call.child_by_field_name("arguments")
        if len(methods) != 1 or args is None:
            continue
        decl = methods[0]
        values = [a for a in args.named_children if a.type != "comment"]
        if len(values) != len(decl.params) or not decl.receiver_name or decl.body is None:
            continue
        env = {p.name: file.text(v) for p, v in zip(decl.params, values, strict=True) if p.name}
        for made in _made_keys(decl.file, decl.body, decl.receiver_name):
            if _expanded(decl.file, made, env) == wanted:
                return True
    return False


def _made_keys(file: SourceFile, body: Node, recv: str) -> list[Node]:
    """The keys ``k`` of ``recv[k] = make(...)`` (or a literal) that the
    function makes on every path: a top-level statement, or the only
    statement under a top-level ``if recv[k] == nil``."""
    keys: list[Node] = []
    for stmt in sx.block_statements(body):
        assigns = [stmt]
        guard = ""
        if stmt.type == "if_statement" and stmt.child_by_field_name("alternative") is None:
            inner = sx.block_statements(stmt.child_by_field_name("consequence"))
            cond = stmt.child_by_field_name("condition")
            if len(inner) == 1 and cond is not None:
                assigns, guard = inner, sx.norm(file.text(cond))
        for assign in assigns:
            sides = sx.plain_assignment(assign)
            if sides is None or len(sides[0].named_children) != 1:
                continue
            target, value = sides[0].named_children[0], sides[1].named_children[0]
            view = sx.index_view(target)
            if view is None or file.text(view[0]) != recv:
                continue
            if value.type not in ("call_expression", "composite_literal"):
                continue
            if value.type == "call_expression" and sx.call_parts(file, value) != ("", "make"):
                continue
            if assign is not stmt and guard != sx.norm(f"{file.text(target)} == nil"):
                continue
            keys.append(view[1])
    return keys


def _expanded(file: SourceFile, node: Node, env: dict[str, str]) -> str:
    """The text of ``node`` with a local it names replaced by the value of
    its one ``:=`` definition in the function, and the names in ``env`` by
    their values."""
    if node.type == "identifier" and file.text(node) not in env:
        value = _local_value(file, node)
        if value is not None:
            node = value
    parts: list[str] = []
    at = node.start_byte
    for ident in sx.nodes(node, ("identifier",)):
        name = file.text(ident)
        if name in env:
            parts.append(file.data[at : ident.start_byte].decode())
            parts.append(env[name])
            at = ident.end_byte
    parts.append(file.data[at : node.end_byte].decode())
    return sx.norm("".join(parts))


def _local_value(file: SourceFile, ident: Node) -> Node | None:
    """The value of the one ``name := value`` of ``ident``'s name before it
    in its function (``None`` when there are several or none)."""
    func = sx.enclosing_function(ident)
    body = sx.body(func)
    name = file.text(ident)
    found: list[Node] = []
    for decl in sx.nodes(body, ("short_var_declaration", "assignment_statement")) if body else []:
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
        names = left.named_children if left is not None else []
        if not any(file.text(n) == name for n in names):
            continue
        if decl.type != "short_var_declaration" or right is None or len(names) != 1:
            return None
        if decl.start_byte < ident.start_byte:
            found.append(right.named_children[0])
    return found[0] if len(found) == 1 else None


def _makes_or_checks(file: SourceFile, stmt: Node, inner_text: str) -> bool:
    """``outer[key] = ...`` itself, or an if/switch that tests ``outer[key]``."""
    if stmt.type == "assignment_statement":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is not None:
            for i, target in enumerate(left.named_children):
                if sx.norm(file.text(target)) == inner_text:
                    values = right.named_children if right is not None else []
                    return not (i < len(values) and values[i].type == "nil")
        return False
    if stmt.type in (
        "if_statement",
        "for_statement",
        "block",
        "expression_switch_statement",
    ) and _assigns_inner(file, stmt, inner_text):
        return True
    if stmt.type == "short_var_declaration":
        # inner, ok := m[a] followed by code that uses inner or ok
        right = stmt.child_by_field_name("right")
        return right is not None and _mentions(file, right, inner_text)
    if stmt.type == "if_statement":
        # ``if _, ok := m[a]; !ok { }`` does not make m[a]: the check counts only
        # when a branch leaves (``if m[a] == nil { return }``)
        return _mentions_in_header(file, stmt, inner_text) and _branch_exits(file, stmt)
    if stmt.type in ("expression_switch_statement", "type_switch_statement"):
        for name in ("initializer", "condition", "value"):
            part = stmt.child_by_field_name(name)
            if part is not None and _mentions(file, part, inner_text):
                return True
        return False
    if stmt.type == "labeled_statement" and stmt.named_children:
        return _makes_or_checks(file, stmt.named_children[-1], inner_text)
    return False


def _literal_keys(file: SourceFile, stmt: Node, outer_text: str, key_text: str) -> bool:
    """``outer := map[K]map[K2]V{key: {...}}`` (or ``=``): a map literal
    whose every element is a made map (a literal or ``make``), one of them
    under the key written; no element can then be nil, whichever of equal
    keys wins."""
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[0]) != len(sides[1]):
        return False
    for target, value in zip(*sides, strict=True):
        value = sx.unparen(value)
        if sx.norm(file.text(target)) != outer_text or value.type != "composite_literal":
            return False
        body = value.child_by_field_name("body")
        elements = body.named_children if body is not None else []
        found = False
        for element in elements:
            if element.type == "comment":
                continue
            if element.type != "keyed_element" or len(element.named_children) != 2:
                return False
            key, made = (_element_part(e) for e in element.named_children)
            if not sx.made_map(file, made):
                return False
            found = found or sx.norm(file.text(key)) == key_text
        return found
    return False


def _element_part(node: Node) -> Node:
    """The expression of a literal element (``literal_element`` wraps it)."""
    if node.type == "literal_element" and node.named_children:
        return node.named_children[0]
    return node


def _changes(file: SourceFile, stmt: Node, outer_text: str, key: Node) -> bool:
    """``stmt`` may change what ``outer[key]`` is: it assigns the outer map,
    an entry of it or a variable the key reads, deletes from it, takes an
    address, or calls something (which may do any of these through a
    pointer)."""
    names = {file.text(n) for n in sx.nodes(key, ("identifier",))}
    for node in sx.walk(stmt):
        if node.type == "call_expression" or (
            node.type == "unary_expression" and file.text(node).startswith("&")
        ):
            return True
        if node.type in ("assignment_statement", "short_var_declaration", "inc_statement"):
            left = node.child_by_field_name("left")
            targets = left.named_children if left is not None else node.named_children[:1]
            for target in targets:
                text = sx.norm(file.text(target))
                if text.startswith(outer_text) or text in names:
                    return True
    return False


def _mentions_in_header(file: SourceFile, stmt: Node, inner_text: str) -> bool:
    for name in ("initializer", "condition"):
        part = stmt.child_by_field_name(name)
        if part is not None and _mentions(file, part, inner_text):
            return True
    return False


def _branch_exits(file: SourceFile, stmt: Node) -> bool:
    """A branch of the if statement (or of its else-if chain) ends with return,
    continue, break, goto, panic or an exit call."""
    for name in ("consequence", "alternative"):
        part = stmt.child_by_field_name(name)
        if part is None:
            continue
        if part.type == "if_statement":
            if _branch_exits(file, part):
                return True
            continue
        body = part.named_children[-1] if part.named_children else None
        if body is not None and sx.is_statement_list(body):
            body = body.named_children[-1] if body.named_children else None
        if body is not None and _leaves(file, body):
            return True
    return False


def _leaves(file: SourceFile, stmt: Node) -> bool:
    if stmt.type in ("return_statement", "continue_statement", "break_statement", "goto_statement"):
        return True
    return exits(file, stmt, any_receiver=True)


def _assigns_inner(file: SourceFile, stmt: Node, inner_text: str) -> bool:
    """A non-nil assignment to ``outer[...]`` somewhere inside ``stmt``: the
    same key, or any key in a loop (``for _, n := range nodes { m[n] = ... }``)."""
    outer_text = inner_text[: inner_text.rfind("[")] if "[" in inner_text else ""
    for node in sx.walk(stmt):
        if node.type != "assignment_statement":
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        values = right.named_children if right is not None else []
        for i, target in enumerate(left.named_children if left is not None else []):
            if i < len(values) and values[i].type == "nil":
                continue
            text = sx.norm(file.text(target))
            if text == inner_text:
                return True
            view = sx.index_view(target) if target.type in sx.INDEX_TYPES else None
            if (
                view is not None
                and stmt.type == "for_statement"
                and outer_text
                and sx.norm(file.text(view[0])) == outer_text
            ):
                return True
    return False


def _ranges_keys(file: SourceFile, clause: Node, outer_text: str, key_text: str) -> bool:
    """``for key := range outer``: the key exists in the map."""
    right = clause.child_by_field_name("right")
    left = clause.child_by_field_name("left")
    if right is None or left is None or not left.named_children:
        return False
    return (
        sx.norm(file.text(right)) == outer_text
        and sx.norm(file.text(left.named_children[0])) == key_text
    )


def _local_key(ctx: FileContext, key: Node) -> bool:
    """Whether the key mentions a local variable (so no constructor can know it)."""
    file = ctx.file
    types = ctx.fact(TYPES)
    stack = [key]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "type_identifier", "package_identifier"):
            binding = types.resolve(file, file.text(node), node)
            if binding is not None and binding.kind != "package":
                return True
        stack.extend(node.named_children)
    return False


def _constant_key_made(ctx: FileContext, outer: Node, key_text: str) -> bool:
    """A constant key (literal or package constant) whose inner map some code
    of the package makes: ``x.field[key] = ...`` or a literal element ``key: ...``."""
    last = sx.unparen(outer)
    if last.type == "selector_expression":
        field = last.child_by_field_name("field")
        suffix = ctx.text(field) if field is not None else ""
    else:
        suffix = ctx.text(last)
    return ctx.fact(MAP_SUMMARIES).inner_made(suffix, key_text)
