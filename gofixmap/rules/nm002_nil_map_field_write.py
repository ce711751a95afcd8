"""NM002 nil-map-field-write: a write to a struct's map field that some
construction path of the struct leaves nil."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Rule
from gofixmap.rules import _fields as fl

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
        not reported, nor are literals followed by `x.f = make(...)`.

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
        types = _types(ctx)
        for stmt, index in _writes(ctx.file):
            operand = index.child_by_field_name("operand")
            if operand is None:
                continue
            c = fl.chain(types, ctx.file, operand)
            if c is None:
                continue
            paths = fl.nil_paths(types, c.owner, c.field.name)
            if not paths:
                continue
            info = fl.facts(ctx.package)
            if _dominated(ctx.file, stmt, c, info.initialisers.get(c.field.name, set())):
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
        message = f"write to nil map field {fl.norm(text)}: {_reason(paths[0], c.field.name)}"
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


def _types(ctx: FileContext) -> fl.Types:
    memo = ctx.memo("NM002")
    types = memo.get("types")
    if not isinstance(types, fl.Types):
        types = fl.Types(ctx.package)
        memo["types"] = types
    return types


def _writes(file: src.SourceFile) -> Iterator[tuple[Node, Node]]:
    """(statement, index expression) of every map-style index write."""
    for node in src.walk(file.root):
        if node.type == "assignment_statement":
            op = node.child_by_field_name("operator")
            left = node.child_by_field_name("left")
            if op is None or left is None or file.text(op) == ":=":
                continue
            for target in left.named_children:
                target = fl.unparen(target)
                if target.type == "index_expression":
                    yield node, target
        elif node.type in ("inc_statement", "dec_statement"):
            for child in node.named_children:
                child = fl.unparen(child)
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
    cond = fl.unparen(cond)
    if cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    o = file.text(operator)
    if o == op:
        pair = {fl.norm(file.text(left)), fl.norm(file.text(right))}
        return pair == {text, "nil"}
    joiner = "&&" if op == "!=" else "||"
    if o == joiner:
        return _is_nil_test(file, left, text, op) or _is_nil_test(file, right, text, op)
    return False


def _assigns(file: src.SourceFile, stmt: Node, text: str) -> bool:
    if stmt.type != "assignment_statement":
        return False
    op = stmt.child_by_field_name("operator")
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if op is None or left is None or right is None or file.text(op) != "=":
        return False
    values = right.named_children
    for i, target in enumerate(left.named_children):
        if fl.norm(file.text(target)) == text:
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
        t = fl.unparen(t)
        if t.type == "index_expression":
            operand = t.child_by_field_name("operand")
            if operand is not None and fl.norm(file.text(operand)) == text:
                return True
    return False


def _terminates(block: Node) -> bool:
    stmts = block.named_children
    if stmts and stmts[0].type == "statement_list":
        stmts = stmts[0].named_children
    stmts = [s for s in stmts if s.type != "comment"]
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
    fn = fl.unparen(fn)
    if fn.type == "identifier":
        return fn.text.decode() if fn.text else ""
    if fn.type == "selector_expression":
        f = fn.child_by_field_name("field")
        return f.text.decode() if f is not None and f.text else ""
    return ""


def _makes(
    file: src.SourceFile, stmt: Node, c: fl.Chain, text: str, initialisers: set[str]
) -> bool:
    if _assigns(file, stmt, text) or _writes_to(file, stmt, text):
        return True
    if stmt.type == "if_statement":
        cond = stmt.child_by_field_name("condition")
        body = stmt.child_by_field_name("consequence")
        if cond is not None and body is not None and _is_nil_test(file, cond, text, "=="):
            if _terminates(body):
                return True
            for node in src.walk(body):
                if node.type == "assignment_statement" and _assigns(file, node, text):
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
                    and fl.norm(file.text(operand)) in prefixes
                ):
                    return True
    return False


def _prefixes(text: str) -> set[str]:
    parts = text.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts))}


def _dominated(file: src.SourceFile, stmt: Node, c: fl.Chain, initialisers: set[str]) -> bool:
    text = c.text
    node = stmt
    while node.parent is not None:
        parent = node.parent
        if parent.type == "statement_list":
            for sibling in parent.named_children:
                if sibling.start_byte >= node.start_byte:
                    break
                if _makes(file, sibling, c, text, initialisers):
                    return True
        elif parent.type == "if_statement":
            cond = parent.child_by_field_name("condition")
            if cond is not None:
                if node == parent.child_by_field_name("consequence") and _is_nil_test(
                    file, cond, text, "!="
                ):
                    return True
                if node == parent.child_by_field_name("alternative") and _is_nil_test(
                    file, cond, text, "=="
                ):
                    return True
        elif parent.type in ("function_declaration", "method_declaration"):
            return False
        node = parent
    return False


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
    placed = fl.statement_of(stmt)
    if placed is None or placed != stmt:
        return None  # the write is inside a statement header: no place for a guard
    nl = ctx.file.newline
    indent = ctx.file.indent_at(stmt.start_byte)
    text = (
        f"if {c_text} == nil {{".encode()
        + nl
        + indent
        + f"\t{c_text} = make({type_text})".encode()
        + nl
        + indent
        + b"}"
        + nl
        + indent
    )
    return Fix(
        f"Guard the write with a nil check that makes {fl.norm(c_text)}",
        (Edit(stmt.start_byte, stmt.start_byte, text),),
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
