"""NM002 nil-map-field-write: a write to a struct's map field that some
construction path of the struct leaves nil."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Rule
from gofixmap.rules import MAP_GATE
from gofixmap.rules import _fields as fl
from gofixmap.rules import _gotypes as gt

Node = tree_sitter.Node

_VALUE_NOTE = (
    "value receiver: a guard would set the field on a copy; "
    "make the map in the constructor or use a pointer receiver"
)
_VALUE_PARAM_NOTE = (
    "value parameter: a guard would set the field on a copy; "
    "make the map where the value is built or pass a pointer"
)


class NilMapFieldWrite(Rule):
    """Finds writes to a struct's map field that a construction path leaves nil.

    What it does:
        Reports `x.f[k] = v`, `x.f[k] op= v`, `x.f[k]++` and `x.f[k]--` where
        `f` is a map field of a struct of the package (also through chains
        such as `w.Status.Conditions[k]` and embedded structs) and some way
        of building the struct leaves `f` nil: a composite literal that omits
        the field (`&T{}`, `T{other: x}`, elements of slice and map
        literals), `new(T)`, a `var t T` zero value used through its
        pointer methods, a value filled by `json.Unmarshal` or another
        decoder when the input lacks the field, or `x.f = nil`. Writes
        dominated by a nil check that makes the map in the same function are
        not reported, nor are literals followed by `x.f = make(...)` or by a
        method that makes it, values from a package function that returns
        them with the map made, writes guarded by a non-zero value read from
        the map (`if q := x.f[k]; len(q) > 0`), literals returned beside a
        non-nil error, and literals in tests that never reach the write.
        Nor are writes in helpers (functions, or closures an unexported
        factory returns) whose every call passes a value with the map made;
        literals whose inner value every use turns away first
        (`if r.legacy != nil { return }` before each `r.order`); the `New`
        value of a `sync.Pool` whose every `Get` is overwritten at once by
        `*p = T{...}`; and values only ever passed a constant that selects
        another case of the `switch` holding the write.

    Why is this bad:
        Writing to a nil map panics with `assignment to entry in nil map`.
        The constructor that forgot the field, or the zero value of a type
        that looked usable, crashes the first caller that writes.

    Example:
        ```go
        type Registry struct{ handlers map[string]Handler }

        func NewRegistry() *Registry { return &Registry{} }

        func (r *Registry) Register(kind string, h Handler) {
            r.handlers[kind] = h // panics: handlers is nil
        }
        ```
        Fixed:
        ```go
        func NewRegistry() *Registry {
            return &Registry{handlers: make(map[string]Handler)}
        }
        ```

    Fix safety:
        When every nil path is a composite literal, the fix adds
        `f: make(map[K]V)` to those literals (possibly in another file of
        the package). It is safe when nil and empty cannot be told apart: the
        field is never compared with nil, not serialised (no json/yaml/xml
        tags), and the struct is never compared with `reflect.DeepEqual`;
        otherwise it is unsafe and a lazy guard is offered as the safe fix.
        For zero-value-usable types and decoded values the fix is a guard
        `if x.f == nil { x.f = make(map[K]V) }` just before the write, which
        only changes paths that used to panic: safe. A write through a value
        receiver or a value parameter gets no automatic fix: a guard would
        set the field on a copy.
    """

    code = "NM002"
    PREFILTER = MAP_GATE
    name = "nil-map-field-write"
    summary = "a write to a struct's map field that some construction path leaves nil"

    VALID = (
        """package p

type Registry struct{ handlers map[string]int }

func NewRegistry() *Registry {
	return &Registry{handlers: make(map[string]int)}
}

func (r *Registry) Register(kind string, n int) {
	r.handlers[kind] = n
}
""",
        """package p

type Options struct{ Defaults map[string]string }

func (o *Options) Set(k, v string) {
	if o.Defaults == nil {
		o.Defaults = make(map[string]string)
	}
	o.Defaults[k] = v
}

func use() {
	var o Options
	o.Set("a", "b")
}
""",
        """package p

type Cache struct{ m map[string]int }

func NewCache() *Cache {
	c := &Cache{}
	c.m = make(map[string]int)
	return c
}

func (c *Cache) Put(k string) { c.m[k]++ }
""",
        """package p

type Cache struct{ m map[string]int }

func NewCache() *Cache { return &Cache{} }

func (c *Cache) Get(k string) int { return c.m[k] }

func (c *Cache) Del(k string) { delete(c.m, k) }

func (c *Cache) Len() int { return len(c.m) }
""",
        """package p

type Set[K comparable] struct{ m map[K]struct{} }

func New[K comparable]() *Set[K] { return &Set[K]{} }

func (s *Set[K]) Add(k K) { s.m[k] = struct{}{} }
""",
    )
    INVALID = (
        Invalid(
            """package p

type Registry struct {
	name     string
	handlers map[string]int
}

func NewRegistry(name string) *Registry {
	return &Registry{
		name: name,
	}
}

func (r *Registry) Register(kind string, n int) {
	r.handlers[kind] = n
}
""",
            fixed="""package p

type Registry struct {
	name     string
	handlers map[string]int
}

func NewRegistry(name string) *Registry {
	return &Registry{
		name:     name,
		handlers: make(map[string]int),
	}
}

func (r *Registry) Register(kind string, n int) {
	r.handlers[kind] = n
}
""",
        ),
        Invalid(
            """package p

type Counter struct{ hits map[string]int }

func (c *Counter) Hit(k string) {
	c.hits[k]++
}

func use() {
	c := new(Counter)
	c.Hit("a")
}
""",
            fixed="""package p

type Counter struct{ hits map[string]int }

func (c *Counter) Hit(k string) {
	if c.hits == nil {
		c.hits = make(map[string]int)
	}
	c.hits[k]++
}

func use() {
	c := new(Counter)
	c.Hit("a")
}
""",
        ),
        Invalid(
            """package p

type Tally struct{ n map[string]int }

func NewTally() Tally { return Tally{} }

func (t Tally) Add(k string) {
	t.n[k] += 1
}
""",
        ),
        Invalid(
            """package p

import "encoding/json"

type Config struct {
	Labels map[string]string `json:"labels"`
}

func NewConfig() *Config { return &Config{} }

func (c *Config) Label(k, v string) {
	c.Labels[k] = v
}

func Load(data []byte) (*Config, error) {
	c := NewConfig()
	err := json.Unmarshal(data, c)
	return c, err
}
""",
            fixed="""package p

import "encoding/json"

type Config struct {
	Labels map[string]string `json:"labels"`
}

func NewConfig() *Config { return &Config{} }

func (c *Config) Label(k, v string) {
	if c.Labels == nil {
		c.Labels = make(map[string]string)
	}
	c.Labels[k] = v
}

func Load(data []byte) (*Config, error) {
	c := NewConfig()
	err := json.Unmarshal(data, c)
	return c, err
}
""",
            unsafe_fixed="""package p

import "encoding/json"

type Config struct {
	Labels map[string]string `json:"labels"`
}

func NewConfig() *Config { return &Config{Labels: make(map[string]string)} }

func (c *Config) Label(k, v string) {
	c.Labels[k] = v
}

