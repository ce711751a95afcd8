"""NM002 nil-map-field-write: a write to a struct's map field that some
construction path of the struct leaves nil.

The module is longer than 600 lines because half of it is the rule's own
documentation and its VALID/INVALID examples; the analysis lives in the facts
(constructions, nilpaths, paths, fieldinit, returnedfields)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.model import Applicability, Diagnostic, Fix
from gofixmap.codemod.prefilter import MODULE_IMPORT
from gofixmap.codemod.rule import FileContext, Invalid, Pass, files_of
from gofixmap.codemod.source import SourceFile
from gofixmap.rules import MAP_GATE
from gofixmap.rules.facts import CALLS, CONSTRUCTIONS, TYPES, exports, paths
from gofixmap.rules.facts.callresults import may_return, source_function
from gofixmap.rules.facts.chains import Chain, DependencyStructs, chain
from gofixmap.rules.facts.constructions import Construction, Constructions, func_name
from gofixmap.rules.facts.correlation import correlated
from gofixmap.rules.facts.elementcopies import element_copy
from gofixmap.rules.facts.exports import EXPORTED_TYPES
from gofixmap.rules.facts.fieldinit import FIELD_INIT, dominated
from gofixmap.rules.facts.fieldvalues import FIELD_VALUES
from gofixmap.rules.facts.interfaces import ASSERTED, method_set
from gofixmap.rules.facts.lifecycle import handed_away
from gofixmap.rules.facts.moduleliterals import MODULE_LITERALS
from gofixmap.rules.facts.nilparams import NIL_ARGUMENTS, param_paths
from gofixmap.rules.facts.nilpaths import may_reach, nil_paths, test_reaches, value_paths
from gofixmap.rules.facts.returnedfields import ANY_PARAMS, RETURNED_NIL_FIELDS, origin
from gofixmap.rules.facts.testonly import TEST_ONLY
from gofixmap.rules.facts.types import Binding, TypeResolver
from gofixmap.rules.facts.unsetfields import UNSET_FIELDS
from gofixmap.rules.facts.writes import may_write, write_decls
from gofixmap.rules.fixes.copies import copy_kept
from gofixmap.rules.fixes.literal import chain_guard, literal_fix
from gofixmap.rules.nilmaprule import NilMapRule

Node = tree_sitter.Node

_VALUE_NOTE = (
    "value receiver: a guard would set the field on a copy that is dropped, "
    "not on the caller's value; make the map in the constructor or use a pointer receiver"
)
_VALUE_PARAM_NOTE = (
    "value parameter: a guard would set the field on a copy that is dropped, "
    "not on the caller's value; make the map where the value is built or pass a pointer"
)


class NilMapFieldWrite(NilMapRule):
    """Finds writes to a struct's map field that a construction path leaves nil.

    What it does:
        Reports `x.f[k] = v`, `x.f[k] op= v`, `x.f[k]++` and `x.f[k]--` where
        `f` is a map field of a struct of the package (also through chains
        such as `w.Status.Conditions[k]` and embedded structs, and maps of
        a dependency's struct that a package struct holds by value,
        `r.opts.Labels` with `opts manager.Options`, read from the
        dependency's source) and some way of building the struct leaves
        `f` nil: a composite literal that omits
        the field (`&T{}`, `T{other: x}`, elements of slice and map
        literals), `new(T)`, the elements of `make([]T, n)` (unless a
        `for i := range xs { xs[i].f = make(...) }` right after sets the
        field of every element), a `var t T` zero value used through its
        pointer methods, a value filled by `json.Unmarshal` or another
        decoder when the input lacks the field. Also
        `x.f[k] = v` where `x` is the first result of a function of another
        package (of the module, or a dependency) that returns its struct
        with `f` nil on some path: a literal or `new` without it, or a zero
        `var c T` only decoded into (`json.Unmarshal(b, &c)`, or `&c` given
        to an `interface{}` parameter) and returned, with nothing between
        the call and the write touching `x.f` or handing `x` on; and a
        zero `var x struct{ f map[K]V }` of an unnamed struct type, only
        decoded into before the write. Also a write to an unexported map
        field that no code of the package sets (no assignment, no `f:` key,
        no `&x.f`, no literal without keys): only the declaring package can
        set an unexported field and decoders skip it, so it is nil in every
        value, however and wherever the value is built (when another
        function of the package, outside tests, names the one that writes:
        a write nothing reaches is not reported). Writes
        dominated by a nil (or `len(x.f) == 0`) check that makes the map in
        the same function, by an if/else chain whose every arm makes it, or by
        `if err := check(x); err != nil { return }` with a `check` of the
        package that returns an error while the map (or a key) is missing are
        not reported, nor are literals followed by `x.f = make(...)` or by a
        method that makes it, values from a package function that returns
        them with the map made, writes guarded by a non-zero value read from
        the map (`if q := x.f[k]; len(q) > 0`), literals returned beside a
        non-nil error, and literals in _test.go files for production writes
        (a passing test suite shows they never reach them). Nor are writes in
        helpers (functions, closures an unexported factory returns, unexported
        methods called directly or through an interface) whose every call
        passes a value with the map made; literals whose inner value every use
        turns away first (`if r.legacy != nil { return }` before each `r.order`); the `New`
        value of a `sync.Pool` whose every `Get` is overwritten at once by
        `*p = T{...}`; values only ever passed a constant that selects
        another case of the `switch` holding the write; writes guarded by a
        field set only together with the map (`if a.limit > 0` where the
        only setter of `limit` makes the map; or such a field dereferenced
        first, `v := x.gen.Intn(n)`, which panics while it is nil) or by a
        nil check kept in a bool (`ok := x.f != nil ... if ok`); maps made under a condition
        that also holds at the write (`if len(src) > 0 || !strict { make }`,
        then `for k := range src`; or `if C { make }` right before a `for C`
        loop that holds the write); literals in non-test functions that only
        tests use, when production builds the type elsewhere; values
        returned only as an interface whose methods never reach the write
        (unless some code asserts them back to their type); values
        handed only to callbacks (function-typed fields or variables); and
        values passed to functions of the package whose parameter, followed
        the same way, never reaches the write (`n := clone(T{name: s})`,
        where `clone` reads fields of its parameter and returns a new value
        with the map made; a method of an embedded type of another package
        runs on the embedded value, not on the struct), or that enters the
        writing function only through calls that give another parameter a
        non-nil value (`make(...)`, a literal, a variable made and never
        reassigned) while the write runs only where that parameter is nil
        (`ok := p != nil; if ok { ...; return }`, `if p == nil { write }`).
        A literal or
        `new(T)` that leaves the package at once as an interface (returned
        as one, `func() Module { return new(T) }`, or passed to a function
        of another package, `registry.Register(&T{})`) is no evidence when
        `T` has a pointer method that makes the map on every path that
        returns without an error (the code that receives it can call it
        first, and the package shows no path that skips it), nor when it
        leaves by value and the write is in a pointer method (a value in an
        interface has only the value methods). A local that holds a call's
        result (`info, err := c.Stat(key)`, its one definition, never
        assigned again nor its address taken first) holds only what that
        function of the package may return: a literal built elsewhere counts
        only when the function's returns reach it (four calls deep). A
        companion is not set by a reset to a zero constant (`t.key = ""`
        beside `t.cache = nil`), and a key found in a companion map that is
        always made with the written one (`f := x.flags[n]; if f == nil {
        return }`) says both were made. A write under `if key != ""` where
        the local `key` is declared zero and only set after the map is made
        is made too. A local that walks a tree (`e := t.root`, then `e =
        next` in a loop) holds a made map when its declaration and every
        assignment give it one: a literal that makes it, a field whose every
        value is such a literal, or a local that every arm of the `if`/`else
        if` chain before makes, the fall-through closed by a tag test (`else
        if next.kind != kindDir { return }`, every value of that kind built
        with the map), and no `*p = v` may replace a whole value.
        Calls `x.m()` inside a method of another type whose
        receiver is `x` are that type's method, not the one that writes.
        A decoder calls a type's own `UnmarshalJSON` (`UnmarshalXML`,
        `UnmarshalYAML`, `UnmarshalTOML`, `UnmarshalText` where that decoder
        calls it) instead of filling its fields: a decoded value is no
        evidence when every such method makes the map (`make`, a literal,
        or a local made and never reassigned) on every path that returns a
        nil error. When a field prefix of the chain is given another value
        just before the write (`m.Cloud = azcloud.AzurePublic` before
        `m.Cloud.Services[k] = v`, the nearest assignment on the way out
        through the enclosing blocks, none in a nested block or a loop
        around the write in between), the map is whatever that value holds:
        a literal of an outer struct that left the prefix zero is no
        evidence any more (a value that is itself a literal, `new` or nil
        still is). An unexported method runs with the map made when every
        call of it (outside _test.go files) comes after a make of the field
        on the same value in the calling function (before the `go`
        statement or closure that makes the call, too), or sits in another
        such method, on its receiver, with no assignment that could undo
        the make before it (or in a loop around it): any number of calls and
        levels (`f.errs = make(...)` in `iteration`, then `processNeeded`,
        `handleDir`, `newError`).
        Also `x.F[k] = v` on a struct of another package of the module
        (`ep.Labels[k] = v` with `ep *endpoint.Endpoint`, `Labels` a map
        field `Endpoint` declares) where `x` is a parameter, or the value
        of a `range` over an expression rooted at one, so the callers hand
        it in -- or rooted at a local whose every value came from outside:
        a literal whose ranged field is the caller's
        (`f := &plan.Changes{Create: changes.Create}`), or a slice grown
        only by `append` of such values or of the results of an interface
        method of another package (`records, err := im.provider.Records()`;
        a constructor's results, the local handed to a call or a method, or
        appended to before the `range` with anything else are not told;
        what the `range` body appends is not iterated); the writing package
        builds no such struct by a literal itself (its values come from the
        other packages); and a literal of
        another package (outside tests) builds the struct with keyed
        elements, none of them `F`, and its function sets no `.F` after it
        (`&endpoint.Endpoint{DNSName: n}` in a source package, beside a
        constructor that makes `Labels`). The write is not reported when a
        nil check makes the map before it.
        A keyed literal that sets the field from a map parameter of the
        function that builds it (`return &NodeInfo{extra: extra}` in `func
        Wrap(..., extra map[K]V)`, the parameter never assigned nor its
        address taken) leaves it nil when a call of that function in the
        module, outside _test.go files and files that import `testing`,
        passes the literal `nil` there (`framework.Wrap(n, nil)`):
        functions, not methods, are followed.
        Also a write through a copy of a container's element
        (`s := m[a][b]; s.F[k] = v`, or `t := s.F; t[k] = v`) where the
        same function stores the elements of the local `m` by a keyed
        literal without `F` (`m[a][b] = T{Slot: cfg}`) before the write or
        in a loop around it: indexing copies the struct with its nil map.
        The copy and the alias are defined once and never assigned, `s.F`
        is not set and no method is called on `s` before the write, and no
        condition around the write names the map; the guard is unsafe when
        the copy is not stored back (`m[a][b] = s`).

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
        When the field is also given a value that may be nil (`s.values =
        src.Values` in a reload method, `T{values: opts.Values}`), making it
        where the struct is built does not stop the panic: the guard at the
        write is the fix, and the literal fix is only an unsafe alternative.
        For zero-value-usable types and decoded values the fix is a guard
        `if x.f == nil { x.f = make(map[K]V) }` just before the write, which
        only changes paths that used to panic: safe. Through a value
        receiver or a value parameter the guard sets the field on a copy: it
        is offered when that copy is returned or stored after the write
        (`return o`, `r.byName[k] = o`), and withheld when the copy is
        dropped (the caller's value would keep its nil map, the write would
        be lost): then only making the map where the value is built is
        offered. A map of a dependency's struct gets the guard only.
    """

    code = "NM002"
    # a map field of a struct of another package of the module (its literals
    # there, ``ep.Labels[k] = v``) may be written where no map text is seen
    PREFILTER = (*MAP_GATE, MODULE_IMPORT)
    REQUIRES = (
        TYPES,
        CONSTRUCTIONS,
        FIELD_INIT,
        FIELD_VALUES,
        DECLARATIONS,
        EXPORTED_TYPES,
        RETURNED_NIL_FIELDS,
        ANY_PARAMS,
        ASSERTED,
        TEST_ONLY,
        UNSET_FIELDS,
        CALLS,
        MODULE_LITERALS,
        NIL_ARGUMENTS,
        *NilMapRule.SCAFFOLDING,
    )
    name = "nil-map-field-write"
    summary = "a write to a struct's map field that some construction path leaves nil"

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "never-set": ("high", "no code of the package ever sets the field"),
        "parameter-nil": (
            "medium",
            "the struct's literal sets the map from a parameter that a call in the module "
            "passes as nil",
        ),
        "construction-omits": (
            "medium",
            "a construction path of the program leaves the field nil and no code of the "
            "package makes it afterwards",
        ),
        "element-copy": (
            "medium",
            "the value is a copy of a container's element that the function stores by a "
            "literal without the map",
        ),
        "returned-nil": (
            "medium",
            "the value comes from a function that returns it with the field nil on some path",
        ),
        "construction-then-made": (
            "low",
            "a construction path leaves the field nil, but other code of the package makes "
            "it: whether the write can come first is not told",
        ),
        "module-literal": (
            "medium",
            "another package of the module builds the struct by a literal that leaves the "
            "field out, and the write does not check it",
        ),
        "decoded-input": (
            "low",
            "the value is decoded from input that may lack the field",
        ),
    }
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
            fixed="""package p

