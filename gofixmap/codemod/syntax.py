"""Go syntax on tree-sitter-go nodes: the one place that knows how the
grammar shapes statements, blocks, functions and calls.

Rules and facts ask here instead of spelling out node kinds: "the statement
that holds this node", "the statements of this block", "the function around
this node", "every node of these kinds under this one, closures skipped".
Nothing here knows about maps.

tree-sitter-go 0.25 wraps the statements of a block in a ``statement_list``
(an empty block has none); ``x[a.b]`` may parse as a generic type where it
is called or converted (``x[a.b](v)``, :func:`index_view` sees through it).

The module is longer than 600 lines because it is that one place: the
grammar's shapes and :func:`norm`, the text every rule compares expressions
by (which reads ``(*p).f`` as ``p.f``), stay together rather than split into
modules that would each know part of the grammar.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node

FUNCTION_TYPES = ("function_declaration", "method_declaration", "func_literal")
"""Node kinds that have their own parameters and body."""

DECLARATION_TYPES = ("function_declaration", "method_declaration")
"""Node kinds of top-level functions (with a name)."""

STATEMENT_LIST = "statement_list"

BLOCK_TYPES = ("statement_list", "block")
"""A block and its statement list: the nodes whose children are statements."""

JUMP_TYPES = ("return_statement", "break_statement", "continue_statement", "goto_statement")
"""Statements that leave the statement list they are in."""

# Statements whose own header can hold an expression but not a statement to
# insert before: a node here is not "in a block".
_HEADERS = (
    "for_clause",
    "if_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "communication_case",
    "labeled_statement",
)


# --------------------------------------------------------------------------- ancestry


def parent(node: Node) -> Node | None:
    """``node.parent`` without tree-sitter's walk down from the root (which
    makes a climb from a deeply nested node quadratic): through the walk
    index of the engine."""
    return src.parent(node)


def ancestors(node: Node) -> Iterator[Node]:
    """The ancestors of ``node``, innermost first (``node`` excluded)."""
    current = src.parent(node)
    while current is not None:
        yield current
        current = src.parent(current)


def climb(node: Node, stop: Node | None = None) -> Iterator[tuple[Node, Node]]:
    """``(child, parent)`` for ``node`` and then each of its ancestors, innermost
    first, up to the root: the walk outwards that scope lookups and "is it
    checked before" questions make. With ``stop`` the climb does not go out
    of ``stop`` (its last pair has ``stop`` as the parent)."""
    current = node
    while (up := src.parent(current)) is not None:
        if stop is not None and current.id == stop.id:
            return
        yield current, up
        current = up


# --------------------------------------------------------------------------- blocks


def preceding(statement: Node, statement_list: Node) -> list[Node]:
    """The statements of ``statement_list`` before ``statement`` (one of its
    statements, or a node within one), in source order, comments included.
    Through the list's children: tree-sitter finds a sibling through the
    parent, walking down from the root."""
    start = statement.start_byte
    return [s for s in statement_list.named_children if s.end_byte <= start]


def is_statement_list(node: Node) -> bool:
    """``node`` is a block's ``statement_list``."""
    return node.type == STATEMENT_LIST


def is_block(node: Node) -> bool:
    """``node`` is a block or its ``statement_list``: a node whose children
    are statements."""
    return node.type in BLOCK_TYPES


def in_statement_list(node: Node) -> bool:
    """``node`` is a statement directly in a block's statement list."""
    up = parent(node)
    return up is not None and up.type == STATEMENT_LIST


def statement_list(block: Node | None) -> Node | None:
    """The ``statement_list`` of a block (or the node itself if it is one);
    ``None`` for an empty block."""
    if block is None:
        return None
    if block.type == STATEMENT_LIST:
        return block
    for child in block.named_children:
        if child.type == STATEMENT_LIST:
            return child
    return None


def block_statements(block: Node | None) -> list[Node]:
    """The statements of a block, comments included ([] for an empty block
    or ``None``); the children of anything else that has no list."""
    if block is None:
        return []
    for child in block.named_children:
        if child.type == STATEMENT_LIST:
            return list(child.named_children)
    return list(block.named_children)


def field_declarations(struct: Node) -> Iterator[tuple[Node, Node, list[Node]]]:
    """(declaration, type, names) of each field of a ``struct_type``; no
    names for an embedded field."""
    for decl_list in struct.named_children:
        if decl_list.type != "field_declaration_list":
            continue
        for decl in decl_list.named_children:
            if decl.type != "field_declaration":
                continue
            type_node = decl.child_by_field_name("type")
            if type_node is not None:
                yield decl, type_node, decl.children_by_field_name("name")