func Load(data []byte) (*Config, error) {
	c := NewConfig()
	err := json.Unmarshal(data, c)
	return c, err
}
""",
        ),
    )

    def check(self, ctx: FileContext) -> Iterable[Diagnostic]:
        if not gt.may_write(ctx.file):
            return  # every finding is a write of this file
        types = _types(ctx)
        for stmt, index in _writes(ctx.file):
            operand = index.child_by_field_name("operand")
            if operand is None:
                continue
            c = fl.chain(types, ctx.file, operand)
            if c is None:
                continue
            holders = _holders(types, ctx.file, operand, c.owner)
            paths = [
                p
                for p in fl.nil_paths(types, c.owner, c.field.name)
                if (holders is None or p[0].type_name in holders)
                and fl.may_reach(types, p[0], ctx.file, stmt)
                and fl.test_reaches(types, p[0], ctx.file, stmt)
                and not _turned_away(ctx.file, stmt, c.text, p[0])
                and not _holder_turned_away(ctx, types, c.owner, p[0])
                and not _pool_refilled(ctx, types, c, p[0])
                and not _other_case(ctx, p[0], ctx.file, stmt)
            ]
            if not paths:
                continue
            info = fl.facts(ctx.package)
            if _dominated(ctx, ctx.file, stmt, c.text, info.initialisers.get(c.field.name, set())):
                continue
            yield self._report(ctx, types, stmt, operand, c, paths)

    def _report(
        self,
        ctx: FileContext,
        types: fl.Types,
        stmt: Node,
        operand: Node,
        c: fl.Chain,
        paths: list[tuple[fl.Construction, bool]],
    ) -> Diagnostic:
        text = ctx.text(operand)
        message = f"write to nil map field {sx.norm(text)}: {_reason(paths[0], c.field.name)}"
        if len(paths) > 1:
            message += (
                f" (and {len(paths) - 1} other construction path{'s' if len(paths) > 2 else ''})"
            )
        root_name = ctx.text(c.root)
        kind = fl.param_kind(ctx.file, c.root, root_name)
        if kind in ("receiver", "param") and not c.root_type.startswith("*") and not c.indirect:
            note = _VALUE_NOTE if kind == "receiver" else _VALUE_PARAM_NOTE
            return self.diagnostic(ctx, operand, message, (), note)
        owner_decl = ctx.package.struct(c.owner)
        assert owner_decl is not None
        type_text = c.field.type_text
        guard = _guard(ctx, stmt, operand, type_text, owner_decl.file)
        literal = _literal_fix(ctx, types, c, paths, owner_decl.file)
        fixes: list[Fix] = []
        direct_only = all(direct for _, direct in paths)
        if direct_only and literal is not None:
            fixes.append(literal)
            if literal.applicability < Applicability.SAFE and guard is not None:
                fixes.append(guard)
        else:
            if guard is not None:
                fixes.append(guard)
            if literal is not None:
                fixes.append(
                    Fix(literal.title, literal.edits, Applicability.UNSAFE, literal.imports)
                )
        note = (
            ""
            if fixes
            else "the chain cannot be guarded in place; make the map where the struct is built"
        )
        return self.diagnostic(ctx, operand, message, fixes, note)


def _holders(types: fl.Types, file: src.SourceFile, operand: Node, owner: str) -> set[str] | None:
    """Structs whose constructions can hold the value written through.

    ``g.f[k]`` with ``g`` a ``*S`` and ``f`` promoted from an embedded
    ``O``: only S and the structs that hold S by value can be that value;
    a standalone O, or an O inside another struct, cannot. None: unknown.
    """
    sel = sx.unparen(operand)
    base = sel.child_by_field_name("operand") if sel.type == "selector_expression" else None
    if base is None:
        return None
    text = types.expr(file, base)
    struct = types.local_struct(text) if text is not None else None
    if struct is None or struct == owner:
        return None
    if all(holder != struct for holder, _ in fl.value_paths(types, owner)):
        return None  # reached through a pointer: any O can be there
    return {holder for holder, _ in fl.value_paths(types, struct)}


def _turned_away(file: src.SourceFile, stmt: Node, text: str, c: fl.Construction) -> bool:
    """The literal sets a field ``d`` that the writing function rejects first:
    ``if p.write != nil { panic(...) }`` before ``p.m[k] = v`` rules out the
    ``Profile{name: ..., write: ...}`` literals."""
    if c.kind != "literal" or not c.keys:
        return False
    base = text.rpartition(".")[0]
    if not base:
        return False
    tests = {f"{base}.{d}!=nil" for d in _set_fields(c)}
    return bool(tests) and _rejected_before(file, stmt, tests, closures=False)


def _set_fields(c: fl.Construction) -> set[str]:
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


def _rejected_before(file: src.SourceFile, node: Node, tests: set[str], closures: bool) -> bool:
    """An earlier statement of a list enclosing ``node`` is ``if T { <exit> }``
    with ``T`` one of ``tests`` (normalised ``x.d!=nil``). With ``closures``,
    the search goes on out of function literals: a closure defined after the
    test runs only after it."""
    while node.parent is not None:
        parent = node.parent
        if parent.type == "statement_list":
            for sibling in parent.named_children:
                if sibling.start_byte >= node.start_byte:
                    break
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
                    and _terminates(body)
                ):
                    return True
        elif parent.type in sx.FUNCTION_TYPES and not (closures and parent.type == "func_literal"):
            return False
        node = parent
    return False


def _holder_turned_away(ctx: FileContext, types: fl.Types, owner: str, c: fl.Construction) -> bool:
    """A literal of a struct ``H`` that holds the ``owner`` value in its field
    ``f`` omits ``f`` and sets a field ``d``, and every ``y.f`` of the package
    comes after ``if y.d != nil { return }``: the inner value of such a literal
    is never used. ``&Reader{legacy: l}`` never reaches ``r.order`` when every
    use of ``r.order`` follows ``if r.legacy != nil { ...; return }``."""
    if c.kind != "literal" or not c.keys or c.type_name == owner:
        return False
    memo = ctx.memo("NM002.holder")
    key = f"{c.file.path}:{c.node.start_byte}:{owner}"
    cached = memo.get(key)
    if isinstance(cached, bool):
        return cached
    memo[key] = result = _holder_rejects(ctx, types, owner, c)
    return result


def _holder_rejects(ctx: FileContext, types: fl.Types, owner: str, c: fl.Construction) -> bool:
    path = dict(fl.value_paths(types, owner)).get(c.type_name)
    decl = types.pkg.struct(c.type_name)
    if not path or decl is None:
        return False
    first = path[0]
    if first[:1].isupper():
        return False  # other packages can use it
    f = next((f for f in decl.fields if f.name == first), None)
    if f is None or f.embedded:
        return False  # promoted fields and methods need no ``.f``
    rejected = _set_fields(c)
    if not rejected:
        return False
    for file, sel in _selectors(ctx, first):
        operand = sel.child_by_field_name("operand")
        if operand is None:
            return False
        base = sx.norm(file.text(operand))
        if not _rejected_before(file, sel, {f"{base}.{d}!=nil" for d in rejected}, True):
            return False
    return True


def _selectors(ctx: FileContext, name: str) -> list[tuple[src.SourceFile, Node]]:
    """Every ``x.name`` selector of the package (one walk, kept per package)."""
    memo = ctx.memo("NM002.selectors")
    cached = memo.get("table")
    if isinstance(cached, dict):
        found: list[tuple[src.SourceFile, Node]] = cached.get(name, [])
        return found
    table: dict[str, list[tuple[src.SourceFile, Node]]] = {}
    for file in ctx.package.files:
        for sel in src.of_types(file.root, ("selector_expression",)):
            field = sel.child_by_field_name("field")
            if field is not None:
                table.setdefault(file.text(field), []).append((file, sel))
    memo["table"] = table
    return table.get(name, [])


def _up(node: Node) -> Node:
    """``node`` with the ``&`` and parentheses around it."""
    while node.parent is not None and node.parent.type in (
        "unary_expression",
        "parenthesized_expression",
    ):
        node = node.parent
    return node


def _pool_refilled(ctx: FileContext, types: fl.Types, chain: fl.Chain, c: fl.Construction) -> bool:
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
        path = dict(fl.value_paths(types, chain.owner)).get(c.type_name)
        if not path:
            return False
        first = path[0]
    memo = ctx.memo("NM002.pool")
    key = f"{c.file.path}:{c.node.start_byte}:{first}"
    cached = memo.get(key)
    if isinstance(cached, bool):
        return cached
    name = _pool_of(ctx, c)
    memo[key] = result = bool(name) and _every_get_overwrites(ctx, name, c.type_name, first)
    return result


def _pool_of(ctx: FileContext, c: fl.Construction) -> str:
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
    if type_name != "Pool" or ctx.package.imports.get(file.path, {}).get(qualifier) != "sync":
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


def _every_get_overwrites(ctx: FileContext, pool: str, type_name: str, first: str) -> bool:
    """Every use of ``pool`` is ``pool.Put(...)`` or ``x := pool.Get().(*T)``
    right before ``*x = T{...}`` (``first`` not set from ``x``)."""
    for file in ctx.package.files:
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


def _overwritten(file: src.SourceFile, call: Node, type_name: str, first: str) -> bool:
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
    sides = _plain_assignment(file, following) if following is not None else None
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


def _other_case(ctx: FileContext, c: fl.Construction, file: src.SourceFile, stmt: Node) -> bool:
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
    decl = ctx.package.funcs.get(f"{c.type_name}.{file.text(name_node)}") if name_node else None
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
    blocks = _iota_blocks(ctx)
    labels_node = case.child_by_field_name("value")
    labels = [file.text(n) for n in labels_node.named_children] if labels_node else []
    if not labels or any(label not in blocks for label in labels):
        return False
    fields = {f.name for f in ctx.package.types[c.type_name].fields}
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


def _switch_case(file: src.SourceFile, stmt: Node) -> tuple[Node | None, Node | None]:
    """The innermost ``case`` of an expression switch around ``stmt`` (closures
    included: one defined in the case runs only once the case is taken) and
    the method holding it."""
    case: Node | None = None
    node = stmt
    while node.parent is not None:
        node = node.parent
        if case is None and node.type == "expression_case":
            case = node
        elif node.type in ("function_declaration", "method_declaration"):
            return (case, node) if node.type == "method_declaration" else (None, None)
    return None, None


def _stays(file: src.SourceFile, method: Node, param: str, receiver: str, fields: set[str]) -> bool:
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


def _iota_blocks(ctx: FileContext) -> dict[str, str]:
    """Constants with distinct values by construction: ``a = iota`` followed
    by implicit single-name specs. Name → where the block is."""
    memo = ctx.memo("NM002.iota")
    cached = memo.get("table")
    if isinstance(cached, dict):
        return cached
    table: dict[str, str] = {}
    duplicates: set[str] = set()
    for f in ctx.package.files:
        for decl in src.of_types(f.root, ("const_declaration",)):
            specs = [c for c in decl.named_children if c.type == "const_spec"]
            names = [spec.children_by_field_name("name") for spec in specs]
            first = specs[0].child_by_field_name("value") if specs else None
            if first is None or sx.norm(f.text(first)) != "iota":
                continue
            if any(len(n) != 1 for n in names) or any(
                spec.child_by_field_name("value") is not None or spec.child_by_field_name("type")
                for spec in specs[1:]
            ):
                continue
            if specs[0].child_by_field_name("type") is not None:
                continue
            for n in names:
                name = f.text(n[0])
                if name in table:
                    duplicates.add(name)  # build-tagged files declaring it twice
                table[name] = f"{f.path}:{decl.start_byte}"
    for name in duplicates:
        del table[name]
    table.pop("_", None)
    memo["table"] = table
    return table


def _types(ctx: FileContext) -> fl.Types:
    memo = ctx.memo("NM002")
    types = memo.get("types")
    if not isinstance(types, fl.Types):
        types = fl.Types(ctx.package)
        memo["types"] = types
    return types


def _writes(file: src.SourceFile) -> Iterator[tuple[Node, Node]]:
    """(statement, index expression) of every map-style index write."""
    kinds = ("assignment_statement", "inc_statement", "dec_statement")
    for node in (n for top in gt.write_decls(file) for n in src.of_types(top, kinds)):
        if node.type == "assignment_statement":
            op = node.child_by_field_name("operator")
            left = node.child_by_field_name("left")
            if op is None or left is None or file.text(op) == ":=":
                continue
            for target in left.named_children:
                target = sx.unparen(target)
                if target.type == "index_expression":
                    yield node, target
        elif node.type in ("inc_statement", "dec_statement"):
            for child in node.named_children:
                child = sx.unparen(child)
                if child.type == "index_expression":
                    yield node, child


def _reason(path: tuple[fl.Construction, bool], field_name: str) -> str:
    c, direct = path
    where = fl._func_name(c.file, c.func)
    if c.kind == "literal" and direct:
        if where:
            return f"the {c.type_name} literal in {where} omits {field_name}"
        return f"a package-level {c.type_name} literal omits {field_name}"
    if c.kind == "literal":
        return (
            f"the {c.type_name} literal in {where or 'a package-level declaration'} leaves it nil"
        )
    if c.kind == "nil-assign":
        return f"{where or 'a package-level declaration'} sets it to nil"
    if c.kind == "decoded":
        return f"a {c.type_name} decoded in {where} leaves it nil when the input lacks it"
    return f"{c.describe()} leaves it nil"


# ---------------------------------------------------------------- dominance


def _is_nil_test(file: src.SourceFile, cond: Node, text: str, op: str) -> bool:
    """``cond`` is (or, for ``!=``, a conjunct of it is) ``text op nil``."""
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    o = file.text(operator)
    if o == op:
        pair = {sx.norm(file.text(left)), sx.norm(file.text(right))}
        return pair == {text, "nil"}
    joiner = "&&" if op == "!=" else "||"
    if o == joiner:
        return _is_nil_test(file, left, text, op) or _is_nil_test(file, right, text, op)
    return False


def _plain_assignment(file: src.SourceFile, stmt: Node) -> tuple[Node, Node] | None:
    """(left, right) of a ``left = right`` statement; ``None`` for anything else."""
    if stmt.type != "assignment_statement":
        return None
    op = stmt.child_by_field_name("operator")
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if op is None or left is None or right is None or file.text(op) != "=":
        return None
    return left, right


def _assigns(file: src.SourceFile, stmt: Node, text: str) -> bool:
    sides = _plain_assignment(file, stmt)
    if sides is None:
        return False
    left, right = sides
    values = right.named_children
    for i, target in enumerate(left.named_children):
        if sx.norm(file.text(target)) == text:
            value = (
                values[i] if i < len(values) and len(values) == len(left.named_children) else None
            )
            return value is None or value.type != "nil"
    return False


def _writes_to(file: src.SourceFile, stmt: Node, text: str) -> bool:
    targets: list[Node] = []
    if stmt.type == "assignment_statement":
        left = stmt.child_by_field_name("left")
        op = stmt.child_by_field_name("operator")
        if left is not None and op is not None and file.text(op) != ":=":
            targets = list(left.named_children)
    elif stmt.type in ("inc_statement", "dec_statement"):
        targets = list(stmt.named_children)
    for t in targets:
        t = sx.unparen(t)
        if t.type == "index_expression":
            operand = t.child_by_field_name("operand")
            if operand is not None and sx.norm(file.text(operand)) == text:
                return True
    return False


def _terminates(block: Node) -> bool:
    stmts = [s for s in sx.block_statements(block) if s.type != "comment"]
    if not stmts:
        return False
    last = stmts[-1]
    if last.type in ("return_statement", "break_statement", "continue_statement", "goto_statement"):
        return True
    if last.type == "expression_statement":
        call = last.named_children[0] if last.named_children else None
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            return fn is not None and _call_name(fn) in (
                "panic",
                "Fatal",
                "Fatalf",
                "Exit",
                "FailNow",
            )
    return False


def _call_name(fn: Node) -> str:
    fn = sx.unparen(fn)
    if fn.type == "identifier":
        return fn.text.decode() if fn.text else ""
    if fn.type == "selector_expression":
        f = fn.child_by_field_name("field")
        return f.text.decode() if f is not None and f.text else ""
    return ""


def _makes(file: src.SourceFile, stmt: Node, text: str, initialisers: set[str]) -> bool:
    """Whether ``stmt``, once completed, leaves the map ``text`` non-nil."""
    if _assigns(file, stmt, text) or _writes_to(file, stmt, text):
        return True
    if _assigns_literal(file, stmt, text):
        return True
    if stmt.type == "if_statement":
        cond = stmt.child_by_field_name("condition")
        body = stmt.child_by_field_name("consequence")
        if cond is not None and body is not None:
            if _is_nil_test(file, cond, text, "==") and _terminates(body):
                return True
            alternative = stmt.child_by_field_name("alternative")
            # `if C == nil { C = make(...) }` (also with an else: `{ clear(C) }`),
            # and the co-initialisation idiom `if x.other == nil { x.other = ...; C = make(...) }`
            if (
                _is_nil_test(file, cond, text, "==")
                or (_is_any_nil_test(file, cond) and alternative is None)
            ) and any(_assigns(file, s, text) for s in sx.block_statements(body)):
                return True
            # `if C != nil { ... } else { C = make(...) }`
            if (
                alternative is not None
                and alternative.type == "block"
                and _is_nil_test(file, cond, text, "!=")
                and any(_assigns(file, s, text) for s in sx.block_statements(alternative))
            ):
                return True
    if initialisers:
        prefixes = _prefixes(text)
        for node in src.walk(stmt):
            if node.type == "selector_expression":
                f = node.child_by_field_name("field")
                operand = node.child_by_field_name("operand")
                if (
                    f is not None
                    and operand is not None
                    and file.text(f) in initialisers
                    and sx.norm(file.text(operand)) in prefixes
                ):
                    return True
    return False


def _is_any_nil_test(file: src.SourceFile, cond: Node) -> bool:
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    right = cond.child_by_field_name("right")
    left = cond.child_by_field_name("left")
    if operator is None or right is None or left is None:
        return False
    o = file.text(operator)
    if o == "==":
        return right.type == "nil" or left.type == "nil"
    if o == "||":
        return _is_any_nil_test(file, left) or _is_any_nil_test(file, right)
    return False


def _literal_sets(file: src.SourceFile, value: Node, rest: list[str]) -> bool:
    """``value`` is a (pointer to a) composite literal setting ``rest`` non-nil."""
    value = sx.unparen(value)
    if value.type == "unary_expression":
        operand = value.child_by_field_name("operand")
        if operand is None:
            return False
        value = sx.unparen(operand)
    if value.type != "composite_literal":
        return False
    body = value.child_by_field_name("body")
    if body is None or not rest:
        return False
    for element in body.named_children:
        if element.type != "keyed_element" or len(element.named_children) < 2:
            continue
        key, val = element.named_children[0], element.named_children[-1]
        if sx.norm(file.text(key)) != rest[0]:
            continue
        inner = val.named_children[0] if val.named_children else val
        if len(rest) == 1:
            return inner.type != "nil"
        return _literal_sets(file, inner, rest[1:])
    return False


def _assigns_literal(file: src.SourceFile, stmt: Node, text: str) -> bool:
    """``x = &T{f: make(...)}`` (or ``x :=``, ``var x =``) for the chain ``x.f``."""
    pairs: list[tuple[Node, Node]] = []
    if stmt.type in ("assignment_statement", "short_var_declaration"):
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is not None and right is not None:
            pairs = list(zip(left.named_children, right.named_children, strict=False))
    elif stmt.type == "var_declaration":
        for spec in sx.var_specs(stmt):
            value = spec.child_by_field_name("value")
            if value is not None:
                pairs.extend(
                    zip(spec.children_by_field_name("name"), value.named_children, strict=False)
                )
    parts = text.split(".")
    for target, value in pairs:
        target_text = sx.norm(file.text(target))
        for n in range(1, len(parts)):
            if ".".join(parts[:n]) == target_text:
                return _literal_sets(file, value, parts[n:])
    return False


def _prefixes(text: str) -> set[str]:
    parts = text.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts))}


def _guarding_ancestor(file: src.SourceFile, node: Node, parent: Node, text: str) -> bool:
    """``node`` runs only when the map ``text`` is non-nil, by ``parent``."""
    if parent.type == "if_statement":
        cond = parent.child_by_field_name("condition")
        if cond is None:
            return False
        if node == parent.child_by_field_name("consequence"):
            if _is_nil_test(file, cond, text, "!=") or _len_test(file, cond, text):
                return True
            init = parent.child_by_field_name("initializer")
            if init is not None and _ok_lookup(file, init, cond, text):
                return True
        if node == parent.child_by_field_name("alternative") and _is_nil_test(
            file, cond, text, "=="
        ):
            return True
    elif parent.type == "for_statement" and node == parent.child_by_field_name("body"):
        for child in parent.named_children:
            if child.type == "range_clause":
                right = child.child_by_field_name("right")
                if right is not None and sx.norm(file.text(right)) == text:
                    return True
    return False


def _len_test(file: src.SourceFile, cond: Node, text: str) -> bool:
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    o = file.text(operator)
    if o == "&&":
        return _len_test(file, left, text) or _len_test(file, right, text)
    if sx.norm(file.text(left)) != f"len({text})":
        return False
    bound = sx.norm(file.text(right))
    return (o in (">", "!=") and bound == "0") or (o == ">=" and bound not in ("0", "-1"))


def _lookup_ok(file: src.SourceFile, stmt: Node, text: str) -> str:
    """The ``ok`` name of ``v, ok := C[k]`` (or ``=``), else ""."""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return ""
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 2:
        return ""
    if len(right.named_children) != 1:
        return ""
    value = sx.unparen(right.named_children[0])
    if value.type != "index_expression":
        return ""
    operand = value.child_by_field_name("operand")
    if operand is None or sx.norm(file.text(operand)) != text:
        return ""
    return file.text(left.named_children[1])


def _lookup_value(file: src.SourceFile, stmt: Node, text: str) -> str:
    """The ``v`` of ``v := C[k]``, else ""."""
    if stmt.type != "short_var_declaration":
        return ""
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return ""
    if len(right.named_children) != 1:
        return ""
    value = sx.unparen(right.named_children[0])
    if value.type != "index_expression":
        return ""
    operand = value.child_by_field_name("operand")
    if operand is None or sx.norm(file.text(operand)) != text:
        return ""
    return "=" + file.text(left.named_children[0])


def _zero_test(file: src.SourceFile, cond: Node) -> str:
    """``!ok`` → "ok"; ``v == 0``, ``v == nil``, ``len(v) == 0`` → "=v"."""
    text = sx.norm(file.text(sx.unparen(cond)))
    if text.startswith("!") and text[1:].isidentifier():
        return text[1:]
    for suffix in ("==0", "==nil", '==""'):
        if text.endswith(suffix):
            head = text[: -len(suffix)]
            if head.startswith("len(") and head.endswith(")"):
                head = head[4:-1]
            if head.isidentifier():
                return "=" + head
    return ""


def _coinit_test(ctx: FileContext, file: src.SourceFile, cond: Node, text: str) -> bool:
    """``if x.a != nil`` where every statement list that makes ``a`` also makes
    the field of ``text`` (``x.b``): the two are made together."""
    cond = sx.unparen(cond)
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    if file.text(operator) == "&&":
        return _coinit_test(ctx, file, left, text) or _coinit_test(ctx, file, right, text)
    if file.text(operator) != "!=" or right.type != "nil":
        return False
    tested = sx.norm(file.text(left))
    prefix, _, a = tested.rpartition(".")
    base, _, b = text.rpartition(".")
    if not prefix or prefix != base:
        return False
    together = fl.facts(ctx.package).made_with.get(a)
    return together is not None and b in together


def _coinit_exit(ctx: FileContext, file: src.SourceFile, stmt: Node, text: str) -> bool:
    """``if x.a == nil || ... { return }`` where ``a`` is always made together
    with the field of ``text``: past it, the map is made too."""
    cond = stmt.child_by_field_name("condition")
    body = stmt.child_by_field_name("consequence")
    if cond is None or body is None or stmt.child_by_field_name("alternative") is not None:
        return False
    if not _terminates(body):
        return False

    def disjunct(node: Node) -> bool:
        node = sx.unparen(node)
        if node.type != "binary_expression":
            return False
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return False
        if file.text(operator) == "||":
            return disjunct(left) or disjunct(right)
        if file.text(operator) != "==" or right.type != "nil":
            return False
        prefix, _, a = sx.norm(file.text(left)).rpartition(".")
        base, _, b = text.rpartition(".")
        if not prefix or prefix != base or a == b:
            return False
        together = fl.facts(ctx.package).made_with.get(a)
        return together is not None and b in together

    return disjunct(cond)


def _ok_lookup(file: src.SourceFile, init: Node, cond: Node, text: str) -> bool:
    """``if v, ok := C[k]; ok { ... }``: a found key proves the map non-nil."""
    if init.type != "short_var_declaration":
        return False
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 2:
        return False
    if len(right.named_children) != 1:
        return False
    value = sx.unparen(right.named_children[0])
    if value.type != "index_expression":
        return False
    operand = value.child_by_field_name("operand")
    if operand is None or sx.norm(file.text(operand)) != text:
        return False
    ok = file.text(left.named_children[1])
    c = sx.norm(file.text(cond))
    return c == ok or c.startswith(ok + "&&")


def _dominated(
    ctx: FileContext,
    file: src.SourceFile,
    stmt: Node,
    text: str,
    initialisers: set[str],
    depth: int = 0,
) -> bool:
    node = stmt
    while node.parent is not None:
        parent = node.parent
        if parent.type == "statement_list":
            found: set[str] = set()  # `ok` of `v, ok := C[k]` seen so far
            for sibling in parent.named_children:
                if sibling.start_byte >= node.start_byte:
                    break
                if _makes(file, sibling, text, initialisers):
                    return True
                if _call_makes(ctx, file, sibling, text, depth):
                    return True
                if sibling.type == "if_statement" and _coinit_exit(ctx, file, sibling, text):
                    return True
                ok = _lookup_ok(file, sibling, text) or _lookup_value(file, sibling, text)
                if ok:
                    found.add(ok)
                    continue
                if found and sibling.type == "if_statement":
                    cond = sibling.child_by_field_name("condition")
                    body = sibling.child_by_field_name("consequence")
                    if (
                        cond is not None
                        and body is not None
                        and _zero_test(file, cond) in found
                        and _terminates(body)
                    ):
                        return True
                elif found and sibling.type == "if_statement":
                    cond = sibling.child_by_field_name("condition")
                    body = sibling.child_by_field_name("consequence")
                    if (
                        cond is not None
                        and body is not None
                        and sx.norm(file.text(cond)).removeprefix("!") in found
                        and sx.norm(file.text(cond)).startswith("!")
                        and _terminates(body)
                    ):
                        return True
        elif (
            _guarding_ancestor(file, node, parent, text)
            or (
                parent.type == "if_statement"
                and node == parent.child_by_field_name("consequence")
                and (cond := parent.child_by_field_name("condition")) is not None
                and _coinit_test(ctx, file, cond, text)
            )
            or _found_in(ctx, file, node, parent, text)
        ):
            return True
        elif parent.type in ("function_declaration", "method_declaration"):
            return depth < 3 and _callers_make(ctx, file, parent, text, initialisers, depth)
        elif (
            parent.type == "func_literal"
            and depth < 3
            and _closure_callers_make(ctx, file, parent, text, initialisers, depth)
        ):
            return True
        node = parent
    return False


# ---------------------------------------------------------------- found entries

_ZEROS = ("0", "nil", '""', "false", "0.0")


def _reads(file: src.SourceFile, expr: Node, text: str) -> bool:
    """``expr`` is ``C[k]`` for the map ``text``."""
    expr = sx.unparen(expr)
    if expr.type != "index_expression":
        return False
    operand = expr.child_by_field_name("operand")
    return operand is not None and sx.norm(file.text(operand)) == text


def _read_vars(file: src.SourceFile, func: Node | None, text: str) -> set[str]:
    """Locals holding a value read from the map: ``v := C[k]``, ``v, ok := C[k]``."""
    names: set[str] = set()
    if func is None:
        return names
    for node in src.walk(func):
        if node.type != "short_var_declaration":
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None or len(right.named_children) != 1:
            continue
        if _reads(file, right.named_children[0], text) and left.named_children:
            names.add(file.text(left.named_children[0]))
    return names


def _is_value(file: src.SourceFile, expr: Node, text: str, names: set[str]) -> bool:
    expr = sx.unparen(expr)
    if expr.type == "identifier":
        return file.text(expr) in names
    return _reads(file, expr, text)


_NONZERO_INT = re.compile(r"[1-9][0-9_]*|0[xX][0-9a-fA-F_]*[1-9a-fA-F][0-9a-fA-F_]*")


def _nonzero_const(ctx: FileContext, name: str) -> bool:
    """``name`` is a constant of the package with a non-zero value
    (``looping T = 1 + iota``, ``b`` after ``a = iota``, ``x = 3``)."""
    memo = ctx.memo("NM002.consts")
    cached = memo.get("table")
    if isinstance(cached, dict):
        return bool(cached.get(name, False))
    table: dict[str, bool] = {}
    for f in ctx.package.files:
        for decl in src.walk(f.root):
            if decl.type != "const_declaration":
                continue
            expr = ""
            specs = [c for c in decl.named_children if c.type == "const_spec"]
            for i, spec in enumerate(specs):
                value = spec.child_by_field_name("value")
                if value is not None:
                    expr = sx.norm(f.text(value))
                implicit = value is None
                nonzero = (
                    (not implicit and _NONZERO_INT.fullmatch(expr) is not None)
                    or (not implicit and re.fullmatch(r'"[^"]+"', expr) is not None)
                    or (expr == "iota" and i > 0)
                    or expr in ("1+iota", "iota+1", "1<<iota")
                )
                names = [f.text(n) for n in spec.children_by_field_name("name")]
                for n in names:
                    table[n] = bool(nonzero) and len(names) == 1
    memo["table"] = table
    return bool(table.get(name, False))


def _len_of(file: src.SourceFile, expr: Node) -> Node | None:
    """``len(v)`` or ``v.len()``/``v.Len()`` → ``v``."""
    expr = sx.unparen(expr)
    if expr.type != "call_expression":
        return None
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    if fn.type == "identifier" and file.text(fn) == "len" and args.named_child_count == 1:
        return args.named_children[0]
    if fn.type == "selector_expression" and args.named_child_count == 0:
        inner = fn.child_by_field_name("operand")
        method = fn.child_by_field_name("field")
        if inner is not None and method is not None and file.text(method) in ("len", "Len"):
            return inner
    return None


def _nonzero_cond(
    ctx: FileContext, file: src.SourceFile, cond: Node, text: str, names: set[str]
) -> bool:
    """``cond`` true means a value read from the map is non-zero: the map holds it."""
    cond = sx.unparen(cond)
    if cond.type == "identifier":
        return file.text(cond) in names  # a bool value read from the map
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    o = file.text(operator)
    if o == "&&":
        return _nonzero_cond(ctx, file, left, text, names) or _nonzero_cond(
            ctx, file, right, text, names
        )
    bound = sx.norm(file.text(right))
    inner = _len_of(file, left)
    if inner is not None:
        if not _is_value(file, inner, text, names):
            return False
        return (o in (">", "!=") and bound == "0") or (o == ">=" and bound not in ("0", "-1"))
    if not _is_value(file, left, text, names):
        return False
    if o == "!=":
        return bound in _ZEROS
    if o == "==":
        return _NONZERO_INT.fullmatch(bound) is not None or _nonzero_const(ctx, bound)
    return o == ">" and bound == "0"


def _found_in(ctx: FileContext, file: src.SourceFile, node: Node, parent: Node, text: str) -> bool:
    """``node`` runs only after a non-zero value was read from the map ``text``:
    ``if C[k] == nonzero``, ``if q := C[k]; q.len() > 0``, ``for _, x := range v``
    with ``v := C[k]``, ``for e := C[h]; e != nil; ...``, and the non-zero cases
    of ``switch len(v)``."""
    if parent.type not in ("if_statement", "for_statement", "expression_switch_statement"):
        return False
    names = _read_vars(file, sx.outermost_function(parent), text)
    if parent.type == "if_statement":
        cond = parent.child_by_field_name("condition")
        return (
            node == parent.child_by_field_name("consequence")
            and cond is not None
            and _nonzero_cond(ctx, file, cond, text, names)
        )
    if parent.type == "for_statement":
        if node != parent.child_by_field_name("body"):
            return False
        for child in parent.named_children:
            if child.type == "range_clause":
                right = child.child_by_field_name("right")
                return right is not None and _is_value(file, right, text, names)
            if child.type == "for_clause":
                cond = child.child_by_field_name("condition")
                return cond is not None and _nonzero_cond(ctx, file, cond, text, names)
        return False
    value = parent.child_by_field_name("value")
    if value is None or node.type not in ("expression_case", "default_case"):
        return False
    subject = _len_of(file, value) or value
    if not _is_value(file, subject, text, names):
        return False

    def labels(case: Node) -> set[str]:
        v = case.child_by_field_name("value")
        return {sx.norm(file.text(e)) for e in v.named_children} if v is not None else set()

    if node.type == "expression_case":
        mine = labels(node)
        return bool(mine) and all(
            _NONZERO_INT.fullmatch(m) is not None or _nonzero_const(ctx, m) for m in mine
        )
    cases = [c for c in parent.named_children if c.type == "expression_case"]
    return any(labels(c) & set(_ZEROS) for c in cases)


def _call_makes(ctx: FileContext, file: src.SourceFile, stmt: Node, text: str, depth: int) -> bool:
    """``x := f()`` or ``x = s.clone()`` for the chain ``x.f`` where the function
    of the package returns its result with the map made on every path."""
    if stmt.type not in ("short_var_declaration", "assignment_statement") or depth > 10:
        return False
    op = stmt.child_by_field_name("operator")
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or (op is not None and file.text(op) != "="):
        return False
    if len(right.named_children) != 1:
        return False
    call = sx.unparen(right.named_children[0])
    if call.type != "call_expression":
        return False
    for index, target in enumerate(left.named_children):
        name = sx.norm(file.text(target))
        if text.startswith(name + "."):
            decl = _callee(ctx, file, call)
            rest = text[len(name) + 1 :]
            return decl is not None and _returns_made(ctx, decl, index, rest, depth + 1)
    return False


def _callee(ctx: FileContext, file: src.SourceFile, call: Node) -> FuncDecl | None:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    fn = sx.unparen(fn)
    if fn.type == "identifier":
        decl = ctx.package.funcs.get(file.text(fn))
        return decl if decl is not None and not decl.receiver else None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    if operand is None or method is None:
        return None
    base = _types(ctx).expr(file, operand)
    if base is None:
        return None
    recv = _types(ctx).local_struct(base) or base.lstrip("*")
    return ctx.package.funcs.get(f"{recv}.{file.text(method)}")


def _returns_made(ctx: FileContext, decl: FuncDecl, index: int, rest: str, depth: int) -> bool:
    """Every return of ``decl`` gives result ``index`` with ``rest`` made
    (returns that come with a non-nil error do not count)."""
    body = decl.body
    if body is None or index >= len(decl.results) or depth > 10:
        return False
    memo = ctx.memo("NM002.returns")
    key = f"{decl.file.path}:{decl.node.start_byte}:{index}:{rest}"
    if key in memo:
        return bool(memo[key])
    memo[key] = False  # recursion
    file = decl.file
    errors = decl.results[-1].type_text == "error" and index != len(decl.results) - 1
    initialisers = fl.facts(ctx.package).initialisers.get(rest.rsplit(".", 1)[-1], set())
    result = False
    for ret in src.walk(body):
        if ret.type != "return_statement" or sx.enclosing_function(ret) != decl.node:
            continue
        values: list[Node] = []
        for child in ret.named_children:
            values = list(child.named_children) if child.type == "expression_list" else [child]
        if values and len(values) != len(decl.results):
            break
        if errors and values and values[-1].type != "nil":
            continue  # the value comes with an error: callers do not use it
        if not values:
            name = decl.results[index].name
            value_text = name
            value = None
        else:
            value = sx.unparen(values[index])
            value_text = file.text(value) if value.type == "identifier" else ""
        if value_text and value_text != "_":
            # depth >= 2: no look at the callers of decl from here
            chain = f"{value_text}.{rest}"
            ok = _dominated(ctx, file, ret, chain, initialisers, depth=max(depth, 2) + 2)
        elif value is not None and value.type == "call_expression":
            callee = _callee(ctx, file, value)
            ok = callee is not None and _returns_made(ctx, callee, 0, rest, depth + 1)
        elif value is not None:
            ok = _literal_sets(file, value, rest.split("."))
        else:
            ok = False
        if not ok:
            break
        result = True
    else:
        memo[key] = result
        return result
    return False


def _callers_make(
    ctx: FileContext,
    file: src.SourceFile,
    method: Node,
    text: str,
    initialisers: set[str],
    depth: int,
) -> bool:
    """Every call of the method holding the write comes after the map is made."""
    if method.type == "function_declaration":
        return _function_callers_make(ctx, file, method, text, initialisers, depth)
    if method.type != "method_declaration":
        return False
    name_node = method.child_by_field_name("name")
    recv = fl._receiver_name(file, method)
    if name_node is None or not recv or not text.startswith(recv + "."):
        return False
    name = file.text(name_node)
    if name[:1].isupper():
        return False  # callable from other packages
    rest = text[len(recv) :]
    calls = 0
    for other in ctx.package.files:
        for node in src.walk(other.root):
            if node.type != "selector_expression":
                continue
            f = node.child_by_field_name("field")
            operand = node.child_by_field_name("operand")
            if f is None or operand is None or other.text(f) != name:
                continue
            if (
                other.path == file.path
                and method.start_byte < node.start_byte < method.end_byte
                and sx.norm(other.text(operand)) == recv
            ):
                continue  # a recursive call: it runs after an outer call, already checked
            calls += 1
            if calls > 20:
                return False
            stmt = sx.statement_of(node)
            chain = sx.norm(other.text(operand)) + rest
            if stmt is None or not _dominated(ctx, other, stmt, chain, initialisers, depth + 1):
                return False
    return calls > 0


def _function_callers_make(
    ctx: FileContext,
    file: src.SourceFile,
    func: Node,
    text: str,
    initialisers: set[str],
    depth: int,
) -> bool:
    """``text`` starts at a parameter of an unexported function, and every
    call of the function passes an argument whose map is made by then. The
    function's name is used only in those calls (not passed as a value)."""
    name_node = func.child_by_field_name("name")
    if name_node is None:
        return False
    name = file.text(name_node)
    decl = ctx.package.funcs.get(name)
    if name[:1].isupper() or decl is None or decl.node.start_byte != func.start_byte:
        return False
    if decl.file.path != file.path or func.child_by_field_name("type_parameters") is not None:
        return False
    root, _, rest = text.partition(".")
    position = next((i for i, p in enumerate(decl.params) if p.name == root), -1)
    if position < 0 or not rest or decl.params[-1].type_text.startswith("..."):
        return False
    uses = _function_uses(ctx).get(name, [])
    calls = 0
    for other, ident in uses:
        if ident.start_byte == name_node.start_byte and other.path == file.path:
            continue  # the declaration
        call = ident.parent
        if call is None or call.type != "call_expression":
            return False  # a function value: called from anywhere
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"] if args else []
        if len(values) != len(decl.params):
            return False
        argument = sx.norm(other.text(values[position]))
        if (
            other.path == file.path
            and func.start_byte < call.start_byte < func.end_byte
            and argument == root
        ):
            continue  # a recursive call on the same value runs after an outer one
        calls += 1
        stmt = sx.statement_of(call)
        chain = f"{argument}.{rest}"
        if calls > 20 or stmt is None:
            return False
        if not _dominated(ctx, other, stmt, chain, initialisers, depth + 1):
            return False
    return calls > 0


