"""Guards that make an object's map non-nil before a write, in one file: a
nil or ``len`` check, an assignment, ``SetMetaDataLabel``/``SetLabels``, a
comma-ok lookup that found a key, a range over the map, a check function
that returns an error while the map is missing, a call to a function that
makes the map or returns an error unless it holds keys
(:mod:`.apicallees`), a bool function that is true only when it found a
key in it, or a function whose result is not nil only when it found one.
Part of :data:`~gofixmap.rules.facts.apiobjects.API_OBJECTS`.

The module is longer than 600 lines because every guard form is judged in
the one walk of the function before the write (the lookups and values seen
so far feed the later forms), so the forms live beside that walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.rules.facts import lookups
from gofixmap.rules.facts.apicallees import WHEN_PARAM, CalleeProofs, FuncProof, join
from gofixmap.rules.facts.apiorigins import enclosing_funcs
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.fieldinit import checked_by_callee, terminates


def forms(base: str, steps: list[str], explicit: list[str]) -> set[str]:
    """Texts that name the same map: as written and with embedded fields
    spelled out; for ``Labels`` and ``Annotations`` also the getter
    (``obj.GetLabels()`` returns ``obj.Labels``)."""
    written = base + "".join("[]" if s == "[]" else "." + s for s in steps)
    full = base + "".join("[]" if s == "[]" else "." + s for s in explicit)
    found = {written, full}
    promoted = promoted_meta(explicit)
    if promoted != explicit:
        # ObjectMeta is embedded in every object and template: x.ObjectMeta.Labels
        # and the promoted x.Labels name the same map
        found.add(base + "".join("[]" if s == "[]" else "." + s for s in promoted))
    if steps and steps[-1] in GETTER_FIELDS:
        found.add(f"{written.rsplit('.', 1)[0]}.Get{steps[-1]}()")
    return {f.replace("[]", "[i]") for f in found} if "[]" in written else found


def promoted_meta(steps: list[str]) -> list[str]:
    """``steps`` without an ``ObjectMeta`` step right before a final
    ``Labels`` or ``Annotations``: through the embedded ``metav1.ObjectMeta``,
    ``x.ObjectMeta.Labels`` and ``x.Labels`` name the same map."""
    if len(steps) >= 2 and steps[-2] == "ObjectMeta" and steps[-1] in GETTER_FIELDS:
        return [*steps[:-2], steps[-1]]
    return steps


_INDEX = re.compile(r"\[[^\[\]]*\]")


def _as_written(file: src.SourceFile, write: tree_sitter.Node, forms: set[str]) -> set[str]:
    """:func:`forms` spells the indexes of a path through slice elements
    ``[i]``; the map written at ``write`` (``m[k] = v``) as the code spells
    it (``Containers[0].Resources.Limits``) names it too, so that a guard on
    that very element counts (and one on another element does not)."""
    if write.type != "index_expression" or not any("[i]" in f for f in forms):
        return forms
    operand = write.child_by_field_name("operand")
    if operand is None:
        return forms
    written = sx.norm(file.text(operand))
    return forms | {written} if _INDEX.sub("[i]", written) in forms else forms


# the ObjectMeta maps with a getter on every object (metav1.Object)
GETTER_FIELDS = ("Labels", "Annotations")
# Unstructured's setters that make ``Object`` when it is nil, whatever their
# argument (apimachinery's unstructured.go: SetAPIVersion and SetKind go
# through setNestedField, which does ``if u.Object == nil { u.Object =
# make(...) }``; SetGroupVersionKind calls both). SetName, SetNamespace and
# SetLabels remove the field instead when given "" or nil, so they are not here.
_MAKES_OBJECT = ("SetAPIVersion", "SetKind", "SetGroupVersionKind")
# Unstructured's getters that read a string out of ``Object`` and give ""
# when it is missing (apimachinery's unstructured.go: ``return
# getNestedString(u.Object, "apiVersion")``): a non-empty result means
# ``Object`` holds a key, so it is not nil
_READS_OBJECT = frozenset(
    (
        "GetAPIVersion",
        "GetKind",
        "GetName",
        "GetNamespace",
        "GetGenerateName",
        "GetUID",
        "GetResourceVersion",
        "GetSelfLink",
        "GetContinue",
    )
)
_UNSTRUCTURED = ("k8s.io/apimachinery/pkg/apis/meta/v1/unstructured", "Unstructured")


# the write being judged, while its object is followed through parameters
# and fields into other functions: (the map's text there, the terms of the
# conditions of the ``if`` statements whose block holds the write)
_WRITTEN_WHEN: ContextVar[tuple[tuple[str, frozenset[str]], ...]] = ContextVar(
    "written_when", default=()
)


def conditions_around(file: src.SourceFile, node: tree_sitter.Node) -> frozenset[str]:
    """The terms (``a && b``: ``a`` and ``b``, without white space) of the
    conditions of the ``if`` statements around ``node`` in its function whose
    block holds it, and the negated terms (``a || b``: ``!a`` and ``!b``) of
    an ``if`` without else before it in a block around it whose block leaves
    (``if a || b { return }``): what is true wherever ``node`` runs."""
    funcs = enclosing_funcs(node)
    found: set[str] = set()
    for child, up in sx.climb(node, funcs[0] if funcs else None):
        if up.type == "if_statement" and child == up.child_by_field_name("consequence"):
            cond = up.child_by_field_name("condition")
            if cond is not None:
                found |= {sx.norm(file.text(t)) for t in sx.terms(cond, "&&")}
        if not sx.is_statement_list(up):
            continue
        for before in sx.preceding(child, up):
            cond = before.child_by_field_name("condition")
            then = before.child_by_field_name("consequence")
            if (
                before.type == "if_statement"
                and cond is not None
                and then is not None
                and before.child_by_field_name("alternative") is None
                and terminates(then)
            ):
                found |= {_negated(file, t) for t in sx.terms(cond, "||")}
    return frozenset(found)


def _negated(file: src.SourceFile, term: tree_sitter.Node) -> str:
    """The text (without white space) of ``!term``: ``x`` for ``!x``, ``a !=
    b`` for ``a == b`` (and back), else ``!x`` or ``!(...)``."""
    term = sx.unparen(term)
    if term.type == "unary_expression" and file.text(term).startswith("!"):
        operand = term.child_by_field_name("operand")
        if operand is not None:
            return sx.norm(file.text(sx.unparen(operand)))
    parts = sx.binary(term)
    if parts is not None and file.text(parts[0]) in ("==", "!="):
        op = "!=" if file.text(parts[0]) == "==" else "=="
        return sx.norm(file.text(parts[1])) + op + sx.norm(file.text(parts[2]))
    text = sx.norm(file.text(term))
    simple = term.type in ("identifier", "selector_expression", "call_expression")
    return "!" + text if simple else f"!({text})"


@contextmanager
def written_when(map_text: str, conditions: frozenset[str]) -> Iterator[None]:
    """While the write of the map ``map_text`` under ``conditions`` is
    judged, a callee that makes that map only under a condition on the
    object (API_CALLEES ``ensured_when``) proves it when the write's
    conditions include that one, said of the write's object: the object
    reached through parameters and fields is the one written."""
    token = _WRITTEN_WHEN.set((*_WRITTEN_WHEN.get(), (map_text, conditions)))
    try:
        yield
    finally:
        _WRITTEN_WHEN.reset(token)


def _dominates(call: tree_sitter.Node, ancestors: set[int]) -> bool:
    """``call`` is a statement of a block around the write (so it runs on
    every path to it), not one inside a branch beside it."""
    stmt = call.parent
    return (
        stmt is not None
        and stmt.type == "expression_statement"
        and stmt.parent is not None
        and stmt.parent.id in ancestors
    )


def _invocation(func: tree_sitter.Node) -> tree_sitter.Node | None:
    """The call of a function literal invoked where it is written, else None."""
    call = func.parent
    if func.type != "func_literal" or call is None or call.type != "call_expression":
        return None
    callee = call.child_by_field_name("function")
    return call if callee is not None and callee.id == func.id else None


# calls that fail on an empty string: (import path, name) -> the argument
# that must not be empty
_FAILS_ON_EMPTY = {
    ("encoding/json", "Unmarshal"): 0,
    ("strconv", "Atoi"): 0,
    ("strconv", "ParseInt"): 0,
    ("strconv", "ParseUint"): 0,
    ("strconv", "ParseFloat"): 0,
    ("strconv", "ParseBool"): 0,
    ("time", "ParseDuration"): 0,
    ("k8s.io/apimachinery/pkg/api/resource", "ParseQuantity"): 0,
}
# calls whose result is never the empty string
_NONEMPTY_RESULT = {
    ("strconv", "Itoa"),
    ("strconv", "FormatInt"),
    ("strconv", "FormatUint"),
    ("strconv", "FormatBool"),
    ("strconv", "FormatFloat"),
    ("strconv", "Quote"),
}
# a fmt verb (flags, width, precision); %s and %v of "" print nothing
_VERB = re.compile(r"%[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?([a-zA-Z%])")


class Guards:
    """The guards of one file; ``calls``: the package's calls, on first use;
    ``proofs``: the API_CALLEES of the package (``""``) or of an import path
    it imports (``None``: not known); ``declared``: (import path, name) of
    the type of a variable at its use (``None``: not known); ``constant``:
    an identifier names a constant of the package with a non-zero value."""

    def __init__(
        self,
        file: src.SourceFile,
        calls: Callable[[], Calls],
        package: idx.PackageIndex,
        proofs: Callable[[str], CalleeProofs | None] | None = None,
        returns_made: Callable[[str, str], bool] | None = None,
        declared: Callable[[tree_sitter.Node], tuple[str, str] | None] | None = None,
        constant: lookups.NonzeroConstant | None = None,
    ) -> None:
        self.file = file
        self._calls = calls
        self.package = package
        self.imports = package.imports.get(file.path, {})
        self._proofs = proofs
        self._returns_made = returns_made
        self._declared = declared
        self._constant = constant

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def guarded(self, write: tree_sitter.Node, forms: set[str], base: str, since: int = -1) -> bool:
        """A check or an assignment before ``write`` that makes the map non-nil.
        In a function literal invoked where it is written (``defer func() {
        ... }()``, ``go func() { ... }()``, ``func() { ... }()``) the body
        runs only once that statement is reached, so what guards the call in
        the enclosing function guards the write too. ``since``: only what
        starts there or later counts (the object was read anew from the API
        server there, in the same function: what was checked or made before
        is gone)."""
        funcs = enclosing_funcs(write)
        if not funcs:
            return True
        if self._guarded_in_function(write, funcs[0], forms, base, since):
            return True
        call = _invocation(funcs[0])
        return since < 0 and call is not None and self.guarded(call, forms, base)

    def _guarded_in_function(
        self,
        write: tree_sitter.Node,
        func: tree_sitter.Node,
        forms: set[str],
        base: str,
        since: int = -1,
    ) -> bool:
        body = func.child_by_field_name("body")
        if body is None:
            return True
        forms = _as_written(self.file, write, forms)
        if self._points_at_found(func, write, forms, base):
            return True
        ancestors = set()
        current = write.parent
        while current is not None and current is not func:
            ancestors.add(current.id)
            current = current.parent
        oks: set[str] = set()  # ok of an earlier `v, ok := m[k]` on the map
        values: set[str] = set()  # v of an earlier `v := m[k]`
        for node in src.walk(body):
            if node.start_byte >= write.start_byte and node.id not in ancestors:
                break
            if node.start_byte < since:
                continue
            if node.type in ("for_statement", "expression_case"):
                cond = node.child_by_field_name("condition") or node.child_by_field_name("value")
                if cond is not None and self._mentions_nil_check(cond, forms):
                    return True
            if node.type == "if_statement" and self._nil_check_guards(
                node, write, forms, ancestors
            ):
                return True
            if node.type == "if_statement" and self._key_found(node, write, forms, oks, values):
                return True
            if node.type == "if_statement" and self._predicate_proves(
                node, write, forms, ancestors
            ):
                return True
            if node.type == "if_statement" and self._result_proves(
                node, write, forms, ancestors, func, since
            ):
                return True
            if (
                node.type == "if_statement"
                and node.end_byte <= write.start_byte
                and node.parent is not None
                and node.parent.id in ancestors
                and self._parse_checked(node, forms, values)
            ):
                return True
            if (
                node.type == "for_statement"
                and node.id in ancestors
                and self._ranges_parsed(node, write, forms, values)
            ):
                return True
            if node.type == "expression_switch_statement" and node.id in ancestors:
                v, _ = lookups.lookup_names(
                    self.file, node.child_by_field_name("initializer"), forms
                )
                if lookups.case_proves_key(
                    self.file, node, write, forms, values | {v} - {""}, self._constant
                ):
                    return True
            if node.type == "for_statement" and node.id in ancestors:
                clause = next((c for c in node.named_children if c.type == "range_clause"), None)
                right = clause.child_by_field_name("right") if clause is not None else None
                if right is not None and re.sub(r"\s+", "", self.text(right)) in forms:
                    return True  # the body runs only for the keys of a non-empty map
            if node.type == "short_var_declaration" and node.end_byte <= write.start_byte:
                v, ok = lookups.lookup_names(self.file, node, forms)
                looked_up = self._looked_up(node, forms)
                if node.parent is not None and node.parent.id in ancestors:
                    # redeclared (or shadowed) where the write sees it: the
                    # name holds this statement's value from here on
                    _rebind(self.file, node, oks, values, {ok, v, looked_up})
                oks |= {ok} - {""}
                values |= {v, looked_up} - {""}
            elif node.type == "assignment_statement" and node.end_byte <= write.start_byte:
                # `count, ok = other[k]`: ok (or v) no longer tells of this map
                v, ok = lookups.lookup_names(self.file, node, forms)
                _rebind(self.file, node, oks, values, {ok, v})
                oks |= {ok} - {""}
                values |= {v} - {""}
            if (
                node.type == "if_statement"
                and node.end_byte <= write.start_byte
                and self._checked_by_callee(node, forms)
            ):
                return True
            if node.start_byte >= write.start_byte:
                continue
            if node.type in ("assignment_statement", "short_var_declaration") and (
                node.id not in ancestors  # `x.M = f(x.M)`: assigned after the call
            ):
                left = node.child_by_field_name("left")
                if left is not None:
                    for lhs in left.named_children:
                        t = re.sub(r"\s+", "", self.text(lhs))
                        names_it = t in forms or any(f.startswith(t + ".") for f in forms)
                        if names_it and t != base:
                            return True
            if node.type == "call_expression":
                if self._callee_proves(node, write, forms, ancestors):
                    return True
                fn = node.child_by_field_name("function")
                if fn is None:
                    continue
                fname = self.text(fn)
                args = re.sub(r"\s+", "", self.text(node.child_by_field_name("arguments") or fn))
                field = min(f for f in forms if not f.endswith(")")).rsplit(".", 1)[-1]
                if fname.endswith((".SetMetaDataLabel", ".SetMetaDataAnnotation")):
                    which = "Labels" if fname.endswith("Label") else "Annotations"
                    if which == field and any(f"{f.rsplit('.', 1)[0]}" in args for f in forms):
                        return True
                if fname.endswith(f".Set{field}") and fname.startswith(base + "."):
                    return True
                if (
                    field == "Object"
                    and fname in {f"{base}.{m}" for m in _MAKES_OBJECT}
                    and _dominates(node, ancestors)
                ):
                    return True
                if fname in ("json.Unmarshal", "yaml.Unmarshal") or fname.endswith(".Decode"):
                    continue
        return False

    def _key_found(
        self,
        stmt: tree_sitter.Node,
        write: tree_sitter.Node,
        forms: set[str],
        oks: set[str],
        values: set[str],
    ) -> bool:
        """The map is there: the write is in ``if _, ok := m[k]; ok { ... }``
        or ``if m[k] == "on" { ... }``, or after ``if !ok { return }`` / ``if
        v == "" { return }`` (a block that leaves) for a lookup before it."""
        cond = stmt.child_by_field_name("condition")
        then = stmt.child_by_field_name("consequence")
        if cond is None or then is None:
            return False
        init = stmt.child_by_field_name("initializer")
        v, ok = lookups.lookup_names(self.file, init, forms)
        got = self._looked_up(init, forms) if init is not None else ""
        oks = oks | {ok} - {""}
        values = values | {v, got} - {""}
        if then.start_byte <= write.start_byte < then.end_byte:
            return lookups.proves_key(
                self.file, cond, forms, values, oks, self._constant
            ) or self._compares_nonempty(cond, forms, values, "==")
        return (
            stmt.end_byte <= write.start_byte
            and stmt.child_by_field_name("alternative") is None
            and terminates(then)
            and (
                lookups.zero_test(self.file, cond, values, oks, forms)
                or self._compares_nonempty(cond, forms, values, "!=")
            )
        )

    # ---- values read from the map ------------------------------------------

    def _compares_nonempty(
        self, cond: tree_sitter.Node, forms: set[str], values: set[str], op: str
    ) -> bool:
        """``cond`` is ``v <op> E`` with ``v`` read from the map (a name it
        was read into, ``m[k]``, ``string(m[k])``, an Unstructured getter of
        ``Object``) and ``E`` a string that is never empty: inside ``if v ==
        E``, or after ``if v != E { leave }``, ``v`` is not empty, so the key
        was found."""
        parts = sx.binary(cond)
        if parts is None or parts[0].type != op:
            return False
        _, left, right = parts
        for a, b in ((left, right), (right, left)):
            if (self._reads(a, forms, values) or self._object_getter(a, forms)) and self.nonempty(
                b
            ):
                return True
        return False

    def nonempty(self, node: tree_sitter.Node) -> bool:
        """``node`` is a string that is never empty: a non-empty literal,
        ``strconv.Itoa(...)`` and the like, ``fmt.Sprintf`` of a format that
        prints something whatever its operands."""
        node = sx.unparen(node)
        if node.type in ("interpreted_string_literal", "raw_string_literal"):
            return len(self.text(node)) > 2
        if node.type in ("identifier", "selector_expression"):
            return self._constant is not None and self._constant(node)
        if node.type != "call_expression":
            return False
        called = self._imported_call(node)
        if called in _NONEMPTY_RESULT:
            return True
        args = node.child_by_field_name("arguments")
        if called != ("fmt", "Sprintf") or args is None or not args.named_children:
            return False
        fmt = args.named_children[0]
        if fmt.type != "interpreted_string_literal":
            return False
        format_text = self.text(fmt)[1:-1]
        verbs = [m.group(4) for m in _VERB.finditer(format_text)]
        return bool(_VERB.sub("", format_text)) or any(v not in "sv" for v in verbs)

    def _imported_call(self, call: tree_sitter.Node) -> tuple[str, str] | None:
        """(import path, name) of ``pkg.Name(...)``."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return None
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier":
            return None
        path = self.imports.get(self.text(operand))
        return (path, self.text(field)) if path is not None else None

    def _reads(self, node: tree_sitter.Node | None, forms: set[str], values: set[str]) -> bool:
        """``node`` is a value read from the map (``v`` or ``m[k]``), maybe
        converted (``[]byte(v)``)."""
        if node is None:
            return False
        node = sx.unparen(node)
        if node.type in ("call_expression", "type_conversion_expression"):
            fn = node.child_by_field_name("function") or node.child_by_field_name("type")
            args = node.child_by_field_name("arguments") or node.child_by_field_name("operand")
            if args is None:
                return False
            inner = args.named_children if args.type == "argument_list" else [args]
            if fn is not None and self.text(fn) in ("[]byte", "string") and len(inner) == 1:
                return self._reads(inner[0], forms, values)
            return False
        if node.type == "identifier":
            return self.text(node) in values
        return lookups.reads(self.file, node, forms)

    def _fails_on_empty(
        self, call: tree_sitter.Node, forms: set[str], values: set[str], depth: int = 0
    ) -> bool:
        """``call`` returns an error when its argument read from the map is
        empty: a parser that rejects "" (``json.Unmarshal``, ``strconv.Atoi``
        ...), or a function of the package that hands that parameter to one
        first thing and returns its error."""
        args = call.child_by_field_name("arguments")
        values_of = args.named_children if args is not None else []
        position = _FAILS_ON_EMPTY.get(self._imported_call(call) or ("", ""))
        if position is not None:
            return position < len(values_of) and self._reads(values_of[position], forms, values)
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier" or depth > 0:
            return False
        decl = self.package.funcs.get(self.text(fn))
        if decl is None or decl.receiver or decl.body is None or decl.file is not self.file:
            return False
        for i, arg in enumerate(values_of):
            if (
                i < len(decl.params)
                and self._reads(arg, forms, values)
                and self._rejects_empty_param(decl.params[i].name, decl.body)
            ):
                return True
        return False

    def _rejects_empty_param(self, name: str, body: tree_sitter.Node) -> bool:
        """The function body starts by parsing parameter ``name`` with a
        call that fails on "" and returns a non-nil error when it fails."""
        for stmt in sx.block_statements(body):
            if stmt.type in ("short_var_declaration", "assignment_statement", "if_statement"):
                call = _error_call(stmt)
                if call is not None and self._fails_on_empty(call, set(), {name}, 1):
                    checked = stmt if stmt.type == "if_statement" else stmt.next_named_sibling
                    return checked is not None and _returns_error(self.file, checked)
            if any(n.type == "return_statement" for n in src.walk(stmt)):
                return False
        return False

    def _parse_checked(self, stmt: tree_sitter.Node, forms: set[str], values: set[str]) -> bool:
        """``x, err := parse(v); if err != nil { leave }`` (or the
        initializer form) with ``parse`` failing on "" and ``v`` read from
        the map: past it, ``v`` is not empty, so the key was found."""
        if not _leaves_on_error(self.file, stmt):
            return False
        init = stmt.child_by_field_name("initializer")
        source = init if init is not None else stmt.prev_named_sibling
        call = _error_call(source) if source is not None else None
        return call is not None and self._fails_on_empty(call, forms, values)

    def _ranges_parsed(
        self, loop: tree_sitter.Node, write: tree_sitter.Node, forms: set[str], values: set[str]
    ) -> bool:
        """The write is in ``for ... range p`` where ``p`` was parsed out of a
        value read from the map (``p, err := parse(m[k])``): the body runs
        only when the value was not empty."""
        body = loop.child_by_field_name("body")
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        if right is None or body is None or not body.start_byte <= write.start_byte:
            return False
        if sx.unparen(right).type != "identifier":
            return False
        name = self.text(right)
        funcs = enclosing_funcs(loop)
        scope = funcs[0].child_by_field_name("body") if funcs else None
        aliases = set(forms)  # and the variables that hold the map: l := obj.GetLabels()
        for node in src.walk(scope) if scope is not None else ():
            if node.start_byte >= loop.start_byte:
                break
            if node.type != "short_var_declaration":
                continue
            left = node.child_by_field_name("left")
            value = node.child_by_field_name("right")
            names = [self.text(n) for n in left.named_children] if left is not None else []
            values_of = value.named_children if value is not None else []
            if (
                len(names) == 1
                and len(values_of) == 1
                and sx.norm(self.text(values_of[0])) in forms
            ):
                aliases.add(names[0])
                continue
            if names[:1] != [name] or len(values_of) != 1:
                continue
            call = sx.unparen(values_of[0])
            args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
            if args is not None and any(
                self._reads(a, aliases, values) for a in args.named_children
            ):
                return True
        return False

    def parsed_range(self, write: tree_sitter.Node, forms: set[str]) -> bool:
        """The write runs in a loop over a value parsed out of the map
        (:meth:`_ranges_parsed`)."""
        funcs = enclosing_funcs(write)
        current = write.parent
        while current is not None and funcs and current is not funcs[0]:
            if current.type == "for_statement" and self._ranges_parsed(
                current, write, forms, set()
            ):
                return True
            current = current.parent
        return False

    def _checked_by_callee(self, stmt: tree_sitter.Node, forms: set[str]) -> bool:
        """``if err := check(obj); err != nil { return err }`` with ``check``
        a function of the package that returns an error while the map (or a
        key) is missing (:func:`fieldinit.checked_by_callee`, functions only)."""
        calls = self._calls()
        return any(checked_by_callee(calls, self.file, stmt, form, methods=False) for form in forms)

    # ---- calls whose callee proves the map (API_CALLEES) -------------------

    def proof(self, call: tree_sitter.Node) -> FuncProof | None:
        """What the function ``call`` names (``F(...)`` of the package,
        ``pkg.F(...)`` of an import, ``x.M(...)`` a method of the package
        the call resolves to, or of the imported package that declares the
        type of ``x``: ``cr.CheckNSetDefaults()`` on an object of the API
        package) proves about its parameters (and receiver, position -1)."""
        fn = sx.unparen(call.child_by_field_name("function") or call)
        if self._proofs is None:
            return None
        if fn.type == "identifier":
            decl = self.package.funcs.get(self.text(fn))
            if decl is None or decl.receiver:
                return None
            own = self._proofs("")
            return own.get(decl.name) if own is not None else None
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if fn.type != "selector_expression" or operand is None or field is None:
            return None
        path = self.imports.get(self.text(operand)) if operand.type == "identifier" else None
        if path is None:
            calls = self._calls()
            key = calls.resolve(self.file, call, calls.receiver_of(call))
            own = self._proofs("") if key is not None else None
            if own is not None and key is not None:
                return own.get(key)
            # x.M(...) on a value of another package's type: its method there
            typed = self._declared(operand) if self._declared is not None else None
            if typed is None or not typed[0]:
                return None
            path, key = typed[0], f"{typed[1]}.{self.text(field)}"
        else:
            key = self.text(field)
        found = self._proofs(path)
        return found.get(key) if found is not None else None

    def _runs_when(
        self, write: tree_sitter.Node, root: str, path: str, terms: frozenset[str]
    ) -> bool:
        """``write`` runs only where the condition (``terms``) under which a
        callee handed ``root`` made ``root.path`` holds: the ``if``
        statements around it test those terms of ``root``, or, for the write
        being judged (reached through parameters and fields), those around
        it test them of the object it writes (the map's text there without
        ``.path``)."""
        if {t.replace(WHEN_PARAM, root) for t in terms} <= conditions_around(self.file, write):
            return True
        suffix = "." + path
        for text, conditions in _WRITTEN_WHEN.get():
            if text.endswith(suffix):
                owner = text.removesuffix(suffix)
                if {t.replace(WHEN_PARAM, owner) for t in terms} <= conditions:
                    return True
        return False

    def _callee_proves(
        self, call: tree_sitter.Node, write: tree_sitter.Node, forms: set[str], ancestors: set[int]
    ) -> bool:
        """``call``, in a statement that runs before ``write`` on every path to
        it, leaves the map non-nil: its callee makes the map below an
        argument (``ensured``), or returns an error unless the map holds
        keys (``checked``) and the caller leaves when the error is not nil."""
        stmt = sx.statement_of(call, crossing_functions=False)
        if (
            stmt is None
            or stmt.type not in _CALLING_STATEMENTS
            or stmt.end_byte > write.start_byte
            or stmt.parent is None
            or stmt.parent.id not in ancestors
            or not _always_evaluated(self.file, call, stmt)
        ):
            return False
        proof = self.proof(call)
        args = call.child_by_field_name("arguments")
        if proof is None or args is None:
            return False
        roots = {
            i: sx.norm(self.text(a)).removeprefix("&") for i, a in enumerate(args.named_children)
        }
        fn = sx.unparen(call.child_by_field_name("function") or call)
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if operand is not None:
            roots[-1] = sx.norm(self.text(operand))  # the receiver
        if any(
            join(roots[i] + ".", path) in forms
            for i, paths in proof.ensured.items()
            if i in roots
            for path in paths
        ):
            return True
        made = self._returns_made
        if made is not None and any(
            join(roots[i] + ".", path) in forms and made(*maker)
            for i, paths in proof.ensured_if.items()
            if i in roots
            for path, maker in paths.items()
        ):
            return True
        if any(
            join(roots[i] + ".", path) in forms and self._runs_when(write, roots[i], path, terms)
            for i, paths in proof.ensured_when.items()
            if i in roots
            for path, terms in paths.items()
        ):
            return True
        if not proof.checked or _error_call(stmt) != call:
            return False
        check = stmt if stmt.type == "if_statement" else stmt.next_named_sibling
        if (
            check is None
            or check.type != "if_statement"
            or check.end_byte > write.start_byte
            or not _leaves_on_error(self.file, check)
        ):
            return False
        return any(
            join(roots[i] + ".", path) in forms
            for i, paths in proof.checked.items()
            if i in roots
            for path in paths
        )

    def _looked_up(self, stmt: tree_sitter.Node, forms: set[str]) -> str:
        """``v`` of ``v := get(m, k)``, where ``get`` gives a non-zero value
        only for a key found in its map parameter (API_CALLEES
        ``nonzero_if``) and ``m`` is the map: read like ``v := m[k]``."""
        names, values = sx.defined_values(stmt)
        if len(names) != 1 or len(values) != 1:
            return ""
        if self._object_getter(values[0], forms):
            return self.text(names[0]) if names[0].type == "identifier" else ""
        call = sx.unparen(values[0])
        args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
        proof = self.proof(call) if args is not None else None
        if args is None or proof is None or not proof.nonzero_if:
            return ""
        arguments = args.named_children
        if any(
            i < len(arguments) and sx.norm(self.text(arguments[i])) in forms
            for i in proof.nonzero_if
        ):
            return self.text(names[0]) if names[0].type == "identifier" else ""
        return ""

    def _points_at_found(
        self, func: tree_sitter.Node, write: tree_sitter.Node, forms: set[str], base: str
    ) -> bool:
        """``base`` is a local ``var p *T`` (no value) that the function
        assigns only ``p = &items[i]`` in ``for i, v := range items``, each
        inside an ``if`` whose condition proves a key in
        ``v``'s map (``string(v.Data["server"]) == "https://..."``): ``v`` is
        a copy of ``items[i]`` that shares its maps, so wherever ``p`` points
        the map holds a key (and where it points nowhere, ``p.M`` panics on
        the nil pointer before any map is written). Nothing may assign
        ``i``, ``v`` or ``items`` in the loop, nor take ``p``'s address."""
        suffixes = {f[len(base) :] for f in forms if f.startswith(base + ".")}
        body = func.child_by_field_name("body")
        if not base.isidentifier() or not suffixes or body is None:
            return False
        declarations = [
            n
            for n in sx.nodes(
                func, ("var_spec", "short_var_declaration", "range_clause", "parameter_declaration")
            )
            if base in self._declares(n)
        ]
        if len(declarations) != 1 or declarations[0].type != "var_spec":
            return False
        spec = declarations[0]
        block = sx.statement_of(spec)
        if (
            spec.child_by_field_name("value") is not None
            or block is None
            or block.parent is None
            or not (block.parent.start_byte <= write.start_byte < block.parent.end_byte)
        ):
            return False
        assigned = []
        for node in sx.nodes(body, ("assignment_statement", "unary_expression", *_INC_DEC)):
            if node.type != "assignment_statement":
                operand = node.named_children[0] if node.named_children else None
                taken = node.type in _INC_DEC or self.text(node)[:1] == "&"
                if taken and operand is not None and self.text(operand) == base:
                    return False  # &p, p++
                continue
            sides = sx.assignment_sides(node)
            targets = [self.text(t) for t in sides[0]] if sides is not None else []
            if base in targets:
                if sides is None or len(targets) != 1 or len(sides[1]) != 1:
                    return False
                assigned.append((node, sx.unparen(sides[1][0])))
        return bool(assigned) and all(
            self._element_found(stmt, value, suffixes) for stmt, value in assigned
        )

    def _declares(self, node: tree_sitter.Node) -> set[str]:
        """The names a declaration, ``:=``, range clause or parameter declares."""
        if node.type in ("var_spec", "parameter_declaration"):
            return {self.text(n) for n in node.children_by_field_name("name")}
        left = node.child_by_field_name("left")
        if left is None or (node.type == "range_clause" and self.text(node).find(":=") < 0):
            return set()
        return {self.text(n) for n in left.named_children if n.type == "identifier"}

    def _element_found(
        self, stmt: tree_sitter.Node, value: tree_sitter.Node, suffixes: set[str]
    ) -> bool:
        """``stmt`` (``p = &items[i]``) sits in an ``if`` that
        proves a key in ``v``'s map, in ``for i, v := range items``."""
        operand = value.child_by_field_name("operand") if value.type == "unary_expression" else None
        if operand is None or self.text(value)[:1] != "&":
            return False
        operand = sx.unparen(operand)
        guard = stmt.parent
        if guard is not None and guard.type == sx.STATEMENT_LIST:
            guard = guard.parent
        if guard is None or guard.type != "block" or guard.parent is None:
            return False
        branch = guard.parent
        cond = branch.child_by_field_name("condition")
        then = branch.child_by_field_name("consequence")
        if branch.type != "if_statement" or cond is None or then is None or then.id != guard.id:
            return False
        loop = branch.parent
        while loop is not None and loop.type not in ("for_statement", *sx.FUNCTION_TYPES):
            loop = loop.parent
        clause = (
            next((c for c in loop.named_children if c.type == "range_clause"), None)
            if loop is not None and loop.type == "for_statement"
            else None
        )
        left = clause.child_by_field_name("left") if clause is not None else None
        right = clause.child_by_field_name("right") if clause is not None else None
        if clause is None or left is None or right is None or ":=" not in self.text(clause):
            return False
        names = [self.text(n) for n in left.named_children]
        items = sx.norm(self.text(right))
        if len(names) != 2 or "_" in names:
            return False
        index, element = names
        # not ``&v``: before Go 1.22 one variable serves every iteration, so
        # ``p`` would see the later elements
        view = sx.index_view(operand) if operand.type == "index_expression" else None
        if (
            view is None
            or sx.norm(self.text(view[0])) != items
            or self.text(view[1]) != index
            or loop is None
        ):
            return False
        body = loop.child_by_field_name("body")
        for node in sx.nodes(body, _ASSIGNING) if body is not None else []:
            for target in _targets(node):
                text = sx.norm(self.text(target))
                if (
                    text in (index, element)
                    or text.startswith((element + ".", element + "[", items))
                    or items.startswith((text + ".", text + "["))
                ):
                    return False
        forms = {element + suffix for suffix in suffixes}
        return any(
            lookups.proves_key(self.file, term, forms, set(), set(), self._constant)
            or self._compares_nonempty(term, forms, set(), "==")
            for term in sx.terms(cond, "&&")
        )

    def _object_getter(self, node: tree_sitter.Node, forms: set[str]) -> bool:
        """``node`` is ``u.GetAPIVersion()`` (a getter of :data:`_READS_OBJECT`)
        on an ``unstructured.Unstructured`` ``u`` whose ``u.Object`` is the
        map: it reads like ``u.Object[k]``."""
        node = sx.unparen(node)
        fn = node.child_by_field_name("function") if node.type == "call_expression" else None
        if fn is None or fn.type != "selector_expression" or self._declared is None:
            return False
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None or self.text(field) not in _READS_OBJECT:
            return False
        return (
            sx.norm(self.text(operand)) + ".Object" in forms
            and self._declared(operand) == _UNSTRUCTURED
        )

    def _predicate_proves(
        self, stmt: tree_sitter.Node, write: tree_sitter.Node, forms: set[str], ancestors: set[int]
    ) -> bool:
        """``if f(x) [&& ...] { write }``, or ``if !f(x) [|| ...] { leave }``
        before the write, where ``f`` returns true only when the map below
        its argument holds a key (API_CALLEES ``true_if``)."""
        cond = stmt.child_by_field_name("condition")
        side = _guard_side(stmt, write, ancestors)
        if cond is None or not side:
            return False
        if side == "then":
            calls = [t for t in sx.terms(cond, "&&") if t.type == "call_expression"]
        else:
            calls = []
            for term in sx.terms(cond, "||"):
                operand = term.child_by_field_name("operand")
                negated = term.type == "unary_expression" and self.file.text(term)[:1] == "!"
                if (
                    negated
                    and operand is not None
                    and sx.unparen(operand).type == "call_expression"
                ):
                    calls.append(sx.unparen(operand))
        for call in calls:
            proof = self.proof(call)
            if proof is not None and self._covers(call, proof.true_if, forms):
                return True
        return False

    def _covers(
        self, call: tree_sitter.Node, paths: Mapping[int, Iterable[str]], forms: set[str]
    ) -> bool:
        """One of ``paths`` (argument position → map paths below it) of a
        callee's proof, said of ``call``'s argument, is the written map."""
        args = call.child_by_field_name("arguments")
        if args is None:
            return False
        roots = {
            i: sx.norm(self.text(a)).removeprefix("&") for i, a in enumerate(args.named_children)
        }
        return any(
            join(roots[i] + ".", path) in forms
            for i, found in paths.items()
            if i in roots
            for path in found
        )

    def _result_proves(
        self,
        stmt: tree_sitter.Node,
        write: tree_sitter.Node,
        forms: set[str],
        ancestors: set[int],
        func: tree_sitter.Node,
        since: int = -1,
    ) -> bool:
        """``x, err := f(obj)`` then ``if x != nil [&& ...] { write }``, or
        ``if x == nil [|| ...] { leave }`` before the write, where ``f``
        gives a nil first result whenever the map below its argument lacks
        a key (API_CALLEES ``nonnil_if``), and ``x`` is assigned nowhere
        else in the function; the call at ``since`` or later (a call before
        the object was read anew looked at the old one)."""
        cond = stmt.child_by_field_name("condition")
        side = _guard_side(stmt, write, ancestors)
        if cond is None or not side:
            return False
        if side == "then":
            tested = self._nil_tested(sx.terms(cond, "&&"), "!=")
        else:
            tested = self._nil_tested(sx.terms(cond, "||"), "==")
        for name in tested:
            call = self._only_call(func, name, stmt)
            if call is None or call.start_byte < since:
                continue
            proof = self.proof(call)
            if proof is not None and self._covers(call, proof.nonnil_if, forms):
                return True
        return False

    def _nil_tested(self, terms: list[tree_sitter.Node], op: str) -> list[str]:
        """The names ``x`` of the terms ``x <op> nil`` (or ``nil <op> x``)."""
        names = []
        for term in terms:
            parts = sx.binary(term)
            if parts is None or self.text(parts[0]) != op:
                continue
            _, left, right = parts
            if left.type == "nil":
                left, right = right, left
            if right.type == "nil" and sx.unparen(left).type == "identifier":
                names.append(self.text(sx.unparen(left)))
        return names

    def _only_call(
        self, func: tree_sitter.Node, name: str, before: tree_sitter.Node
    ) -> tree_sitter.Node | None:
        """The call ``f(...)`` of the one statement of ``func`` that assigns
        ``name`` (as the first of its targets, ``x, err := f(...)``), when
        it comes before the ``if`` statement ``before`` (or is its
        initializer) and nothing else in ``func`` assigns or declares
        ``name``, or takes its address."""
        found: list[tree_sitter.Node] = []
        for node in src.walk(func):
            if node.type == "unary_expression" and sx.norm(self.text(node)) == "&" + name:
                return None
            if name in _declared_names(self, node):
                return None
            sides = (
                sx.assignment_sides(node)
                if node.type in ("short_var_declaration", "assignment_statement")
                else None
            )
            if sides is not None and any(self.text(t) == name for t in sides[0]):
                found.append(node)
        init = before.child_by_field_name("initializer")
        if len(found) != 1 or (
            found[0].end_byte > before.start_byte and (init is None or init.id != found[0].id)
        ):
            return None
        sides = sx.assignment_sides(found[0])
        if sides is None or len(sides[1]) != 1 or self.text(sides[0][0]) != name:
            return None
        call = sx.unparen(sides[1][0])
        return call if call.type == "call_expression" else None

    def _nil_check_guards(
        self, node: tree_sitter.Node, write: tree_sitter.Node, forms: set[str], ancestors: set[int]
    ) -> bool:
        """An ``if`` that checks the map for nil (or its length) guards the
        write when the write is in the branch where the map is there (``if m
        != nil { m[k] = v }``, the ``else`` of ``if m == nil``), or comes
        after an ``if m == nil`` whose branch leaves or makes the map (the
        making is seen on its own), or after an ``if m != nil`` whose
        ``else`` leaves. A check whose branches both go on to the write
        (``if m != nil { range m }`` then ``m[k] = v``) proves nothing."""
        cond = node.child_by_field_name("condition")
        if cond is None:
            return False
        text = re.sub(r"\s+", "", self.text(cond))
        present = any(
            f"{f}!=nil" in text or re.search(rf"len\({re.escape(f)}\)(>0|!=0|>=1)", text)
            for f in forms
        )
        absent = any(
            f"{f}==nil" in text or re.search(rf"len\({re.escape(f)}\)(==0|<1)", text) for f in forms
        )
        if not present and not absent:
            return False
        if "||" in text and "&&" not in text and present:
            present = False  # `a || m != nil`: the branch runs without the map too
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        if node.id in ancestors:
            inside_then = consequence is not None and consequence.id in ancestors
            inside_else = alternative is not None and alternative.id in ancestors
            return (
                (inside_then and present)
                or (inside_else and absent)
                or (inside_then and absent and not self._strict_absent(text, forms))
            )
        if absent and consequence is not None and terminates(consequence):
            return True
        if present and alternative is not None and terminates(alternative):
            return True
        return absent and consequence is not None and not self._strict_absent(text, forms)

    def _strict_absent(self, text: str, forms: set[str]) -> bool:
        """The condition is the nil (or empty) check alone (``m == nil``,
        ``len(m) == 0``), so its branch runs exactly when the map is nil or
        empty."""
        return any(text in (f"{f}==nil", f"len({f})==0") for f in forms)

    def _mentions_nil_check(self, cond: tree_sitter.Node, forms: set[str]) -> bool:
        text = re.sub(r"\s+", "", self.text(cond))
        return any(f"{f}==nil" in text or f"{f}!=nil" in text or f"len({f})" in text for f in forms)


