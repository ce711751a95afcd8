"""Null elements of decoded containers: the writes into an element map of a
slice (or a value map of a map) that a JSON or YAML decoder filled, where
the element may be a nil map (NM001).

encoding/json decodes a JSON ``null`` into the zero value of a map, slice,
pointer or interface ("The JSON null value unmarshals into an interface,
map, pointer, or slice by setting that Go value to nil"), so
``json.Unmarshal([]byte("[null]"), &xs)`` with ``xs []map[string]any``
gives ``xs[0] == nil``, and ``{"a": null}`` into a ``map[string]map[K]V``
gives a nil inner map under ``"a"``. sigs.k8s.io/yaml (and
github.com/ghodss/yaml) convert YAML to JSON and decode with
encoding/json; gopkg.in/yaml.v2/v3 set a ``null`` (or empty) node to the
zero value as well. A write into such an element (the range value
``for _, e := range xs { e[k] = v }``, ``xs[i][k] = v``, or ``e := xs[i];
e[k] = v``) panics for that input unless a nil check, a ``len`` check, a
successful lookup or a made map dominates it (the nil-state flow of
:mod:`.nilstate`, which starts the element maybe nil). A container given
a new value between the decode and the write (``xs = clean(xs)``; not an
``append``, which keeps the decoded elements) is left out. encoding/xml and
the TOML decoders have no null (and xml does not decode maps): their
targets are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.nilflow import NIL_FLOW
from gofixmap.rules.facts.nilstate import MAYBE, NIL, NONNIL, GiveUp, NilFlow
from gofixmap.rules.facts.types import TYPES, Binding, TypeResolver
from gofixmap.rules.facts.writes import WriteSite

Node = tree_sitter.Node

# decoders that set a null element to the zero value (a nil map)
_NULL_DECODERS = frozenset(
    (
        "encoding/json",
        "sigs.k8s.io/yaml",
        "github.com/ghodss/yaml",
        "gopkg.in/yaml.v2",
        "gopkg.in/yaml.v3",
        "go.yaml.in/yaml/v2",
        "go.yaml.in/yaml/v3",
    )
)
_UNMARSHALERS = ("Unmarshal", "UnmarshalStrict")
# decoders without null whose ``dec.Decode(&x)`` cannot be told apart
_OTHER_DECODERS = ("encoding/xml", "encoding/gob", "toml", "mapstructure", "msgpack", "cbor")


@dataclass(frozen=True, eq=False)
class NullElementWrite:
    """A write into an element map of a decoded container that a null
    element leaves nil."""

    target: Node  # the written index expression
    subject: str  # the element as written: ``e``, ``xs[i]``
    container: str  # the decoded variable
    decoder: str  # the decoder call's function, as written


def null_element_writes(
    ctx: FileContext, func: Node, body: Node, sites: list[WriteSite]
) -> Iterator[NullElementWrite]:
    """The writes of ``sites`` (those of ``func``, closures left out) into
    an element of a local container that a null-decoding decoder filled
    before it in ``func``, not proven non-nil there."""
    file = ctx.file
    decodes = _decoded_locals(ctx, func, body)
    if not decodes:
        return
    types = ctx.fact(TYPES)
    for site in sites:
        operand = sx.unparen(site.operand)
        if operand.type == "identifier":
            found = _element_variable(ctx, types, operand, decodes, site)
        elif operand.type == "index_expression":
            found = _indexed_element(file, types, operand, decodes, site, body)
        else:
            found = None
        if found is not None:
            subject, container, decoder = found
            yield NullElementWrite(site.target, subject, container, decoder)


def _decoded_locals(ctx: FileContext, func: Node, body: Node) -> dict[int, tuple[int, str, str]]:
    """The local containers of maps decoded in ``func``: by the start byte
    of their declaring name, the start of the first decode call, the
    decoder as written and the element map type."""
    file = ctx.file
    imports = ctx.package.imports.get(file.path, {})
    qualifiers = {local for local, path in imports.items() if path in _NULL_DECODERS}
    if not qualifiers:
        return {}
    other = any(any(o in path for o in _OTHER_DECODERS) for path in imports.values())
    types = ctx.fact(TYPES)
    result: dict[int, tuple[int, str, str]] = {}
    for call in sx.walk(body, closures=False):
        if call.type != "call_expression":
            continue
        target = _decode_target(file, call, qualifiers, other)
        if target is None or target.type != "unary_expression":
            continue
        if not file.text(target).startswith("&"):
            continue
        operand = target.child_by_field_name("operand")
        operand = sx.unparen(operand) if operand is not None else None
        if operand is None or operand.type != "identifier":
            continue
        binding = types.resolve(file, file.text(operand), operand)
        if binding is None or binding.name_node is None or binding.function is None:
            continue
        if binding.function.id != func.id or binding.kind not in ("var", "short"):
            continue
        element = _element_map(types, file, binding)
        if element is None:
            continue
        key = binding.name_node.start_byte
        if key not in result:
            fn = call.child_by_field_name("function")
            result[key] = (call.start_byte, file.text(fn) if fn is not None else "", element)
    return result


def _decode_target(file: SourceFile, call: Node, qualifiers: set[str], other: bool) -> Node | None:
    """The target argument of ``json.Unmarshal(b, &x)``,
    ``json.NewDecoder(r).Decode(&x)`` or ``dec.Decode(&x)`` (the last only
    when the file imports no decoder without null)."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or name is None:
        return None
    values = [a for a in args.named_children if a.type != "comment"]
    method = file.text(name)
    if method in _UNMARSHALERS and operand.type == "identifier":
        if file.text(operand) in qualifiers and len(values) == 2:
            return values[1]
        return None
    if method != "Decode" or len(values) != 1:
        return None
    if operand.type == "call_expression":
        inner = operand.child_by_field_name("function")
        qualifier = inner.child_by_field_name("operand") if inner is not None else None
        field = inner.child_by_field_name("field") if inner is not None else None
        if qualifier is None or field is None or file.text(field) != "NewDecoder":
            return None
        return values[0] if file.text(qualifier) in qualifiers else None
    return values[0] if operand.type == "identifier" and not other else None