def type_specs(decl: Node) -> Iterator[tuple[Node, Node, Node]]:
    """(spec, name, type) of each ``type_spec`` / ``type_alias`` of a
    ``type_declaration``."""
    for spec in decl.named_children:
        if spec.type not in ("type_spec", "type_alias"):
            continue
        name_node = spec.child_by_field_name("name")
        type_node = spec.child_by_field_name("type")
        if name_node is not None and type_node is not None:
            yield spec, name_node, type_node


def statements(block: Node | None) -> list[Node]:
    """:func:`block_statements` without comments."""
    return [s for s in block_statements(block) if s.type != "comment"]


def statement_of(node: Node, *, crossing_functions: bool = True) -> Node | None:
    """The ancestor-or-self of ``node`` that sits directly in a statement
    list. With ``crossing_functions=False`` the climb stops at the innermost
    function around ``node`` (a statement of an enclosing function is not
    ``node``'s)."""
    current: Node | None = node
    while current is not None:
        up = parent(current)
        if up is None:
            return None
        if up.type == STATEMENT_LIST:
            return current
        if not crossing_functions and current.type in FUNCTION_TYPES and current is not node:
            return None
        current = up
    return None


def insertion_statement(node: Node) -> Node | None:
    """The statement holding ``node`` if a statement can be inserted just
    before it: it sits in a statement list and ``node`` is not in the header
    of an ``if``/``for``/``switch``/``select`` case or a label, nor in a
    nested function. ``None`` otherwise."""
    current: Node | None = node
    while current is not None:
        up = parent(current)
        if up is None:
            return None
        if up.type == STATEMENT_LIST:
            return current
        if up.type in _HEADERS or current.type in FUNCTION_TYPES:
            return None
        current = up
    return None


def next_statement(stmt: Node) -> Node | None:
    """The next statement of the same list, comments skipped."""
    return _sibling_statement(stmt, forward=True)


def previous_statement(stmt: Node) -> Node | None:
    """The statement before ``stmt`` in the same list, comments skipped."""
    return _sibling_statement(stmt, forward=False)


def _sibling_statement(stmt: Node, forward: bool) -> Node | None:
    sibling = stmt.next_named_sibling if forward else stmt.prev_named_sibling
    while sibling is not None and sibling.type == "comment":
        sibling = sibling.next_named_sibling if forward else sibling.prev_named_sibling
    return sibling


# --------------------------------------------------------------------------- functions


def body(func: Node | None) -> Node | None:
    """The body block of a function, method or func literal."""
    return func.child_by_field_name("body") if func is not None else None


def enclosing_function(node: Node) -> Node | None:
    """The innermost function declaration, method or func literal strictly
    around ``node``."""
    for current in ancestors(node):
        if current.type in FUNCTION_TYPES:
            return current
    return None


def outermost_function(node: Node) -> Node | None:
    """The outermost function strictly around ``node`` (a declaration, or a
    func literal at package level)."""
    result = None
    for current in ancestors(node):
        if current.type in FUNCTION_TYPES:
            result = current
    return result


def declaration_of(node: Node) -> Node | None:
    """The function or method declaration at or around ``node``."""
    if node.type in DECLARATION_TYPES:
        return node
    for current in ancestors(node):
        if current.type in DECLARATION_TYPES:
            return current
    return None


def declared_name(file: SourceFile, node: Node) -> str:
    """The name of the function or method declaration at or around ``node``:
    ``f``, or ``T.m`` for a method of ``T`` or ``*T`` (type arguments left
    out); ``""`` at package level (a func literal in a variable's value)."""
    decl = declaration_of(node)
    if decl is None:
        return ""
    name = decl.child_by_field_name("name")
    text = file.text(name) if name is not None else ""
    receiver = decl.child_by_field_name("receiver")
    if receiver is None:
        return text
    param = next((p for p in receiver.named_children if p.type == "parameter_declaration"), None)
    rtype = param.child_by_field_name("type") if param is not None else None
    if rtype is None:
        return text
    base = file.text(rtype).lstrip("*").strip().split("[", 1)[0]
    return f"{base}.{text}"


def functions(root: Node) -> list[Node]:
    """Every function declaration, method and func literal under ``root``
    (itself included), outer first."""
    return src.of_types(root, FUNCTION_TYPES)


