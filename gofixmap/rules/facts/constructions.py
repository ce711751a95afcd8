"""CONSTRUCTIONS: every place a struct value of the package is built, and
which of its map fields each one leaves nil.

Constructions are composite literals (keyed or positional), ``new(T)``,
``var t T`` (when the zero value is used), ``make([]T, n)``, values filled by
a decoder (JSON, XML, YAML, TOML) and ``x.f = nil``; for a map field, the
paths that leave it nil are found through the structs that hold the owner by
value, minus those that make the field before use (``x := &T{}; x.f =
make(...)``, an initialising method called on the value). Also: the fields
compared with nil, the structs compared with ``reflect.DeepEqual`` and
friends (where nil and empty differ), the methods that make a field, the
selector chains that end in a map field, and whether a construction can
reach a given method at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import Field, PackageIndex
from gofixmap.codemod.syntax import norm, unparen
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.types import TYPES, TypeResolver, Types, element_of
from gofixmap.rules.facts.writes import may_call

Node = tree_sitter.Node

_DECODERS = {
    "encoding/json": ("Unmarshal",),
    "encoding/xml": ("Unmarshal",),
    "gopkg.in/yaml.v2": ("Unmarshal", "UnmarshalStrict"),
    "gopkg.in/yaml.v3": ("Unmarshal",),
    "sigs.k8s.io/yaml": ("Unmarshal", "UnmarshalStrict"),
    "github.com/BurntSushi/toml": ("Unmarshal", "Decode"),
}


_DECODER_PKGS = ("encoding/json", "encoding/xml", "gopkg.in/yaml.v2", "gopkg.in/yaml.v3")


@dataclass(frozen=True)
class Chain:
    """``root.a.b.f``: a selector chain to the map field ``f`` of ``owner``."""

    text: str  # normalised source text of the chain
    root: Node  # the root identifier
    root_type: str
    fields: tuple[str, ...]
    owner: str  # the struct type declaring the final field
    field: Field
    pure: bool  # only identifiers and selectors
    indirect: bool  # a pointer, slice or map hop between the root and the field


def chain(types: Types, file: src.SourceFile, node: Node) -> Chain | None:
    """The chain of ``node`` when it ends in a map-typed field of a package struct."""
    node = unparen(node)
    if node.type != "selector_expression":
        return None
    parts: list[Node] = []
    current = node
    pure = True
    while True:
        current = unparen(current)
        if current.type == "selector_expression":
            parts.append(current)
            operand = current.child_by_field_name("operand")
            if operand is None:
                return None
            current = operand
        elif current.type == "index_expression":
            pure = False
            parts.append(current)
            operand = current.child_by_field_name("operand")
            if operand is None:
                return None
            current = operand
        elif current.type == "identifier":
            break
        else:
            return None
    root = current
    root_type = types.ident(file, root)
    if root_type is None:
        return None
    type_text = root_type
    indirect = root_type.startswith("*")
    names: list[str] = []
    last: Field | None = None
    for part in reversed(parts):
        if part.type == "index_expression":
            under = types.pkg.underlying(type_text, file)
            elem = element_of(under)
            if elem is None:
                return None
            indirect = True
            type_text = elem
            last = None
            continue
        name_node = part.child_by_field_name("field")
        if name_node is None:
            return None
        name = file.text(name_node)
        f = types.field(type_text, name)
        if f is None:
            return None
        if f.owner != types.local_struct(type_text):
            # promoted through an embedded struct: a pointer embedding is a hop
            decl = types.pkg.struct(type_text)
            if decl is not None and any(
                e.embedded and e.type_text.startswith("*") for e in decl.fields
            ):
                indirect = True
        names.append(name)
        last = f
        type_text = f.type_text
        if type_text.startswith("*") and part is not parts[0]:
            indirect = True
    if last is None:
        return None
    owner_decl = types.pkg.types.get(last.owner)
    if owner_decl is None or owner_decl.type_params:
        return None
    under = types.pkg.underlying(last.type_text, owner_decl.file)
    if not under.startswith("map["):
        return None
    return Chain(
        norm(file.text(node)), root, root_type, tuple(names), last.owner, last, pure, indirect
    )


@dataclass(frozen=True, eq=False)
class Construction:
    """A place that makes a value of struct ``type_name``."""

    kind: str  # literal | new | var | make | decoded | nil-assign
    type_name: str
    file: src.SourceFile
    node: Node  # literal_value for literals; the call / var_spec / assignment otherwise
    func: Node | None  # the enclosing function (None at package level)
    var: str = ""  # the variable it is assigned to, when known
    keys: frozenset[str] | None = None  # keyed literal: the keys; None: positional
    nil_positions: frozenset[int] = frozenset()  # positional: indexes of `nil`
    field_name: str = ""  # nil-assign: the field set to nil

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


def _literal_struct(types: Types, file: src.SourceFile, lit: Node) -> str | None:
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


def _literal_type_text(types: Types, file: src.SourceFile, lit: Node) -> str | None:
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
    | {name.encode() for names in _DECODERS.values() for name in names}
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

    def add(c: Construction) -> None:
        if c.var == "_":
            return  # `var _ I = &T{}`: discarded, never written through
        if c.kind in ("literal", "new") and _error_return(c.file, c.node):
            return  # `return T{}, err`: callers do not use the value
        out.constructions.setdefault(c.type_name, []).append(c)

    for file in pkg.files:
        decoders = _decoder_names(pkg, file)
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
                        t = types.expr(file, arg)
                        s = types.local_struct(t) if t is not None else None
                        if s is not None:
                            out.deep_equal.add(s)
                            out.deep_equal.update(_contained(types, s, through_pointers=True))
                        elif t is None or element_of(t) is not None:
                            base = element_of(t) if t is not None else None
                            s2 = types.local_struct(base) if base else None
                            if s2 is not None:
                                out.deep_equal.add(s2)
                            elif t is None:
                                out.deep_equal.add("*")
                else:
                    target = _decode_target(file, fn, arg_nodes, decoders)
                    if target is not None:
                        t = types.expr(file, target)
                        if t is not None and t.startswith("*"):
                            for struct in _decoded_structs(types, t[1:], file):
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
    types: Types,
    file: src.SourceFile,
    node: Node,
    out: Constructions,
) -> None:
    """Record methods that make a field: ``<anything>.f = <non-nil>`` in their body."""
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    op = node.child_by_field_name("operator")
    if left is None or right is None or op is None or file.text(op) != "=":
        return
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


def _non_nil_targets(file: src.SourceFile, stmt: Node) -> set[str]:
    """Field names that ``stmt`` (an assignment) sets to a non-nil value."""
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
        if target.type == "selector_expression" and value.type != "nil":
            f = target.child_by_field_name("field")
            if f is not None:
                result.add(file.text(f))
    return result


def _made_together(
    file: src.SourceFile, node: Node, left: Node, right: Node, out: Constructions
) -> None:
    mine = _non_nil_targets(file, node)
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


def _pointer_methods(types: Types, struct: str) -> set[str]:
    names: set[str] = set()
    for s in {struct, *_contained(types, struct, through_pointers=False)}:
        names.update(f.name for f in types.pkg.methods(s) if f.pointer_receiver)
    return names


def _var_used(
    types: Types, file: src.SourceFile, spec: Node, func: Node | None, var: str, struct: str
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


def _decoder_names(pkg: PackageIndex, file: src.SourceFile) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for local, path in pkg.imports.get(file.path, {}).items():
        if path in _DECODERS:
            result[local] = _DECODERS[path]
    return result


def _decode_target(
    file: src.SourceFile, fn: Node, args: list[Node], decoders: dict[str, tuple[str, ...]]
) -> Node | None:
    fn = unparen(fn)
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name_node = fn.child_by_field_name("field")
    if operand is None or name_node is None:
        return None
    name = file.text(name_node)
    operand_text = norm(file.text(operand))
    if operand_text in decoders and name in decoders[operand_text] and len(args) >= 2:
        return args[1]
    # json.NewDecoder(r).Decode(&x) or dec.Decode(&x)
    if (
        name == "Decode"
        and len(args) == 1
        and (decoders or "Decoder" in operand_text or operand_text.endswith("dec"))
    ):
        return args[0]
    return None


def _contained(types: Types, struct: str, through_pointers: bool) -> set[str]:
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


def _decoded_structs(types: Types, type_text: str, file: src.SourceFile) -> set[str]:
    """Structs a decoder allocates when filling a value of ``type_text``.

    The root value itself is constructed elsewhere (its own path); structs
    reached through a pointer, slice or map are allocated fresh by the decoder.
    Reflection-based decoders (encoding/json, yaml, gob...) set exported
    fields only, so only those (and embedded structs, whose exported fields
    are promoted) lead to further structs: a type reached only through an
    unexported field is never allocated by the decoder.
    """
    result: set[str] = set()
    todo: list[tuple[str, bool]] = [(type_text, False)]
    seen: set[tuple[str, bool]] = set()
    while todo:
        text, fresh = todo.pop()
        if (text, fresh) in seen or len(seen) > 200:
            continue
        seen.add((text, fresh))
        text = text.strip()
        if text.startswith("*"):
            todo.append((text[1:], True))
            continue
        under = types.pkg.underlying(text, file)
        elem = element_of(under)
        if elem is not None:
            todo.append((elem, True))
            continue
        s = types.local_struct(text)
        if s is None:
            continue
        if fresh:
            result.add(s)
        decl = types.pkg.struct(s)
        if decl is None:
            continue
        for f in decl.fields:
            if f.name[:1].isupper() or (f.embedded and not f.type_text.startswith("*")):
                todo.append((f.type_text, fresh))
    return result


def value_paths(types: Types, owner: str) -> list[tuple[str, tuple[str, ...]]]:
    """Structs S holding ``owner`` by value, with the field path from S to it.

    ``(owner, ())`` comes first.
    """
    result: list[tuple[str, tuple[str, ...]]] = [(owner, ())]
    frontier: list[tuple[str, tuple[str, ...]]] = [(owner, ())]
    for _ in range(4):
        nxt: list[tuple[str, tuple[str, ...]]] = []
        for inner, path in frontier:
            for decl in types.pkg.types.values():
                if not decl.is_struct or decl.type_params:
                    continue
                for f in decl.fields:
                    if f.type_text.strip() == inner and not _embedded_pointer(decl.file, f):
                        item = (decl.name, (f.name, *path))
                        if all(r[0] != decl.name for r in result):
                            result.append(item)
                            nxt.append(item)
        frontier = nxt
    return result


def nil_paths(info: Constructions, owner: str, field_name: str) -> list[tuple[Construction, bool]]:
    """Constructions that leave ``owner.field_name`` nil, with ``direct``:
    True when the construction is a literal of ``owner`` itself that omits it."""
    types = info.types
    result: list[tuple[Construction, bool]] = []
    owner_decl = types.pkg.struct(owner)
    if owner_decl is None:
        return result
    for holder, path in value_paths(types, owner):
        full = (*path, field_name)
        first = full[0]
        decl = types.pkg.struct(holder)
        if decl is None:
            continue
        for c in info.constructions.get(holder, ()):
            if c.kind == "literal":
                if c.keys is None:
                    if path:
                        continue  # positional: sets the value field
                    position = next(
                        (i for i, f in enumerate(decl.fields) if f.name == field_name), -1
                    )
                    if position not in c.nil_positions:
                        continue
                elif first in c.keys:
                    continue
                elif first not in {f.name for f in decl.fields}:
                    continue  # promoted, set through an embedded literal
            if _made_later(info, c, full):
                continue
            result.append((c, c.kind == "literal" and not path))
    return result


def _made_later(info: Constructions, c: Construction, full: tuple[str, ...]) -> bool:
    """``x := &T{}; x.f = make(...)``: the variable gets the field before use."""
    if not c.var:
        return False
    types = info.types
    scope: list[Node] = []
    if c.func is not None:
        scope.append(c.func)
    else:
        scope.extend(f.root for f in types.pkg.files if f.path == c.file.path)
    bases = {c.var}
    head, _, last = c.var.rpartition(".")
    if head and last == c.type_name:
        bases.add(head)  # ``p.E = new(E)`` with E embedded: ``p.f`` is ``p.E.f``
    prefixes = {
        norm(".".join((base, *full[:n]))) for base in bases for n in range(1, len(full) + 1)
    }
    init_methods: set[str] = set()
    for name in full:
        init_methods |= info.initialisers.get(name, set())
    init_methods = info.calls.calling_methods(init_methods)
    # ``lv.m.reset()`` makes ``lv.m.f``: receivers along the path
    receivers = {norm(".".join((base, *full[:n]))) for base in bases for n in range(0, len(full))}
    after = c.node.end_byte
    for root in scope:
        for node in src.of_types(root, ("assignment_statement", "call_expression")):
            if node.start_byte < after:
                continue
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                right = node.child_by_field_name("right")
                if left is None or right is None:
                    continue
                values = right.named_children
                for i, target in enumerate(left.named_children):
                    text = norm(c.file.text(target))
                    value = values[i] if i < len(values) else None
                    if text in prefixes and (value is None or value.type != "nil"):
                        return True
                    if text == c.var and c.kind == "var":
                        return True  # the variable is replaced
            elif node.type == "call_expression" and init_methods:
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    operand = fn.child_by_field_name("operand")
                    method = fn.child_by_field_name("field")
                    if (
                        operand is not None
                        and method is not None
                        and norm(c.file.text(operand)) in receivers
                        and c.file.text(method) in init_methods
                    ):
                        return True
    return False


def field_tag(f: Field, file: src.SourceFile) -> str:
    decl = f.type_node.parent
    if decl is None:
        return ""
    tag = decl.child_by_field_name("tag")
    return file.text(tag) if tag is not None else ""


_SERIAL = re.compile(r'\b(json|yaml|xml|toml|protobuf):"([^"]*)"')


def serialised(types: Types, owner: str, f: Field) -> bool:
    """Whether adding ``make`` could change how the field serialises."""
    decl = types.pkg.struct(owner)
    if decl is None:
        return False
    tag = field_tag(f, decl.file)
    for _, value in _SERIAL.findall(tag):
        if value.split(",", 1)[0] != "-":
            return True
    if tag and _SERIAL.search(tag):
        return False  # explicitly excluded
    if not f.name[:1].isupper():
        return False
    return any(_SERIAL.search(field_tag(other, decl.file)) for other in decl.fields)


def may_reach(types: Types, c: Construction, file: src.SourceFile, write: Node) -> bool:
    """Whether the value ``c`` builds can reach the method that holds ``write``.

    False only when it provably cannot: ``c`` is assigned to a local
    variable that is used after it only as the receiver of methods of the
    type (and to read or set its fields), none of those methods calls,
    through its receiver, the method that writes, and no receiver escapes
    (passed, returned, stored) on the way. ``d := &ctx{...};
    d.generateSyms()`` never reaches a write in ``(*ctx).generateInfo``.
    """
    if c.func is None or not re.fullmatch(r"[A-Za-z_]\w*", c.var):
        return True
    method = sx.outermost_function(write)
    if method is None or method.type != "method_declaration":
        return True
    name_node = method.child_by_field_name("name")
    if name_node is None:
        return True
    target = types.pkg.funcs.get(f"{c.type_name}.{file.text(name_node)}")
    if (
        target is None
        or target.file.path != file.path
        or target.node.start_byte != method.start_byte
    ):
        return True
    methods = {f.name for f in types.pkg.methods(c.type_name)}
    fields = {f.name for f in types.pkg.types[c.type_name].fields}

    def uses(file: src.SourceFile, root: Node, var: str, after: int) -> set[str] | None:
        called: set[str] = set()
        for node in src.of_types(root, ("identifier",)):
            if node.start_byte < after or file.text(node) != var:
                continue
            parent = node.parent
            if (
                parent is not None
                and parent.type == "selector_expression"
                and parent.child_by_field_name("operand") == node
            ):
                sel = parent.child_by_field_name("field")
                name = file.text(sel) if sel is not None else ""
                if name in methods:
                    called.add(name)
                    continue
                if name in fields:
                    continue
            elif _foreign_argument(types, file, node):
                # another package can call only the exported methods
                called |= {m for m in methods if m[:1].isupper()}
                continue
            return None  # escapes, or a promoted method of an embedded type
        return called

    first = uses(c.file, c.func, c.var, c.node.end_byte)
    if first is None:
        return True
    seen: set[str] = set()
    work = list(first)
    while work:
        name = work.pop()
        if name in seen:
            continue
        seen.add(name)
        decl = types.pkg.funcs.get(f"{c.type_name}.{name}")
        body = decl.body if decl is not None else None
        if decl is None or body is None:
            return True
        if decl.receiver_name in ("", "_"):
            continue
        more = uses(decl.file, body, decl.receiver_name, body.start_byte)
        if more is None:
            return True
        work.extend(more - seen)
    return target.name in seen


def _foreign_argument(types: Types, file: src.SourceFile, node: Node) -> bool:
    """``pkg.F(..., node, ...)`` with ``pkg`` an imported package."""
    args = node.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return False
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    operand = fn.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    return file.text(operand) in types.pkg.imports.get(file.path, {})


def _embedded_pointer(file: src.SourceFile, f: Field) -> bool:
    """``struct{ *T }``: the index gives the embedded field the type ``T``."""
    parent = f.type_node.parent
    return f.embedded and parent is not None and file.text(parent).lstrip().startswith("*")


def test_reaches(c: Construction, file: src.SourceFile) -> bool:
    """A construction counts for a write only when it is part of the code the
    write runs in: a construction in a _test.go file never argues that a write
    in production code can see nil. Production code is judged by the ways
    production builds its values; a test literal that omits a map either never
    reaches the write or the package's own tests would panic, and a passing
    test suite says they do not. Writes in _test.go files see both."""
    return not c.file.path.endswith("_test.go") or file.path.endswith("_test.go")


def _produce(pkg: Pass) -> Constructions:
    return _collect(pkg.fact(TYPES), pkg.fact(CALLS))


CONSTRUCTIONS: Fact[Constructions] = Fact("constructions", _produce, (TYPES, CALLS))
