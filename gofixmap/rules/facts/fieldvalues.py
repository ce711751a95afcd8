"""FIELD_VALUES: the values a struct's map field is given after (or
beside) construction that may be nil: ``s.values = src.Values`` in a reload
method, ``&T{values: opts.Values}``.

A fix that makes the field where the struct is built (``values:
make(...)`` in the constructor's literal) does not stop a write from
panicking when such an assignment can put nil back: the map the constructor
made is replaced. NM002 reads this fact to choose the guard at the write
instead, and never to mark the constructor fix safe there.

A value counts as non-nil only when it provably is: ``make(...)``, a
composite literal, or a local variable of the same function declared with
one of those and never assigned again. Anything else (a parameter, another
struct's field, a call, ``maps.Clone``) may be nil. An assignment followed at
once by ``if x.f == nil { ... }`` is taken as handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.constructions import CONSTRUCTIONS, Constructions, func_name
from gofixmap.rules.facts.types import TYPES, TypeResolver

Node = tree_sitter.Node


@dataclass(frozen=True, eq=False)
class FieldValue:
    """``x.f = value`` (``kind`` "assign") or ``T{f: value}`` ("keyed") with a
    value that may be nil."""

    owner: str  # the struct type declaring the field
    field: str
    kind: str
    file: SourceFile
    value: Node
    func: Node | None

    def describe(self) -> str:
        where = func_name(self.file, self.func) or "a package-level declaration"
        text = sx.norm(self.file.text(self.value))
        if len(text) > 40:
            text = text[:37] + "..."
        if self.kind == "keyed":
            return f"the {self.owner} literal in {where} sets {self.field} from {text}"
        return f"{where} sets {self.field} from {text}"


@dataclass(eq=False)
class FieldValues:
    """The value of FIELD_VALUES."""

    by_field: dict[tuple[str, str], list[FieldValue]] = field(default_factory=dict)

    def nilable(self, owner: str, name: str, *, in_test: bool) -> list[FieldValue]:
        """The values of ``owner.name`` that may be nil, as seen by a write in
        a test file (``in_test``) or in production code, which never runs the
        assignments of _test.go files."""
        return [
            v
            for v in self.by_field.get((owner, name), ())
            if in_test or not v.file.path.endswith("_test.go")
        ]


def may_be_nil(file: SourceFile, value: Node, func: Node | None) -> bool:
    """Whether the map ``value`` can be nil (see the module docstring)."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        return False
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        return fn is None or file.text(fn) != "make"
    if value.type == "identifier" and func is not None:
        return not _made_local(file, value, func)
    return True


def _made_local(file: SourceFile, ident: Node, func: Node) -> bool:
    """``m := make(...)`` (or a literal) in ``func``, never assigned again."""
    name = file.text(ident)
    made = False
    for node in sx.nodes(func, ("short_var_declaration", "assignment_statement", "var_spec")):
        if node.type == "var_spec":
            names = [file.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                continue
            values = node.child_by_field_name("value")
            if values is None or len(values.named_children) != len(names):
                return False  # ``var m map[K]V``: nil until assigned
            if may_be_nil(file, values.named_children[names.index(name)], None):
                return False
            made = True
            continue
        sides = sx.assignment_sides(node)
        if sides is None:
            continue
        lefts, rights = sides
        for i, target in enumerate(lefts):
            if target.type != "identifier" or file.text(target) != name:
                continue
            if len(rights) != len(lefts) or may_be_nil(file, rights[i], None):
                return False
            made = True
    return made


def _handled(file: SourceFile, stmt: Node, target: str) -> bool:
    """``x.f = v`` followed at once by ``if x.f == nil {``."""
    following = sx.next_statement(stmt)
    if following is None or following.type != "if_statement":
        return False
    cond = following.child_by_field_name("condition")
    if cond is None:
        return False
    return sx.norm(file.text(cond)) in (f"{target}==nil", f"nil=={target}", f"len({target})==0")


def _collect(types: TypeResolver, info: Constructions) -> FieldValues:
    out = FieldValues()

    def add(v: FieldValue) -> None:
        out.by_field.setdefault((v.owner, v.field), []).append(v)

    for file in types.pkg.files:
        for stmt in src.of_types(file.root, ("assignment_statement",)):
            op = stmt.child_by_field_name("operator")
            sides = sx.assignment_sides(stmt)
            if op is None or file.text(op) != "=" or sides is None:
                continue
            lefts, rights = sides
            if len(lefts) != len(rights):
                continue  # ``x.f, err = load()``: a call's results, may be nil
            for target, value in zip(lefts, rights, strict=True):
                target = sx.unparen(target)
                if target.type != "selector_expression" or value.type == "nil":
                    continue  # ``x.f = nil``, a reset, is not a value (see .constructions)
                operand = target.child_by_field_name("operand")
                name_node = target.child_by_field_name("field")
                if operand is None or name_node is None:
                    continue
                t = types.type_of(file, operand)
                owner_type = types.local_struct(t) if t is not None else None
                if owner_type is None:
                    continue
                f = types.field(owner_type, file.text(name_node))
                if f is None or not types.pkg.underlying(f.type_text, file).startswith("map["):
                    continue
                func = sx.enclosing_function(stmt)
                if not may_be_nil(file, value, func):
                    continue
                if _handled(file, stmt, sx.norm(file.text(target))):
                    continue
                add(FieldValue(f.owner, f.name, "assign", file, value, func))
    for owner, built in info.constructions.items():
        decl = types.pkg.struct(owner)
        if decl is None:
            continue
        maps = {
            f.name
            for f in decl.fields
            if types.pkg.underlying(f.type_text, decl.file).startswith("map[")
        }
        for c in built:
            if c.kind != "literal" or not c.keys or not (c.keys & maps):
                continue
            for element in c.node.named_children:
                if element.type != "keyed_element" or len(element.named_children) != 2:
                    continue
                key, value = element.named_children
                name = sx.norm(c.file.text(key))
                inner = value.named_children[0] if value.named_child_count == 1 else value
                if name in maps and inner.type != "nil" and may_be_nil(c.file, inner, c.func):
                    add(FieldValue(owner, name, "keyed", c.file, inner, c.func))
    return out


def _produce(pkg: Pass) -> FieldValues:
    return _collect(pkg.fact(TYPES), pkg.fact(CONSTRUCTIONS))


FIELD_VALUES: Fact[FieldValues] = Fact("field-values", _produce, (TYPES, CONSTRUCTIONS))