type Tally struct{ n map[string]int }

func NewTally() Tally { return Tally{n: make(map[string]int)} }

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

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        for ctx in files_of(pkg):
            if may_write(ctx.file):  # every finding is a write of the file
                yield from self._check_file(ctx)

    def _check_file(self, ctx: FileContext) -> Iterator[Diagnostic]:
        types = ctx.fact(TYPES)
        # CONSTRUCTIONS and FIELD_INIT (the costliest facts) only for a write
        # through a field chain to a map field: a package without one never
        # computes them
        deps = DependencyStructs(ctx.pkg)
        asserted = ctx.pkg.module(ASSERTED)
        test_only = ctx.pkg.module(TEST_ONLY)

        def interface(file: SourceFile, type_text: str) -> frozenset[str] | None:
            return method_set(ctx.pkg, file, type_text)

        for stmt, index in _writes(ctx.file):
            operand = index.child_by_field_name("operand")
            if operand is None:
                continue
            c = chain(types, ctx.file, operand, deps)
            if c is None:
                returned = self._returned(ctx, stmt, operand)
                if returned is None:
                    returned = self._module_literal(ctx, stmt, operand, deps)
                if returned is None:
                    returned = self._element_copy(ctx, stmt, operand, deps)
                if returned is not None:
                    yield returned
                continue
            info = ctx.fact(CONSTRUCTIONS)
            k = ctx.fact(FIELD_INIT)
            holders = paths.holders(types, ctx.file, operand, c.owner)
            calls = ctx.fact(CALLS)
            source = source_function(types, calls, ctx.file, operand, stmt)
            candidates = nil_paths(info, c.owner, c.field.name, c.tail)
            if not c.tail:
                candidates += param_paths(
                    info, ctx.pkg.module(NIL_ARGUMENTS), c.owner, c.field.name
                )
            found = [
                p
                for p in candidates
                if (holders is None or p[0].type_name in holders)
                and (source is None or may_return(calls, source, p[0]))
                and may_reach(types, p[0], ctx.file, stmt, interface, asserted)
                and test_reaches(info, p[0], ctx.file, test_only)
                and not paths.turned_away(ctx.file, stmt, c.text, p[0])
                and not paths.holder_turned_away(k, types, c.owner, p[0])
                and not paths.pool_refilled(k, types, c, p[0])
                and not paths.other_case(k, p[0], ctx.file, stmt)
                and not (
                    not c.tail
                    and p[0].type_name == c.owner
                    and handed_away(types, p[0], c.field.name, stmt, ctx.file, calls)
                )
            ]
            found = _past_reassigned_prefix(types, ctx.file, stmt, c, found)
            if not found:
                unset = self._unset(ctx, stmt, operand, c)
                if unset is not None:
                    yield unset
                continue
            made_by = info.initialisers.get(c.tail[-1] if c.tail else c.field.name, set())
            if dominated(k, ctx.file, stmt, c.text, made_by):
                continue
            if _made_when_written(ctx.file, stmt, c.text):
                continue
            if _checked_into_bool(ctx.file, stmt, c.text):
                continue
            yield self._report(ctx, info, stmt, operand, c, found)

    def _report(
        self,
        ctx: FileContext,
        info: Constructions,
        stmt: Node,
        operand: Node,
        c: Chain,
        found: list[tuple[Construction, bool]],
    ) -> Diagnostic:
        text = ctx.text(operand)
        subject = sx.norm(text)
        message = f"write to nil map field {subject}: {_reason(found[0], c.field.name)}"
        if len(found) > 1:
            message += (
                f" (and {len(found) - 1} other construction path{'s' if len(found) > 2 else ''})"
            )
        root_name = ctx.text(c.root)
        kind = ctx.fact(TYPES).binding_kind(ctx.file, c.root, root_name)
        owner_decl = ctx.package.struct(c.owner)
        assert owner_decl is not None
        made_elsewhere = bool(info.initialisers.get(c.field.name))
        evidence = (
            "parameter-nil"
            if found[0][0].via and not made_elsewhere
            else "decoded-input"
            if found[0][0].kind == "decoded"
            else "construction-then-made"
            if made_elsewhere
            else "construction-omits"
        )
        if c.tail:
            return self._report_dependency(ctx, stmt, operand, c, message, subject, evidence)
        type_text = c.field.type_text
        guard = chain_guard(ctx, stmt, operand, type_text, owner_decl.file)
        value_note = ""
        if (
            kind in ("receiver", "param")
            and not c.root_type.startswith("*")
            and not c.indirect
            and not copy_kept(ctx.file, stmt, root_name)
        ):
            # the copy is dropped: a guard would only hide the panic, the
            # caller's value keeps its nil map
            guard = None
            value_note = _VALUE_NOTE if kind == "receiver" else _VALUE_PARAM_NOTE
        literal = literal_fix(ctx, info, c, found, owner_decl.file)
        fixes: list[Fix] = []
        direct_only = all(direct for _, direct in found)
        reset = ctx.fact(FIELD_VALUES).nilable(
            c.owner, c.field.name, in_test=ctx.path.endswith("_test.go")
        )
        if reset and literal is not None:
            # the map the constructor makes can be replaced by nil: only a
            # guard at the write covers that path
            literal = Fix(
                f"{literal.title}; not enough alone: {reset[0].describe()}, which may be nil",
                literal.edits,
                Applicability.UNSAFE,
                literal.imports,
            )
            direct_only = False
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
        note = value_note or (
            ""
            if fixes
            else "the chain cannot be guarded in place; make the map where the struct is built"
        )
        return self.diagnostic(ctx.file, operand, message, fixes, note, subject, evidence=evidence)

    def _unset(self, ctx: FileContext, stmt: Node, operand: Node, c: Chain) -> Diagnostic | None:
        """``x.f[k] = v`` where ``f`` is an unexported map field that no code
        of the package sets (:mod:`.unsetfields`): nil in every value of the
        struct, whatever built it; the guard at the write."""
        if c.tail or not ctx.fact(UNSET_FIELDS).unset(c.owner, c.field.name):
            return None
        if not _mentioned(ctx, stmt):
            return None  # no code of the package reaches the write
        info = ctx.fact(CONSTRUCTIONS)
        made_by = info.initialisers.get(c.field.name, set())
        if dominated(ctx.fact(FIELD_INIT), ctx.file, stmt, c.text, made_by):
            return None  # a nil check turns the write away
        if _checked_into_bool(ctx.file, stmt, c.text):
            return None
        owner_decl = ctx.package.struct(c.owner)
        assert owner_decl is not None
        subject = sx.norm(ctx.text(operand))
        message = (
            f"write to nil map field {subject}: no code of the package sets "
            f"{c.owner}.{c.field.name}, so it is nil in every {c.owner}"
        )
        guard = chain_guard(ctx, stmt, operand, c.field.type_text, owner_decl.file)
        root_name = ctx.text(c.root)
        kind = ctx.fact(TYPES).binding_kind(ctx.file, c.root, root_name)
        note = ""
        if (
            kind in ("receiver", "param")
            and not c.root_type.startswith("*")
            and not c.indirect
            and not copy_kept(ctx.file, stmt, root_name)
        ):
            guard = None
            note = _VALUE_NOTE if kind == "receiver" else _VALUE_PARAM_NOTE
        fixes = (guard,) if guard is not None else ()
        if not fixes and not note:
            note = f"make {subject} where the {c.owner} is built"
        return self.diagnostic(
            ctx.file, operand, message, fixes, note, subject, evidence="never-set"
        )

    def _returned(self, ctx: FileContext, stmt: Node, operand: Node) -> Diagnostic | None:
        """``x.F[k] = v`` where ``x`` came from a function (of another
        package of the module, or a dependency) that returns its struct with
        ``F`` nil on some path: the guard at the write."""
        if _made_when_written(ctx.file, stmt, ctx.text(operand)):
            return None
        found = origin(ctx.pkg, ctx.file, stmt, operand)
        if found is None:
            return None
        subject = sx.norm(ctx.text(operand))
        message = f"write to nil map field {subject}: {found.reason}"
        guard = (
            chain_guard(ctx, stmt, operand, found.nil.type_text, ctx.file)
            if found.nil.portable
            else None
        )
        fixes = (guard,) if guard is not None else ()
        note = "" if fixes else f"make {subject} before the write"
        return self.diagnostic(
            ctx.file, operand, message, fixes, note, subject, evidence="returned-nil"
        )

    def _element_copy(
        self, ctx: FileContext, stmt: Node, operand: Node, deps: DependencyStructs
    ) -> Diagnostic | None:
        """``s := m[a][b]; s.F[k] = v`` (or through ``t := s.F``) where the
        function stores elements of ``m`` by a literal without ``F``
        (:mod:`.elementcopies`): the guard at the write."""
        types = ctx.fact(TYPES)
        found = element_copy(types, ctx.file, stmt, operand)
        if found is None:
            return None
        map_type = types.type_of(ctx.file, operand)
        if map_type is None or not map_type.startswith("map["):
            map_type = _field_map_type(ctx, deps, found.type_text, found.field)
        if map_type is None:
            return None  # not known to be a map (a slice field panics otherwise)
        text = sx.norm(ctx.text(operand))
        if dominated(ctx.fact(FIELD_INIT), ctx.file, stmt, text, set()):
            return None
        if _made_when_written(ctx.file, stmt, text) or _checked_into_bool(ctx.file, stmt, text):
            return None
        message = f"write to nil map {text}: {found.reason(ctx.file)}"
        guard = chain_guard(ctx, stmt, operand, map_type, ctx.file)
        note = "" if guard is not None else f"make {text} before the write"
        if guard is not None and not found.stored_back(ctx.file, stmt, text):
            # the copy is dropped: a map made there would not reach the element
            guard = Fix(guard.title, guard.edits, Applicability.UNSAFE, guard.imports)
            note = (
                f"{found.copy} is a copy that is not stored back: make {found.field} "
                "where the element is stored"
            )
        fixes = (guard,) if guard is not None else ()
        return self.diagnostic(
            ctx.file, operand, message, fixes, note, text, evidence="element-copy"
        )

    def _module_literal(
        self, ctx: FileContext, stmt: Node, operand: Node, deps: DependencyStructs
    ) -> Diagnostic | None:
        """``x.F[k] = v`` where ``x`` is a ``*p.T`` (or ``p.T``) of another
        package of the module, ``F`` a map field ``T`` declares, and some
        production literal of the module (:mod:`.moduleliterals`) builds a
        ``T`` without ``F``: the guard at the write."""
        operand = sx.unparen(operand)
        root = operand.child_by_field_name("operand")
        field_node = operand.child_by_field_name("field")
        if operand.type != "selector_expression" or root is None or field_node is None:
            return None
        if root.type != "identifier":
            return None
        module_path = ctx.package.module_path
        if not module_path:
            return None
        type_text = ctx.fact(TYPES).type_of(ctx.file, root)
        match = re.fullmatch(r"\*?([A-Za-z_]\w*)\.([A-Z]\w*)", (type_text or "").strip())
        if match is not None:
            path = ctx.package.imports.get(ctx.path, {}).get(match.group(1))
            type_name = match.group(2)
        else:
            qualified = _ranged_dependency_element(ctx, root, deps)
            if qualified is None:
                return None
            path, type_name = qualified
        if path is None or not (path == module_path or path.startswith(module_path + "/")):
            return None
        found = deps.qualified(f"{path}.{type_name}")
        field_name = ctx.text(field_node)
        if found is None or field_name not in found[1].maps:
            return None
        text = sx.norm(ctx.text(operand))
        if dominated(ctx.fact(FIELD_INIT), ctx.file, stmt, text, set()):
            return None
        if _made_when_written(ctx.file, stmt, text) or _checked_into_bool(ctx.file, stmt, text):
            return None
        if not _handed_in(ctx, root):
            return None
        rel = os.path.relpath(os.path.abspath(ctx.package.directory), ctx.pkg.module_root)
        own_path = module_path if rel == "." else f"{module_path}/{rel.replace(os.sep, '/')}"
        literals = ctx.pkg.module(MODULE_LITERALS).of(module_path, path, type_name)
        if any(lit.package == own_path for lit in literals):
            return None  # the package builds the values it writes itself
        omitting = [lit for lit in literals if lit.omits(field_name)]
        if not omitting:
            return None
        literal = (omitting[0].path, omitting[0].line)
        where = os.path.relpath(literal[0], ctx.pkg.module_root).replace(os.sep, "/")
        own = {p: name for name, p in ctx.package.imports.get(ctx.path, {}).items()}
        shown = f"{own.get(path, path.rsplit('/', 1)[-1])}.{type_name}"
        message = (
            f"write to nil map field {text}: the {shown} built by the "
            f"literal at {where}:{literal[1]} leaves {field_name} nil"
        )
        if len(omitting) > 1:
            others = len(omitting) - 1
            message += f" (and {others} other literal{'s' if others > 1 else ''})"
        map_type = exports.render(found[1].maps[field_name], own)
        guard = chain_guard(ctx, stmt, operand, map_type, ctx.file) if map_type else None
        fixes = (guard,) if guard is not None else ()
        note = "" if fixes else f"make {text} before the write"
        return self.diagnostic(
            ctx.file, operand, message, fixes, note, text, evidence="module-literal"
        )

    def _report_dependency(
        self,
        ctx: FileContext,
        stmt: Node,
        operand: Node,
        c: Chain,
        message: str,
        subject: str,
        evidence: str,
    ) -> Diagnostic:
        """A map inside a dependency's struct that a package field holds:
        the guard at the write (a literal of the package cannot make a map
        of the dependency's struct without building the whole struct)."""
        own = {path: name for name, path in ctx.package.imports.get(ctx.path, {}).items()}
        type_text = exports.render(c.map_type, own)
        guard = (
            chain_guard(ctx, stmt, operand, type_text, ctx.file) if type_text is not None else None
        )
        fixes = (guard,) if guard is not None else ()
        note = "" if fixes else "make the map where the struct is built, or guard the write"
        return self.diagnostic(ctx.file, operand, message, fixes, note, subject, evidence=evidence)