def _closure_callers_make(
    ctx: FileContext,
    file: src.SourceFile,
    lit: Node,
    text: str,
    initialisers: set[str],
    depth: int,
) -> bool:
    """``text`` starts at a parameter of a func literal that an unexported
    function or method returns (``return func(req *Request) {...}``); each
    call of the factory keeps the closure in a local variable used only to
    call it, and every such call passes an argument whose map is made by then."""
    root, _, rest = text.partition(".")
    params = lit.child_by_field_name("parameters")
    if not rest or params is None:
        return False
    names: list[str] = []
    for decl in params.named_children:
        if decl.type == "variadic_parameter_declaration":
            return False
        if decl.type == "parameter_declaration":
            found = decl.children_by_field_name("name")
            names.extend([file.text(n) for n in found] or [""])
    if names.count(root) != 1:
        return False
    position = names.index(root)
    values = lit.parent
    ret = values.parent if values is not None else None
    if values is None or ret is None or ret.type != "return_statement":
        return False
    if values.type != "expression_list" or len(values.named_children) != 1:
        return False
    factory = sx.enclosing_function(ret)
    name_node = factory.child_by_field_name("name") if factory is not None else None
    if factory is None or name_node is None or file.text(name_node)[:1].isupper():
        return False
    name = file.text(name_node)
    if factory.type == "method_declaration":
        uses = [(f, sel.child_by_field_name("field")) for f, sel in _selectors(ctx, name)]
    else:
        uses = [(f, i) for f, i in _function_uses(ctx).get(name, []) if i.id != name_node.id]
    calls = 0
    for other, ident in uses:
        callee = ident.parent if ident is not None else None
        if callee is not None and callee.type == "selector_expression":
            callee_call = callee.parent
        else:
            callee_call, callee = callee, ident
        if callee_call is None or callee_call.type != "call_expression":
            return False
        if callee_call.child_by_field_name("function") != callee:
            return False
        stored = _stored_in(other, callee_call)
        if stored is None:
            return False
        var, definition, scope = stored
        for use in src.of_types(scope, ("identifier",)):
            if use.id == definition.id or other.text(use) != var:
                continue
            call = use.parent
            if call is None or call.type != "call_expression":
                return False  # reassigned, or handed on: called from anywhere
            if call.child_by_field_name("function") != use:
                return False
            args = call.child_by_field_name("arguments")
            arg_nodes = [a for a in args.named_children if a.type != "comment"] if args else []
            stmt = sx.statement_of(call)
            if len(arg_nodes) != len(names) or stmt is None:
                return False
            calls += 1
            chain = f"{sx.norm(other.text(arg_nodes[position]))}.{rest}"
            if calls > 20 or not _dominated(ctx, other, stmt, chain, initialisers, depth + 1):
                return False
    return calls > 0


