"""NM001 nil-map-write: a write to a local or package-level map that is nil on
some path to it.

Why one module of over 600 lines: the rule is one pass over each function's
write sites, and every way a local map comes to be nil (its candidates, the
flow's verdict, the messages and fixes of each kind) ends in the same
report and fix choice; the facts it asks (candidates: :mod:`.nilsources`,
the flow: :mod:`.nilflow`, null elements of decoded containers:
:mod:`.decodednulls`) live in their own modules, and what stays here is
the choice of message, evidence and fix for each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.prefilter import MODULE_IMPORT
from gofixmap.codemod.rule import FileContext, Invalid, Pass, files_of
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import MAP_SUMMARIES, NIL_FLOW, TYPES
from gofixmap.rules.facts.calleffects import decoder_into, keeps_on_empty
from gofixmap.rules.facts.correlation import correlated, making_assignments
from gofixmap.rules.facts.decodednulls import null_element_writes
from gofixmap.rules.facts.nilsources import Candidate, candidates
from gofixmap.rules.facts.nilstate import MAYBE, NIL, NONNIL
from gofixmap.rules.facts.writes import WriteSite, may_write, write_decls, write_sites
from gofixmap.rules.fixes import make
from gofixmap.rules.fixes.cover import first_write
from gofixmap.rules.fixes.guard import guard_fix
from gofixmap.rules.nilmaprule import NilMapRule

Node = tree_sitter.Node

_HARMLESS_CALLS = ("len", "delete", "clear")


class NilMapWrite(NilMapRule):
    """What it does:
    Finds writes (``m[k] = v``, ``m[k] += v``, ``m[k]++``) into a local
    variable, named result or package variable of map type that is nil on
    some path to the write: declared with ``var m map[K]V`` (or a named map
    type such as ``http.Header``) and never made, made on only some branches,
    declared inside a loop, set to ``nil``, a named result never assigned, or
    set from a same-package function that returns ``nil`` on some path (or
    a package map nothing makes; not past a checked error when every such
    ``return nil, err`` has a non-nil error, and a forwarded ``return g(...)``
    gives nil only where ``g`` does), read from a map of maps (``inner :=
    m[k]``, nil for a missing key, unless ``m[k]`` is made or checked first
    as NM003 sees it: the fix also stores the made map back, ``m[k] = inner``);
    and a parameter only where the flow proves it nil on every path (inside
    ``if m == nil { ... }``, after ``m = nil``), with no automatic fix: a map
    made there would not reach the caller. A copy ``c := maps.Clone(x)``
    is nil where ``x`` is (the copy of a nil map is nil), for a parameter
    ``x`` also where a call of the package (outside test files) passes the
    literal ``nil`` for it and nothing made or checked it on the way: the
    guard on the copy is the fix, the callers' maps are not written.
    A flow analysis follows the variable through ifs, switches, selects and
    loops; ``if m == nil { m = make(...) }``, ``m != nil`` and ``len(m) > 0``
    refine it, and so does a successful ``v, ok := m[k]`` lookup or ``v, ok :=
    m[k].(T)`` assertion (a missing key gives a nil interface), as does the
    body of ``for k := range m`` (a nil map has no key) until it sets ``m``; a decoder
    given ``&m`` (``json.Unmarshal(b, &m)``, ``dec.Decode(&m)``) makes it on
    the paths where it runs (and an error from it, checked, ends the path),
    but a YAML ``Unmarshal`` (gopkg.in/yaml, sigs.k8s.io/yaml) does not: an
    empty document decodes to nothing without an error and leaves the map
    as it was, nil when it was nil. An element of a slice (or a value of a
    map of maps) that encoding/json or a YAML decoder filled (``var xs
    []map[string]any; json.Unmarshal(b, &xs)``) is nil where the input
    holds ``null`` (``[null]``, ``{"a": null}``): a write into the range
    value, ``xs[i]`` or a local copied from it is reported (low confidence,
    no automatic fix: skip the element or make it) unless a nil or ``len``
    check, a found lookup or a made map comes first. Reads,
    ``len``, ``range``, ``delete`` and ``clear`` on a nil map are legal and
    never reported.

    Why is this bad:
    Writing into a nil map panics with ``assignment to entry in nil map``,
    which kills the goroutine and, in a service, the whole process.

    Example:
    ```go
    func count(words []string) map[string]int {
        var counts map[string]int
        for _, w := range words {
            counts[w]++ // panics
        }
        return counts
    }
    ```
    becomes, with the safe fix,
    ```go
    for _, w := range words {
        if counts == nil {
            counts = make(map[string]int)
        }
        counts[w]++
    }
    ```

    Fix safety:
    Making the map at its declaration (``counts := make(map[string]int)``) is
    safe when nil and empty cannot be told apart afterwards: every use of the
    variable is an index, ``len``, ``range``, ``delete`` or ``clear``, or every
    path from the declaration reaches the write. Otherwise the safe fix is a
    lazy nil guard just before the write, which changes only paths that used
    to panic, and the declaration fix is offered as unsafe (the function
    would return ``{}`` instead of ``nil``). A package variable is made at its
    declaration (safe unless the package compares it with nil).
    """

    code = "NM001"
    PREFILTER = (
        *MAP_GATE,
        MODULE_IMPORT,
    )  # (module import: a named map type of another package of the module)
    REQUIRES = (TYPES, NIL_FLOW, MAP_SUMMARIES, DECLARATIONS, *NilMapRule.SCAFFOLDING)
    name = "nil-map-write"
    summary = "a write to a local or package-level map that is nil on some path to it"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "nil-every-path": ("high", "the map is nil on every path of the function to the write"),
        "never-made": ("high", "no code of the package ever makes the package map"),
        "nil-some-path": (
            "medium",
            "the function leaves the map nil on some path to the write, which needs a "
            "condition to be taken",
        ),
        "nil-result": ("medium", "the function whose result is written can return nil"),
        "missing-key": (
            "low",
            "a lookup of a key the outer map may lack: whether it can is not told",
        ),
        "null-element": (
            "low",
            "an element of a decoded slice or map, nil where the input holds null:"
            " whether it can is not told",
        ),
    }
    VALID = (
        """package p