def _field_map_type(
    ctx: FileContext, deps: DependencyStructs, type_text: str, field: str
) -> str | None:
    """The map type of ``field`` of the struct ``type_text`` (``T`` of the
    package, ``p.T`` of another package of the module or a dependency), as
    the file spells it; ``None`` when it is not known to be a map."""
    match = re.fullmatch(r"([A-Za-z_]\w*)\.([A-Z]\w*)", type_text.strip())
    if match is None:
        decl = ctx.package.struct(type_text.strip())
        f = next((f for f in decl.fields if f.name == field), None) if decl else None
        text = f.type_text.strip() if f is not None else ""
        return text if text.startswith("map[") else None
    path = ctx.package.imports.get(ctx.path, {}).get(match.group(1))
    found = deps.qualified(f"{path}.{match.group(2)}") if path else None
    if found is None or field not in found[1].maps:
        return None
    own = {p: name for name, p in ctx.package.imports.get(ctx.path, {}).items()}
    rendered = exports.render(found[1].maps[field], own)
    return rendered or None


def _ranged_dependency_element(
    ctx: FileContext, root: Node, deps: DependencyStructs
) -> tuple[str, str] | None:
    """``(import path, type name)`` of the value ``root`` of a ``range``
    over ``x.F`` where ``x`` is a ``p.T``/``*p.T`` of another package and
    ``F`` a ``[]*q.U``/``[]q.U`` field ``T`` declares (the field's type, as
    the other package wrote it, which the package's own typer does not read)."""
    found = ctx.fact(TYPES).resolve(ctx.file, ctx.text(root), root)
    if found is None or found.kind != "range":
        return None
    left = found.node.child_by_field_name("left")
    over = found.node.child_by_field_name("right")
    names = left.named_children if left is not None else []
    if len(names) != 2 or names[1].id != (found.name_node.id if found.name_node else -1):
        return None
    over = sx.unparen(over) if over is not None else None
    if over is None or over.type != "selector_expression":
        return None
    operand = over.child_by_field_name("operand")
    field_node = over.child_by_field_name("field")
    if operand is None or field_node is None:
        return None
    holder = (ctx.fact(TYPES).type_of(ctx.file, operand) or "").strip().lstrip("*").strip()
    entry = deps.entry(ctx.file, holder)
    if entry is None:
        return None
    field_type = entry[1].fields.get(ctx.text(field_node), "")
    match = re.fullmatch(r"\[\]\*?([^\s\[\]*]+)\.([A-Z]\w*)", field_type.strip())
    return (match.group(1), match.group(2)) if match is not None else None


