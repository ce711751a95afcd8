"""NM003 nil-inner-map-write: ``m[a][b] = v`` where ``m[a]`` may not exist yet."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.model import Diagnostic
from gofixmap.codemod.rule import FileContext, Invalid, Pass, files_of
from gofixmap.codemod.source import SourceFile, of_types
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import MAP_SUMMARIES, TYPES
from gofixmap.rules.facts.calleffects import exits
from gofixmap.rules.facts.inner import initialised
from gofixmap.rules.facts.mapuses import MAP_USES, method_use
from gofixmap.rules.facts.types import type_parameters
from gofixmap.rules.facts.writes import WriteSite, is_side_effect_free, may_write, write_sites
from gofixmap.rules.fixes.guard import guard_fix
from gofixmap.rules.nilmaprule import NilMapRule

Node = tree_sitter.Node


class NilInnerMapWrite(NilMapRule):
    """What it does:
    Finds writes ``m[a][b] = v`` (also ``+=``, ``++``, ``--``, and on fields
    such as ``s.idx[a][b]``) where ``m`` is a map of maps
    (``map[K]map[K2]V`` or a named type with that underlying type) and
    nothing before the write in the function makes ``m[a]``: no
    ``m[a] = make(...)`` or literal on the same key, no
    ``if _, ok := m[a]; !ok { m[a] = ... }`` or ``if m[a] == nil { ... }``
    idiom (also ``if m[a] == nil { m.Init(x) }`` where the package's method
    ``Init`` makes its receiver's entry on every path for the same key,
    its locals and parameters replaced by their values), no enclosing
    check of ``m[a]``, the key does not come from
    ranging over ``m``, and ``m`` was not built just before by a map
    literal whose every element is a made map, one of them under the same
    key (``m := map[K]map[K2]V{a: {...}}``), with no loop, call, address
    taken or assignment to ``m`` or to the key's variables in between. A
    constant key of a map returned by a function of the package counts as
    made when that function sets it before each
    return without an error (also inside ``if p != nil``, when the caller's
    argument for ``p`` is an interface whose method the writing statement
    calls: a nil one panics first), keeps it, and the caller checks the
    error. Nor is a write under the key ``e.K`` inside ``for _, e :=
    range x.S`` into a map returned by a function of the package that makes
    ``m[e.K]`` for every element of the same slice of its parameter
    (``for _, e := range p.S { m[e.K] = make(...) }`` before each return)
    when neither the map nor ``x`` is assigned again and no key is deleted.
    Nor is a write ``m[k][b]`` under a lookup that found ``k`` in another
    map ``keys`` (``if _, ok := keys[k]; !ok { return }``, or inside ``if
    _, ok := keys[k]; ok``) when the local ``m`` got a made inner map for
    every key of ``keys`` before (``for k := range keys { m[k] = ... }``),
    also for a write in a closure of that function, and nothing there gives
    ``keys`` a key, deletes from either map or stores into ``m`` otherwise.
    Slices and arrays of maps are not reported. A call ``m[a].M(...)`` of a
    method that writes its receiver map (MAP_USES, read from the source of
    the type's package: ``sets.Set``'s ``Insert`` of
    ``k8s.io/apimachinery/pkg/util/sets``) is such a write into ``m[a]``,
    unless a value the key is computed from was checked before it by an
    ``if`` that leaves (``if !a.IsValid() { return err }``): the program
    validated the key against the keys it made, which is not told here.

    Why is this bad:
    Indexing a missing key yields the zero value, a nil inner map; writing
    into it panics with ``assignment to entry in nil map``. Making the outer
    map does not make the inner ones.

    Example:
    ```go
    idx := make(map[string]map[string]int)
    for _, r := range refs {
        idx[r.Namespace][r.Name] = r.Generation // panics
    }
    ```
    becomes
    ```go
    for _, r := range refs {
        if idx[r.Namespace] == nil {
            idx[r.Namespace] = make(map[string]int)
        }
        idx[r.Namespace][r.Name] = r.Generation
    }
    ```

    Fix safety:
    The guard makes the inner map only where it was nil, i.e. only on paths
    that used to panic, so it is safe. It evaluates the outer map and the key
    again, so no fix is offered when either has side effects (a call, a
    receive); bind the key to a variable first.
    """

    code = "NM003"
    PREFILTER = MAP_GATE
    REQUIRES = (TYPES, MAP_SUMMARIES, DECLARATIONS, MAP_USES, *NilMapRule.SCAFFOLDING)
    name = "nil-inner-map-write"
    summary = "m[a][b] = v where m[a] may not exist yet"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "missing-key": (
            "low",
            "a key the outer map may lack: whether the program can look it up before "
            "making its inner map is not told",
        ),
    }
    VALID = (
        """package p

