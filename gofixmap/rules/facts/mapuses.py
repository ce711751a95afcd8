"""MAP_USES: how a package's functions use the maps handed to them: the
methods of its named map types that write into their receiver map, or only
read it, and the map parameters its functions write or only read (an
exported fact computed from source, like a go/analysis object fact).

A method of a named map type (``type Set[T comparable] map[T]Empty``,
``type String map[string]Empty``) shares its receiver's map with the caller:
``s.Insert(x)`` is a write into the caller's map as ``s[x] = Empty{}`` is,
and panics on a nil map or races with another goroutine's access as that
write does; ``s.Has(x)`` is a read. A method's kind is read from its body
(value receivers only; a pointer receiver may replace the map):

- ``write``: the receiver (or a conversion or one-argument call of the
  package handing it back, ``String(s)``, ``cast(s)``) is written
  (``r[k] = v``, ``r[k]++``, ``delete(r, k)``, ``clear(r)``) or is the
  receiver of a writing method of the package's named map types;
- ``read``: every use of the receiver is a read (``r[k]``, ``len(r)``,
  ``range r``, a reading method);
- anything else (the receiver handed to another function, stored, returned
  before a use is known) leaves the method out: what happens to the map
  there is not known.

``constructors`` are the package's functions (not methods) whose result is
one of these named map types (``NewString``, ``New[T]``): a local made by
``sets.New[string]()`` is such a map.

``params`` are read the same way for a function's map parameters (``func
equal(a, b map[K]V) bool`` reads both; a parameter stored, returned, handed
on, captured by a function literal or declared again is left out): a call
``equal(s.m, fresh)`` reads ``s.m`` there, as ``s.m[k]`` would.

:func:`named_map_type` tells the named map type a value expression builds or
returns, :func:`method_use` how a use of such a value as a method's
receiver touches its map, and :func:`argument_use` how a call touches the
map it is handed (not for ``go`` and ``defer``: the callee runs later).
When the source of ``k8s.io/apimachinery/pkg/util/sets`` is not in the
module cache, :data:`FALLBACK` gives what reading it gives (the run says it
used built-in knowledge).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.stdlib import is_std
from gofixmap.rules.facts.locks import access_kind
from gofixmap.rules.facts.scopes import resolve
from gofixmap.rules.facts.typetext import split_map

Node = tree_sitter.Node


@dataclass(frozen=True)
class MapUses:
    """``methods[T][M]``: ``write`` or ``read`` for method ``M`` of the named
    map type ``T``; ``constructors[F]``: the named map type ``F`` returns;
    ``params[K][i]``: ``write`` or ``read`` for the map parameter ``i`` of
    the function or method ``K`` (``F``, ``T.M``)."""

    methods: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    constructors: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[int, str]] = field(default_factory=dict)

    def kind(self, type_name: str, method: str) -> str | None:
        return self.methods.get(type_name, {}).get(method)

    def param(self, key: str, position: int) -> str | None:
        return self.params.get(key, {}).get(position)


def _bare(type_text: str) -> str:
    """``Set[T]`` → ``Set``; ``String`` → ``String``."""
    return type_text.strip().split("[", 1)[0].strip()


def _named_maps(index: PackageIndex) -> set[str]:
    return {
        name
        for name, decl in index.types.items()
        if not decl.is_struct and split_map(decl.type_text.strip()) is not None
    }


def _alias_of(file: SourceFile, node: Node, index: PackageIndex, maps: set[str]) -> Node | None:
    """The call that hands ``node`` back as a named map type of the package:
    ``String(s)``, ``Set[T](s)``, ``cast(s)`` (a function of the package whose
    result is one of them), ``node`` its only argument."""
    args = node.parent
    if args is None or args.type != "argument_list" or len(args.named_children) != 1:
        return None
    call = args.parent
    if call is None or call.type != "call_expression":
        return None
    return call if _call_type(file, call, index, maps) is not None else None


def _call_type(file: SourceFile, call: Node, index: PackageIndex, maps: set[str]) -> str | None:
    """The package's named map type a call of the package gives: a
    conversion ``T(x)``/``T[K](x)`` or a function whose result is one."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    fn = _uninstantiated(fn)
    name = _bare(file.text(fn)).strip("()")
    if name in maps:
        return name
    decl = index.funcs.get(name)
    if decl is None or decl.receiver or len(decl.results) != 1:
        return None
    result = _bare(decl.results[0].type_text)
    return result if result in maps else None


