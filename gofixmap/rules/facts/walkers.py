"""A local that walks a tree: every value it is given has the map made.

``entry := fs.root`` then, in a loop, ``next, ok := entry.children[k]; if
!ok { next = &node{kind: dir, children: make(...)}; entry.children[k] =
next } else if next.kind != dir { return }; entry = next``. The write
``entry.children[k] = next`` runs on whatever value ``entry`` was last
given, and each of them has ``children`` made: the field ``root`` only ever
holds nodes built with it, and ``next`` at ``entry = next`` is either the
node just built with it or one whose tag says so (a tagged union,
:func:`.companions.made_with_tag`). The function of ``fieldinit`` that asks
"is the map made at this statement" is handed in as ``dominated`` (a
statement and a chain text), so this module does not import it.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.constructions import Constructions
from gofixmap.rules.facts.types import TypeResolver

Node = tree_sitter.Node

Selectors = Callable[[str], list[tuple[SourceFile, Node]]]
Dominated = Callable[[Node, str], bool]


def walker_made(
    types: TypeResolver,
    cons: Constructions,
    selectors: Selectors,
    file: SourceFile,
    func: Node,
    stmt: Node,
    text: str,
    dominated: Dominated,
) -> bool:
    """The write ``stmt`` to ``text`` (``x.f``) in the function ``func``,
    where ``x`` is a local of ``func`` declared with a value: every value the
    local is given (its declaration and each ``x = v``) has the map made at
    that point, and nothing in the package gives the field of a value of
    ``x``'s type anything but a made map. A value is made when it is a
    literal that makes the field, a local ``y`` whose ``y.f`` is made where
    it is assigned (``dominated``), or a field ``o.b`` of the package that
    only ever holds such literals (:func:`field_holds_made`). The local's
    address taken, or a value from a call with several results, is not
    told; nor is an exported map or holder field (another package of the
    module may set it)."""
    base, _, field_name = text.rpartition(".")
    if not base.isidentifier() or not _unexported(field_name):
        return False  # another package may set an exported map to nil
    ident = next(sx.selections(file, stmt, base, field_name), None)
    if ident is None:
        return False
    binding = types.resolve(file, base, ident)
    if binding is None or binding.kind != "short" or binding.name_node is None:
        return False
    if binding.function is None or binding.function.id != func.id:
        return False
    holder = types.local_struct(types.type_of(file, ident) or "")
    if holder is None or not _map_only_made(types, selectors, {holder}, field_name):
        return False
    if _overwritten(types, holder):
        return False
    name_node = binding.name_node
    names, values = sx.defined_values(binding.node)
    if len(names) != len(values):
        return False
    assigned: list[tuple[Node, Node]] = [
        (values[i], binding.node) for i, n in enumerate(names) if n.id == name_node.id
    ]
    for use in src.of_types(func, ("identifier",)):
        if use.id == name_node.id or file.text(use) != base:
            continue
        found = types.resolve(file, base, use)
        if found is None or found.name_node is None or found.name_node.id != name_node.id:
            continue
        up = sx.parent(use)
        if up is not None and up.type == "unary_expression" and file.text(up)[:1] == "&":
            return False
        if not sx.is_assigned(use):
            continue
        statement = sx.parent(sx.parent(use))  # type: ignore[arg-type]
        sides = sx.assignment_sides(statement) if statement is not None else None
        if statement is None or sides is None or len(sides[0]) != len(sides[1]):
            return False
        lefts, rights = sides
        assigned.append((rights[[n.id for n in lefts].index(use.id)], statement))
    if not assigned:
        return False
    for value, statement in assigned:
        value = sx.unparen(value)
        if made_literal(file, value, field_name):
            continue
        if value.type == "identifier" and file.text(value) != base:
            if dominated(statement, f"{file.text(value)}.{field_name}"):
                continue
            return False
        if value.type == "selector_expression":
            name = value.child_by_field_name("field")
            if name is not None and field_holds_made(
                types, cons, selectors, file.text(name), field_name
            ):
                continue
        return False
    return True


def made_literal(file: SourceFile, value: Node, field_name: str) -> bool:
    """``T{..., field: <made>}`` or ``&T{...}`` with it."""
    literal = sx.composite_literal(value)
    if literal is None:
        return False
    return any(
        sx.norm(file.text(key)) == field_name and sx.made_map(file, made)
        for _, key, made in sx.keyed_elements(literal)
    )


def field_holds_made(
    types: TypeResolver,
    cons: Constructions,
    selectors: Selectors,
    name: str,
    field_name: str,
) -> bool:
    """Every value the field ``name`` of the package's structs ever holds
    makes the map ``field_name`` (``root: &node{children: make(...)}``):
    over the structs that declare ``name`` as a ``*T`` (or ``T``) with ``T``
    a struct declaring ``field_name``, every keyed literal sets it to such a
    literal and every ``o.name = v`` outside tests assigns one. A literal
    that leaves a pointer field out holds nil, and reading the map through
    it panics before any write; a value field left out, a decoded value or
    a literal without keys is not told."""
    if not _unexported(name):
        return False  # another package may assign an exported field
    pkg = types.pkg
    owners: dict[str, bool] = {}  # owner struct -> the field is a pointer
    for type_name, decl in pkg.types.items():
        if not decl.is_struct:
            continue
        for f in decl.fields:
            if f.name != name:
                continue
            held = types.local_struct(f.type_text)
            held_decl = pkg.struct(held) if held is not None else None
            if held_decl is None or field_name not in {g.name for g in held_decl.fields}:
                continue
            owners[type_name] = sx.norm(f.type_text).startswith("*")
    if not owners:
        return False
    for type_name, pointer in owners.items():
        for c in cons.constructions.get(type_name, []):
            if c.kind == "literal" and c.keys is not None and name in c.keys:
                value = sx.keyed_value(c.file, c.node, name)
                if value is None or not made_literal(c.file, sx.unparen(value), field_name):
                    return False
            elif c.kind == "decoded" or (c.kind == "literal" and c.keys is None) or not pointer:
                return False
    for file, sel in selectors(name):
        if file.path.endswith("_test.go"):
            continue
        assigned, value = sx.target_assignment(file, sel)
        if not assigned:
            continue
        operand = sel.child_by_field_name("operand")
        owner = types.type_of(file, operand) if operand is not None else None
        local = types.local_struct(owner) if owner is not None else None
        if local is not None and local not in owners and _own_field(types, local, name, owners):
            continue  # another struct's field of that name
        if value is None or not made_literal(file, sx.unparen(value), field_name):
            return False
    return True


def arms_give(
    file: SourceFile,
    stmt: Node,
    text: str,
    tag_exit: Callable[[Node], bool],
) -> bool:
    """``stmt`` is an ``if``/``else if`` chain after which the local ``x`` of
    ``text`` (``x.f``) has the map made: every arm either leaves or ends by
    giving ``x`` a value that makes it (``x = y`` where ``y`` was declared
    in the arm by such a literal, or ``x = T{f: make(...)}``), and the path
    that runs no arm (no final ``else``) passes a condition that leaves
    unless ``x``'s tag selects the made map (``tag_exit``: ``x.kind !=
    kindDir``)."""
    base, _, field_name = text.rpartition(".")
    if not base.isidentifier():
        return False
    current: Node | None = stmt
    closed = False
    while current is not None:
        cond = current.child_by_field_name("condition")
        body = current.child_by_field_name("consequence")
        if cond is None or body is None:
            return False
        if not _terminates(body) and not _gives(file, body, base, field_name):
            return False
        closed = closed or tag_exit(cond)
        alternative = current.child_by_field_name("alternative")
        if alternative is None:
            return closed
        if alternative.type != "if_statement":
            return _terminates(alternative) or _gives(file, alternative, base, field_name)
        current = alternative
    return False


def _unexported(name: str) -> bool:
    return bool(name) and not name[0].isupper()


def _terminates(block: Node) -> bool:
    stmts = [s for s in sx.block_statements(block) if s.type != "comment"]
    return bool(stmts) and stmts[-1].type in (
        "return_statement",
        "break_statement",
        "continue_statement",
    )


def _gives(file: SourceFile, block: Node, base: str, field_name: str) -> bool:
    """The block's last statement that touches ``base`` assigns it a made
    value (a literal making ``field_name``, or a local the block declared
    with one and did not touch since), at the block's top level, and
    nothing after it assigns ``base`` or ``base.field_name``."""
    stmts = [s for s in sx.block_statements(block) if s.type != "comment"]
    for i in range(len(stmts) - 1, -1, -1):
        s = stmts[i]
        pair = _single_assignment(file, s)
        if pair is None or pair[0] != base:
            if touches(file, s, base) or touches(file, s, f"{base}.{field_name}"):
                return False
            continue
        value = sx.unparen(pair[1])
        if made_literal(file, value, field_name):
            return True
        if value.type != "identifier":
            return False
        local = file.text(value)
        for earlier in reversed(stmts[:i]):
            if earlier.type == "short_var_declaration":
                names, values = sx.defined_values(earlier)
                texts = [file.text(n) for n in names]
                if local in texts and len(names) == len(values):
                    return made_literal(file, sx.unparen(values[texts.index(local)]), field_name)
            if touches(file, earlier, local) or touches(file, earlier, f"{local}.{field_name}"):
                return False
        return False
    return False


def _single_assignment(file: SourceFile, stmt: Node) -> tuple[str, Node] | None:
    sides = sx.plain_assignment(stmt)
    if sides is None:
        return None
    left, right = sides
    if len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    return sx.norm(file.text(left.named_children[0])), right.named_children[0]


def touches(file: SourceFile, stmt: Node, target: str) -> bool:
    """Something in ``stmt`` assigns ``target`` or takes its address."""
    for node in src.of_types(stmt, ("assignment_statement", "short_var_declaration")):
        sides = sx.assignment_sides(node)
        if sides is not None and any(sx.norm(file.text(t)) == target for t in sides[0]):
            return True
    for node in src.of_types(stmt, ("unary_expression",)):
        text = sx.norm(file.text(node))
        if text == f"&{target}":
            return True
    return False


def _map_only_made(
    types: TypeResolver, selectors: Selectors, owners: set[str], field_name: str
) -> bool:
    """Every ``x.field_name = v`` (or ``&x.field_name``) of the package on a
    value of one of ``owners`` (or of a type that cannot be told) assigns a
    made map."""
    for file, sel in selectors(field_name):
        assigned, value = sx.target_assignment(file, sel)
        if not assigned or (value is not None and sx.made_map(file, value)):
            continue
        operand = sel.child_by_field_name("operand")
        owner = types.type_of(file, operand) if operand is not None else None
        local = types.local_struct(owner) if owner is not None else None
        if local is None or local in owners or not _own_field(types, local, field_name, owners):
            return False
    return True


def _overwritten(types: TypeResolver, holder: str) -> bool:
    """Some ``*p = v`` of the package may replace a whole ``holder`` value
    (its map with it): ``p`` of type ``*holder``, or of a type not told."""
    for file in types.pkg.files:
        for stmt in src.of_types(file.root, ("assignment_statement",)):
            left = stmt.child_by_field_name("left")
            for target in left.named_children if left is not None else ():
                target = sx.unparen(target)
                if target.type != "unary_expression" or file.text(target)[:1] != "*":
                    continue
                operand = target.child_by_field_name("operand")
                type_text = types.type_of(file, operand) if operand is not None else None
                if type_text is None or types.local_struct(type_text) == holder:
                    return True
    return False


def _own_field(
    types: TypeResolver, struct: str, name: str, owners: set[str] | dict[str, bool]
) -> bool:
    """``x.name`` on a ``struct`` (not one of ``owners``) is not the field
    of a value of ``owners``: ``struct`` declares ``name`` itself, or holds
    the owner it is promoted from by value (a copy, ``fakeFileInfo{*entry}``).
    An owner embedded through a pointer is shared: not told."""
    decl = types.pkg.struct(struct)
    if decl is None:
        return False
    if any(f.name == name for f in decl.fields):
        return True
    embedded = [f for f in decl.fields if f.embedded]
    return bool(embedded) and all(not sx.norm(f.type_text).startswith("*") for f in embedded)
