"""FIELD_INIT: whether the map of a field chain (``x.a.m``) is made before
a statement that writes into it, on every way to that statement.

A write ``x.m[k] = v`` is safe when, before it in its function, the chain is
made (``x.m = make(...)``, a literal that sets it, a method known to make it,
a call whose result has it made), or checked (``if x.m == nil { x.m = ... }``,
``if x.m == nil { return }``, ``len(x.m) > 0``, a successful lookup, a
variable set together with it), or the write sits in a branch that only runs
when it is (``if x.m != nil``, a switch on a value only a made map holds);
else when every caller of the function makes it first (methods called on a
receiver, unexported functions and closures called with made arguments).

This module is longer than most: the local analysis (dominance of makes and
checks over the write) and the interprocedural one (callers, callees and
returns that make the map) call each other, and live together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts import companions, lookups, walkers
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.constants import CONSTANTS, Constants
from gofixmap.rules.facts.constructions import CONSTRUCTIONS, Constructions, receiver_name
from gofixmap.rules.facts.types import TYPES, TypeResolver
from gofixmap.rules.facts.writes import is_write_operand

Node = tree_sitter.Node


@dataclass(eq=False)
class FieldInit:
    """The value of FIELD_INIT: the package's knowledge the analysis reads,
    and what it has worked out so far (each answer once per package)."""

    package: PackageIndex
    types: TypeResolver
    cons: Constructions
    constants: Constants
    calls: Calls
    # caches of the analyses below, by (file, byte offset of the node, ...)
    returns: dict[tuple[str, int, int, str], bool] = field(default_factory=dict)
    holders: dict[tuple[str, int, str], bool] = field(default_factory=dict)
    pools: dict[tuple[str, int, str], bool] = field(default_factory=dict)
    entries: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)
    _selectors: dict[str, list[tuple[SourceFile, Node]]] | None = None
    _function_uses: dict[str, list[tuple[SourceFile, Node]]] | None = None

    def selectors(self, name: str) -> list[tuple[SourceFile, Node]]:
        """Every ``x.name`` selector of the package."""
        if self._selectors is None:
            self._selectors = sx.selectors_by_field(self.package.files)
        return self._selectors.get(name, [])

    def function_uses(self) -> dict[str, list[tuple[SourceFile, Node]]]:
        """Identifiers naming an unexported function of the package, by name."""
        if self._function_uses is None:
            names = {
                k for k, d in self.package.funcs.items() if not d.receiver and not k[:1].isupper()
            }
            table: dict[str, list[tuple[SourceFile, Node]]] = {}
            for file in self.package.files:
                for ident in src.of_types(file.root, ("identifier",)):
                    text = file.text(ident)
                    if text in names:
                        table.setdefault(text, []).append((file, ident))
            self._function_uses = table
        return self._function_uses


def is_nonzero_int(text: str) -> bool:
    return Constants.is_nonzero_literal(text)


def dominated(
    k: FieldInit, file: SourceFile, stmt: Node, text: str, initialisers: set[str], depth: int = 0
) -> bool:
    """The chain ``text`` is made or checked before ``stmt`` (see the module)."""
    return _dominated(k, file, stmt, text, initialisers, depth)


def _is_nil_test(file: SourceFile, cond: Node, text: str, op: str) -> bool:
    """``cond`` is (or, for ``!=``, a conjunct of it is) ``text op nil``."""
    parts = sx.binary(cond)
    if parts is None:
        return False
    operator, left, right = parts
    o = file.text(operator)
    if o == op:
        pair = {sx.norm(file.text(left)), sx.norm(file.text(right))}
        return pair == {text, "nil"}
    joiner = "&&" if op == "!=" else "||"
    if o == joiner:
        return _is_nil_test(file, left, text, op) or _is_nil_test(file, right, text, op)
    return False


def _assigns(file: SourceFile, stmt: Node, text: str) -> bool:
    sides = sx.plain_assignment(stmt)
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


def _writes_to(file: SourceFile, stmt: Node, text: str) -> bool:
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


def terminates(block: Node, *, jumps: bool = True) -> bool:
    """The block ends in a statement after which nothing of it runs on: a
    ``return``, a call that ends the goroutine or the program (``panic``,
    ``t.FailNow``, ``log.Fatal``...), or (``jumps``) a ``break``,
    ``continue`` or ``goto``, which leave the block but not the function."""
    stmts = [s for s in sx.block_statements(block) if s.type != "comment"]
    if not stmts:
        return False
    last = stmts[-1]
    if last.type == "return_statement" or (
        jumps and last.type in ("break_statement", "continue_statement", "goto_statement")
    ):
        return True
    if last.type == "expression_statement":
        call = last.named_children[0] if last.named_children else None
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            return fn is not None and _call_name(fn) in (
                "panic",
                "Fatal",
                "Fatalf",
                "Fatalln",
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


def _makes(file: SourceFile, stmt: Node, text: str, initialisers: set[str]) -> bool:
    """Whether ``stmt``, once completed, leaves the map ``text`` non-nil."""
    if _assigns(file, stmt, text) or _writes_to(file, stmt, text):
        return True
    if _assigns_literal(file, stmt, text):
        return True
    if stmt.type == "if_statement":
        cond = stmt.child_by_field_name("condition")
        body = stmt.child_by_field_name("consequence")
        if cond is not None and body is not None:
            # `len(C) == 0` holds for nil too: the same test as `C == nil`
            empty = _is_nil_test(file, cond, text, "==") or _is_len_zero(file, cond, text)
            if empty and terminates(body):
                return True
            alternative = stmt.child_by_field_name("alternative")
            # `if C == nil { C = make(...) }` (also with an else: `{ clear(C) }`),
            # and the co-initialisation idiom `if x.other == nil { x.other = ...; C = make(...) }`
            if (empty or (_is_any_nil_test(file, cond) and alternative is None)) and any(
                _assigns(file, s, text) for s in sx.block_statements(body)
            ):
                return True
            if _every_arm_assigns(file, stmt, text):
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


def _is_len_zero(file: SourceFile, cond: Node, text: str) -> bool:
    """``len(C) == 0`` (or ``0 == len(C)``, ``len(C) < 1``)."""
    return lookups.len_test(file, cond) == (text, "empty")


def _every_arm_assigns(file: SourceFile, stmt: Node, text: str) -> bool:
    """``if a { C = x } else if b { C = y } else { C = z }``: every arm,
    down to a final ``else``, assigns the map (or leaves)."""
    current: Node | None = stmt
    while current is not None and current.type == "if_statement":
        body = current.child_by_field_name("consequence")
        if body is None or not _arm_assigns(file, body, text):
            return False
        current = current.child_by_field_name("alternative")
    return current is not None and current.type == "block" and _arm_assigns(file, current, text)


def _arm_assigns(file: SourceFile, block: Node, text: str) -> bool:
    statements = sx.statements(block)
    return terminates(block) or any(
        _assigns(file, s, text) or _assigns_literal(file, s, text) for s in statements
    )


def errors_when_missing(file: SourceFile, body: Node, text: str) -> bool:
    """``body`` returns a non-nil error when the map ``text`` is nil, empty or
    lacks a key: ``if C == nil { return ..., err }``, ``if len(C) == 0 {...}``,
    ``if _, ok := C[k]; !ok {...}``."""
    for stmt in src.of_types(body, ("if_statement",)):
        cond = stmt.child_by_field_name("condition")
        then = stmt.child_by_field_name("consequence")
        if cond is None or then is None:
            continue
        init = stmt.child_by_field_name("initializer")
        ok = _lookup_ok(file, init, text) if init is not None else ""
        missing = (
            _is_nil_test(file, cond, text, "==")
            or _is_len_zero(file, cond, text)
            or (ok != "" and sx.norm(file.text(cond)) == "!" + ok)
        )
        last = sx.statements(then)[-1:]
        if not missing or not last or last[0].type != "return_statement":
            continue
        values = last[0].named_children
        results = (
            values[0].named_children if values and values[0].type == "expression_list" else values
        )
        if results and file.text(results[-1]) != "nil":
            return True
    return False


def _made_when_ranged(file: SourceFile, stmt: Node, write: Node, text: str) -> bool:
    """``if len(src) > 0 { C = make(...) }`` before a write in the body of
    ``for ... range src``: the body runs only when the map was made."""
    cond = stmt.child_by_field_name("condition")
    body = stmt.child_by_field_name("consequence")
    if cond is None or body is None:
        return False
    operand = lookups.nonempty_operand(file, cond)
    func = sx.enclosing_function(write)
    if not operand or func is None or operand not in lookups.ranged_over(file, write, func):
        return False
    return any(_assigns(file, s, text) for s in sx.block_statements(body))


def checked_by_callee(
    calls: Calls, file: SourceFile, stmt: Node, text: str, *, methods: bool = True
) -> bool:
    """``if err := check(x); err != nil { return err }`` (or the call in the
    condition), where ``check`` — a function of the package, or (with
    ``methods``) a method called on the same root — returns an error when
    the map is nil or lacks a key: past the ``if`` the map is there."""
    then = stmt.child_by_field_name("consequence")
    if then is None or stmt.child_by_field_name("alternative") is not None or not terminates(then):
        return False
    for part in (stmt.child_by_field_name("initializer"), stmt.child_by_field_name("condition")):
        if part is None:
            continue
        for call in src.of_types(part, ("call_expression",)):
            for decl, inner in _callee_forms(calls, file, call, text, methods):
                if decl.body is not None and errors_when_missing(decl.file, decl.body, inner):
                    return True
    return False


def _callee_forms(
    calls: Calls, file: SourceFile, call: Node, text: str, methods: bool
) -> list[tuple[FuncDecl, str]]:
    """The functions ``call`` may reach with, for each, how it names the map
    ``text`` (through the parameter or receiver that receives its root)."""
    found: list[tuple[FuncDecl, str]] = []
    fn = sx.unparen(call.child_by_field_name("function") or call)
    if fn.type == "selector_expression" and methods:  # x.check(): a method on the root
        operand = fn.child_by_field_name("operand")
        method = fn.child_by_field_name("field")
        if operand is None or method is None:
            return found
        root = sx.norm(file.text(operand))
        if not text.startswith(root + "."):
            return found
        for decl in calls.methods_named(file.text(method)):
            if decl.receiver_name and decl.receiver_name != "_":
                found.append((decl, decl.receiver_name + text[len(root) :]))
        return found
    if fn.type != "identifier":
        return found
    func = calls.package.funcs.get(file.text(fn))
    args = call.child_by_field_name("arguments")
    if func is None or func.receiver or args is None:
        return found
    for i, arg in enumerate(args.named_children):
        root = sx.norm(file.text(arg)).removeprefix("&")
        if i < len(func.params) and func.params[i].name and text.startswith(root + "."):
            found.append((func, func.params[i].name + text[len(root) :]))
    return found


def _is_any_nil_test(file: SourceFile, cond: Node) -> bool:
    parts = sx.binary(cond)
    if parts is None:
        return False
    operator, left, right = parts
    o = file.text(operator)
    if o == "==":
        return right.type == "nil" or left.type == "nil"
    if o == "||":
        return _is_any_nil_test(file, left) or _is_any_nil_test(file, right)
    return False


def _literal_sets(file: SourceFile, value: Node, rest: list[str]) -> bool:
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


def _assigns_literal(file: SourceFile, stmt: Node, text: str) -> bool:
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


def _guarding_ancestor(file: SourceFile, node: Node, parent: Node, text: str) -> bool:
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
                if right is not None and _filled_in_range(file, parent, right, text):
                    return True
    if parent.type == "if_statement" and node == parent.child_by_field_name("consequence"):
        cond = parent.child_by_field_name("condition")
        for term in sx.terms(cond, "&&") if cond is not None else []:
            inner = _len_of(file, term.child_by_field_name("left") or term)
            if (
                inner is not None
                and lookups.len_test(file, term)[1] == "nonempty"
                and _filled_in_range(file, parent, inner, text)
            ):
                return True
    return False


_EMPTY_COLLECTION = ("composite_literal", "call_expression")


def _filled_in_range(file: SourceFile, at: Node, collection: Node, text: str) -> bool:
    """``collection`` is a local slice or map that starts empty (``var l
    []T``, ``l := make([]T, 0, n)``, ``l := map[K]V{}``) and that its
    function grows only in the body of ``for ... range <the map text>``
    (``l = append(l, x)``, ``l[k] = v``), never in a func literal, and uses
    otherwise only as ``len(l)``, ``l[k]``, ``delete(l, k)`` or ``range
    l``: a range over a nil map runs no iteration, so a non-empty
    ``collection`` means the map is not nil."""
    collection = sx.unparen(collection)
    func = sx.enclosing_function(at)
    if collection.type != "identifier" or func is None:
        return False
    name = file.text(collection)
    declared: list[Node] = []
    for ident in sx.nodes(func, ("identifier",)):
        if file.text(ident) != name:
            continue
        up = ident.parent
        if up is not None and up.type in ("var_spec", "parameter_declaration"):
            declared.append(ident)
            if up.type != "var_spec" or up.child_by_field_name("value") is not None:
                return False
            continue
        if up is not None and up.type == "expression_list" and up.parent is not None:
            stmt = up.parent
            if stmt.type == "short_var_declaration" and stmt.child_by_field_name("left") == up:
                declared.append(ident)
                if not _starts_empty(file, stmt):
                    return False
                continue
        if not _collection_use(file, ident, func, text):
            return False
    return len(declared) == 1


def _starts_empty(file: SourceFile, stmt: Node) -> bool:
    """``l := make([]T, 0[, n])``, ``make(map[K]V[, n])``, ``[]T{}``, ``map[K]V{}``."""
    names, values = sx.defined_values(stmt)
    if len(names) != 1 or len(values) != 1:
        return False
    value = sx.unparen(values[0])
    if value.type == "composite_literal":
        body = value.child_by_field_name("body")
        kind = value.child_by_field_name("type")
        return (
            body is not None
            and not body.named_children
            and kind is not None
            and kind.type in ("slice_type", "map_type")
        )
    fn = value.child_by_field_name("function")
    args = value.child_by_field_name("arguments")
    if fn is None or args is None or file.text(fn) != "make" or not args.named_children:
        return False
    kind, *rest = args.named_children
    if kind.type == "map_type":
        return True
    return kind.type == "slice_type" and bool(rest) and sx.norm(file.text(rest[0])) == "0"


def _collection_use(file: SourceFile, ident: Node, func: Node, text: str) -> bool:
    """``ident`` (the collection) is read, or grown in a range over ``text``."""
    up = ident.parent
    if up is None:
        return False
    if up.type == "argument_list" and up.parent is not None:
        fn = up.parent.child_by_field_name("function")
        callee = file.text(fn) if fn is not None else ""
        if callee in ("len", "cap"):
            return True
        if callee in ("delete", "append") and up.named_children[0].id == ident.id:
            if callee == "delete":
                return True
            return _grows_in_range(file, up.parent, ident, func, text)
        return False
    if up.type == "range_clause":
        return up.child_by_field_name("right") == ident
    if up.type == "index_expression" and up.child_by_field_name("operand") == ident:
        return not is_write_operand(ident) or _grows_in_range(file, up, ident, func, text)
    if sx.is_assigned(ident):
        return _grows_in_range(file, ident, ident, func, text)
    return False


def _grows_in_range(file: SourceFile, node: Node, ident: Node, func: Node, text: str) -> bool:
    """The statement of ``node`` is ``l = append(l, ...)`` or ``l[k] = v`` in
    the body of a ``for ... range <text>`` of ``func`` itself (no func
    literal between)."""
    stmt = sx.statement_of(node, crossing_functions=False)
    if stmt is None or stmt.type != "assignment_statement":
        return False
    if sx.enclosing_function(stmt) != func:
        return False
    sides = sx.assignment_sides(stmt)
    if sides is None or len(sides[0]) != 1 or len(sides[1]) != 1:
        return False
    target, value = sides[0][0], sx.unparen(sides[1][0])
    name = file.text(ident)
    if target.type == "identifier":
        fn = value.child_by_field_name("function") if value.type == "call_expression" else None
        args = value.child_by_field_name("arguments")
        if fn is None or file.text(fn) != "append" or args is None or not args.named_children:
            return False
        if file.text(target) != name or file.text(args.named_children[0]) != name:
            return False
    elif target.type == "index_expression":
        operand = target.child_by_field_name("operand")
        if operand is None or file.text(operand) != name:
            return False
    else:
        return False
    return text in lookups.ranged_over(file, stmt, func)


def _len_test(file: SourceFile, cond: Node, text: str) -> bool:
    """``len(C) > 0`` and the like, alone or as a conjunct."""
    cond = sx.unparen(cond)
    parts = sx.binary(cond)
    if parts is not None and parts[0].type == "&&":
        return _len_test(file, parts[1], text) or _len_test(file, parts[2], text)
    return lookups.len_test(file, cond) == (text, "nonempty")


def _lookup_ok(file: SourceFile, stmt: Node, text: str) -> str:
    """The ``ok`` name of ``v, ok := C[k]`` (or ``=``), else ""."""
    return lookups.lookup_names(file, stmt, {text})[1]


def _lookup_value(file: SourceFile, stmt: Node, text: str) -> str:
    """The ``v`` of ``v := C[k]``, else ""."""
    left = stmt.child_by_field_name("left") if stmt.type == "short_var_declaration" else None
    if left is None or len(left.named_children) != 1:
        return ""
    value = lookups.lookup_names(file, stmt, {text})[0]
    return "=" + value if value else ""


def _zero_test(file: SourceFile, cond: Node) -> str:
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


def _coinit_test(k: FieldInit, file: SourceFile, cond: Node, text: str) -> bool:
    """``if x.a != nil`` (``x.a > 0``, ``x.a``, ...) where every place that
    sets ``a`` also makes the field of ``text`` (``x.b``): the two are made
    together (:mod:`.companions`)."""
    cond = sx.unparen(cond)
    if cond.type == "binary_expression":
        parts = sx.binary(cond)
        if parts is None:
            return False
        operator, left, right = parts
        if file.text(operator) == "&&":
            return _coinit_test(k, file, left, text) or _coinit_test(k, file, right, text)
    tested = companions.nonzero_test(file, cond)
    prefix, _, a = tested.rpartition(".")
    base, _, b = text.rpartition(".")
    if not prefix or prefix != base or a == b:
        return False
    return companions.made_together(k.cons, a, b)


def _companion_lookup(k: FieldInit, file: SourceFile, stmt: Node, text: str) -> str:
    """``v := x.a[k]`` or ``v, ok := x.a[k]`` on a companion field ``a`` of
    the map ``text`` (``x.b``) that is always made together with it
    (:func:`.companions.made_together`): a key found there (``if !ok {
    return }``, ``if v == nil { return }`` after it) says ``x.a`` holds an
    entry, so it was set, and ``x.b`` made with it. The name to test, as
    :func:`_lookup_ok` and :func:`_lookup_value` give it; else ""."""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return ""
    base, _, b = text.rpartition(".")
    if not base:
        return ""
    for a, together in k.cons.made_with.items():
        if a == b or b not in together:
            continue
        companion = f"{base}.{a}"
        ok = _lookup_ok(file, stmt, companion) or _lookup_value(file, stmt, companion)
        if ok and companions.made_together(k.cons, a, b):
            return ok
    return ""


def _coinit_exit(k: FieldInit, file: SourceFile, stmt: Node, text: str) -> bool:
    """``if x.a == nil || ... { return }`` where ``a`` is always made together
    with the field of ``text``: past it, the map is made too."""
    cond = stmt.child_by_field_name("condition")
    body = stmt.child_by_field_name("consequence")
    if cond is None or body is None or stmt.child_by_field_name("alternative") is not None:
        return False
    if not terminates(body):
        return False

    def disjunct(node: Node) -> bool:
        parts = sx.binary(node)
        if parts is None:
            return False
        operator, left, right = parts
        if file.text(operator) == "||":
            return disjunct(left) or disjunct(right)
        if file.text(operator) != "==" or right.type != "nil":
            return False
        prefix, _, a = sx.norm(file.text(left)).rpartition(".")
        base, _, b = text.rpartition(".")
        if not prefix or prefix != base or a == b:
            return False
        together = k.cons.made_with.get(a)
        return together is not None and b in together

    return disjunct(cond)


def _tag_test(k: FieldInit, file: SourceFile, cond: Node, text: str, op: str) -> bool:
    """``x.tag <op> C`` (``==`` as a conjunct, ``!=`` as a disjunct) where
    every value whose tag is the constant ``C`` has the map of ``text``
    (``x.field``) made (:func:`companions.made_with_tag`)."""
    parts = sx.binary(cond)
    if parts is None:
        return False
    operator, left, right = parts
    joiner = "&&" if op == "==" else "||"
    if file.text(operator) == joiner:
        return _tag_test(k, file, left, text, op) or _tag_test(k, file, right, text, op)
    if file.text(operator) != op:
        return False
    for tested, constant in ((left, right), (right, left)):
        prefix, _, tag = sx.norm(file.text(tested)).rpartition(".")
        base, _, field_name = text.rpartition(".")
        if not prefix or prefix != base or tag == field_name or constant.type != "identifier":
            continue
        selectors = k.selectors
        if companions.made_with_tag(k.cons, selectors, tag, file.text(constant), field_name):
            return True
    return False


def _tag_exit(k: FieldInit, file: SourceFile, stmt: Node, text: str) -> bool:
    """``if x.tag != C { leave }`` (also as one of the branches of an
    ``else if`` chain without a final ``else``, each of which leaves): past
    it, the tag is ``C``, and with it the map is made."""
    current: Node | None = stmt
    found = False
    while current is not None:
        cond = current.child_by_field_name("condition")
        body = current.child_by_field_name("consequence")
        if cond is None or body is None or not terminates(body):
            return False
        found = found or _tag_test(k, file, cond, text, "!=")
        current = current.child_by_field_name("alternative")
        if current is not None and current.type != "if_statement":
            return False
    return found


def _arms_give(k: FieldInit, file: SourceFile, stmt: Node, node: Node, text: str) -> bool:
    """``if !ok { x = &T{f: make(...)} } else if x.tag != C { return }``
    before ``node`` (:func:`.walkers.arms_give`), with nothing between the
    two assigning ``x`` or its map."""
    base = text.rpartition(".")[0]
    parent = sx.parent(stmt)
    if not base.isidentifier() or parent is None:
        return False
    between = [s for s in sx.preceding(node, parent) if s.start_byte >= stmt.end_byte]
    if any(walkers.touches(file, s, base) or walkers.touches(file, s, text) for s in between):
        return False
    return walkers.arms_give(file, stmt, text, lambda cond: _tag_test(k, file, cond, text, "!="))


def _ok_lookup(file: SourceFile, init: Node, cond: Node, text: str) -> bool:
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
    k: FieldInit,
    file: SourceFile,
    stmt: Node,
    text: str,
    initialisers: set[str],
    depth: int = 0,
) -> bool:
    for node, parent in sx.climb(stmt):
        if parent.type == sx.STATEMENT_LIST:
            found: set[str] = set()  # `ok` of `v, ok := C[k]` seen so far
            for sibling in sx.preceding(node, parent):
                if _makes(file, sibling, text, initialisers):
                    return True
                if _call_makes(k, file, sibling, text, depth):
                    return True
                if sibling.type == "if_statement" and _coinit_exit(k, file, sibling, text):
                    return True
                if sibling.type == "if_statement" and _tag_exit(k, file, sibling, text):
                    return True
                if sibling.type == "if_statement" and _arms_give(k, file, sibling, node, text):
                    return True
                if companions.dereferenced_before(
                    k.cons, k.selectors(text.rpartition(".")[2]), file, sibling, text
                ):
                    return True
                if sibling.type == "if_statement" and checked_by_callee(
                    k.calls, file, sibling, text
                ):
                    return True
                if sibling.type == "if_statement" and _made_when_ranged(file, sibling, stmt, text):
                    return True
                ok = _lookup_ok(file, sibling, text) or _lookup_value(file, sibling, text)
                if not ok:
                    ok = _companion_lookup(k, file, sibling, text)
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
                        and terminates(body)
                    ):
                        return True
        elif (
            _guarding_ancestor(file, node, parent, text)
            or (
                parent.type == "if_statement"
                and node == parent.child_by_field_name("consequence")
                and (cond := parent.child_by_field_name("condition")) is not None
                and (
                    _coinit_test(k, file, cond, text)
                    or _tag_test(k, file, cond, text, "==")
                    or _local_flag_test(k, file, cond, text, initialisers, depth)
                )
            )
            or _found_in(k, file, node, parent, text)
        ):
            return True
        elif parent.type in sx.DECLARATION_TYPES:
            return depth < 3 and (
                walkers.walker_made(
                    k.types,
                    k.cons,
                    k.selectors,
                    file,
                    parent,
                    stmt,
                    text,
                    lambda at, chain: _dominated(k, file, at, chain, initialisers, depth + 1),
                )
                or _callers_make(k, file, parent, text, initialisers, depth)
            )
        elif (
            parent.type == "func_literal"
            and depth < 3
            and _closure_callers_make(k, file, parent, text, initialisers, depth)
        ):
            return True
    return False


_ZEROS = ("0", "nil", '""', "false", "0.0")


def _local_flag_test(
    k: FieldInit, file: SourceFile, cond: Node, text: str, initialisers: set[str], depth: int
) -> bool:
    """``if key != "" { x.m[key] = v }`` (``key != nil``, ``key > 0``,
    ``len(key) > 0``, a bool ``key``) where ``key`` is a local of the
    function declared with its zero value and every assignment that gives
    it another value runs where the map is made (:func:`_dominated` at
    that assignment: ``if x.m == nil { x.m = ... }; key = ...``): a
    non-zero ``key`` says the map was made first."""
    if depth >= 3:
        return False
    name = companions.nonzero_test(file, cond, "identifier")
    func = sx.enclosing_function(cond)
    body = sx.body(func) if func is not None else None
    if not name or body is None:
        return False
    declared = False
    assignments: list[Node] = []
    for node in src.of_types(body, ("var_spec", "short_var_declaration", "assignment_statement")):
        if node.type == "var_spec":
            names = list(node.children_by_field_name("name"))
        else:
            targets = node.child_by_field_name("left")
            names = list(targets.named_children) if targets is not None else []
        if not any(file.text(n) == name for n in names):
            continue
        if node.type == "var_spec" and node.child_by_field_name("value") is None:
            declared = True
            continue
        if node.type != "assignment_statement" or file.text(node.child(1) or node) != "=":
            return False  # declared with a value, or `:=`/`+=` again: not tracked
        given = node.child_by_field_name("right")
        values = given.named_children if given is not None else []
        if len(values) == len(names):
            value = values[[file.text(n) for n in names].index(name)]
            if sx.norm(file.text(value)) in _ZEROS:
                continue
        assignments.append(node)
    if not declared or not assignments:
        return False
    if any(sx.enclosing_function(a) is not func for a in assignments):
        return False  # set in a closure: runs who knows when
    return all(_dominated(k, file, a, text, initialisers, depth + 1) for a in assignments)


def _reads(file: SourceFile, expr: Node, text: str) -> bool:
    """``expr`` is ``C[k]`` for the map ``text``."""
    expr = sx.unparen(expr)
    if expr.type != "index_expression":
        return False
    operand = expr.child_by_field_name("operand")
    return operand is not None and sx.norm(file.text(operand)) == text


def _read_vars(file: SourceFile, func: Node | None, text: str) -> set[str]:
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


def _is_value(file: SourceFile, expr: Node, text: str, names: set[str]) -> bool:
    expr = sx.unparen(expr)
    if expr.type == "identifier":
        return file.text(expr) in names
    return _reads(file, expr, text)


def _len_of(file: SourceFile, expr: Node) -> Node | None:
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


def _nonzero_cond(k: FieldInit, file: SourceFile, cond: Node, text: str, names: set[str]) -> bool:
    """``cond`` true means a value read from the map is non-zero: the map holds it."""
    cond = sx.unparen(cond)
    if cond.type == "identifier":
        return file.text(cond) in names  # a bool value read from the map
    parts = sx.binary(cond)
    if parts is None:
        return False
    operator, left, right = parts
    o = file.text(operator)
    if o == "&&":
        return _nonzero_cond(k, file, left, text, names) or _nonzero_cond(
            k, file, right, text, names
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
        return is_nonzero_int(bound) is not None or k.constants.nonzero(bound)
    if o == ">":  # v > n, n >= 0: v is at least 1
        return bound.isdigit()
    return o == ">=" and bound.isdigit() and int(bound) > 0


def _found_in(k: FieldInit, file: SourceFile, node: Node, parent: Node, text: str) -> bool:
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
            and _nonzero_cond(k, file, cond, text, names)
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
                return cond is not None and _nonzero_cond(k, file, cond, text, names)
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
            is_nonzero_int(m) is not None or k.constants.nonzero(m) for m in mine
        )
    cases = [c for c in parent.named_children if c.type == "expression_case"]
    return any(labels(c) & set(_ZEROS) for c in cases)


def _call_makes(k: FieldInit, file: SourceFile, stmt: Node, text: str, depth: int) -> bool:
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
            decl = _callee(k, file, call)
            rest = text[len(name) + 1 :]
            return decl is not None and _returns_made(k, decl, index, rest, depth + 1)
    return False


def _callee(k: FieldInit, file: SourceFile, call: Node) -> FuncDecl | None:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    fn = sx.unparen(fn)
    if fn.type == "identifier":
        decl = k.package.funcs.get(file.text(fn))
        return decl if decl is not None and not decl.receiver else None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    if operand is None or method is None:
        return None
    base = k.types.type_of(file, operand)
    if base is None:
        return None
    recv = k.types.local_struct(base) or base.lstrip("*")
    return k.package.funcs.get(f"{recv}.{file.text(method)}")


def _returns_made(k: FieldInit, decl: FuncDecl, index: int, rest: str, depth: int) -> bool:
    """Every return of ``decl`` gives result ``index`` with ``rest`` made
    (returns that come with a non-nil error do not count)."""
    body = decl.body
    if body is None or index >= len(decl.results) or depth > 10:
        return False
    memo = k.returns
    key = (decl.file.path, decl.node.start_byte, index, rest)
    if key in memo:
        return memo[key]
    memo[key] = False  # recursion
    file = decl.file
    errors = decl.results[-1].type_text == "error" and index != len(decl.results) - 1
    initialisers = k.cons.initialisers.get(rest.rsplit(".", 1)[-1], set())
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
            if value.type == "nil":
                continue  # a nil pointer: a write through it is no write into a nil map
        if value_text and value_text != "_":
            # depth >= 2: no look at the callers of decl from here
            chain = f"{value_text}.{rest}"
            ok = _dominated(k, file, ret, chain, initialisers, depth=max(depth, 2) + 2)
        elif value is not None and value.type == "call_expression":
            callee = _callee(k, file, value)
            ok = callee is not None and _returns_made(k, callee, 0, rest, depth + 1)
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
    k: FieldInit,
    file: SourceFile,
    method: Node,
    text: str,
    initialisers: set[str],
    depth: int,
) -> bool:
    """Every call of the method holding the write comes after the map is made."""
    if method.type == "function_declaration":
        return _function_callers_make(k, file, method, text, initialisers, depth)
    if method.type != "method_declaration":
        return False
    name_node = method.child_by_field_name("name")
    recv = receiver_name(file, method)
    if name_node is None:
        return False
    if not recv or not text.startswith(recv + "."):
        return _method_param_callers_make(k, file, method, text, initialisers, depth)
    name = file.text(name_node)
    if name[:1].isupper():
        return False  # callable from other packages
    rest = text[len(recv) :]
    own_type = _receiver_type(file, method)
    if made_on_entry(k, own_type, rest, initialisers, name):
        return True
    calls = 0
    for other in k.package.files:
        for node in src.walk(other.root):
            if node.type != "selector_expression":
                continue
            f = node.child_by_field_name("field")
            operand = node.child_by_field_name("operand")
            if f is None or operand is None or other.text(f) != name:
                continue
            if _other_receiver(other, node, sx.norm(other.text(operand)), own_type):
                continue  # `w.callback()` in a method of another type: its own method
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
            if stmt is None or not _dominated(k, other, stmt, chain, initialisers, depth + 1):
                return False
    return calls > 0


def made_on_entry(
    k: FieldInit, own_type: str, rest: str, initialisers: set[str], method: str
) -> bool:
    """The unexported ``method`` of ``own_type`` runs only with ``<receiver>
    rest`` (``.m``) made: every call of it (outside _test.go files: a passing
    test suite shows its own calls do not panic) is ``x.M(...)`` where
    ``x.m`` is made before it in the calling function (FIELD_INIT's local
    analysis, which also sees a make before the ``go`` statement or the
    closure that makes the call: the memory model orders it before the
    goroutine), or sits in another method that runs only with it made, on
    its receiver, with no assignment to the receiver or the chain before it
    (or in a loop around it) that could undo the make. The greatest such set
    among the methods that reach ``method`` through calls on their receiver:
    a cycle of calls with no entry from outside stays in it, and is never
    run. Many calls and many levels of callers (``f.tempPullErrors =
    make(...)`` in ``pullerIteration``, then ``processNeeded``,
    ``handleDir``, ``newPullError``) are answered at once, without the depth
    limit of :func:`_callers_make`."""
    key = (own_type, rest, method)
    cached = k.entries.get(key)
    if cached is not None:
        return method in cached
    k.entries[key] = frozenset()  # recursion (through _dominated): no answer yet
    # the methods that reach ``method`` through calls on their receiver, each
    # with its calls: (file, statement, call, operand text, enclosing method)
    sites: dict[str, list[tuple[SourceFile, Node, Node, str, FuncDecl | None]]] = {}
    todo = [method]
    while todo:
        name = todo.pop()
        if name in sites or name[:1].isupper() or len(sites) > 100:
            continue
        found = _method_calls(k, own_type, name)
        if not found:
            continue  # no call, or used as a value: not made on entry
        sites[name] = found
        todo.extend(
            caller.name
            for _, _, _, operand_text, caller in found
            if caller is not None and operand_text == caller.receiver_name
        )
    result = set(sites)
    local: dict[tuple[str, int, str], bool] = {}
    changed = True
    while changed:
        changed = False
        for name in sorted(result):
            for other, stmt, call, operand_text, caller in sites[name]:
                if (
                    caller is not None
                    and caller.name in result
                    and operand_text == caller.receiver_name
                    and not _undone_before(other, caller.node, operand_text, rest, call)
                ):
                    continue
                memo = (other.path, stmt.start_byte, operand_text)
                if memo not in local:
                    chain = operand_text + rest
                    local[memo] = _dominated(k, other, stmt, chain, initialisers, depth=3)
                if not local[memo]:
                    result.discard(name)
                    changed = True
                    break
    answer = frozenset(result)
    k.entries[key] = answer
    return method in answer


def _method_calls(
    k: FieldInit, own_type: str, name: str
) -> list[tuple[SourceFile, Node, Node, str, FuncDecl | None]]:
    """The calls ``x.name(...)`` of the method of ``own_type`` outside
    _test.go files, with their statement, operand text and the method of
    ``own_type`` around them; [] when the method is also used as a value
    (called from anywhere) or has too many calls."""
    found: list[tuple[SourceFile, Node, Node, str, FuncDecl | None]] = []
    for other, sel in k.selectors(name):
        if other.path.endswith("_test.go"):
            continue
        operand = sel.child_by_field_name("operand")
        if operand is None:
            continue
        operand_text = sx.norm(other.text(operand))
        if _other_receiver(other, sel, operand_text, own_type):
            continue
        call = sel.parent
        stmt = sx.statement_of(sel)
        if call is None or call.type != "call_expression" or stmt is None or len(found) >= 200:
            return []
        outer = sx.outermost_function(sel)
        found.append((other, stmt, call, operand_text, _method_decl(k, other, outer, own_type)))
    return found


def _method_decl(
    k: FieldInit, file: SourceFile, func: Node | None, own_type: str
) -> FuncDecl | None:
    """The method of ``own_type`` declared by ``func``."""
    if func is None or func.type != "method_declaration":
        return None
    name = func.child_by_field_name("name")
    if name is None or _receiver_type(file, func) != own_type:
        return None
    decl = k.package.funcs.get(f"{own_type}.{file.text(name)}")
    if decl is None or decl.file.path != file.path or decl.node.start_byte != func.start_byte:
        return None
    return decl


def _undone_before(file: SourceFile, method: Node, recv: str, rest: str, call: Node) -> bool:
    """An assignment in ``method`` to the receiver, or to the chain ``recv
    rest`` or a prefix of it, other than a make, before ``call`` or in a loop
    around it: the map made on entry may be gone at the call."""
    chain = recv + rest
    targets = {chain, recv} | {p for p in _prefixes(chain) if p != recv}
    loops = [parent for _, parent in sx.climb(call, method) if parent.type == "for_statement"]
    for node in src.of_types(method, ("assignment_statement", "short_var_declaration")):
        if node.start_byte >= call.start_byte and not any(
            loop.start_byte <= node.start_byte < loop.end_byte for loop in loops
        ):
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        lefts = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        for i, target in enumerate(lefts):
            if sx.norm(file.text(target)) not in targets:
                continue
            value = values[i] if len(values) == len(lefts) else None
            if value is None or sx.norm(file.text(target)) != chain or not _made(file, value):
                return True
    return False


def _made(file: SourceFile, value: Node) -> bool:
    """``make(...)`` or a composite literal."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        return True
    fn = value.child_by_field_name("function") if value.type == "call_expression" else None
    return fn is not None and file.text(fn) == "make"