# statements whose calls run before the next statement (not go/defer, not a
# loop header, not a case that may not be chosen)
_CALLING_STATEMENTS = frozenset(
    {
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "var_declaration",
        "if_statement",
    }
)


def _always_evaluated(file: src.SourceFile, call: tree_sitter.Node, stmt: tree_sitter.Node) -> bool:
    """``call`` runs whenever ``stmt`` does: not on the right of ``&&`` or
    ``||``, and (in an ``if``) in its initializer or condition."""
    current = call
    while current.parent is not None and current.id != stmt.id:
        up = current.parent
        if up.type == "binary_expression":
            operator = up.child_by_field_name("operator")
            right = up.child_by_field_name("right")
            if (
                operator is not None
                and file.text(operator) in ("&&", "||")
                and right is not None
                and right.id == current.id
            ):
                return False
        if up.type == "if_statement":
            header = (up.child_by_field_name("initializer"), up.child_by_field_name("condition"))
            if all(part is None or part.id != current.id for part in header):
                return False  # a branch, or an else-if tested only sometimes
        current = up
    return True


_INC_DEC = ("inc_statement", "dec_statement")
_ASSIGNING = ("assignment_statement", "short_var_declaration", *_INC_DEC)


def _targets(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """What an assignment, ``:=`` or ``x++`` assigns."""
    left = node.child_by_field_name("left")
    if left is None:
        return node.named_children[:1] if node.type in _INC_DEC else []
    return left.named_children if left.type == "expression_list" else [left]


def _error_call(stmt: tree_sitter.Node) -> tree_sitter.Node | None:
    """The call of ``err := f(...)`` / ``x, err = f(...)`` (or the
    initializer of an ``if``) whose last result is named ``err``."""
    if stmt.type == "if_statement":
        init = stmt.child_by_field_name("initializer")
        return _error_call(init) if init is not None else None
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None or len(right.named_children) != 1:
        return None
    names = left.named_children
    call = sx.unparen(right.named_children[0])
    if not names or names[-1].text != b"err" or call.type != "call_expression":
        return None
    return call


def _guard_side(stmt: tree_sitter.Node, write: tree_sitter.Node, ancestors: set[int]) -> str:
    """Where ``write`` sits for the ``if`` statement ``stmt``: "then" in its
    block, "after" it when the ``if`` has no else, leaves, and stands in a
    block around the write; "" otherwise."""
    then = stmt.child_by_field_name("consequence")
    if then is None:
        return ""
    if then.start_byte <= write.start_byte < then.end_byte:
        return "then"
    after = (
        stmt.end_byte <= write.start_byte
        and stmt.child_by_field_name("alternative") is None
        and stmt.parent is not None
        and stmt.parent.id in ancestors
        and terminates(then)
    )
    return "after" if after else ""


def _leaves_on_error(file: src.SourceFile, stmt: tree_sitter.Node) -> bool:
    """``if err != nil { ...; return/continue/break }`` without an else."""
    cond = stmt.child_by_field_name("condition")
    then = stmt.child_by_field_name("consequence")
    return (
        cond is not None
        and then is not None
        and stmt.child_by_field_name("alternative") is None
        and sx.norm(file.text(cond)) == "err!=nil"
        and terminates(then)
    )


def _returns_error(file: src.SourceFile, stmt: tree_sitter.Node) -> bool:
    """``if err != nil { return ..., <not nil> }``."""
    if stmt.type != "if_statement" or not _leaves_on_error(file, stmt):
        return False
    then = stmt.child_by_field_name("consequence")
    last = sx.block_statements(then)[-1] if then is not None else None
    if last is None or last.type != "return_statement" or not last.named_children:
        return False
    values = last.named_children[0]
    results = values.named_children if values.type == "expression_list" else [values]
    return bool(results) and file.text(results[-1]) != "nil"


def _rebind(
    file: src.SourceFile,
    stmt: tree_sitter.Node,
    oks: set[str],
    values: set[str],
    kept: set[str],
) -> None:
    """Drop from ``oks`` and ``values`` the names ``stmt`` assigns anew
    (``count, ok = other[k]`` after ``count, ok := m[k]``): they hold what
    the statement gives from then on, not a lookup of the map, unless the
    statement is itself such a lookup (``kept``)."""
    left = stmt.child_by_field_name("left")
    for lhs in left.named_children if left is not None else ():
        name = file.text(lhs) if lhs.type == "identifier" else ""
        if name and name not in kept:
            oks.discard(name)
            values.discard(name)


def _declared_names(guards: Guards, node: tree_sitter.Node) -> set[str]:
    """The names a parameter declaration, ``var`` spec or range clause
    (``for k, v := range m``) declares or assigns."""
    if node.type in ("parameter_declaration", "var_spec"):
        return {guards.text(n) for n in node.children_by_field_name("name")}
    left = node.child_by_field_name("left") if node.type == "range_clause" else None
    return {guards.text(n) for n in left.named_children} if left is not None else set()
