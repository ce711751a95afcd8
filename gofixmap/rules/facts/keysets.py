"""Inner maps made for every key of another map (NM003).

``for mac := range byMAC { skipped[mac] = map[string]struct{}{} }`` makes
an inner map of the local ``skipped`` for each key ``byMAC`` holds. A later
write ``skipped[mac][ip] = ...`` under a lookup that found ``mac`` in
``byMAC`` (``_, ok := byMAC[mac]`` with ``if !ok`` leaving, or inside ``if _,
ok := byMAC[mac]; ok``) reaches a made inner map, when nothing in the
function that holds the making loop (closures in it included) gives
``byMAC`` a key, deletes from ``skipped``, stores into it other than in that
loop, or assigns either map, and the key's variable is not assigned between
the lookup and the write.
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.apiorigins import enclosing_funcs
from gofixmap.rules.facts.fieldinit import terminates

Node = tree_sitter.Node


def made_for_found_key(file: SourceFile, inner: Node, outer: Node, key: Node) -> bool:
    """``outer[key]`` (the write's ``inner``) is made: see the module."""
    outer, key = sx.unparen(outer), sx.unparen(key)
    if outer.type != "identifier" or key.type != "identifier":
        return False
    outer_text, key_text = file.text(outer), file.text(key)
    found = _found_in(file, inner, key_text)
    if found is None:
        return False
    keys_text, lookup = found
    if keys_text == outer_text or _assigned_between(file, key_text, lookup, inner):
        return False
    for func in enclosing_funcs(inner):
        body = func.child_by_field_name("body")
        if body is None:
            continue
        for loop in sx.nodes(body, ("for_statement",)):
            if loop.start_byte >= lookup.start_byte or not _makes_each(
                file, loop, keys_text, outer_text
            ):
                continue
            return _untouched(file, body, loop, keys_text, outer_text)
    return False


def _found_in(file: SourceFile, inner: Node, key_text: str) -> tuple[str, Node] | None:
    """The map a lookup of ``key_text`` found the key in on the way to
    ``inner``, and that lookup: ``v, ok := m[key]`` followed by ``if !ok {
    <leaves> }`` before the write in a statement list around it, or an ``if
    v, ok := m[key]; ok`` whose body holds the write."""
    func = sx.enclosing_function(inner)
    for node, parent in sx.climb(inner, func):
        if parent.type == "if_statement" and parent.child_by_field_name("consequence") == node:
            init = parent.child_by_field_name("initializer")
            cond = parent.child_by_field_name("condition")
            found = _comma_ok(file, init, key_text) if init is not None else None
            if found is not None and cond is not None and file.text(cond).strip() == found[1]:
                return found[0], parent
        if parent.type != sx.STATEMENT_LIST:
            continue
        siblings = sx.preceding(node, parent)
        for i, stmt in enumerate(siblings):
            init = stmt.child_by_field_name("initializer") if stmt.type == "if_statement" else None
            cond = stmt.child_by_field_name("condition")
            body = stmt.child_by_field_name("consequence")
            found = _comma_ok(file, init, key_text) if init is not None else None
            if (  # if _, ok := m[key]; !ok { <leaves> }
                found is not None
                and cond is not None
                and body is not None
                and stmt.child_by_field_name("alternative") is None
                and sx.norm(file.text(cond)) == f"!{found[1]}"
                and terminates(body)
            ):
                return found[0], stmt
            found = _comma_ok(file, stmt, key_text)
            if found is None:
                continue
            for check in siblings[i + 1 :]:
                cond = check.child_by_field_name("condition")
                body = check.child_by_field_name("consequence")
                if (
                    check.type == "if_statement"
                    and check.child_by_field_name("initializer") is None
                    and cond is not None
                    and body is not None
                    and sx.norm(file.text(cond)) == f"!{found[1]}"
                    and terminates(body)
                ):
                    return found[0], stmt
    return None


def _comma_ok(file: SourceFile, stmt: Node, key_text: str) -> tuple[str, str] | None:
    """``v, ok := m[key]`` (or ``_, ok =``): the map's name and ``ok``'s."""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[0]) != 2 or len(sides[1]) != 1:
        return None
    value = sx.unparen(sides[1][0])
    if value.type != "index_expression":
        return None
    operand = value.child_by_field_name("operand")
    index = value.child_by_field_name("index")
    if operand is None or index is None or operand.type != "identifier":
        return None
    if sx.norm(file.text(index)) != key_text:
        return None
    ok = sides[0][1]
    return (file.text(operand), file.text(ok)) if ok.type == "identifier" else None


def _assigned_between(file: SourceFile, name: str, start: Node, end: Node) -> bool:
    func = sx.enclosing_function(end)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return True
    for node in sx.nodes(body, ("assignment_statement", "short_var_declaration", "range_clause")):
        if not start.end_byte <= node.start_byte < end.start_byte:
            continue
        left = node.child_by_field_name("left")
        targets = left.named_children if left is not None else []
        if left is not None and left.type == "identifier":
            targets = [left]
        if any(sx.unparen(t).type == "identifier" and file.text(t) == name for t in targets):
            return True  # the key's variable itself (not a use of it in an index)
    return False


def _makes_each(file: SourceFile, loop: Node, keys_text: str, outer_text: str) -> bool:
    """``for k := range keys { ...; outer[k] = <made map>; ... }``, the store a
    statement of the loop's body itself."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    body = loop.child_by_field_name("body")
    if clause is None or body is None:
        return False
    left = clause.child_by_field_name("left")
    right = clause.child_by_field_name("right")
    if left is None or right is None or file.text(right).strip() != keys_text:
        return False
    names = left.named_children
    if not names or names[0].type != "identifier":
        return False
    var = file.text(names[0])
    for stmt in sx.block_statements(body):
        sides = sx.assignment_sides(stmt)
        if sides is None or stmt.type != "assignment_statement" or len(sides[0]) != 1:
            continue
        target = sx.unparen(sides[0][0])
        if sx.norm(file.text(target)) != f"{outer_text}[{var}]" or len(sides[1]) != 1:
            continue
        value = sx.unparen(sides[1][0])
        fn = value.child_by_field_name("function") if value.type == "call_expression" else None
        if value.type == "composite_literal" or (fn is not None and file.text(fn) == "make"):
            return True
    return False


def _untouched(file: SourceFile, body: Node, loop: Node, keys_text: str, outer_text: str) -> bool:
    """Outside ``loop``, ``body`` gives ``keys`` no key, deletes from neither
    map nor stores into ``outer``, and assigns neither map."""
    for node in sx.walk(body):
        if loop.start_byte <= node.start_byte < loop.end_byte:
            continue
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            if (
                fn is not None
                and file.text(fn) in ("delete", "clear")
                and first is not None
                and file.text(first).strip() in (keys_text, outer_text)
            ):
                return False
        if node.type in ("assignment_statement", "short_var_declaration"):
            left = node.child_by_field_name("left")
            for target in left.named_children if left is not None else ():
                target = sx.unparen(target)
                text = sx.norm(file.text(target))
                if text == outer_text and node.type == "short_var_declaration":
                    continue  # its declaration
                if text in (keys_text, outer_text) or (
                    target.type == "index_expression"
                    and sx.norm(file.text(target.child_by_field_name("operand") or target))
                    in (keys_text, outer_text)
                ):
                    return False
    return True
