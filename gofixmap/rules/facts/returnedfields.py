"""RETURNED_NIL_FIELDS: the map fields that a function's returned struct
may hold nil, told to the packages that import it (an exported fact
computed from source, like CALLEE_WRITES).

A function whose first result is ``T`` or ``*T`` (``T`` a struct of its
package) leaves the map field ``F`` nil on some path when a ``return``
gives back

- a composite literal of ``T`` that does not set ``F`` (``&T{}``,
  ``T{Name: n}``), or ``new(T)``;
- what another such function of the package returns (``return g(x)``,
  or ``c := g()`` kept as below): a least fixpoint over the package;
- a local declared that way (``var c T``, ``c := &T{}``) that the function
  never hands to anything that could make the field: no ``c.F`` other than
  index expressions (``c.F[k]`` reads), no reassignment, no ``c`` passed
  to a call; only ``&c`` given to a decoder (``json.Unmarshal(b, &c)``,
  or a function whose parameter there is ``interface{}``/``any``: it can
  reach ``c`` only by reflection, as decoders do), which leaves ``F`` nil
  when the input lacks it.

A literal returned beside a non-nil error (``return T{}, err`` with a
non-``nil`` last result) is left out: callers that check the error never
see it; a decoded local is kept (a successful decode leaves the field nil
too).

``funcs[name][field]`` is a :class:`NilField`. NM002 reports a write
``x.F[k] = v`` when ``x`` is the first result of such a function called in
the same function and nothing between the call and the write touches
``x.F`` or hands ``x`` away (#13 classes 2 and 6).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, TypeDecl
from gofixmap.codemod.source import SourceFile, of_types
from gofixmap.codemod.syntax import unparen
from gofixmap.rules.facts.callees import portable
from gofixmap.rules.facts.serial import DECODERS
from gofixmap.rules.facts.types import TYPES

Node = tree_sitter.Node

_DECODER_NAMES = frozenset(name for names in DECODERS.values() for name in names) | {"Decode"}
_ANY = frozenset(("interface{}", "any"))


@dataclass(frozen=True)
class NilField:
    type_text: str  # the map's type as the callee's package writes it
    portable: bool  # only predeclared types: the same text means the same anywhere
    how: str  # "a literal without it", "the zero value of var c", "decoded into var c"


@dataclass(frozen=True)
class ReturnedNilFields:
    funcs: Mapping[str, Mapping[str, NilField]] = field(default_factory=dict)

    def nil_field(self, func: str, name: str) -> NilField | None:
        return self.funcs.get(func, {}).get(name)


def _struct_result(pkg: Pass, func: FuncDecl) -> TypeDecl | None:
    if not func.results:
        return None
    text = func.results[0].type_text.strip().removeprefix("*")
    if not re.fullmatch(r"[A-Za-z_]\w*", text):
        return None
    decl = pkg.package.struct(text)
    if decl is None or decl.type_params:
        return None
    return decl


def _map_fields(pkg: Pass, decl: TypeDecl) -> dict[str, str]:
    return {
        f.name: f.type_text
        for f in decl.fields
        if not f.embedded and pkg.package.underlying(f.type_text, decl.file).startswith("map[")
    }


def _literal_unset(
    file: SourceFile, expr: Node, struct: str, maps: dict[str, str]
) -> set[str] | None:
    """The map fields a literal or ``new`` of ``struct`` leaves nil (``None``:
    ``expr`` is not one)."""
    expr = unparen(expr)
    if expr.type == "unary_expression" and file.text(expr).startswith("&"):
        operand = expr.child_by_field_name("operand")
        if operand is None:
            return None
        expr = unparen(operand)
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        args = expr.child_by_field_name("arguments")
        if (
            fn is not None
            and args is not None
            and file.text(fn) == "new"
            and [file.text(a).strip() for a in args.named_children] == [struct]
        ):
            return set(maps)
        return None
    if expr.type != "composite_literal":
        return None
    type_node = expr.child_by_field_name("type")
    body = expr.child_by_field_name("body")
    if type_node is None or body is None or file.text(type_node).strip() != struct:
        return None
    elements = [e for e in body.named_children if e.type in ("keyed_element", "literal_element")]
    if not elements:
        return set(maps)
    keys: set[str] = set()
    for element in elements:
        if element.type != "keyed_element":
            return set()  # positional: every field is given
        key = element.named_children[0] if element.named_children else None
        if key is None:
            return set()
        keys.add(file.text(key).strip())
    return {name for name in maps if name not in keys}


def _beside_error(file: SourceFile, ret: Node) -> bool:
    values = ret.named_children[0].named_children if ret.named_children else []
    return len(values) >= 2 and file.text(values[-1]).strip() != "nil"


def _local_declaration(file: SourceFile, body: Node, name: str) -> tuple[Node, Node | None] | None:
    """The one declaration of ``name`` in ``body`` (the statement, its value)."""
    found: list[tuple[Node, Node | None]] = []
    for node in of_types(body, ("var_spec", "short_var_declaration")):
        if node.type == "var_spec":
            names = [c for c in node.children_by_field_name("name")]
            value_list = node.child_by_field_name("value")
        else:
            left = node.child_by_field_name("left")
            names = list(left.named_children) if left is not None else []
            value_list = node.child_by_field_name("right")
        texts = [file.text(n) for n in names]
        if name not in texts:
            continue
        values = list(value_list.named_children) if value_list is not None else []
        if len(values) not in (0, len(names)):
            return None
        found.append((node, values[texts.index(name)] if values else None))
    return found[0] if len(found) == 1 else None


def _any_params(pkg: Pass) -> Mapping[str, frozenset[int]]:
    """The positions of the ``interface{}``/``any`` parameters of each
    function of the package (not methods) that has one."""
    found: dict[str, frozenset[int]] = {}
    for key, decl in pkg.package.funcs.items():
        if decl.receiver:
            continue
        positions = frozenset(
            i for i, p in enumerate(decl.params) if p.type_text.replace(" ", "") in _ANY
        )
        if positions:
            found[key] = positions
    return found


ANY_PARAMS: Fact[Mapping[str, frozenset[int]]] = Fact(
    "any-params",
    _any_params,
    from_source=True,
    doc="the interface{}/any parameters of each function (what a dependency's "
    "declarations leave out: their signatures hold no map)",
)


def _interface_param(pkg: Pass, file: SourceFile, call: Node, position: int) -> bool:
    """The callee's parameter ``position`` is ``interface{}``/``any``: it
    reaches the value only by reflection (a function of the package or of a
    package it imports, read from source: the declarations of a dependency
    keep only signatures that mention a map)."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    fn = unparen(fn)
    if fn.type == "identifier":
        decl = pkg.package.funcs.get(file.text(fn))
        if decl is None or decl.receiver or position >= len(decl.params):
            return False
        return decl.params[position].type_text.replace(" ", "") in _ANY
    if fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or name is None or operand.type != "identifier":
        return False
    path = pkg.package.imports.get(file.path, {}).get(file.text(operand))
    other = pkg.dependency(path) if path is not None else None
    if other is None:
        return False
    try:
        positions = other.fact(ANY_PARAMS).get(file.text(name), frozenset())
    except UndeclaredFact:
        return False
    return position in positions