def _uninstantiated(fn: Node) -> Node:
    """``New`` of ``New[string]``, ``sets.New`` of ``sets.New[string]``."""
    if fn.type in ("index_expression", "generic_type", "type_instantiation_expression"):
        inner = fn.child_by_field_name("operand") or fn.child_by_field_name("type")
        if inner is None and fn.named_children:
            inner = fn.named_children[0]
        return inner if inner is not None else fn
    return fn


def _receiver_uses(decl: FuncDecl) -> list[Node]:
    body = decl.body
    name = decl.receiver_name
    if body is None or not name or name == "_":
        return []
    return [node for node in src.of_types(body, ("identifier",)) if decl.file.text(node) == name]


def _method_kind(
    decl: FuncDecl, index: PackageIndex, maps: set[str], known: Mapping[str, Mapping[str, str]]
) -> str | None:
    file = decl.file
    uses = _receiver_uses(decl)
    if not uses:
        return None
    kinds: set[str] = set()
    for use in uses:
        expr = use
        owner = decl.receiver
        for _ in range(3):
            alias = _alias_of(file, expr, index, maps)
            if alias is None:
                break
            owner = _call_type(file, alias, index, maps) or owner
            expr = alias
        kind, _site = access_kind(file, expr)
        if kind == "escape":
            kind = _method_call_kind(file, expr, known.get(owner, {})) or "escape"
        if kind == "escape" and _returned(expr):
            continue  # handed back to the caller: the caller's uses count there
        kinds.add(kind)
    if "write" in kinds:
        return "write"
    if kinds == {"read"}:
        return "read"
    return None


def _returned(expr: Node) -> bool:
    parent = expr.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def _method_call_kind(file: SourceFile, expr: Node, methods: Mapping[str, str]) -> str | None:
    """``expr.M(...)`` with ``M`` one of ``methods``: its kind."""
    sel = expr.parent
    if sel is None or sel.type != "selector_expression":
        return None
    if sel.child_by_field_name("operand") != expr:
        return None
    call = sel.parent
    if (
        call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != sel
    ):
        return None
    name = sel.child_by_field_name("field")
    return methods.get(file.text(name)) if name is not None else None


_DECLARING = ("short_var_declaration", "var_spec", "parameter_declaration", "range_clause")


def _param_kind(
    decl: FuncDecl, position: int, maps: set[str], known: Mapping[str, Mapping[str, str]]
) -> str | None:
    """How the body of ``decl`` uses its map parameter ``position``: ``write``
    when it writes the map, ``read`` when every use reads it; ``None`` when
    the map goes anywhere else (stored, returned, handed on, captured by a
    function literal) or the name is declared again in the body."""
    param = decl.params[position]
    body = decl.body
    name = param.name
    text = param.type_text.strip()
    if body is None or not name or name == "_" or text.startswith("..."):
        return None
    named = _bare(text) if _bare(text) in maps else ""
    if not named and not text.startswith("map["):
        return None
    file = decl.file
    kinds: set[str] = set()
    for node in src.of_types(body, ("identifier",)):
        if file.text(node) != name:
            continue
        parent = node.parent
        if parent is not None and parent.type in ("expression_list", *_DECLARING):
            holder = parent.parent if parent.type == "expression_list" else parent
            if holder is not None and holder.type in _DECLARING:
                left = holder.child_by_field_name("left") or holder.child_by_field_name("name")
                if left is not None and left.start_byte <= node.start_byte < left.end_byte:
                    return None  # declared again: the uses may be another variable's
        if sx.in_closure(node, body):
            return None
        kind, _site = access_kind(file, node)
        if kind == "escape" and named:
            kind = _method_call_kind(file, node, known.get(named, {})) or "escape"
        if kind == "escape":
            return None
        kinds.add(kind)
    if "write" in kinds:
        return "write"
    return "read" if kinds else None