func count(words []string) map[string]int {
	counts := make(map[string]int)
	for _, w := range words {
		counts[w]++
	}
	return counts
}
""",
        """package p

func lazy(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
        """package p

func reads(key string) (int, int) {
	var m map[string]int
	delete(m, key)
	for range m {
	}
	return m[key], len(m)
}
""",
        """package p

func branches(big bool) map[string]bool {
	var seen map[string]bool
	if big {
		seen = make(map[string]bool, 64)
	} else {
		seen = map[string]bool{}
	}
	seen["x"] = true
	return seen
}
""",
    )
    INVALID = (
        Invalid(
            """package p

func names() map[string]bool {
	var seen map[string]bool
	seen["a"] = true
	return seen
}
""",
            fixed="""package p

func names() map[string]bool {
	seen := make(map[string]bool)
	seen["a"] = true
	return seen
}
""",
        ),
        Invalid(
            """package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++
	}
	return counts
}
""",
            fixed="""package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
            unsafe_fixed="""package p

func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[w]++
	}
	return counts
}
""",
        ),
        Invalid(
            """package p

func total(xs []int) int {
	var byValue map[int]int
	for _, x := range xs {
		byValue[x] += x
	}
	return len(byValue)
}
""",
            fixed="""package p

func total(xs []int) int {
	byValue := make(map[int]int)
	for _, x := range xs {
		byValue[x] += x
	}
	return len(byValue)
}
""",
        ),
        Invalid(
            """package p

var registry map[string]int

func Register(name string, n int) {
	registry[name] = n
}
""",
            fixed="""package p

var registry = make(map[string]int)