def _handed_in(ctx: FileContext, root: Node) -> bool:
    """``root`` is a parameter of its function, or the value of a ``range``
    over an expression whose values come from outside (:func:`_from_outside`):
    ``for _, ep := range changes.Create``, ``changes`` a parameter."""
    types = ctx.fact(TYPES)
    found = types.resolve(ctx.file, ctx.text(root), root)
    if found is None:
        return False
    if found.kind == "param":
        return True
    if found.kind != "range":
        return False
    over = found.node.child_by_field_name("right")
    return over is not None and _from_outside(ctx, over, sx.parent(found.node) or found.node, 0)


_ORIGIN_DEPTH = 4


def _from_outside(ctx: FileContext, expr: Node, at: Node, depth: int) -> bool:
    """The value of ``expr`` (or the elements it holds) came from outside the
    package: ``expr`` is rooted (through selectors, indexes, parentheses) at
    a parameter; at the value of a ``range`` over such an expression; at a
    call of a method of an interface of another package (any implementation
    may have built it); or at a local whose every value is such
    (:func:`_local_from_outside`). ``at``: the statement that reads it (a
    ``range`` evaluates its operand once, before its body)."""
    if depth > _ORIGIN_DEPTH:
        return False
    expr = sx.unparen(expr)
    if expr.type == "variadic_argument" and expr.named_children:
        expr = sx.unparen(expr.named_children[0])
    fields: list[str] = []
    while expr.type in ("selector_expression", "index_expression", "parenthesized_expression"):
        if expr.type == "selector_expression":
            name = expr.child_by_field_name("field")
            fields.append(ctx.text(name) if name is not None else "")
        inner = expr.child_by_field_name("operand") or (
            expr.named_children[0] if expr.named_children else None
        )
        if inner is None:
            return False
        expr = inner
    if expr.type == "call_expression":
        return not fields and _interface_call(ctx, expr)
    if expr.type != "identifier":
        return False
    found = ctx.fact(TYPES).resolve(ctx.file, ctx.text(expr), expr)
    if found is None:
        return False
    if found.kind == "param":
        return True
    if found.kind == "range":
        over = found.node.child_by_field_name("right")
        at = sx.parent(found.node) or found.node
        return over is not None and _from_outside(ctx, over, at, depth + 1)
    if found.kind in ("var", "short"):
        # the field read first (`v.Create` of `v.Create[i].X`), if any
        return _local_from_outside(ctx, found, fields[-1] if fields else None, at, depth + 1)
    return False