def _produce(pkg: Pass) -> MapUses:
    index = pkg.package
    maps = _named_maps(index)
    known = _methods(index, maps)
    params: dict[str, dict[int, str]] = {}
    for decl in index.funcs.values():
        for position in range(len(decl.params)):
            kind = _param_kind(decl, position, maps, known)
            if kind is not None:
                params.setdefault(decl.key, {})[position] = kind
    constructors: dict[str, str] = {}
    for decl in index.funcs.values():
        if decl.receiver or len(decl.results) != 1 or not decl.name[:1].isupper():
            continue
        if any(_bare(p.type_text.lstrip(".")) in maps for p in decl.params):
            continue  # may hand back the set it was given (``Insert(s, x)``)
        result = _bare(decl.results[0].type_text)
        if result in known:
            constructors[decl.name] = result
    return MapUses(known, constructors, params)


def _methods(index: PackageIndex, maps: set[str]) -> dict[str, dict[str, str]]:
    """The kinds of the methods of the named map types ``maps``."""
    if not maps:
        return {}
    methods = [
        decl
        for decl in index.funcs.values()
        if decl.receiver in maps and not decl.pointer_receiver and decl.body is not None
    ]
    known: dict[str, dict[str, str]] = {}
    for _ in range(6):  # to a fixed point: methods built on other methods
        changed = False
        for decl in methods:
            kind = _method_kind(decl, index, maps, known)
            if kind is not None and known.get(decl.receiver, {}).get(decl.name) != kind:
                known.setdefault(decl.receiver, {})[decl.name] = kind
                changed = True
        if not changed:
            break
    return known


MAP_USES: Fact[MapUses] = Fact("map-uses", _produce, from_source=True)


def _sets_fallback() -> MapUses:
    """What :func:`_produce` reads from the source of
    ``k8s.io/apimachinery/pkg/util/sets`` (v0.21 to v0.37; methods whose
    reading it cannot tell are left out there too)."""
    writes = ("Insert", "Delete", "PopAny")
    reads: tuple[str, ...] = ("Has", "HasAll", "HasAny", "Clone", "Difference", "Equal")
    reads += ("IsSuperset", "Len", "Union", "UnsortedList")
    methods: dict[str, dict[str, str]] = {}
    constructors: dict[str, str] = {"New": "Set", "KeySet": "Set"}
    for name in ("String", "Int", "Int32", "Int64", "Byte", "Set"):
        methods[name] = {m: "write" for m in writes} | {m: "read" for m in reads}
        if name != "Set":
            constructors[f"New{name}"] = name
            constructors[f"{name}KeySet"] = name
    methods["Set"]["Clear"] = "write"
    return MapUses(methods, constructors)


# import path → what its source gives; used only when the dependency's source
# is not in the module cache (the run says it used built-in knowledge)
FALLBACK: Mapping[str, MapUses] = {"k8s.io/apimachinery/pkg/util/sets": _sets_fallback()}


# ---- queries for the importing package ------------------------------------


def _methods_of(pkg: Pass, path: str) -> MapUses | None:
    if not path:
        try:
            return pkg.fact(MAP_USES)
        except UndeclaredFact:
            return None
    if is_std(path):
        return None
    other = pkg.dependency(path)
    if other is not None:
        try:
            return other.fact(MAP_USES)
        except UndeclaredFact:
            return None
    fallback = FALLBACK.get(path)
    if fallback is not None:
        pkg.used_builtin(path)
    return fallback


def type_ref(pkg: Pass, file: SourceFile, type_text: str | None) -> tuple[str, str] | None:
    """(import path, "" for the package itself; type name) of ``type_text``
    when it names a named map type with methods of known kind: ``Set[T]``,
    ``sets.String``, ``sets.Set[string]``."""
    text = (type_text or "").strip()
    if not text or text.startswith(("*", "[", "map[", "func", "chan")):
        return None
    bare = _bare(text)
    qualifier, dot, name = bare.rpartition(".")
    if dot:
        if not qualifier.isidentifier() or not name.isidentifier():
            return None
        path = pkg.package.imports.get(file.path, {}).get(qualifier)
        if path is None:
            return None
    else:
        path, name = "", bare
        if not name.isidentifier():
            return None
    found = _methods_of(pkg, path)
    if found is None or name not in found.methods:
        return None
    return path, name