func Register(name string, n int) {
	registry[name] = n
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        for ctx in files_of(pkg):
            if not may_write(ctx.file):
                continue  # every finding is a write site of the file
            for top in write_decls(ctx.file):
                for func in sx.functions(top):
                    yield from self._function(ctx, func)
            yield from self._package_writes(ctx)

    # ------------------------------------------------------------------ locals

    def _function(self, ctx: FileContext, func: Node) -> Iterator[Diagnostic]:
        file = ctx.file
        body = func.child_by_field_name("body")
        if body is None:
            return
        sites = list(write_sites(body, file, into_closures=False))
        yield from self._call_result_writes(ctx, sites)
        for null in null_element_writes(ctx, func, body, sites):
            message = (
                f"write to map {null.subject} that may be nil: it is read from"
                f" {null.container}, decoded by {null.decoder}, which decodes a null"
                " element to a nil map"
            )
            note = f"check {null.subject} for nil first: skip the element or make it"
            yield self.diagnostic(
                file, null.target, message, (), note, null.subject, evidence="null-element"
            )
        written = {
            file.text(site.operand)
            for site in sites
            if site.operand.type in ("identifier", "type_identifier")
        }
        if not written:
            return
        for cand in candidates(ctx, func, body, written):
            yield from self._analyse(ctx, func, body, cand)

    def _call_result_writes(self, ctx: FileContext, sites: list[WriteSite]) -> Iterator[Diagnostic]:
        """``registry()[k] = v`` where ``registry``, a function of the package
        with one result, returns a nil map on some path (``return nil``, or a
        package map nothing makes). No fix here: a map made at the write
        would be dropped; the function must return a made one."""
        flows = ctx.fact(NIL_FLOW)
        for site in sites:
            operand = sx.unparen(site.operand)
            if operand.type != "call_expression":
                continue
            callee = flows.nil_result_callee(ctx.file, operand)
            if callee is None or len(callee.results) != 1 or 0 not in flows.nil_results(callee):
                continue
            subject = sx.norm(ctx.text(operand))
            message = f"write to map returned by {subject} that may be nil: "
            message += f"{callee.name} can return nil"
            note = f"make the map in {callee.name}: one made here would be dropped"
            yield self.diagnostic(
                ctx.file, operand, message, (), note, subject, evidence="nil-result"
            )

    def _analyse(
        self, ctx: FileContext, func: Node, body: Node, cand: Candidate
    ) -> Iterator[Diagnostic]:
        flows = ctx.fact(NIL_FLOW)
        variable = flows.variable(ctx.file, cand.binding)
        uses = variable.uses(func)
        if self._escapes_flow(ctx, func, uses, cand):
            return
        parameter = cand.binding.kind == "param"
        initial = NIL if cand.binding.kind == "result" else MAYBE if parameter else NONNIL
        flow = flows.states(variable, body, initial)
        if flow is None:
            return  # the analysis gave up
        makes: list[Node] | None = None
        for key in sorted(flow.states):
            state = flow.states[key]
            if not state & NIL or (parameter and state != NIL):
                continue
            target = flow.writes[key]
            definite = state == NIL
            if not definite:
                if makes is None:
                    makes = making_assignments(ctx.file, uses)
                if correlated(ctx.file, func, target, makes):
                    continue
            yield self._report(ctx, func, body, cand, uses, target, definite)

    def _escapes_flow(
        self, ctx: FileContext, func: Node, uses: list[Node], cand: Candidate
    ) -> bool:
        """``&m``, assignments inside closures, pointer-receiver method calls."""
        file, index = ctx.file, ctx.package
        named = cand.type_text if cand.type_text in index.types else ""
        for use in uses:
            parent = use.parent
            if parent is None:
                continue
            if parent.type == "unary_expression" and file.text(parent).startswith("&"):
                call = parent.parent.parent if parent.parent is not None else None
                target_id = use.id

                def is_use(node: Node, target_id: int = target_id) -> bool:
                    return node.id == target_id

                decoded = (
                    call is not None
                    and call.type == "call_expression"
                    and decoder_into(file, call, is_use)
                )
                if not decoded:  # a decoder's target is followed by the flow
                    return True
            if sx.in_closure(use, func) and sx.is_assigned(use):
                return True
            if named and parent.type == "selector_expression":
                method = parent.child_by_field_name("field")
                decl = index.funcs.get(f"{named}.{file.text(method)}") if method else None
                if decl is not None and decl.pointer_receiver:
                    return True
        return False

    def _report(
        self,
        ctx: FileContext,
        func: Node,
        body: Node,
        cand: Candidate,
        uses: list[Node],
        target: Node,
        definite: bool,
    ) -> Diagnostic:
        file = ctx.file
        name = cand.binding.name
        binding = cand.binding
        if not definite and cand.outer is not None:
            outer = cand.outer.child_by_field_name("operand")
            shown = sx.norm(file.text(outer)) if outer is not None else "the map"
            message = (
                f"write to map {name} that may be nil: it is read from {shown}, "
                f"whose missing keys hold nil maps"
            )
            # the made map must go back into the outer map, or the write is lost
            # (the outer map as written: sx.norm would drop a dereference)
            back = f"{''.join(file.text(cand.outer).split())} = {name}"
            guard = guard_fix(file, target, name, cand.type_text, also=back)
            note = "" if guard is not None else "make the inner map and store it before the write"
            return self.diagnostic(
                file, target, message, [guard] if guard else [], note, name, evidence="missing-key"
            )
        if cand.clone:
            if definite:
                message = f"write to nil map {name}: it is maps.Clone of {cand.clone}, which is nil"
            else:
                message = (
                    f"write to map {name} that may be nil: it is maps.Clone of {cand.clone},"
                    f" which is nil on some path (the copy of a nil map is nil)"
                )
            guard = guard_fix(file, target, name, cand.type_text)
            note = "" if guard is not None else "the write is not in a block"
            kind = "nil-every-path" if definite else "nil-some-path"
            return self.diagnostic(
                file, target, message, [guard] if guard else [], note, name, evidence=kind
            )
        if not definite and cand.source and cand.package_var:
            message = f"write to map {name} that may be nil: {cand.source} can return nil"
            # a map made here would never reach the package variable: the
            # write would be lost instead of panicking
            note = f"make the package map that {cand.source} returns"
            return self.diagnostic(file, target, message, [], note, name, evidence="nil-result")
        if not definite and cand.source:
            message = f"write to map {name} that may be nil: {cand.source} can return nil"
        elif not definite and (decoder := _yaml_decoder(file, uses, target)):
            message = (
                f"write to map {name} that may be nil: {decoder} leaves it nil"
                " for an empty document"
            )
        elif not definite:
            message = f"write to map {name} that may be nil: {name} is made only on some paths"
        elif binding.kind == "param":
            message = f"write to nil map {name}: parameter {name} is nil on every path to here"
            note = (
                "a map made here would not reach the caller: make it in the caller,"
                " or return an error"
            )
            return self.diagnostic(file, target, message, [], note, name, evidence="nil-every-path")
        elif binding.kind == "result":
            message = f"write to nil map {name}: named result {name} is never made"
        elif binding.kind == "var" and binding.value is None:
            message = f"write to nil map {name}: {name} is nil when declared with var"
        else:
            message = f"write to nil map {name}: {name} is set to nil before the write"
        guard = guard_fix(file, target, name, cand.type_text)
        declaration = self._declaration_fix(ctx, body, cand)
        fixes: list[Fix] = []
        note = ""
        if declaration is not None and self._init_is_safe(ctx, func, body, cand, uses, target):
            fixes.append(make.make_fix(name, declaration, Applicability.SAFE))
        else:
            if guard is not None:
                fixes.append(guard)
            if declaration is not None:
                fixes.append(make.make_fix(name, declaration, Applicability.UNSAFE))
        if not fixes:
            note = "the write is not in a block and the declaration cannot be rewritten"
        kind = "nil-every-path" if definite else "nil-some-path"
        return self.diagnostic(file, target, message, fixes, note, name, evidence=kind)

    def _declaration_fix(self, ctx: FileContext, body: Node, cand: Candidate) -> Edit | None:
        binding = cand.binding
        if binding.kind == "result":
            return make.named_result(ctx.file, body, binding.name, cand.type_text)
        if binding.kind != "var":
            return None
        return make.local_var(binding.node, binding.name, cand.type_text)

    def _init_is_safe(
        self,
        ctx: FileContext,
        func: Node,
        body: Node,
        cand: Candidate,
        uses: list[Node],
        target: Node,
    ) -> bool:
        """Nil and empty cannot be told apart after making the map at its declaration."""
        if cand.binding.kind != "result" and all(_harmless(ctx.file, u, func) for u in uses):
            return True
        return self._every_path_writes(ctx, body, cand, uses, target)

    def _every_path_writes(
        self, ctx: FileContext, body: Node, cand: Candidate, uses: list[Node], target: Node
    ) -> bool:
        """The write is reached unconditionally, straight after the declaration,
        so every execution that passed the declaration panicked before (or
        a write of the same path that covers it is: ``cover.first_write``)."""
        stmt = sx.insertion_statement(target)
        if stmt is None:
            return False
        stmt = first_write(ctx.file, stmt, cand.binding.name)
        if stmt.parent is None:
            return False
        if cand.binding.kind == "result":
            home = sx.statement_list(body)
            start = 0
        else:
            declaration = cand.binding.node.parent
            if declaration is None or declaration.parent is None:
                return False
            home = declaration.parent
            start = declaration.end_byte
        if home is None or stmt.parent.id != home.id:
            return False
        for use in uses:
            if start <= use.start_byte < stmt.start_byte:
                return False
        for sibling in home.named_children:
            if sibling.start_byte < start or sibling.start_byte >= stmt.start_byte:
                continue
            for node in sx.walk(sibling, closures=False):
                if node.type in (
                    "return_statement",
                    "break_statement",
                    "continue_statement",
                    "goto_statement",
                ):
                    return False
                if node.type == "call_expression":
                    function = node.child_by_field_name("function")
                    if function is not None and ctx.file.text(function) in ("panic", "os.Exit"):
                        return False
        return True

    # ------------------------------------------------------------------ package variables

    def _package_writes(self, ctx: FileContext) -> Iterator[Diagnostic]:
        file = ctx.file
        candidates = ctx.fact(MAP_SUMMARIES).unmade_package_maps()
        if not candidates:
            return
        types = ctx.fact(TYPES)
        for site in write_sites(file.root, file):
            operand = site.operand
            if operand.type not in ("identifier", "type_identifier"):
                continue
            name = file.text(operand)
            info = candidates.get(name)
            if info is None:
                continue
            binding = types.resolve(file, name, operand)
            if binding is None or binding.kind != "package":
                continue
            message = f"write to nil map {name}: package variable {name} is never made"
            edit = make.package_var(info.decl, name, info.type_text)
            fixes: list[Fix] = []
            guard = guard_fix(file, site.target, name, info.type_text)
            if edit is not None and not info.compared:
                fixes.append(make.make_fix(name, edit, Applicability.SAFE))
            else:
                if guard is not None:
                    fixes.append(guard)
                if edit is not None:
                    fixes.append(make.make_fix(name, edit, Applicability.UNSAFE))
            yield self.diagnostic(
                file, site.target, message, fixes, "", name, evidence="never-made"
            )


def _harmless(file: SourceFile, use: Node, func: Node) -> bool:
    """A use that cannot tell a nil map from an empty one."""
    if sx.in_closure(use, func):
        return False
    parent = use.parent
    if parent is None:
        return False
    if parent.type in sx.INDEX_TYPES:
        view = sx.index_view(parent)
        return view is not None and view[0] == use
    if parent.type == "range_clause" and parent.child_by_field_name("right") == use:
        return True
    if parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        function = call.child_by_field_name("function")
        if function is not None and file.text(function) in _HARMLESS_CALLS:
            return parent.named_children[0] == use
    return False


def _yaml_decoder(file: SourceFile, uses: list[Node], before: Node) -> str:
    """The YAML ``Unmarshal`` (as written) that decodes into ``&m`` at one of
    the ``uses`` before ``before``, or ``""``."""
    for use in uses:
        parent = use.parent
        if use.start_byte >= before.start_byte or parent is None:
            continue
        if parent.type != "unary_expression" or not file.text(parent).startswith("&"):
            continue
        args = parent.parent
        call = args.parent if args is not None else None
        if call is not None and call.type == "call_expression" and keeps_on_empty(file, call):
            fn = call.child_by_field_name("function")
            return file.text(fn) if fn is not None else ""
    return ""