def _interface_call(ctx: FileContext, call: Node) -> bool:
    """``x.M(...)`` where ``x`` is of an interface type of another package
    that declares ``M``: the values it returns are built by whatever
    implements it."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    recv = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if recv is None or name is None:
        return False
    type_text = (ctx.fact(TYPES).type_of(ctx.file, recv) or "").strip()
    if not re.fullmatch(r"[A-Za-z_]\w*\.[A-Z]\w*", type_text):
        return False
    methods = method_set(ctx.pkg, ctx.file, type_text)
    return methods is not None and ctx.text(name) in methods


def _local_from_outside(
    ctx: FileContext, binding: Binding, field: str | None, at: Node, depth: int
) -> bool:
    """Every value the local ``binding`` (or its field ``field``, when read
    through it) holds when ``at`` reads it came from outside the package:
    each assignment to the local is a composite literal whose keyed
    ``field`` is such a value (or leaves it out), or, with no field, an
    empty literal, ``nil``, ``make``, ``append(v, x...)`` of such values or
    such a value itself; each assignment to ``v.field`` is ``append(v.field,
    x...)`` of such values. The local handed to a call (``append``, ``len``
    and ``cap`` aside), a method called on it, or its address taken, may
    get any value: not told. When ``at`` is a ``range`` with no loop around
    it in the function, what comes after its start is passed over: the
    operand is evaluated once, before the body runs."""
    func = binding.function
    name_node = binding.name_node
    if func is None or name_node is None:
        return False
    types = ctx.fact(TYPES)
    name = binding.name

    def same(ident: Node) -> bool:
        b = types.resolve(ctx.file, name, ident)
        return b is not None and b.name_node is not None and b.name_node.id == name_node.id

    def value_ok(value: Node, whole: bool) -> bool:
        value = sx.unparen(value)
        literal = sx.composite_literal(value)
        if literal is not None:
            body = literal.child_by_field_name("body")
            elements = body.named_children if body is not None else []
            if field is not None and whole:
                keyed = {ctx.text(k): v for _, k, v in sx.keyed_elements(literal)}
                if len(keyed) != len(elements):
                    return False
                return field not in keyed or _from_outside(ctx, keyed[field], value, depth)
            items = [
                e.named_children[0] if e.named_children else e
                for e in elements
                if e.type == "literal_element"
            ]
            return len(items) == len(elements) and all(
                _from_outside(ctx, item, item, depth) for item in items
            )
        if value.type == "nil":
            return True
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            callee = ctx.text(fn) if fn is not None else ""
            if callee == "make" and (field is None or not whole):
                return True
            if callee == "append" and args is not None and args.named_children:
                first, *rest = args.named_children
                return _appends_to_self(first) and all(
                    _from_outside(ctx, x, x, depth) for x in rest
                )
        return _from_outside(ctx, value, value, depth)

    def _appends_to_self(first: Node) -> bool:
        text = sx.norm(ctx.text(first))
        return text == (name if field is None else f"{name}.{field}")

    # a `range` evaluates its operand once, before its body: what its body
    # and the statements after it do to the local is not iterated, unless a
    # loop around it evaluates it again
    skip_inside = at.type == "for_statement" and not any(
        a.type == "for_statement" for a in sx.ancestors(at) if a.start_byte >= func.start_byte
    )
    decl_names, decl_values = sx.defined_values(binding.node)
    if decl_values:
        if len(decl_values) == len(decl_names):
            index = next((i for i, n in enumerate(decl_names) if n.id == name_node.id), None)
            if index is None or not value_ok(decl_values[index], True):
                return False
        elif len(decl_values) != 1 or not _from_outside(ctx, decl_values[0], decl_values[0], depth):
            return False  # `v, err := f()`: the one call's result
    for ident in sx.nodes(func, ("identifier",)):
        if ident.id == name_node.id or ctx.text(ident) != name or not same(ident):
            continue
        if skip_inside and ident.start_byte >= at.start_byte:
            continue  # runs after the range evaluated its operand
        up = sx.parent(ident)
        if up is None:
            return False
        if up.type == "unary_expression" and ctx.text(up).lstrip().startswith("&"):
            return False
        if up.type == "argument_list":
            call = sx.parent(up)
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None or ctx.text(fn) not in ("append", "len", "cap"):
                return False
            continue
        target: Node = ident
        whole = True
        if up.type == "selector_expression" and up.child_by_field_name("operand") == ident:
            sel = up.child_by_field_name("field")
            outer = sx.parent(up)
            if outer is not None and outer.type == "call_expression":
                return False  # a method of the local may change it
            if field is None or sel is None or ctx.text(sel) != field:
                continue  # another field of the local
            if outer is not None and outer.type == "argument_list":
                call = sx.parent(outer)
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is None or ctx.text(fn) not in ("append", "len", "cap"):
                    return False
                continue
            target, whole = up, False
        written = sx.parent(target)
        if (
            written is not None
            and written.type == "index_expression"
            and written.child_by_field_name("operand") == target
        ):
            target, whole = written, False
        elif target is ident and field is not None and up.type == "index_expression":
            return False
        if not sx.is_assigned(target):
            continue  # read
        statement = sx.parent(sx.parent(target))  # type: ignore[arg-type]
        if statement is None:
            return False
        sides = sx.assignment_sides(statement)
        if sides is None:
            return False
        lefts, rights = sides
        if len(lefts) != len(rights):
            if len(rights) != 1 or not _from_outside(ctx, rights[0], rights[0], depth):
                return False
            continue
        value = rights[[n.id for n in lefts].index(target.id)]
        if target.type == "index_expression":
            if not _from_outside(ctx, value, value, depth):
                return False
        elif not value_ok(value, whole):
            return False
    return True


def _writes(file: SourceFile) -> Iterator[tuple[Node, Node]]:
    """(statement, index expression) of every map-style index write."""
    kinds = ("assignment_statement", "inc_statement", "dec_statement")
    for node in (n for top in write_decls(file) for n in src.of_types(top, kinds)):
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


def _past_reassigned_prefix(
    types: TypeResolver,
    file: SourceFile,
    stmt: Node,
    c: Chain,
    found: list[tuple[Construction, bool]],
) -> list[tuple[Construction, bool]]:
    """The paths that still reach the write when a field prefix of the chain
    is given another value just before it (``m.Cloud = azcloud.AzurePublic``
    before ``m.Cloud.Services[k] = v``: :func:`.paths.reassigned_prefix`):
    the map is then whatever that value holds, and only constructions of the
    prefix's own type, or of structs it holds by value on the way to the
    map, can still have built it; a literal of an outer struct that omitted
    the prefix is overwritten. A prefix below the package struct that holds
    a dependency's struct (``m.Cloud`` itself) leaves no path at all."""
    if not found or not c.pure:
        return found
    selectors = paths.reassigned_prefix(file, stmt, c.text)
    if selectors is None:
        return found
    # selectors from the root to the expression whose type is the owner
    owner_at = len(c.text.split(".")) - 2 - len(c.tail)
    if selectors > owner_at:
        return []
    depth = {holder: len(path) for holder, path in value_paths(types, c.owner)}
    return [p for p in found if depth.get(p[0].type_name, 0) <= owner_at - selectors]