def _element_map(types: TypeResolver, file: SourceFile, binding: Binding) -> str | None:
    """The map type of the elements of a slice or array (or of the values
    of a map) ``binding`` holds, else ``None``."""
    text = (binding.type_text or "").strip()
    if not text or text.startswith("*"):
        return None
    element = types.elem_type(text, file)
    if element is None:
        parts = types.map_parts(text, file)
        element = parts[1] if parts is not None else None
    if element is None or element.strip().startswith("*"):
        return None
    if types.is_map(element, file) or types.imported_map(element, file) is not None:
        return element.strip()
    return None


def _container(
    types: TypeResolver, file: SourceFile, expr: Node, decodes: dict[int, tuple[int, str, str]]
) -> tuple[Binding, tuple[int, str, str]] | None:
    expr = sx.unparen(expr)
    if expr.type != "identifier":
        return None
    binding = types.resolve(file, file.text(expr), expr)
    if binding is None or binding.name_node is None:
        return None
    found = decodes.get(binding.name_node.start_byte)
    return (binding, found) if found is not None else None


def _replaced(
    file: SourceFile, types: TypeResolver, found: tuple[Binding, tuple[int, str, str]], before: int
) -> bool:
    """The container is not decoded before ``before``, or is assigned a
    new value between its decode and ``before`` (``xs = clean(xs)``; an
    ``xs = append(xs, ...)`` keeps the decoded elements)."""
    binding, (decoded, _, _) = found
    if decoded >= before or binding.function is None:
        return decoded >= before
    body = binding.function.child_by_field_name("body")
    for node in sx.walk(body, closures=False) if body is not None else []:
        if node.start_byte >= before:
            break
        if node.start_byte <= decoded or node.type != "assignment_statement":
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        for target, value in zip(
            left.named_children if left is not None else [],
            right.named_children if right is not None else [],
            strict=False,
        ):
            if target.type != "identifier" or file.text(target) != binding.name:
                continue
            named = types.resolve(file, binding.name, target)
            if named is None or named.name_node != binding.name_node:
                continue
            fn = value.child_by_field_name("function") if value.type == "call_expression" else None
            args = value.child_by_field_name("arguments") if fn is not None else None
            first = args.named_children[0] if args is not None and args.named_children else None
            appended = fn is not None and file.text(fn) == "append"
            if not (appended and first is not None and file.text(first) == binding.name):
                return True
    return False


