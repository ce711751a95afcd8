"""CONSTRUCTIONS: every place a struct value of the package is built, and
which of its map fields each one leaves nil.

Constructions are composite literals (keyed or positional), ``new(T)``,
``var t T`` (when the zero value is used), ``make([]T, n)`` and values filled
by a decoder (JSON, XML, YAML, TOML). A field set to nil (``x.f = nil``, a
reset) is not counted as one: whether the map is made again before the next
write depends on the order of calls, which these facts do not track. For a
map field, the paths that leave it nil are found through the structs that hold the owner by
value, minus those that make the field before use (``x := &T{}; x.f =
make(...)``, an initialising method called on the value). Also: the fields
compared with nil, the structs compared with ``reflect.DeepEqual`` and
friends (where nil and empty differ) and the methods that make a field.
Which constructions leave a given field nil and can reach a given write is
:mod:`.nilpaths`; selector chains to map fields :mod:`.chains`; decoders
:mod:`.serial`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.syntax import norm, unparen
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.serial import DECODERS, decode_target, decoded_structs, decoder_names
from gofixmap.rules.facts.types import TYPES, TypeResolver, element_of
from gofixmap.rules.facts.writes import may_call

Node = tree_sitter.Node


@dataclass(frozen=True, eq=False)
class Construction:
    """A place that makes a value of struct ``type_name``."""

    kind: str  # literal | new | var | make | decoded
    type_name: str
    file: src.SourceFile
    node: Node  # literal_value for literals; the call / var_spec / assignment otherwise
    func: Node | None  # the enclosing function (None at package level)
    var: str = ""  # the variable it is assigned to, when known
    keys: frozenset[str] | None = None  # keyed literal: the keys; None: positional
    nil_positions: frozenset[int] = frozenset()  # positional: indexes of `nil`
    via: str = ""  # a literal setting the map from a parameter a call gives nil: .nilparams

    def describe(self) -> str:
        where = func_name(self.file, self.func)
        article = "an" if self.type_name[:1].lower() in "aeiou" else "a"
        if self.kind == "literal":
            return (
                f"the {self.type_name} literal in {where}"
                if where
                else (f"{article} {self.type_name} literal at package level")
            )
        if self.kind == "new":
            return f"new({self.type_name}) in {where}" if where else f"new({self.type_name})"
        if self.kind == "var":
            name = self.var or "_"
            return f"the zero value of var {name} {self.type_name}" + (
                f" in {where}" if where else ""
            )
        if self.kind == "make":
            return f"zero {self.type_name} elements made in {where}"
        if self.kind == "decoded":
            return f"{article} {self.type_name} decoded in {where}"
        return f"the assignment of nil in {where}"


def func_name(file: src.SourceFile, func: Node | None) -> str:
    while func is not None and func.type == "func_literal":
        func = sx.enclosing_function(func)
    if func is None:
        return ""
    name = func.child_by_field_name("name")
    if name is None:
        return ""
    if func.type == "method_declaration":
        recv = func.child_by_field_name("receiver")
        recv_text = ""
        if recv is not None:
            for decl in recv.named_children:
                t = decl.child_by_field_name("type")
                if t is not None:
                    recv_text = file.text(t).lstrip("*").split("[", 1)[0]
        return f"{recv_text}.{file.text(name)}" if recv_text else file.text(name)
    return file.text(name)


@dataclass(eq=False)
class Constructions:
    """The value of CONSTRUCTIONS."""

    types: TypeResolver
    calls: Calls
    constructions: dict[str, list[Construction]] = field(default_factory=dict)
    nil_compared: set[str] = field(default_factory=set)  # field names compared with nil
    deep_equal: set[str] = field(default_factory=set)  # struct names; "*" unknown
    initialisers: dict[str, set[str]] = field(default_factory=dict)  # field → method names
    # field name → names of fields made in every statement list that makes it
    made_with: dict[str, set[str]] = field(default_factory=dict)


def _literal_struct(types: TypeResolver, file: src.SourceFile, lit: Node) -> str | None:
    """The struct type a ``literal_value`` builds, elided types included."""
    parent = lit.parent
    if parent is not None and parent.type == "literal_element":
        holder = parent.parent
        if (
            holder is not None
            and holder.type == "keyed_element"
            and holder.named_children
            and holder.named_children[0] == parent
        ):
            return None  # a composite key: key types are rare, skip
    text = _literal_type_text(types, file, lit)
    return types.local_struct(text) if text is not None else None


def _literal_type_text(types: TypeResolver, file: src.SourceFile, lit: Node) -> str | None:
    parent = lit.parent
    if parent is None:
        return None
    if parent.type == "composite_literal":
        type_node = parent.child_by_field_name("type")
        return file.text(type_node) if type_node is not None else None
    if parent.type == "literal_element":
        holder = parent.parent
        if holder is None:
            return None
        outer = holder.parent if holder.type == "keyed_element" else holder
        if outer is None or outer.type != "literal_value":
            return None
        outer_type = _literal_type_text(types, file, outer)
        if outer_type is None:
            return None
        return element_of(types.pkg.underlying(outer_type, file))
    return None


def _assigned_var(file: src.SourceFile, node: Node) -> str:
    """The variable that ``node`` (a literal, ``&``literal or call) is assigned to."""
    current = node
    parent = current.parent
    while parent is not None and parent.type in ("unary_expression", "parenthesized_expression"):
        current = parent
        parent = current.parent
    if parent is not None and parent.type == "literal_element":
        return _element_var(file, parent)
    if parent is None or parent.type != "expression_list":
        return ""
    holder = parent.parent
    if holder is None:
        return ""
    index = [c.id for c in parent.named_children].index(current.id)
    if holder.type in ("short_var_declaration", "assignment_statement"):
        if holder.child_by_field_name("right") != parent:
            return ""
        left = holder.child_by_field_name("left")
        if left is None or index >= left.named_child_count:
            return ""
        target = left.named_children[index]
        return norm(file.text(target))
    if holder.type == "var_spec":
        names = holder.children_by_field_name("name")
        return file.text(names[index]) if index < len(names) else ""
    return ""


def _error_return(file: src.SourceFile, node: Node) -> bool:
    """``node`` (a literal body or ``new`` call) is returned beside a non-nil
    error: ``return T{}, err``."""
    current = node.parent if node.type == "literal_value" else node
    if current is None:
        return False
    parent = current.parent
    while parent is not None and parent.type in ("unary_expression", "parenthesized_expression"):
        current = parent
        parent = current.parent
    if parent is None or parent.type != "expression_list":
        return False
    ret = parent.parent
    if ret is None or ret.type != "return_statement":
        return False
    values = parent.named_children
    if len(values) < 2 or values[-1].id == current.id or values[-1].type == "nil":
        return False
    func = sx.enclosing_function(ret)
    result = func.child_by_field_name("result") if func is not None else None
    if result is None or result.type != "parameter_list" or not result.named_children:
        return False
    last = result.named_children[-1].child_by_field_name("type")
    return last is not None and file.text(last) == "error"


def _qualified_types(types: TypeResolver) -> set[tuple[str, str]]:
    """``(import path, Name)`` of every ``pkg.Name`` the package writes where
    only a type can stand (a parameter, result, field or variable type, a
    composite literal's type): a qualified name denotes one entity, so it is
    a type wherever it is used."""
    found: set[tuple[str, str]] = set()
    for file in types.pkg.files:
        imports = types.pkg.imports.get(file.path, {})
        for node in src.of_types(file.root, ("qualified_type",)):
            package = node.child_by_field_name("package")
            name = node.child_by_field_name("name")
            if package is not None and name is not None:
                path = imports.get(file.text(package))
                if path is not None:
                    found.add((path, file.text(name)))
    return found


def _converted(
    types: TypeResolver, file: src.SourceFile, node: Node, used: set[tuple[str, str]]
) -> Node:
    """The outermost conversion ``I(node)`` (``I(&T{})``, ``I(J(&T{}))``) that
    ``node`` is the operand of, else ``node``: a conversion's value is its
    operand's, it stores nothing. ``I`` is a conversion when it names a type:
    one of the package, a known one, or a ``pkg.I`` the package also writes
    in a type position (:func:`_qualified_types`); a call of a function may
    keep its argument."""
    current = node
    while True:
        parent = current.parent
        while parent is not None and parent.type in (
            "unary_expression",
            "parenthesized_expression",
        ):
            current = parent
            parent = current.parent
        call = parent.parent if parent is not None else None
        if parent is None or call is None or parent.type != "argument_list":
            return node
        if (
            call.type != "call_expression"
            or len([a for a in parent.named_children if a.type != "comment"]) != 1
        ):
            return node
        fn = call.child_by_field_name("function")
        if fn is None or not _names_type(types, file, fn, used):
            return node
        node = current = call


def _names_type(
    types: TypeResolver, file: src.SourceFile, fn: Node, used: set[tuple[str, str]]
) -> bool:
    if types.is_type_name(file, fn):
        return True
    operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    name = fn.child_by_field_name("field") if fn.type == "selector_expression" else None
    if operand is None or name is None or operand.type != "identifier":
        return False
    path = types.pkg.imports.get(file.path, {}).get(file.text(operand))
    return path is not None and (path, file.text(name)) in used


def _element_var(file: src.SourceFile, element: Node) -> str:
    """``x := &T{E: &E{}}``: the inner literal is ``x.E``."""
    keyed = element.parent
    if keyed is None or keyed.type != "keyed_element" or len(keyed.named_children) != 2:
        return ""
    if keyed.named_children[1] != element:
        return ""
    key = keyed.named_children[0]
    lit = keyed.parent
    outer = lit.parent if lit is not None else None
    if outer is None or outer.type != "composite_literal":
        return ""
    name = norm(file.text(key))
    base = _assigned_var(file, outer)
    if not base or not re.fullmatch(r"[A-Za-z_]\w*", name):
        return ""
    return f"{base}.{name}"


# The last name of the function of every call _collect looks at: new, make,
# the deep-equality helpers and the decoders. Other calls are skipped on
# their bytes alone.
_CALL_NAMES = frozenset(
    {b"new", b"make", b"DeepEqual", b"Equal", b"Diff", b"Decode"}
    | {name.encode() for names in DECODERS.values() for name in names}
)


# the node types _collect looks at
_COLLECTED = (
    "literal_value",
    "call_expression",
    "var_spec",
    "binary_expression",
    "assignment_statement",
)


def _collect(types: TypeResolver, calls: Calls) -> Constructions:
    pkg = types.pkg
    out = Constructions(types, calls)

    used: set[tuple[str, str]] | None = None

    def add(c: Construction) -> None:
        nonlocal used
        if c.var == "_":
            return  # `var _ I = &T{}`: discarded, never written through
        if c.kind == "literal" and not c.var and c.node.parent is not None:
            if used is None:
                used = _qualified_types(types)
            if _assigned_var(c.file, _converted(types, c.file, c.node.parent, used)) == "_":
                return  # `var _ = I(&T{})`: a conversion, discarded the same way
        if c.kind in ("literal", "new") and _error_return(c.file, c.node):
            return  # `return T{}, err`: callers do not use the value
        out.constructions.setdefault(c.type_name, []).append(c)

    for file in pkg.files:
        decoders = decoder_names(pkg, file)
        for node in src.of_types(file.root, _COLLECTED):
            kind = node.type
            if kind == "literal_value":
                struct = _literal_struct(types, file, node)
                if struct is None:
                    continue
                elements = [c for c in node.named_children if c.type != "comment"]
                func = sx.enclosing_function(node)
                holder = node.parent if node.parent is not None else node
                var = _assigned_var(file, holder) if holder.type == "composite_literal" else ""
                if elements and all(e.type == "literal_element" for e in elements):
                    nils = frozenset(
                        i
                        for i, e in enumerate(elements)
                        if e.named_child_count == 1 and e.named_children[0].type == "nil"
                    )
                    add(Construction("literal", struct, file, node, func, var, None, nils))
                else:
                    keys = frozenset(
                        norm(file.text(e.named_children[0]))
                        for e in elements
                        if e.type == "keyed_element" and e.named_children
                    )
                    add(Construction("literal", struct, file, node, func, var, keys))
            elif kind == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None or not may_call(file, fn, _CALL_NAMES):
                    continue
                args = node.child_by_field_name("arguments")
                if args is None:
                    continue
                fn_text = norm(file.text(fn))
                arg_nodes = [a for a in args.named_children if a.type != "comment"]
                if fn_text == "new" and len(arg_nodes) == 1:
                    struct = types.local_struct(file.text(arg_nodes[0]))
                    if struct is not None and not file.text(arg_nodes[0]).startswith("*"):
                        func = sx.enclosing_function(node)
                        add(
                            Construction("new", struct, file, node, func, _assigned_var(file, node))
                        )
                elif fn_text == "make" and len(arg_nodes) >= 2:
                    elem = element_of(file.text(arg_nodes[0]))
                    struct = types.local_struct(elem) if elem and not elem.startswith("*") else None
                    size = file.text(arg_nodes[1]).strip()
                    if (
                        struct is not None
                        and file.text(arg_nodes[0]).startswith("[")
                        and size != "0"
                    ):
                        add(Construction("make", struct, file, node, sx.enclosing_function(node)))
                elif fn_text in (
                    "reflect.DeepEqual",
                    "cmp.Equal",
                    "cmp.Diff",
                    "assert.Equal",
                    "require.Equal",
                ):
                    for arg in arg_nodes:
                        t = types.type_of(file, arg)
                        s = types.local_struct(t) if t is not None else None
                        if s is not None:
                            out.deep_equal.add(s)
                            out.deep_equal.update(contained(types, s, through_pointers=True))
                        elif t is None or element_of(t) is not None:
                            base = element_of(t) if t is not None else None
                            s2 = types.local_struct(base) if base else None
                            if s2 is not None:
                                out.deep_equal.add(s2)
                            elif t is None:
                                out.deep_equal.add("*")
                else:
                    target = decode_target(file, fn, arg_nodes, decoders)
                    if target is not None:
                        t = types.type_of(file, target)
                        if t is not None and t.startswith("*"):
                            for struct in decoded_structs(types, t[1:], file):
                                add(
                                    Construction(
                                        "decoded", struct, file, node, sx.enclosing_function(node)
                                    )
                                )
            elif kind == "var_spec":
                if node.child_by_field_name("value") is not None:
                    continue
                type_node = node.child_by_field_name("type")
                if type_node is None:
                    continue
                struct = types.local_struct(file.text(type_node))
                if struct is None or file.text(type_node).startswith("*"):
                    continue
                func = sx.enclosing_function(node)
                for name in node.children_by_field_name("name"):
                    var = file.text(name)
                    if _var_used(types, file, node, func, var, struct):
                        add(Construction("var", struct, file, node, func, var))
            elif kind == "binary_expression":
                op = node.child_by_field_name("operator")
                if op is None or file.text(op) not in ("==", "!="):
                    continue
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                for a, b in ((left, right), (right, left)):
                    if a is not None and b is not None and b.type == "nil":
                        sel = unparen(a)
                        if sel.type == "selector_expression":
                            fname = sel.child_by_field_name("field")
                            if fname is not None:
                                out.nil_compared.add(file.text(fname))
            elif kind == "assignment_statement":
                _assignment(types, file, node, out)
    return out


def _assignment(
    types: TypeResolver,
    file: src.SourceFile,
    node: Node,
    out: Constructions,
) -> None:
    """Record methods that make a field: ``<anything>.f = <non-nil>`` in their body."""
    sides = sx.plain_assignment(node)
    if sides is None:
        return
    left, right = sides
    _made_together(file, node, left, right, out)
    if not any(unparen(t).type == "selector_expression" for t in left.named_children):
        return  # no field is set: no need to climb to the function (deep nests)
    outer = sx.outermost_function(node)
    if outer is None or outer.type != "method_declaration":
        return
    name = outer.child_by_field_name("name")
    if name is None:
        return
    values = right.named_children
    for i, target in enumerate(left.named_children):
        target = unparen(target)
        if target.type != "selector_expression":
            continue
        value = values[i] if i < len(values) and len(values) == left.named_child_count else None
        if value is not None and value.type == "nil":
            continue
        f = target.child_by_field_name("field")
        if f is not None:
            out.initialisers.setdefault(file.text(f), set()).add(file.text(name))


# constants that are the zero value of their type
ZERO_CONSTANTS = frozenset({"0", "nil", '""', "``", "false", "0.0"})


def _non_nil_targets(file: src.SourceFile, stmt: Node, non_zero: bool = False) -> set[str]:
    """Field names that ``stmt`` (an assignment) sets to a non-nil value
    (``non_zero``: to anything but a zero constant, ``""``, ``0``, ``false``:
    a reset, under which a companion test such as ``len(x.key) > 0`` fails)."""
    result: set[str] = set()
    if stmt.type != "assignment_statement":
        return result
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return result
    values = right.named_children
    if len(values) != len(left.named_children):
        return result
    for target, value in zip(left.named_children, values, strict=True):
        target = unparen(target)
        zero = non_zero and norm(file.text(value)) in ZERO_CONSTANTS
        if target.type == "selector_expression" and value.type != "nil" and not zero:
            f = target.child_by_field_name("field")
            if f is not None:
                result.add(file.text(f))
    return result


def _made_together(
    file: src.SourceFile, node: Node, left: Node, right: Node, out: Constructions
) -> None:
    mine = _non_nil_targets(file, node, non_zero=True)
    if not mine or node.parent is None:
        return
    siblings: set[str] = set()
    for sib in node.parent.named_children:
        siblings |= _non_nil_targets(file, sib)
    for name in mine:
        if name in out.made_with:
            out.made_with[name] &= siblings
        else:
            out.made_with[name] = set(siblings)


def _pointer_methods(types: TypeResolver, struct: str) -> set[str]:
    names: set[str] = set()
    for s in {struct, *contained(types, struct, through_pointers=False)}:
        names.update(f.name for f in types.pkg.methods(s) if f.pointer_receiver)
    return names


def _var_used(
    types: TypeResolver, file: src.SourceFile, spec: Node, func: Node | None, var: str, struct: str
) -> bool:
    """A zero value matters when its address is taken, a pointer method is
    called on it, or one of its map fields is written."""
    methods = _pointer_methods(types, struct)
    roots = [func] if func is not None else [f.root for f in types.pkg.files]
    for root in roots:
        owner = file if func is not None else next(f for f in types.pkg.files if f.root == root)
        for node in src.of_types(root, ("unary_expression", "selector_expression")):
            if func is not None and node.start_byte < spec.end_byte:
                continue
            if node.type == "unary_expression":
                op = node.child_by_field_name("operator")
                operand = node.child_by_field_name("operand")
                if (
                    op is not None
                    and operand is not None
                    and owner.text(op) == "&"
                    and norm(owner.text(operand)) == var
                ):
                    return True
            elif node.type == "selector_expression":
                operand = node.child_by_field_name("operand")
                f = node.child_by_field_name("field")
                if operand is None or f is None or norm(owner.text(operand)) != var:
                    continue
                if owner.text(f) in methods:
                    return True
                parent = node.parent
                if parent is not None and parent.type == "index_expression":
                    return True
    return False


def receiver_name(file: src.SourceFile, method: Node) -> str:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return ""
    for decl in recv.named_children:
        n = decl.child_by_field_name("name")
        if n is not None:
            return file.text(n)
    return ""


def contained(types: TypeResolver, struct: str, through_pointers: bool) -> set[str]:
    """Structs held inside ``struct`` by value (or through pointers/slices/maps)."""
    seen: set[str] = set()
    todo = [struct]
    while todo:
        current = todo.pop()
        decl = types.pkg.struct(current)
        if decl is None:
            continue
        for f in decl.fields:
            t = f.type_text
            while through_pointers:
                inner = (
                    element_of(types.pkg.underlying(t, decl.file))
                    if not t.startswith("*")
                    else t[1:]
                )
                if inner is None:
                    break
                t = inner
            s = types.local_struct(t)
            if s is None or s in seen or s == struct:
                continue
            if not through_pointers and t.startswith("*"):
                continue
            seen.add(s)
            todo.append(s)
    return seen


def _produce(pkg: Pass) -> Constructions:
    return _collect(pkg.fact(TYPES), pkg.fact(CALLS))


CONSTRUCTIONS: Fact[Constructions] = Fact("constructions", _produce, (TYPES, CALLS))