func group(pairs [][2]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, p := range pairs {
		if out[p[0]] == nil {
			out[p[0]] = make(map[string]bool)
		}
		out[p[0]][p[1]] = true
	}
	return out
}
""",
        """package p

func group(pairs [][2]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, p := range pairs {
		inner, ok := out[p[0]]
		if !ok {
			inner = make(map[string]bool)
			out[p[0]] = inner
		}
		inner[p[1]] = true
	}
	return out
}
""",
        """package p

func rows(grid []map[string]int) {
	for i := range grid {
		grid[i]["seen"]++
	}
}
""",
        """package p

func reset(m map[string]map[string]int) {
	for k := range m {
		m[k]["count"] = 0
	}
}
""",
    )
    INVALID = (
        Invalid(
            """package p

func index(pairs [][2]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, p := range pairs {
		out[p[0]][p[1]] = true
	}
	return out
}
""",
            fixed="""package p

func index(pairs [][2]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, p := range pairs {
		if out[p[0]] == nil {
			out[p[0]] = make(map[string]bool)
		}
		out[p[0]][p[1]] = true
	}
	return out
}
""",
        ),
        Invalid(
            """package p

type Store struct {
	byKind map[string]map[string]int
}

func (s *Store) Add(kind, name string) {
	s.byKind[kind][name]++
}
""",
            fixed="""package p

type Store struct {
	byKind map[string]map[string]int
}

func (s *Store) Add(kind, name string) {
	if s.byKind[kind] == nil {
		s.byKind[kind] = make(map[string]int)
	}
	s.byKind[kind][name]++
}
""",
        ),
        Invalid(
            """package p

func key() string { return "k" }