def _receiver_type(file: SourceFile, method: Node) -> str:
    """``T`` of ``func (r *T[K]) M()``."""
    recv = method.child_by_field_name("receiver")
    for decl in recv.named_children if recv is not None else ():
        t = decl.child_by_field_name("type")
        if t is not None:
            return file.text(t).lstrip("*").split("[", 1)[0].strip()
    return ""


def _other_receiver(file: SourceFile, node: Node, operand: str, own_type: str) -> bool:
    """``operand`` (at ``node``) is the receiver of the method around it,
    and that method's receiver type is not ``own_type``: a selector on it
    names that type's method, not ours."""
    outer = sx.outermost_function(node)
    if outer is None or outer.type != "method_declaration" or not own_type:
        return False
    if receiver_name(file, outer) != operand:
        return False
    other = _receiver_type(file, outer)
    return bool(other) and other != own_type


def _param_names(file: SourceFile, func: Node) -> list[str] | None:
    """The parameter names of ``func`` in order ("" for an unnamed one);
    ``None`` with a variadic parameter."""
    params = func.child_by_field_name("parameters")
    if params is None:
        return None
    names: list[str] = []
    for decl in params.named_children:
        if decl.type == "variadic_parameter_declaration":
            return None
        if decl.type == "parameter_declaration":
            found = decl.children_by_field_name("name")
            names.extend([file.text(n) for n in found] or [""])
    return names