def call_of_argument(node: Node) -> Node | None:
    """The call that has ``node`` among its arguments, else ``None`` (an
    ``argument_list`` is only ever the arguments of a ``call_expression``)."""
    args = src.parent(node)
    if args is None or args.type != "argument_list":
        return None
    return src.parent(args)


def in_closure(node: Node, func: Node) -> bool:
    """``node`` sits in a func literal nested in ``func``."""
    for current in ancestors(node):
        if current.id == func.id:
            return False
        if current.type == "func_literal":
            return True
    return False


# --------------------------------------------------------------------------- walks


def walk(node: Node, *, closures: bool = True) -> list[Node]:
    """The named nodes under ``node`` (itself included) in source order;
    ``closures=False`` leaves out the insides and the func literals nested
    below ``node``."""
    if closures:
        return src.subtree(node)
    return src.walk_skipping(node, "func_literal", keep=False)


def nodes(node: Node, kinds: tuple[str, ...], *, closures: bool = True) -> list[Node]:
    """The nodes of ``kinds`` under ``node`` (itself included), in source
    order; ``closures=False`` leaves out the insides of nested func literals."""
    return src.of_types(node, kinds, "" if closures else "func_literal")


def scan(node: Node, kinds: tuple[str, ...]) -> list[Node]:
    """:func:`nodes` without the walk index, in the same order (a node
    before its descendants): for a single pass over more trees than the
    index holds (every file of a module), which would otherwise index, drop
    and index again. Tree-sitter matches the kinds in C (a query), about
    three times as fast as a walk in Python."""
    cursor = tree_sitter.QueryCursor(_kinds_query(kinds))
    found = cursor.captures(node).get("n", [])
    found.sort(key=_span)
    # nodes of one span (a statement of one call) come outermost first
    i = 0
    while i < len(found) - 1:
        j = i + 1
        while j < len(found) and _span(found[j]) == _span(found[i]):
            j += 1
        if j - i > 1:
            found[i:j] = sorted(found[i:j], key=_wrappers)
        i = j
    return found