def _stored_in(file: src.SourceFile, call: Node) -> tuple[str, Node, Node] | None:
    """``v := call``, ``v = call`` or ``var v = call`` in a function: the name,
    its identifier there, and the function."""
    values = call.parent
    holder = values.parent if values is not None else None
    scope = sx.enclosing_function(call)
    if values is None or holder is None or scope is None or values.type != "expression_list":
        return None
    index = [c.id for c in values.named_children].index(call.id)
    if holder.type == "var_spec":
        targets = list(holder.children_by_field_name("name"))
    elif holder.type in ("short_var_declaration", "assignment_statement"):
        left = holder.child_by_field_name("left")
        if left is None or holder.child_by_field_name("right") != values:
            return None
        targets = list(left.named_children)
    else:
        return None
    if len(targets) != len(values.named_children):
        return None
    target = targets[index]
    if target.type != "identifier" or file.text(target) == "_":
        return None
    return file.text(target), target, scope


def _function_uses(ctx: FileContext) -> dict[str, list[tuple[src.SourceFile, Node]]]:
    """Identifiers naming an unexported function of the package, by name
    (one walk, kept per package)."""
    memo = ctx.memo("NM002.funcs")
    cached = memo.get("table")
    if isinstance(cached, dict):
        return cached
    names = {k for k, d in ctx.package.funcs.items() if not d.receiver and not k[:1].isupper()}
    table: dict[str, list[tuple[src.SourceFile, Node]]] = {}
    for file in ctx.package.files:
        for ident in src.of_types(file.root, ("identifier",)):
            text = file.text(ident)
            if text in names:
                table.setdefault(text, []).append((file, ident))
    memo["table"] = table
    return table