def _decoded_into(pkg: Pass, file: SourceFile, address: Node) -> bool:
    """``&x`` is an argument of a decoder call."""
    args = address.parent
    call = args.parent if args is not None else None
    if (
        args is None
        or call is None
        or args.type != "argument_list"
        or call.type != "call_expression"
    ):
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    fn = unparen(fn)
    if fn.type == "selector_expression":
        name = fn.child_by_field_name("field")
        if name is not None and file.text(name) in _DECODER_NAMES:
            return True
    position = [c.id for c in args.named_children].index(address.id)
    return _interface_param(pkg, file, call, position)


def _called(
    pkg: Pass,
    file: SourceFile,
    expr: Node,
    struct: str,
    funcs: Mapping[str, Mapping[str, NilField]],
) -> tuple[set[str], str] | None:
    """``g(...)``, a function of the package known to return ``struct`` with
    map fields nil (``funcs``, the fixpoint so far): those fields."""
    expr = unparen(expr)
    if expr.type != "call_expression":
        return None
    fn = expr.child_by_field_name("function")
    if fn is None or unparen(fn).type != "identifier":
        return None
    callee = file.text(unparen(fn))
    decl = pkg.package.funcs.get(callee)
    if callee not in funcs or decl is None:
        return None
    result = _struct_result(pkg, decl)
    if result is None or result.name != struct:
        return None
    return set(funcs[callee]), f"what {callee} returns"