def _changed_before(file: SourceFile, func: Node, name: str, call: Node) -> bool:
    """Some statement of ``func`` may assign ``name`` (or a chain below it)
    before ``call`` runs: one earlier in the source, or a later one in a loop
    around the call. ``r = f(r)`` passes ``r`` before assigning it."""
    loops = [parent for _, parent in sx.climb(call, func) if parent.type == "for_statement"]
    for node in src.of_types(func, ("assignment_statement", "short_var_declaration")):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        targets = [sx.norm(file.text(t)) for t in (left.named_children if left is not None else ())]
        if not any(t == name or t.startswith(name + ".") for t in targets):
            continue
        if right is not None and right.start_byte <= call.start_byte < right.end_byte:
            continue  # the call is on the right: it runs before the assignment
        if node.start_byte < call.start_byte:
            return True
        if any(loop.start_byte <= node.start_byte < loop.end_byte for loop in loops):
            return True
    return False


def _method_param_callers_make(
    k: FieldInit,
    file: SourceFile,
    method: Node,
    text: str,
    initialisers: set[str],
    depth: int,
) -> bool:
    """``text`` starts at a parameter of an unexported method, and every call
    of a method of that name in the package passes an argument whose map is
    made by then: direct calls and calls through an interface alike, since
    no other package can name the method. A call that forwards the same
    parameter of another method of that name, unchanged, passes what the
    calls of that method pass, which are among the ones checked."""
    name_node = method.child_by_field_name("name")
    names = _param_names(file, method)
    if name_node is None or names is None:
        return False
    name = file.text(name_node)
    root, _, rest = text.partition(".")
    if name[:1].isupper() or not rest or not root or names.count(root) != 1:
        return False
    position = names.index(root)
    calls = 0
    for other, sel in k.selectors(name):
        call = sel.parent
        if call is None or call.type != "call_expression":
            return False  # a method value: called from anywhere
        if call.child_by_field_name("function") != sel:
            return False
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"] if args else []
        if len(values) != len(names):
            return False
        argument = sx.unparen(values[position])
        caller = sx.enclosing_function(call)
        if (
            caller is not None
            and caller.type == "method_declaration"
            and argument.type == "identifier"
            and (caller_name := caller.child_by_field_name("name")) is not None
            and other.text(caller_name) == name
            and (caller_params := _param_names(other, caller)) is not None
            and len(caller_params) == len(names)
            and caller_params[position] == other.text(argument)
            and not _changed_before(other, caller, other.text(argument), call)
        ):
            continue  # forwards its own parameter: checked at its callers
        calls += 1
        stmt = sx.statement_of(call)
        if calls > 20 or stmt is None:
            return False
        if argument.type == "call_expression":
            callee = _callee(k, other, argument)
            if callee is None or len(callee.results) != 1:
                return False
            if not _returns_made(k, callee, 0, rest, depth + 1):
                return False
            continue
        chain = f"{sx.norm(other.text(argument))}.{rest}"
        if not _dominated(k, other, stmt, chain, initialisers, depth + 1):
            return False
    return calls > 0