# ---------------------------------------------------------------- fixes


def _guard(
    ctx: FileContext, stmt: Node, operand: Node, type_text: str, origin: src.SourceFile
) -> Fix | None:
    c_text = ctx.text(operand)
    if "\n" in c_text or any(n.type == "call_expression" for n in src.walk(operand)):
        return None
    for n in src.walk(operand):
        if n.type == "index_expression":
            return None
    if not fl.imports_compatible(ctx.package, type_text, origin, ctx.file):
        return None
    placed = sx.statement_of(stmt)
    if placed is None or placed != stmt:
        return None  # the write is inside a statement header: no place for a guard
    edit = gt.nil_guard(ctx.file, stmt, c_text, f"make({type_text})")
    if edit is None:
        return None
    return Fix(
        f"Guard the write with a nil check that makes {sx.norm(c_text)}",
        (edit,),
        Applicability.SAFE,
    )


def _literal_fix(
    ctx: FileContext,
    types: fl.Types,
    c: fl.Chain,
    paths: list[tuple[fl.Construction, bool]],
    origin: src.SourceFile,
) -> Fix | None:
    literals = [p for p, direct in paths if direct]
    if not literals:
        return None
    type_text = c.field.type_text
    edits: list[Edit] = []
    for lit in literals:
        if lit.keys is None:
            return None  # positional with an explicit nil: leave it to a person
        if not fl.imports_compatible(ctx.package, type_text, origin, lit.file):
            return None
        found = _literal_edits(lit.file, lit.node, c.field.name, f"make({type_text})")
        if found is None:
            return None
        path = "" if lit.file.path == ctx.file.path else lit.file.path
        edits.extend(Edit(e.start, e.end, e.new_text, path) for e in found)
    info = fl.facts(ctx.package)
    unsafe = (
        c.field.name in info.nil_compared
        or fl.serialised(types, c.owner, c.field)
        or c.owner in info.deep_equal
        or "*" in info.deep_equal
    )
    where = sorted({fl._func_name(p.file, p.func) or "package level" for p in literals})
    return Fix(
        f"Initialise {c.field.name} with make in the {c.owner} literal"
        + ("s" if len(literals) > 1 else "")
        + f" ({', '.join(where)})",
        tuple(edits),
        Applicability.UNSAFE if unsafe else Applicability.SAFE,
    )