def _made_when_written(file: SourceFile, stmt: Node, text: str) -> bool:
    """The function makes the field under a condition that also holds where
    it writes (``if len(src) > 0 || !strict { x.f = make(...) }`` and ``for k
    := range src { x.f[k] = v }``): :func:`.correlation.correlated`."""
    func = sx.outermost_function(stmt)
    if func is None:
        return False
    makes: list[Node] = []
    for node in src.of_types(func, ("assignment_statement",)):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            continue
        values = right.named_children
        for i, target in enumerate(left.named_children):
            if sx.norm(file.text(target)) != text:
                continue
            value = values[i] if len(values) == len(left.named_children) else None
            if value is not None and value.type != "nil":
                makes.append(node)
    return bool(makes) and correlated(file, func, stmt, makes)


def _mentioned(ctx: FileContext, stmt: Node) -> bool:
    """The function declaration holding ``stmt`` is named (called, or taken
    as a value) in another function of the package outside test files."""
    func = sx.declaration_of(stmt)
    calls = ctx.fact(CALLS)
    decl = calls.decl_of(func) if func is not None else None
    if decl is None:
        return False
    key = decl.key
    for other, callees in calls.callees().items():
        caller = ctx.package.funcs.get(other)
        if (
            other != key
            and key in callees
            and caller is not None
            and not caller.file.path.endswith("_test.go")
        ):
            return True
    return False


