"""Which construction paths can reach a write at all (NM002's filters).

A construction that leaves a map field nil matters for a write only if the
value it builds can get there: not when the writing function rejects values
built that way first (``if p.write != nil { panic(...) }``), not when every
use of the holding field follows such a rejection, not when the value is
what an unexported ``sync.Pool``'s ``New`` returns and every ``Get`` is
overwritten at once, not when the write sits in a ``switch`` case that the
value's only calls never select (constants of one ``iota`` block).
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.chains import Chain
from gofixmap.rules.facts.constructions import Construction
from gofixmap.rules.facts.fieldinit import FieldInit, terminates
from gofixmap.rules.facts.nilpaths import value_paths
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node


def holders(types: TypeResolver, file: SourceFile, operand: Node, owner: str) -> set[str] | None:
    """Structs whose constructions can hold the value written through.

    ``g.f[k]`` with ``g`` a ``*S`` and ``f`` promoted from an embedded
    ``O``: only S and the structs that hold S by value can be that value;
    a standalone O, or an O inside another struct, cannot. None: unknown.
    """
    sel = sx.unparen(operand)
    base = sel.child_by_field_name("operand") if sel.type == "selector_expression" else None
    if base is None:
        return None
    text = types.type_of(file, base)
    struct = types.local_struct(text) if text is not None else None
    if struct is None or struct == owner:
        return None
    if all(holder != struct for holder, _ in value_paths(types, owner)):
        return None  # reached through a pointer: any O can be there
    return {holder for holder, _ in value_paths(types, struct)}


def turned_away(file: SourceFile, stmt: Node, text: str, c: Construction) -> bool:
    """The literal sets a field ``d`` that the writing function rejects first:
    ``if p.write != nil { panic(...) }`` before ``p.m[k] = v`` rules out the
    ``Profile{name: ..., write: ...}`` literals."""
    if c.kind != "literal" or not c.keys:
        return False
    base = text.rpartition(".")[0]
    if not base:
        return False
    tests = {f"{base}.{d}!=nil" for d in set_fields(c)}
    return bool(tests) and rejected_before(file, stmt, tests, closures=False)


def set_fields(c: Construction) -> set[str]:
    """The keys a keyed literal sets to something other than ``nil``."""
    set_fields: set[str] = set()
    for element in c.node.named_children:
        if element.type != "keyed_element" or len(element.named_children) < 2:
            continue
        value = element.named_children[-1]
        inner = value.named_children[0] if value.named_children else value
        if inner.type != "nil":
            set_fields.add(sx.norm(c.file.text(element.named_children[0])))
    return set_fields


def rejected_before(file: SourceFile, node: Node, tests: set[str], closures: bool) -> bool:
    """An earlier statement of a list enclosing ``node`` is ``if T { <exit> }``
    with ``T`` one of ``tests`` (normalised ``x.d!=nil``). With ``closures``,
    the search goes on out of function literals: a closure defined after the
    test runs only after it."""
    for child, parent in sx.climb(node):
        if parent.type == sx.STATEMENT_LIST:
            for sibling in sx.preceding(child, parent):
                if sibling.type != "if_statement":
                    continue
                cond = sibling.child_by_field_name("condition")
                body = sibling.child_by_field_name("consequence")
                if (
                    cond is not None
                    and body is not None
                    and sibling.child_by_field_name("alternative") is None
                    and sibling.child_by_field_name("initializer") is None
                    and sx.norm(file.text(cond)) in tests
                    and terminates(body)
                ):
                    return True
        elif parent.type in sx.FUNCTION_TYPES and not (closures and parent.type == "func_literal"):
            return False
    return False


def holder_turned_away(k: FieldInit, types: TypeResolver, owner: str, c: Construction) -> bool:
    """A literal of a struct ``H`` that holds the ``owner`` value in its field
    ``f`` omits ``f`` and sets a field ``d``, and every ``y.f`` of the package
    comes after ``if y.d != nil { return }``: the inner value of such a literal
    is never used. ``&Reader{legacy: l}`` never reaches ``r.order`` when every
    use of ``r.order`` follows ``if r.legacy != nil { ...; return }``."""
    if c.kind != "literal" or not c.keys or c.type_name == owner:
        return False
    memo = k.holders
    key = (c.file.path, c.node.start_byte, owner)
    cached = memo.get(key)
    if cached is not None:
        return cached
    memo[key] = result = _holder_rejects(k, types, owner, c)
    return result


def _holder_rejects(k: FieldInit, types: TypeResolver, owner: str, c: Construction) -> bool:
    path = dict(value_paths(types, owner)).get(c.type_name)
    decl = types.pkg.struct(c.type_name)
    if not path or decl is None:
        return False
    first = path[0]
    if first[:1].isupper():
        return False  # other packages can use it
    f = next((f for f in decl.fields if f.name == first), None)
    if f is None or f.embedded:
        return False  # promoted fields and methods need no ``.f``
    rejected = set_fields(c)
    if not rejected:
        return False
    for file, sel in k.selectors(first):
        operand = sel.child_by_field_name("operand")
        if operand is None:
            return False
        base = sx.norm(file.text(operand))
        if not rejected_before(file, sel, {f"{base}.{d}!=nil" for d in rejected}, True):
            return False
    return True


def _up(node: Node) -> Node:
    """``node`` with the ``&`` and parentheses around it."""
    while node.parent is not None and node.parent.type in (
        "unary_expression",
        "parenthesized_expression",
    ):
        node = node.parent
    return node


def pool_refilled(k: FieldInit, types: TypeResolver, chain: Chain, c: Construction) -> bool:
    """The value is what the ``New`` func of an unexported package-level
    ``sync.Pool`` returns, and every ``Get`` of the pool is followed at once
    by ``*p = T{...}`` whose field on the way to the map does not come from
    ``p``: no one sees the value as ``New`` built it (the overwriting literal
    is a construction path of its own)."""
    if c.kind not in ("literal", "new") or c.func is None or c.func.type != "func_literal":
        return False
    if c.type_name == chain.owner:
        first = chain.field.name
    else:
        path = dict(value_paths(types, chain.owner)).get(c.type_name)
        if not path:
            return False
        first = path[0]
    memo = k.pools
    key = (c.file.path, c.node.start_byte, first)
    cached = memo.get(key)
    if cached is not None:
        return cached
    name = _pool_of(k, c)
    memo[key] = result = bool(name) and _every_get_overwrites(k, name, c.type_name, first)
    return result


def _pool_of(k: FieldInit, c: Construction) -> str:
    """The package variable ``p`` of ``var p = sync.Pool{New: func() any {
    return <c> }}``, else ""."""
    file = c.file
    value = _up(c.node.parent if c.kind == "literal" and c.node.parent else c.node)
    ret = value.parent.parent if value.parent is not None else None
    if ret is None or ret.type != "return_statement" or sx.enclosing_function(ret) != c.func:
        return ""
    assert c.func is not None
    element = c.func.parent
    keyed = element.parent if element is not None else None
    if element is None or keyed is None or element.type != "literal_element":
        return ""
    if keyed.type != "keyed_element" or keyed.named_children[0].id == element.id:
        return ""
    if file.text(keyed.named_children[0]) != "New":
        return ""
    body = keyed.parent
    pool = body.parent if body is not None else None
    if pool is None or pool.type != "composite_literal":
        return ""
    type_node = pool.child_by_field_name("type")
    qualifier, _, type_name = sx.norm(file.text(type_node) if type_node else "").partition(".")
    if type_name != "Pool" or k.package.imports.get(file.path, {}).get(qualifier) != "sync":
        return ""
    values = _up(pool).parent
    spec = values.parent if values is not None else None
    if values is None or spec is None or spec.type != "var_spec":
        return ""
    if sx.enclosing_function(spec) is not None:
        return ""
    names = spec.children_by_field_name("name")
    index = [v.id for v in values.named_children].index(_up(pool).id)
    if len(names) != len(values.named_children) or not names[index].text:
        return ""
    name = file.text(names[index])
    return "" if name[:1].isupper() else name  # other packages can Get an exported pool


def _every_get_overwrites(k: FieldInit, pool: str, type_name: str, first: str) -> bool:
    """Every use of ``pool`` is ``pool.Put(...)`` or ``x := pool.Get().(*T)``
    right before ``*x = T{...}`` (``first`` not set from ``x``)."""
    for file in k.package.files:
        for ident in src.of_types(file.root, ("identifier",)):
            if file.text(ident) != pool:
                continue
            parent = ident.parent
            if parent is not None and parent.type == "var_spec":
                continue  # the declaration
            if parent is None or parent.type != "selector_expression":
                return False
            method = parent.child_by_field_name("field")
            call = parent.parent
            if method is None or call is None or call.type != "call_expression":
                return False
            if file.text(method) == "Put":
                continue
            if file.text(method) != "Get" or not _overwritten(file, call, type_name, first):
                return False
    return True


def _overwritten(file: SourceFile, call: Node, type_name: str, first: str) -> bool:
    """``x := <call>.(*T)`` followed at once by ``*x = T{...}`` that does not
    take the field ``first`` from ``x``."""
    assertion = call.parent
    if assertion is None or assertion.type != "type_assertion_expression":
        return False
    asserted = assertion.child_by_field_name("type")
    if asserted is None or sx.norm(file.text(asserted)) != f"*{type_name}":
        return False
    values = assertion.parent
    stmt = values.parent if values is not None else None
    if values is None or stmt is None or len(values.named_children) != 1:
        return False
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = stmt.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return False
    var = left.named_children[0]
    if var.type != "identifier":
        return False
    following = stmt.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    sides = sx.plain_assignment(following) if following is not None else None
    if sides is None:
        return False
    target, right = sides
    if len(target.named_children) != 1 or len(right.named_children) != 1:
        return False
    deref = sx.unparen(target.named_children[0])
    operand = deref.child_by_field_name("operand") if deref.type == "unary_expression" else None
    if operand is None or file.text(operand) != file.text(var) or file.text(deref)[:1] != "*":
        return False
    lit = sx.unparen(right.named_children[0])
    lit_type = lit.child_by_field_name("type") if lit.type == "composite_literal" else None
    body = lit.child_by_field_name("body")
    if lit_type is None or body is None or sx.norm(file.text(lit_type)) != type_name:
        return False
    for element in body.named_children:
        if element.type == "literal_element":
            return False  # positional: every field comes from somewhere
        if element.type != "keyed_element" or file.text(element.named_children[0]) != first:
            continue
        if any(
            n.type == "identifier" and file.text(n) == file.text(var)
            for n in src.walk(element.named_children[-1])
        ):
            return False  # ``f: x.f`` keeps what New built
    return True


def other_case(k: FieldInit, c: Construction, file: SourceFile, stmt: Node) -> bool:
    """The write sits in a ``case`` of ``switch k`` in a method ``M`` whose
    parameter ``k`` is never reassigned, and the value ``c`` builds is used
    only to read its fields and to call ``M`` with a constant for ``k`` that
    differs from every label of that case (constants of one ``iota`` block):
    ``st := loadState{l: l}; st.addSym(..., nonPkgDef, ...)`` never runs the
    ``case hashedDef:`` of ``addSym``."""
    if c.func is None or not re.fullmatch(r"[A-Za-z_]\w*", c.var):
        return False
    case, method = _switch_case(file, stmt)
    if case is None or method is None:
        return False
    name_node = method.child_by_field_name("name")
    decl = k.package.funcs.get(f"{c.type_name}.{file.text(name_node)}") if name_node else None
    if decl is None or decl.file.path != file.path or decl.node.start_byte != method.start_byte:
        return False
    switch = case.parent
    value = switch.child_by_field_name("value") if switch is not None else None
    if switch is None or value is None or value.type != "identifier":
        return False
    param = file.text(value)
    position = next((i for i, p in enumerate(decl.params) if p.name == param), -1)
    if position < 0 or decl.params[-1].type_text.startswith("..."):
        return False
    if any(n.type == "fallthrough_statement" for n in src.walk(switch)):
        return False
    blocks = k.constants.iota_blocks()
    labels_node = case.child_by_field_name("value")
    labels = [file.text(n) for n in labels_node.named_children] if labels_node else []
    if not labels or any(label not in blocks for label in labels):
        return False
    fields = {f.name for f in k.package.types[c.type_name].fields}
    if not _stays(file, method, param, decl.receiver_name, fields):
        return False
    calls = 0
    for node in src.of_types(c.func, ("identifier",)):
        if node.start_byte < c.node.end_byte or c.file.text(node) != c.var:
            continue
        sel = node.parent
        if sel is None or sel.type != "selector_expression":
            return False
        field = sel.child_by_field_name("field")
        member = c.file.text(field) if field is not None else ""
        if member in fields:
            continue
        call = sel.parent
        args = call.child_by_field_name("arguments") if call is not None else None
        if member != decl.name or call is None or call.type != "call_expression" or args is None:
            return False
        values = [a for a in args.named_children if a.type != "comment"]
        if len(values) != len(decl.params):
            return False
        constant = c.file.text(values[position])
        if blocks.get(constant) is None or constant in labels:
            return False
        if any(blocks[label] != blocks[constant] for label in labels):
            return False
        calls += 1
    return calls > 0


def _switch_case(file: SourceFile, stmt: Node) -> tuple[Node | None, Node | None]:
    """The innermost ``case`` of an expression switch around ``stmt`` (closures
    included: one defined in the case runs only once the case is taken) and
    the method holding it."""
    case: Node | None = None
    node = stmt
    while node.parent is not None:
        node = node.parent
        if case is None and node.type == "expression_case":
            case = node
        elif node.type in sx.DECLARATION_TYPES:
            return (case, node) if node.type == "method_declaration" else (None, None)
    return None, None


def _stays(file: SourceFile, method: Node, param: str, receiver: str, fields: set[str]) -> bool:
    """In ``method``, ``param`` is never assigned, declared again or has its
    address taken, and the receiver is used only to reach its fields (no
    method call on it could call back with another constant)."""
    body = method.child_by_field_name("body")
    if body is None or not receiver or receiver == "_":
        return False
    for node in src.of_types(body, ("identifier",)):
        name = file.text(node)
        parent = node.parent
        if parent is None:
            return False
        if name == receiver:
            if (
                parent.type != "selector_expression"
                or parent.child_by_field_name("operand") != node
            ):
                return False
            member = parent.child_by_field_name("field")
            if member is None or file.text(member) not in fields:
                return False  # a method of the receiver: it may call back
            call = parent.parent
            if call is not None and call.type == "call_expression":
                return False  # a func field: it may call back
        elif name == param:
            if parent.type == "unary_expression" and file.text(parent)[:1] == "&":
                return False
            holder = parent.parent
            if (
                parent.type == "expression_list"
                and holder is not None
                and holder.child_by_field_name("left") == parent
            ):
                return False
            if parent.type in ("inc_statement", "dec_statement", "parameter_declaration"):
                return False
    for node in src.of_types(body, ("range_clause", "parameter_declaration")):
        if param in file.text(node).split("=", 1)[0].replace(",", " ").split():
            return False
    return True


def reassigned_prefix(file: SourceFile, stmt: Node, text: str) -> int | None:
    """``m.Cloud = azcloud.AzurePublic`` before ``m.Cloud.Services[k] = v``:
    the nearest assignment before the write (in its function, on its way
    out through the enclosing blocks) to a field prefix of the chain
    ``text`` (``m.Cloud``; not the root, whose value the call analysis
    follows) gives that prefix another value, so a literal that built the
    outer struct without it says nothing about the map any more. The
    number of selectors of that prefix (1 for ``m.Cloud``); None when no
    such assignment decides it: none is found, the root is assigned
    nearer, a statement in between (or a loop around the write) assigns a
    prefix or the root in a nested block, or the value is itself known to
    leave the map nil (``nil``, ``new(T)``, a literal without the rest of
    the chain; one that sets it is a make, seen by FIELD_INIT)."""
    parts = text.split(".")
    if len(parts) < 3 or not all(p.isidentifier() for p in parts):
        return None
    root = parts[0]
    prefixes = {".".join(parts[:n]): n - 1 for n in range(2, len(parts))}
    loops: list[Node] = []
    for node, parent in sx.climb(stmt):
        if parent.type in sx.FUNCTION_TYPES:
            return None
        if parent.type == "for_statement":
            loops.append(parent)
        if parent.type != sx.STATEMENT_LIST:
            continue
        for sibling in reversed(sx.preceding(node, parent)):
            if sibling.type == "comment":
                continue
            found = _assigned_prefix(file, sibling, root, prefixes)
            if found is None:
                if _assigns_under(file, sibling, root, prefixes):
                    return None
                continue
            selectors, value = found
            if selectors == 0 or _omits(file, value, parts[selectors + 1 :]):
                return None
            if any(_assigns_under(file, loop, root, prefixes) for loop in loops):
                return None
            return selectors
    return None


def _assigned_prefix(
    file: SourceFile, stmt: Node, root: str, prefixes: dict[str, int]
) -> tuple[int, Node | None] | None:
    """``stmt`` assigns the root (0, ...) or a prefix (its selectors, the
    value; the value None when it cannot be told, ``a, b = f()``)."""
    if stmt.type not in ("assignment_statement", "short_var_declaration", "var_declaration"):
        return None
    pairs: list[tuple[Node, Node | None]] = []
    if stmt.type == "var_declaration":
        for spec in sx.var_specs(stmt):
            pairs.extend((n, None) for n in spec.children_by_field_name("name"))
    else:
        targets, values = sx.assignment_sides(stmt) or ([], [])
        for i, target in enumerate(targets):
            pairs.append((target, values[i] if len(values) == len(targets) else None))
    for target, value in pairs:
        target_text = sx.norm(file.text(target))
        if target_text == root:
            return 0, value
        if target_text in prefixes:
            op = stmt.child_by_field_name("operator")
            if op is None or file.text(op) != "=":
                return 0, value
            return prefixes[target_text], value
    return None


def _assigns_under(file: SourceFile, node: Node, root: str, prefixes: dict[str, int]) -> bool:
    """Some assignment inside ``node`` (outside closures) gives the root or a
    prefix a value."""
    for inner in src.of_types(
        node, ("assignment_statement", "short_var_declaration", "var_declaration")
    ):
        if sx.in_closure(inner, node):
            continue
        if _assigned_prefix(file, inner, root, prefixes) is not None:
            return True
    return False


def _omits(file: SourceFile, value: Node | None, rest: list[str]) -> bool:
    """The value assigned to the prefix is known to leave ``rest`` (the
    fields from it to the map) nil, or cannot be told."""
    if value is None:
        return True
    value = sx.unparen(value)
    if value.type == "nil":
        return True
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        operand = value.child_by_field_name("operand")
        value = sx.unparen(operand) if operand is not None else value
    if value.type == "composite_literal":
        return True  # without the map: evidence; with it: a make FIELD_INIT sees
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        return fn is not None and file.text(fn) == "new"
    return False