def _literal_edits(file: src.SourceFile, lit: Node, key: str, value: str) -> list[Edit] | None:
    """Edits adding ``key: value`` to the literal_value ``lit``, gofmt-style."""
    data = file.data
    elements = [c for c in lit.named_children if c.type != "comment"]
    has_comments = any(c.type == "comment" for c in lit.named_children)
    open_end = lit.start_byte + 1
    close = lit.end_byte - 1
    if data[close : close + 1] != b"}":
        return None
    entry = f"{key}: {value}"
    if not elements:
        if has_comments or b"\n" in data[open_end:close]:
            return None
        return [Edit(open_end, close, entry.encode())]
    last = elements[-1]
    if file.position(close).line == file.position(last.end_byte).line:
        return [Edit(last.end_byte, last.end_byte, f", {entry}".encode())]
    line_start = data.rfind(b"\n", 0, close) + 1
    if data[line_start:close].strip():
        return None
    nl = file.newline
    indent = file.indent_at(last.start_byte)
    # the alignment section: single-line keyed elements on consecutive lines above
    section: list[Node] = []
    expected_line = file.position(close).line - 1
    for element in reversed(elements):
        start = file.position(element.start_byte).line
        end = file.position(element.end_byte).line
        if start != end or end != expected_line or element.type != "keyed_element":
            break
        line = file.line_text(start)
        stripped = line.strip()
        if not stripped.startswith(file.text(element).encode()[:1]):
            break
        section.append(element)
        expected_line -= 1
    widths = [len(file.text(e.named_children[0]).encode()) + 1 for e in section if e.named_children]
    width = max([len(key) + 1, *widths])
    edits: list[Edit] = []
    commented = False
    for element in section:
        k, v = element.named_children[0], element.named_children[-1]
        want = b" " * (width - (k.end_byte - k.start_byte + 1) + 1)
        colon = k.end_byte
        if data[colon : colon + 1] != b":":
            return None
        if data[colon + 1 : v.start_byte] != want:
            edits.append(Edit(colon + 1, v.start_byte, want))
        after = file.line_text(file.position(element.end_byte).line)
        if b"//" in after[after.find(b",") if b"," in after else 0 :] or b"/*" in after:
            commented = True
    if edits and commented:
        return None
    pad = " " * (width - (len(key) + 1) + 1)
    line = indent + f"{key}:{pad}{value},".encode() + nl
    edits.append(Edit(line_start, line_start, line))
    return edits