def _conjuncts(file: SourceFile, expr: Node) -> list[str]:
    """The texts of the terms of ``a && b && c``."""
    return [sx.norm(file.text(t)) for t in sx.terms(expr, "&&")]


def _checked_into_bool(file: SourceFile, stmt: Node, text: str) -> bool:
    """``ok := x.f != nil`` (or ``len(x.f) > 0``) and then ``if ok { x.f[k] =
    v }``: the write runs only when the check held, when neither ``ok`` nor
    the field is assigned in between."""
    func = sx.outermost_function(stmt)
    if func is None:
        return False
    names: set[str] = set()
    for child, parent in sx.climb(stmt, func):
        if parent.type == "if_statement" and child == parent.child_by_field_name("consequence"):
            cond = parent.child_by_field_name("condition")
            if cond is not None:
                names.update(c for c in _conjuncts(file, cond) if c.isidentifier())
    if not names:
        return False
    checks = {f"{text}!=nil", f"nil!={text}", f"len({text})>0", f"len({text})!=0"}
    declared: dict[str, Node] = {}
    for node in src.of_types(func, ("short_var_declaration", "assignment_statement")):
        if node.start_byte >= stmt.start_byte:
            break
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            continue
        targets = [sx.norm(file.text(t)) for t in left.named_children]
        if text in targets:
            declared.clear()  # the field is given a new value after the check
        for name in names & set(targets):
            declared.pop(name, None)
            values = right.named_children
            if (
                node.type == "short_var_declaration"
                and len(targets) == 1
                and len(values) == 1
                and checks & set(_conjuncts(file, values[0]))
            ):
                declared[name] = node
    return bool(declared)


def _reason(path: tuple[Construction, bool], field_name: str) -> str:
    c, direct = path
    where = func_name(c.file, c.func)
    if c.via:
        return f"the {c.type_name} literal in {where} {c.via}"
    if c.kind == "literal" and direct:
        if where:
            return f"the {c.type_name} literal in {where} omits {field_name}"
        return f"a package-level {c.type_name} literal omits {field_name}"
    if c.kind == "literal":
        return (
            f"the {c.type_name} literal in {where or 'a package-level declaration'} leaves it nil"
        )
    if c.kind == "decoded":
        return f"a {c.type_name} decoded in {where} leaves it nil when the input lacks it"
    return f"{c.describe()} leaves it nil"