def named_map_type(pkg: Pass, file: SourceFile, value: Node) -> str | None:
    """The named map type (as ``file`` spells it, ``sets.Set[string]``) that
    ``value`` builds or returns: ``T{}``, ``make(T)``, ``T(x)``, or a call of
    a function of its package whose result is ``T`` (``sets.NewString()``,
    ``sets.New[string]()``), when ``T`` has methods of known kind."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        kind = value.child_by_field_name("type")
        text = file.text(kind) if kind is not None else ""
        return text if type_ref(pkg, file, text) is not None else None
    if value.type != "call_expression":
        return None
    fn = value.child_by_field_name("function")
    args = value.child_by_field_name("arguments")
    if fn is None:
        return None
    if file.text(fn) == "make" and args is not None and args.named_children:
        text = file.text(args.named_children[0])
        return text if type_ref(pkg, file, text) is not None else None
    if type_ref(pkg, file, file.text(fn)) is not None:
        return file.text(fn)  # a conversion
    target = _uninstantiated(fn)
    qualifier = ""
    name = file.text(target)
    if target.type == "selector_expression":
        operand = target.child_by_field_name("operand")
        field_node = target.child_by_field_name("field")
        if operand is None or field_node is None or operand.type != "identifier":
            return None
        qualifier, name = file.text(operand), file.text(field_node)
        path = pkg.package.imports.get(file.path, {}).get(qualifier)
        if path is None:
            return None
    elif target.type == "identifier":
        path = ""
    else:
        return None
    found = _methods_of(pkg, path)
    result = found.constructors.get(name) if found is not None else None
    if result is None:
        return None
    return f"{qualifier}.{result}" if qualifier else result


def method_use(pkg: Pass, file: SourceFile, expr: Node, type_text: str) -> tuple[str, Node] | None:
    """``expr.M(...)`` where ``expr`` is of the named map type ``type_text``
    and ``M`` writes or reads its receiver map: (``write``|``read``, the
    call)."""
    sel = expr.parent
    while sel is not None and sel.type == "parenthesized_expression":
        expr, sel = sel, sel.parent
    if (
        sel is None
        or sel.type != "selector_expression"
        or sel.child_by_field_name("operand") != expr
    ):
        return None
    call = sel.parent
    if (
        call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != sel
    ):
        return None
    ref = type_ref(pkg, file, type_text)
    if ref is None:
        return None
    found = _methods_of(pkg, ref[0])
    name = sel.child_by_field_name("field")
    kind = found.kind(ref[1], file.text(name)) if found is not None and name is not None else None
    return (kind, call) if kind is not None else None


def argument_use(
    pkg: Pass, file: SourceFile, expr: Node, callee: Callable[[Node], str | None]
) -> tuple[str, Node] | None:
    """``f(..., expr, ...)`` where the function ``f`` (of the package: its
    key as ``callee(call)`` resolves it; or ``pkg.F`` of another package of
    the module or a dependency) only reads, or writes, the map parameter
    ``expr`` is passed for: (``write``|``read``, the call)."""
    node = expr
    args = node.parent
    while args is not None and args.type == "parenthesized_expression":
        node, args = args, args.parent
    if args is None or args.type != "argument_list":
        return None
    call = args.parent
    if call is None or call.type != "call_expression":
        return None
    if call.parent is not None and call.parent.type in ("go_statement", "defer_statement"):
        return None  # the callee runs later (on another goroutine): not here
    position = next((i for i, arg in enumerate(args.named_children) if arg == node), -1)
    fn = call.child_by_field_name("function")
    if position < 0 or fn is None:
        return None
    found: MapUses | None = None
    key: str | None = None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field_node = fn.child_by_field_name("field")
        qualifier = file.text(operand) if operand is not None else ""
        path = pkg.package.imports.get(file.path, {}).get(qualifier)
        if path is not None and operand is not None and operand.type == "identifier":
            if field_node is None or _shadowed(pkg, file, qualifier, operand):
                return None
            found, key = _methods_of(pkg, path), file.text(field_node)
    if key is None:
        key = callee(call)
        found = _methods_of(pkg, "") if key is not None else None
    kind = found.param(key, position) if found is not None and key is not None else None
    return (kind, call) if kind is not None else None


def _shadowed(pkg: Pass, file: SourceFile, name: str, node: Node) -> bool:
    """``name`` (an import's name) is declared again where ``node`` is."""
    return resolve(pkg.package, file, name, node) is not None