func add(m map[string]map[string]int) {
	m[key()]["x"] = 1
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        for ctx in files_of(pkg):
            if may_write(ctx.file):  # every finding is a write site of the file
                yield from self._check_file(ctx)
            if b"]." in ctx.file.data:
                yield from self._method_writes(pkg, ctx)

    def _method_writes(self, pkg: Pass, ctx: FileContext) -> Iterator[Diagnostic]:
        """``m[a].M(...)`` with ``M`` a method of the inner named map type
        that writes its receiver map (``action[k].Insert(ns...)``)."""
        file = ctx.file
        types = ctx.fact(TYPES)
        for call in of_types(file.root, ("call_expression",)):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            operand = fn.child_by_field_name("operand")
            inner = sx.unparen(operand) if operand is not None else None
            if inner is None or inner.type != "index_expression":
                continue
            view = sx.index_view(inner)
            if view is None:
                continue
            outer, key = view
            outer_type = types.type_of(file, outer)
            parts = types.map_parts(outer_type, file) if outer_type is not None else None
            if parts is None or parts[1] in type_parameters(inner, file):
                continue
            use = method_use(pkg, file, inner, parts[1])
            if use is None or use[0] != "write" or initialised(ctx, inner, outer, key):
                continue
            if _key_checked(file, call, key):
                continue
            method = file.text(fn.child_by_field_name("field") or fn)
            yield self._report(ctx, call, inner, outer, key, parts[1], method)

    def _check_file(self, ctx: FileContext) -> Iterator[Diagnostic]:
        file = ctx.file
        types = ctx.fact(TYPES)
        for site in write_sites(file.root, file):
            inner = site.operand
            view = sx.index_view(inner) if inner.type in sx.INDEX_TYPES else None
            if view is None:
                continue
            outer, key = view
            outer_type = types.type_of(file, outer)
            if outer_type is None:
                continue
            parts = types.map_parts(outer_type, file)
            if parts is None:
                continue
            value_type = parts[1]
            if value_type in type_parameters(inner, file):
                continue
            if not types.is_map(value_type, file):
                continue
            if initialised(ctx, inner, outer, key):
                continue
            yield self._report(ctx, site, inner, outer, key, value_type)

    def _report(
        self,
        ctx: FileContext,
        site: WriteSite | Node,
        inner: Node,
        outer: Node,
        key: Node,
        value_type: str,
        method: str = "",
    ) -> Diagnostic:
        file = ctx.file
        inner_text = file.text(inner)
        through = f" ({method} writes its receiver map)" if method else ""
        message = (
            f"write to inner map {inner_text}{through} that may be nil: "
            f"missing keys of {file.text(outer)} hold nil maps"
        )
        at = site.target if isinstance(site, WriteSite) else site
        subject = inner_text
        if not (_pure(file, outer) and is_side_effect_free(file, key)):
            note = (
                f"the key {file.text(key)} has side effects: bind it to a variable, "
                f"then make {file.text(outer)}[key] when it is nil"
            )
            return self.diagnostic(file, at, message, (), note, subject, evidence="missing-key")
        fix = guard_fix(file, at, inner_text, value_type, f"Make {inner_text} when it is nil")
        if fix is None:
            note = "the write is not a statement of its own block"
            return self.diagnostic(file, at, message, (), note, subject, evidence="missing-key")
        return self.diagnostic(file, at, message, (fix,), "", subject, evidence="missing-key")


_ENDS = ("return_statement", "continue_statement", "break_statement", "goto_statement")


def _key_checked(file: SourceFile, at: Node, key: Node) -> bool:
    """A value the key is computed from was checked before ``at`` by an
    ``if`` that leaves (``if !a.IsValid() { return err }``, then
    ``m[strings.ToLower(a)].Insert(x)``): the program validated the key
    against what the outer map holds, which is not told here."""
    values = {
        sx.norm(file.text(node))
        for node in of_types(key, ("selector_expression", "identifier"))
        if not _callee_name(node) and not _inside_selector(node)
    }
    if not values:
        return False
    words = [re.compile(r"(?<![\w.])" + re.escape(v) + r"\b") for v in values]
    current: Node | None = at
    while current is not None and current.type not in sx.FUNCTION_TYPES:
        parent = current.parent
        if parent is not None and sx.is_block(parent):
            for stmt in parent.named_children:
                if stmt.start_byte >= current.start_byte:
                    break
                if stmt.type != "if_statement" or stmt.child_by_field_name("alternative"):
                    continue
                condition = stmt.child_by_field_name("condition")
                body = sx.statement_list(stmt.child_by_field_name("consequence"))
                last = body.named_children[-1] if body is not None and body.named_children else None
                if condition is None or last is None:
                    continue
                if last.type not in _ENDS and not exits(file, last):
                    continue
                text = file.text(condition)
                if any(w.search(text) for w in words):
                    return True
        current = parent
    return False


def _callee_name(node: Node) -> bool:
    parent = node.parent
    return (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == node
    )


def _inside_selector(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "selector_expression"


def _pure(file: SourceFile, expr: Node) -> bool:
    """Identifiers, selectors and index expressions with side-effect-free keys."""
    if expr.type in sx.INDEX_TYPES:
        view = sx.index_view(expr)
        return view is not None and _pure(file, view[0]) and is_side_effect_free(file, view[1])
    if expr.type == "qualified_type":
        return True
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        return operand is not None and _pure(file, operand)
    if expr.type == "parenthesized_expression":
        return all(_pure(file, c) for c in expr.named_children)
    if expr.type == "unary_expression" and file.text(expr).startswith("*"):
        operand = expr.child_by_field_name("operand")
        return operand is not None and _pure(file, operand)
    return expr.type in ("identifier", "type_identifier")