def _span(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


def _wrappers(node: Node) -> int:
    """How many ancestors of ``node`` have its span."""
    count = 0
    parent = node.parent
    while parent is not None and _span(parent) == _span(node):
        count += 1
        parent = parent.parent
    return count


_QUERIES: dict[tuple[str, ...], tree_sitter.Query] = {}


def _kinds_query(kinds: tuple[str, ...]) -> tree_sitter.Query:
    """A query capturing (as ``n``) every named node of one of ``kinds``."""
    query = _QUERIES.get(kinds)
    if query is None:
        query = _QUERIES[kinds] = tree_sitter.Query(
            src.GO, "[" + " ".join(f"({kind})" for kind in kinds) + "] @n"
        )
    return query


# --------------------------------------------------------------------------- expressions


def unparen(node: Node) -> Node:
    """``node`` without enclosing parentheses."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def binary(node: Node) -> tuple[Node, Node, Node] | None:
    """(operator, left, right) of ``node`` without its parentheses when it
    is a binary expression; ``None`` otherwise."""
    node = unparen(node)
    if node.type != "binary_expression":
        return None
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return None
    return operator, left, right


def terms(node: Node, op: str) -> list[Node]:
    """The operands of ``a op b op c`` (``op`` an operator such as ``&&`` or
    ``||``), each without its parentheses; ``[node]`` without its parentheses
    when ``node`` is not such a chain."""
    parts = binary(node)
    if parts is not None and parts[0].type == op:
        return terms(parts[1], op) + terms(parts[2], op)
    return [unparen(node)]


INDEX_TYPES = ("index_expression", "generic_type")
"""Node kinds that can be an index expression: ``x[a.b](v)`` reads as a
conversion to the generic type ``x[a.b]`` (only the types of the package
could tell them apart). Index chains such as ``m[a.b][c.d]`` are
``index_expression`` nodes (gofixmap's grammar; tree-sitter-go read them as
an instantiation of a generic type)."""


def index_view(node: Node) -> tuple[Node, Node] | None:
    """``(operand, key)`` of ``x[k]``, also where tree-sitter took the index
    expression for a generic type (``x[a.b]`` of ``x[a.b](v)``)."""
    if node.type == "index_expression":
        operand = node.child_by_field_name("operand")
        key = node.child_by_field_name("index")
        return (operand, key) if operand is not None and key is not None else None
    if node.type == "generic_type":
        base = node.child_by_field_name("type")
        args = node.child_by_field_name("type_arguments")
        if base is None or args is None or len(args.named_children) != 1:
            return None
        elem = args.named_children[0]
        key = elem.named_children[0] if elem.type == "type_elem" and elem.named_children else elem
        return base, key
    return None


def call_parts(file: SourceFile, call: Node) -> tuple[str, str] | None:
    """``x.M(...)`` → ``("x", "M")``; ``f(...)`` → ``("", "f")``; else ``None``."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return "", file.text(fn)
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = fn.child_by_field_name("field")
        if operand is not None and name is not None:
            return file.text(operand), file.text(name)
    return None


def composite_literal(node: Node | None) -> Node | None:
    """The composite literal ``node`` is (``T{...}``, ``&T{...}``, in
    parentheses or not), else ``None``."""
    if node is None:
        return None
    node = unparen(node)
    if node.type == "unary_expression":
        operand = node.child_by_field_name("operand")
        node = unparen(operand) if operand is not None else node
    return node if node.type == "composite_literal" else None


def keyed_elements(literal: Node) -> Iterator[tuple[Node, Node, Node]]:
    """The ``key: value`` elements of a composite literal: the element, and
    each side as written (unwrapped from its ``literal_element``)."""
    body = literal.child_by_field_name("body")
    for element in body.named_children if body is not None else ():
        parts = element.named_children
        if element.type != "keyed_element" or len(parts) < 2:
            continue
        key, value = (
            p.named_children[0] if p.type == "literal_element" and p.named_children else p
            for p in parts[:2]
        )
        yield element, key, value


def keyed_value(file: SourceFile, literal_value: Node, key: str) -> Node | None:
    """The value of ``key:`` among the elements of a ``literal_value`` (the
    body of a composite literal), unwrapped from its ``literal_element``."""
    for element in literal_value.named_children:
        if element.type != "keyed_element" or element.named_child_count != 2:
            continue
        name, value = element.named_children
        if norm(file.text(name)) == key:
            return value.named_children[0] if value.type == "literal_element" else value
    return None


def selectors_by_field(files: Iterable[SourceFile]) -> dict[str, list[tuple[SourceFile, Node]]]:
    """Every ``x.name`` selector expression of ``files``, by ``name``."""
    table: dict[str, list[tuple[SourceFile, Node]]] = {}
    for file in files:
        for sel in src.of_types(file.root, ("selector_expression",)):
            name_node = sel.child_by_field_name("field")
            if name_node is not None:
                table.setdefault(file.text(name_node), []).append((file, sel))
    return table


def flat_text(file: SourceFile, node: Node) -> str:
    """``node``'s text on one line, each run of white space one space (an
    expression quoted in a message)."""
    return re.sub(r"\s+", " ", file.text(node))


def selections(file: SourceFile, root: Node, operand: str, field: str) -> Iterator[Node]:
    """The ``operand.field`` selector expressions under ``root`` whose
    operand is the identifier ``operand``, also as ``(*operand).field``
    (its identifier node; the caller
    decides what that name is bound to there)."""
    for node in src.of_types(root, ("selector_expression",)):
        left = node.child_by_field_name("operand")
        name = node.child_by_field_name("field")
        left = selected(file, left) if left is not None else None
        if left is None or name is None or left.type != "identifier":
            continue
        if file.text(left) == operand and file.text(name) == field:
            yield left


def selected(file: SourceFile, operand: Node) -> Node:
    """A selector's operand without parentheses and without an explicit
    dereference: ``p`` of ``(*p).f``, which is ``p.f`` (a selector
    dereferences a pointer operand itself)."""
    operand = unparen(operand)
    op = operand.child_by_field_name("operator") if operand.type == "unary_expression" else None
    inner = operand.child_by_field_name("operand") if op is not None else None
    if op is not None and inner is not None and file.text(op) == "*":
        return unparen(inner)
    return operand


def assignment_sides(stmt: Node) -> tuple[list[Node], list[Node]] | None:
    """``(lefts, rights)`` of an assignment or ``:=``; ``None`` for others."""
    if stmt.type not in ("assignment_statement", "short_var_declaration"):
        return None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return None
    return list(left.named_children), list(right.named_children)


def defined_values(node: Node) -> tuple[list[Node], list[Node]]:
    """``(names, values)`` that a ``:=`` or a ``var_spec`` defines (no values
    for ``var x T``); ``([], [])`` for anything else."""
    if node.type == "var_spec":
        value = node.child_by_field_name("value")
        values = list(value.named_children) if value is not None else []
        return list(node.children_by_field_name("name")), values
    sides = assignment_sides(node) if node.type == "short_var_declaration" else None
    return sides if sides is not None else ([], [])


def plain_assignment(stmt: Node) -> tuple[Node, Node] | None:
    """``(left, right)`` expression lists of a ``left = right`` statement;
    ``None`` for ``:=``, ``op=`` and anything else."""
    if stmt.type != "assignment_statement":
        return None
    op = stmt.child_by_field_name("operator")
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if op is None or left is None or right is None or op.type != "=":
        return None
    return left, right


def is_assigned(ident: Node) -> bool:
    """``ident`` is a target of an assignment or ``:=`` (not an index write)."""
    up = parent(ident)
    if up is None or up.type != "expression_list":
        return False
    statement = parent(up)
    return (
        statement is not None
        and statement.type in ("assignment_statement", "short_var_declaration")
        and statement.child_by_field_name("left") == up
    )


def target_assignment(file: SourceFile, target: Node) -> tuple[bool, Node | None]:
    """Whether the expression ``target`` is assigned (``x.f = v``, ``x.f := ...``
    or its address taken), and the value when it is one node (not
    ``a, b = f()``, ``op=``, ``&x.f``)."""
    up = target.parent
    if up is not None and up.type == "unary_expression" and file.text(up)[:1] == "&":
        return True, None
    if up is None or up.type != "expression_list":
        return False, None
    stmt = up.parent
    if stmt is None or stmt.type not in ("assignment_statement", "short_var_declaration"):
        return False, None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or left.id != up.id:
        return False, None
    targets = [n.id for n in left.named_children]
    values = right.named_children
    operator = stmt.child_by_field_name("operator")
    if len(values) != len(targets) or (operator is not None and file.text(operator) != "="):
        return True, None
    return True, values[targets.index(target.id)]


def made_map(file: SourceFile, value: Node) -> bool:
    """A value that is never a nil map: a literal (typed, or elided inside an
    outer literal) or ``make(...)``."""
    value = unparen(value)
    if value.type in ("composite_literal", "literal_value"):
        return True
    fn = value.child_by_field_name("function") if value.type == "call_expression" else None
    return fn is not None and file.text(fn) == "make"


def var_specs(decl: Node) -> Iterator[Node]:
    """The ``var_spec`` nodes of a ``var_declaration``, grouped or not."""
    for child in decl.named_children:
        if child.type == "var_spec":
            yield child
        elif child.type == "var_spec_list":
            yield from (c for c in child.named_children if c.type == "var_spec")


# An operand path: identifiers joined by selectors and simple indices.
_PATH = r"[^\W\d]\w*(?:\.[^\W\d]\w*|\[[^\[\]()]*\])*"
# No operand, selector dot or closing bracket just before: the parenthesis
# opens a parenthesised expression, not a call, conversion or assertion.
_OPENS = r"(?<![\w)\]}.])\("
# ``(p)`` around a path: the path itself.
_PAREN_PATH = re.compile(_OPENS + "(" + _PATH + r")\)")
# ``(*p).f``: selectors dereference pointers themselves, so ``p.f``.
_DEREF_SELECTOR = re.compile(_OPENS + r"\*+(" + _PATH + r")\)(?=\.[^\W\d])")
# either of the two, to leave every other text alone at once
_CANDIDATE = re.compile(_OPENS + r"\**" + _PATH + r"\)")
_LITERALS = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|`[^`]*`|'(?:[^'\\]|\\.)*')")


def _canonical(code: str) -> str:
    while True:
        done = _DEREF_SELECTOR.sub(r"\1", _PAREN_PATH.sub(r"\1", code))
        if done == code:
            return code
        code = done


def norm(text: str) -> str:
    """Source text without white space, to compare expressions.

    Parentheses around an operand path go, and so does an explicit
    dereference of a selector's operand: ``(*p).f``, ``(p).f`` and
    ``(*(p)).f`` are all ``p.f``, the field that selector denotes (Go spec,
    Selectors: ``x.f`` is shorthand for ``(*x).f`` when x is a pointer).
    An index keeps its dereference: ``(*p)[k]`` indexes the map p points
    to, and ``p[k]`` is not valid on a pointer to a map.
    """
    text = "".join(text.split())
    return _without_dereferences(text) if "(" in text else text


@functools.lru_cache(maxsize=1 << 16)
def _without_dereferences(text: str) -> str:
    if _CANDIDATE.search(text) is None:
        return text
    parts = _LITERALS.split(text)
    return "".join(part if i % 2 else _canonical(part) for i, part in enumerate(parts))