def _local_unset(
    pkg: Pass,
    func: FuncDecl,
    body: Node,
    name: str,
    struct: str,
    maps: dict[str, str],
    funcs: Mapping[str, Mapping[str, NilField]],
) -> tuple[set[str], str] | None:
    file = func.file
    declared = _local_declaration(file, body, name)
    if declared is None:
        return None
    stmt, value = declared
    if value is None:
        spec_type = stmt.child_by_field_name("type")
        if spec_type is None or file.text(spec_type).strip().removeprefix("*") != struct:
            return None
        if file.text(spec_type).strip().startswith("*"):
            return None  # a nil pointer
        unset, how = set(maps), f"the zero value of var {name}"
    else:
        literal = _literal_unset(file, value, struct, maps)
        if literal is not None:
            unset, how = literal, f"{name}, built without it"
        else:
            called = _called(pkg, file, value, struct, funcs)
            if called is None:
                return None
            unset, how = called[0], f"{name}, {called[1]}"
    decoded = False
    for ident in of_types(body, ("identifier",)):
        if file.text(ident) != name or ident.start_byte < stmt.end_byte:
            continue
        parent = ident.parent
        if parent is None:
            return None
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == ident:
            field_node = parent.child_by_field_name("field")
            outer = parent.parent
            if field_node is None:
                return None
            if (
                outer is not None
                and outer.type == "index_expression"
                and outer.child_by_field_name("operand") == parent
            ):
                continue  # x.F[k]: reads (a write would panic, NM002 reports it)
            unset.discard(file.text(field_node))
            continue
        if parent.type == "unary_expression" and file.text(parent).startswith("&"):
            if _decoded_into(pkg, file, parent):
                decoded = True
                continue
            return None
        if (
            parent.type == "expression_list"
            and parent.parent is not None
            and parent.parent.type == "return_statement"
        ):
            continue
        return None  # reassigned, passed on, or used otherwise: not followed
    if decoded:
        how = f"{how}, decoded"
    return unset, how


def _produce(pkg: Pass) -> ReturnedNilFields:
    # A function may return what another function of the package returned
    # (``return g(x)``, ``c := g(); ...; return c``): a least fixpoint over
    # the package's functions, each round seeing what the last one found.
    funcs: dict[str, dict[str, NilField]] = {}
    for _ in range(len(pkg.package.funcs) + 1):
        changed = False
        for key, func in pkg.package.funcs.items():
            found = _returned_nil(pkg, func, funcs)
            if found and found.keys() != funcs.get(key, {}).keys():
                funcs[key] = {**found, **funcs.get(key, {})}
                changed = True
        if not changed:
            break
    return ReturnedNilFields(funcs)


def _returned_nil(
    pkg: Pass, func: FuncDecl, funcs: Mapping[str, Mapping[str, NilField]]
) -> dict[str, NilField]:
    """The map fields ``func``'s returned struct may hold nil."""
    body = func.body
    if func.receiver or body is None:
        return {}
    decl = _struct_result(pkg, func)
    if decl is None:
        return {}
    maps = _map_fields(pkg, decl)
    if not maps:
        return {}
    found: dict[str, NilField] = {}
    for ret in of_types(body, ("return_statement",)):
        if _enclosing_literal(ret, body):
            continue
        if not ret.named_children:
            continue
        first = ret.named_children[0].named_children
        if not first:
            continue
        expr = unparen(first[0])
        unset: set[str] | None
        if expr.type == "identifier":
            local = _local_unset(pkg, func, body, func.file.text(expr), decl.name, maps, funcs)
            if local is None:
                continue
            unset, how = local
        else:
            if _beside_error(func.file, ret):
                continue
            unset = _literal_unset(func.file, expr, decl.name, maps)
            how = "a literal without it"
            if unset is None:
                called = _called(pkg, func.file, expr, decl.name, funcs)
                if called is None:
                    continue
                unset, how = called
        for name in unset:
            type_text = maps[name]
            found.setdefault(name, NilField(type_text, portable(type_text), how))
    return found