def _element_variable(
    ctx: FileContext,
    types: TypeResolver,
    ident: Node,
    decodes: dict[int, tuple[int, str, str]],
    site: WriteSite,
) -> tuple[str, str, str] | None:
    """``e[k] = v`` with ``e`` the range value of a decoded container, or
    ``e := xs[i]`` of one, maybe nil at the write."""
    file = ctx.file
    name = file.text(ident)
    binding = types.resolve(file, name, ident)
    if binding is None or binding.name_node is None:
        return None
    flows = ctx.fact(NIL_FLOW)
    if binding.kind == "range" and binding.node.type == "range_clause":
        clause = binding.node
        left = clause.child_by_field_name("left")
        right = clause.child_by_field_name("right")
        names = left.named_children if left is not None else []
        if right is None or len(names) != 2 or names[1].start_byte != binding.name_node.start_byte:
            return None
        found = _container(types, file, right, decodes)
        if found is None or _replaced(file, types, found, clause.start_byte):
            return None
        loop = clause.parent
        block = loop.child_by_field_name("body") if loop is not None else None
        if block is None:
            return None
        variable = flows.variable(file, binding)
        result = flows.states(variable, block, MAYBE, follow_calls=False)
        state = result.states.get(site.target.start_byte) if result is not None else None
        if state is None or not state & NIL:
            return None
        return name, found[0].name, found[1][1]
    if binding.kind != "short" or binding.value is None or binding.function is None:
        return None
    value = sx.unparen(binding.value)
    view = sx.index_view(value) if value.type == "index_expression" else None
    found = _container(types, file, view[0], decodes) if view is not None else None
    if found is None or _replaced(file, types, found, binding.node.start_byte):
        return None
    body = binding.function.child_by_field_name("body")
    if body is None:
        return None
    variable = flows.variable(file, binding)
    container = found[0]

    def element(expr: Node) -> int | None:
        inner = sx.index_view(expr)
        if inner is None:
            return None
        got = _container(types, file, inner[0], decodes)
        return MAYBE if got is not None and got[0].name_node == container.name_node else None

    flow = NilFlow(file, variable.refers, variable.declares, NONNIL, element=element)
    try:
        flow.run(body)
    except GiveUp:
        return None
    state = flow.writes.get(site.target.start_byte)
    if state is None or not state & NIL:
        return None
    return name, container.name, found[1][1]


def _indexed_element(
    file: SourceFile,
    types: TypeResolver,
    operand: Node,
    decodes: dict[int, tuple[int, str, str]],
    site: WriteSite,
    body: Node,
) -> tuple[str, str, str] | None:
    """``xs[i][k] = v`` with ``xs`` a decoded slice (a decoded map of maps
    is NM003's), nothing before the write in the function checking or
    assigning ``xs[i]``."""
    view = sx.index_view(operand)
    if view is None:
        return None
    found = _container(types, file, view[0], decodes)
    if found is None or _replaced(file, types, found, site.statement.start_byte):
        return None
    binding = found[0]
    if binding.type_text is None or types.elem_type(binding.type_text, file) is None:
        return None
    subject = sx.norm(file.text(operand))
    for node in sx.walk(body, closures=False):
        if node.start_byte >= site.statement.start_byte:
            break
        if node.type not in sx.INDEX_TYPES or sx.norm(file.text(node)) != subject:
            continue
        if _checked_or_assigned(file, node):
            return None
    return subject, binding.name, found[1][1]


def _checked_or_assigned(file: SourceFile, node: Node) -> bool:
    """``xs[i]`` compared with nil, measured with ``len``, looked up with
    comma-ok or assigned."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "binary_expression":
        return any(c.type == "nil" for c in parent.named_children)
    if parent.type == "argument_list" and parent.parent is not None:
        fn = parent.parent.child_by_field_name("function")
        return fn is not None and file.text(fn) == "len"
    if parent.type == "expression_list" and parent.parent is not None:
        stmt = parent.parent
        if stmt.type in ("assignment_statement", "short_var_declaration"):
            return stmt.child_by_field_name("left") == parent
    if parent.type in sx.INDEX_TYPES:
        # xs[i][k] read with comma-ok: found proves the element non-nil
        grand = parent.parent
        holder = grand.parent if grand is not None else None
        if grand is None or holder is None or grand.type != "expression_list":
            return False
        left = holder.child_by_field_name("left")
        return (
            holder.type in ("assignment_statement", "short_var_declaration")
            and holder.child_by_field_name("right") == grand
            and left is not None
            and len(left.named_children) == 2
        )
    return False