def _function_callers_make(
    k: FieldInit,
    file: SourceFile,
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
    decl = k.package.funcs.get(name)
    if name[:1].isupper() or decl is None or decl.node.start_byte != func.start_byte:
        return False
    if decl.file.path != file.path or func.child_by_field_name("type_parameters") is not None:
        return False
    root, _, rest = text.partition(".")
    position = next((i for i, p in enumerate(decl.params) if p.name == root), -1)
    if position < 0 or not rest or decl.params[-1].type_text.startswith("..."):
        return False
    uses = k.function_uses().get(name, [])
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
        if not _dominated(k, other, stmt, chain, initialisers, depth + 1):
            return False
    return calls > 0


def _closure_callers_make(
    k: FieldInit,
    file: SourceFile,
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
        uses = [(f, sel.child_by_field_name("field")) for f, sel in k.selectors(name)]
    else:
        uses = [(f, i) for f, i in k.function_uses().get(name, []) if i.id != name_node.id]
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
            if calls > 20 or not _dominated(k, other, stmt, chain, initialisers, depth + 1):
                return False
    return calls > 0


def _stored_in(file: SourceFile, call: Node) -> tuple[str, Node, Node] | None:
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


def _produce(pkg: Pass) -> FieldInit:
    return FieldInit(
        pkg.package,
        pkg.fact(TYPES),
        pkg.fact(CONSTRUCTIONS),
        pkg.fact(CONSTANTS),
        pkg.fact(CALLS),
    )


FIELD_INIT: Fact[FieldInit] = Fact("field-init", _produce, (TYPES, CONSTRUCTIONS, CONSTANTS, CALLS))