def _enclosing_literal(node: Node, body: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.id != body.id:
        if parent.type == "func_literal":
            return True
        parent = parent.parent
    return False


RETURNED_NIL_FIELDS: Fact[ReturnedNilFields] = Fact(
    "returned-nil-fields", _produce, (TYPES, ANY_PARAMS), from_source=True
)


def callee_fields(
    pkg: Pass, file: SourceFile, call: Node
) -> tuple[str, str, ReturnedNilFields] | None:
    """The function ``call`` calls (``F(...)`` of the package or ``p.F(...)``
    of an imported one): its text, its name in its package, and that
    package's RETURNED_NIL_FIELDS."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    fn = unparen(fn)
    if fn.type == "identifier":
        return file.text(fn), file.text(fn), pkg.fact(RETURNED_NIL_FIELDS)
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if operand is None or name is None or operand.type != "identifier":
        return None
    path = pkg.package.imports.get(file.path, {}).get(file.text(operand))
    if path is None or pkg.fact(TYPES).resolve(file, file.text(operand), operand) is not None:
        return None
    other = pkg.dependency(path)
    if other is None:
        return None
    try:
        return file.text(fn), file.text(name), other.fact(RETURNED_NIL_FIELDS)
    except UndeclaredFact:
        return None


@dataclass(frozen=True)
class Origin:
    """``x.F[k] = v`` where ``x`` may hold ``F`` nil: why, and the map's type."""

    name: str  # x
    field: str  # F
    reason: str
    nil: NilField


def origin_call(file: SourceFile, decl: Node, name: str) -> Node | None:
    if decl.type == "short_var_declaration":
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
    elif decl.type == "var_spec":
        left = decl
        right = decl.child_by_field_name("value")
    else:
        return None
    if left is None or right is None:
        return None
    names = (
        list(left.named_children)
        if decl.type == "short_var_declaration"
        else list(decl.children_by_field_name("name"))
    )
    texts = [file.text(n) for n in names]
    values = list(right.named_children)
    if name not in texts:
        return None
    at = texts.index(name)
    if len(values) == 1 and len(names) > 1:
        value = unparen(values[0]) if at == 0 else None
    elif len(values) == len(names):
        value = unparen(values[at])
    else:
        return None
    if value is None or value.type != "call_expression":
        return None
    return value


def _anonymous_zero(file: SourceFile, decl: Node, field_name: str) -> NilField | None:
    """``var x struct{ ...; F map[K]V }`` without a value: ``x.F`` is nil."""
    if decl.type != "var_spec" or decl.child_by_field_name("value") is not None:
        return None
    struct = decl.child_by_field_name("type")
    if struct is None or struct.type != "struct_type":
        return None
    for field_decl in of_types(struct, ("field_declaration",)):
        names = [file.text(n) for n in field_decl.children_by_field_name("name")]
        type_node = field_decl.child_by_field_name("type")
        if field_name in names and type_node is not None and type_node.type == "map_type":
            text = file.text(type_node)
            return NilField(text, portable(text), "the zero value")
    return None


def origin(pkg: Pass, file: SourceFile, stmt: Node, operand: Node) -> Origin | None:
    """The write ``x.F[k] = v`` in ``stmt`` (``operand``: ``x.F``) writes a
    map field that may be nil: ``x`` is the first result of a function that
    may return ``F`` nil, or a zero ``var x struct{...}`` (only decoded
    into: ``&x`` given to a decoder); and nothing between the declaration
    and the write touches ``x.F`` or hands ``x`` on."""
    operand = unparen(operand)
    if operand.type != "selector_expression":
        return None
    root = operand.child_by_field_name("operand")
    field_node = operand.child_by_field_name("field")
    if root is None or field_node is None or root.type != "identifier":
        return None
    name, field_name = file.text(root), file.text(field_node)
    binding = pkg.fact(TYPES).resolve(file, name, root)
    if binding is None or binding.kind not in ("short", "var") or binding.function is None:
        return None
    decl = binding.node
    if decl.end_byte > stmt.start_byte:
        return None
    nil = _anonymous_zero(file, decl, field_name)
    reason = ""
    if nil is None:
        call = origin_call(file, decl, name)
        found = callee_fields(pkg, file, call) if call is not None else None
        if found is None:
            return None
        text, key, fields = found
        nil = fields.nil_field(key, field_name)
        if nil is None:
            return None
        reason = f"{text} returns its value with {field_name} nil on some path ({nil.how})"
    decoded = False
    for ident in of_types(binding.function, ("identifier",)):
        if file.text(ident) != name or not decl.end_byte <= ident.start_byte < stmt.start_byte:
            continue
        parent = ident.parent
        if parent is not None and parent.type == "unary_expression" and not reason:
            if file.text(parent).startswith("&") and _decoded_into(pkg, file, parent):
                decoded = True
                continue
            return None
        if (
            parent is None
            or parent.type != "selector_expression"
            or parent.child_by_field_name("operand") != ident
        ):
            return None  # x reassigned, passed on, or its address taken
        selected = parent.child_by_field_name("field")
        if selected is None:
            return None
        if file.text(selected) != field_name:
            continue
        outer = parent.parent
        if (
            outer is None
            or outer.type != "index_expression"
            or outer.child_by_field_name("operand") != parent
        ):
            return None  # x.F compared, assigned or passed: not followed
    if not reason:
        reason = f"the zero value of var {name}" + (", decoded," if decoded else "")
        reason += f" leaves {field_name} nil"
    return Origin(name, field_name, reason, nil)
