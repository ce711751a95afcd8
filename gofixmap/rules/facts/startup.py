"""STARTUP: functions that run only in the program's start phase, before
any goroutine of the program exists.

Two phases of a Go program run on one goroutine:

- package initialization: the package-level variable initializers and the
  ``init`` functions, one package after the other, all before ``main.main``
  starts (the Go spec, "Package initialization"; the memory model: the
  completion of every ``init`` happens before ``main.main`` starts). A
  ``go`` statement there is the one way out: then initialization is no
  longer alone;
- ``main.main`` up to its first ``go`` statement (or first call that can
  start a goroutine: a serving call, ``Start``/``Run``/``Serve``/
  ``ListenAndServe``..., ``wg.Go``/``errgroup``'s ``Go``, ``AfterFunc``, or a
  function of the module that does one of these, however deep): the memory
  model orders everything a goroutine did before a ``go`` statement before
  the goroutine it starts.

A function runs only in the start phase when it has at least one call in
the module's production files and every one of them is made in that phase:
in a package-level initializer, in an ``init`` function, in ``main.main``
before its first start, or in a function that runs only in the start phase
(the same question, one caller further) before any start of its own and
outside any loop that holds one (the next turn would follow it); never in
a func literal, under ``go``/``defer``, nor through a use that is no call
(a function value can be called from anywhere). One func literal is run
where it is known: a cobra command's run function (``Run``, ``RunE``,
``PreRun``... of a ``cobra.Command{...}``), which ``Execute`` calls on its
own goroutine before it returns: it is in the start phase when every
``x.Execute()`` of the module (also ``ExecuteC``, ``ExecuteContext(ctx)``;
calls of another arity are not cobra's) is, and nothing in it starts
before the call. A func literal that a function stores or returns (a
struct field, a variable) does not run there: what it would start is no
start of that function; so does one passed to a function of the module
that never calls the parameter nor hands it on (it keeps it). A local of
the same name as the function is no use of it. A call ``x.M()`` may call
any exported method ``M`` of the module, but only the package's own
unexported ``m`` (Go's export rule), and none when ``x`` is a value of
another module's type (a composite literal of it, or another module's
function's result). A method is looked up by
its name: every ``x.M(...)`` of the module counts as a call of it, any use
``x.M`` that is no call spoils it, and a range over it (``for k := range
x.M``) calls it; but a call on a value declared of another type (of the
module or of another module; declared, or returned so by a function or
method of the module: :mod:`.operandtypes`) is not one of its calls, nor is a call whose
number of arguments fits no method ``M`` of the package (Go's method sets
and signatures). A call ``x.Start()`` on a value of the module's own type
is judged by that method's body, like any of its functions, not as a
server's ``Start``. When an ``init`` function of the module
starts a goroutine, nothing is in the start phase: that goroutine can run
during the rest of initialization and all of ``main``.

For one map (``target``: its package and name) the start phase is longer:
a goroutine that never touches the map cannot race with it, so a ``go``
statement (or ``wg.Go``, or a function of the module that starts one)
ends it only when the goroutine may reach the map (:mod:`.mapreach`);
``go printStats()`` before the tables are filled does not. A serving
call always does (its handlers are not seen from here).

The module fact ``STARTUP`` answers this from the text of the module's
production files (``_test.go`` files left out: tests run on goroutines of
their own), each function once per module per run.

This module is longer than most (about 1,000 lines): the question needs a
small module-wide call graph of its own, read from text (call sites by name
across packages, the functions that start goroutines, the import closure
of the packages whose ``init`` starts one, cobra's run functions, and the
starts per map with the accessors :mod:`.mapreach` reads it through), since
the package facts see one package at a time.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.source import SourceFile, parse
from gofixmap.rules.facts.goroutines import is_go_call
from gofixmap.rules.facts.mapreach import MapReach
from gofixmap.rules.facts.operandtypes import DeclaredTypes
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

# Methods (and functions of imported packages) that start serving: the
# server's or framework's own goroutines run its handlers from there on.
SERVE_CALLS = frozenset(
    {
        "ListenAndServe",
        "ListenAndServeTLS",
        "NewServer",  # httptest.NewServer serves at once
        "NewTLSServer",
        "Serve",
        "ServeTLS",
        "Start",
        "StartTLS",
        "Run",
        "RunTLS",
    }
)

_MAX_DEPTH = 8
_PACKAGE = re.compile(rb"(?m)^package\s+(\w+)")

Func = tuple[str, str, bool]  # (directory, name, is a method)
# A map named by an identifier: (the directory of the package declaring it,
# the variable's or field's name); None: any map (every start counts).
Target = tuple[str, str] | None


class Startup:
    """Which functions of the module run only in its start phase (see the
    module); answers found on first use."""

    def __init__(self, module: ModulePass) -> None:
        self._root = module.module.root
        self._path = module.module.path
        self._module = module
        self._sources: list[tuple[str, bytes]] | None = None
        self._parsed: dict[str, SourceFile] = {}
        self._phase: dict[tuple[Func, Target], bool] = {}
        self._started: set[Func] | None = None
        # per function: its go statements and go calls (not in stored
        # literals), and whether it serves directly; who calls whom
        self._go_nodes: dict[Func, list[tuple[SourceFile, Node]]] = {}
        self._serves: set[Func] = set()
        self._callers: dict[Func, set[Func]] = {}
        self._started_for: dict[tuple[str, str], set[Func]] = {}
        self._reach: MapReach | None = None
        self._cobra_for: dict[Target, bool] = {}
        self._init_starters: set[str] | None = None
        self._closures: dict[str, set[str]] = {}
        self._nested_dirs: dict[str, bool] = {}
        self._import_names: dict[str, dict[str, str | None]] = {}
        self._package_names: dict[str, str] = {}
        self._directories: dict[str, str] = {}  # a file's path -> its directory
        # what each call calls, and each function's call sites: asked for
        # every call of the module by the start phase and again by mapreach
        self._callees: dict[tuple[str, int, int], Func | bool | None] = {}
        self._sites: dict[Func, list[tuple[SourceFile, Node]] | None] = {}
        self._ranged_sites: dict[Func, list[tuple[SourceFile, Node]] | None] = {}
        self._sites_within: dict[
            tuple[Func, frozenset[str]], list[tuple[SourceFile, Node]] | None
        ] = {}
        self._arity_sets: dict[tuple[str, str], set[tuple[int, bool]]] = {}
        self._package_files: dict[str, list[SourceFile]] = {}
        self._types = DeclaredTypes(self._files_in, self._directory, self._imports)

    # -- the module's files

    def _files(self) -> list[tuple[str, bytes]]:
        if self._sources is None:
            files: tuple[str, ...] = self._module.fact(MODULE_FILES)
            own = [f for f in files if not self._nested(os.path.dirname(os.path.abspath(f)))]
            self._sources = list(read_sources(own, tests=False))
        return self._sources

    def _directory(self, file: SourceFile) -> str:
        """The absolute directory of ``file``, whose path may be relative to
        the module's root (a run's display paths) rather than to the
        working directory."""
        found = self._directories.get(file.path)
        if found is None:
            path = file.path
            if not os.path.isabs(path):
                rooted = os.path.join(self._root, path)
                if os.path.exists(rooted):
                    path = rooted
            found = self._directories[file.path] = os.path.dirname(os.path.abspath(path))
        return found

    def _files_in(self, directory: str) -> list[SourceFile]:
        """The parsed production files of the package in ``directory`` (once
        per directory: the method arities, the mapreach escape test and the
        declared types ask for many)."""
        found = self._package_files.get(directory)
        if found is None:
            found = self._package_files[directory] = [
                self._parse(path, data)
                for path, data in self._files()
                if os.path.dirname(os.path.abspath(path)) == directory
            ]
        return found

    def _nested(self, directory: str) -> bool:
        """``directory`` belongs to another module nested in this one (a
        ``go.mod`` below the root): another program."""
        found = self._nested_dirs.get(directory)
        if found is None:
            root = os.path.abspath(self._root)
            if directory == root or not directory.startswith(root + os.sep):
                found = False
            else:
                found = os.path.isfile(os.path.join(directory, "go.mod")) or self._nested(
                    os.path.dirname(directory)
                )
            self._nested_dirs[directory] = found
        return found

    def _parse(self, path: str, data: bytes) -> SourceFile:
        found = self._parsed.get(path)
        if found is None:
            found = self._parsed[path] = parse(path, data)
        return found

    def _directory_of(self, import_path: str) -> str | None:
        """The directory of a package of the module, from its import path."""
        if not self._path:
            return None
        if import_path == self._path:
            return os.path.abspath(self._root)
        if not import_path.startswith(self._path + "/"):
            return None
        rel = import_path[len(self._path) + 1 :]
        return os.path.abspath(os.path.join(self._root, *rel.split("/")))

    def _imports(self, file: SourceFile) -> dict[str, str | None]:
        """The file's import names: to the directory of a package of the
        module, or ``None`` for any other package."""
        cached = self._import_names.get(file.path)
        if cached is not None:
            return cached
        found: dict[str, str | None] = {}
        specs = [
            spec
            for decl in file.root.named_children
            if decl.type == "import_declaration"
            for spec in sx.nodes(decl, ("import_spec",))
        ]
        for spec in specs:
            target = spec.child_by_field_name("path")
            if target is None:
                continue
            path = file.text(target).strip('"`')
            alias = spec.child_by_field_name("name")
            elems = path.split("/")
            if len(elems) > 1 and re.fullmatch(r"v[0-9]+", elems[-1]):
                elems.pop()  # a major version suffix: the package is named before it
            name = file.text(alias) if alias is not None else elems[-1]
            if name in ("_", "."):
                continue
            directory = self._directory_of(path)
            if directory is not None and alias is None:
                name = self._package_name(directory) or name
            found[name] = directory
        self._import_names[file.path] = found
        return found

    def _package_name(self, directory: str) -> str | None:
        """The package name declared by the production files in ``directory``."""
        if not self._package_names:
            for path, data in self._files():
                here = os.path.dirname(os.path.abspath(path))
                if here not in self._package_names:
                    match = _PACKAGE.search(data)
                    if match is not None:
                        self._package_names[here] = match.group(1).decode()
        return self._package_names.get(directory)

    # -- for mapreach, which reads the same module

    def files_in(self, file: SourceFile) -> list[SourceFile]:
        """The parsed production files of the package of ``file``."""
        return self._files_in(self._directory(file))

    def sources(self) -> list[tuple[str, bytes]]:
        """The module's production files (path, bytes)."""
        return self._files()

    def parsed(self, path: str, data: bytes) -> SourceFile:
        """The parsed file at ``path``, parsed once."""
        return self._parse(path, data)

    def directory(self, file: SourceFile) -> str:
        """The absolute directory of ``file``."""
        return self._directory(file)

    def import_names(self, file: SourceFile) -> dict[str, str | None]:
        """The file's import names (see :meth:`_imports`)."""
        return self._imports(file)

    def package_directory(self, import_path: str) -> str | None:
        """The directory of the module's package ``import_path`` (``None``:
        another module's)."""
        return self._directory_of(import_path)

    def callee(self, file: SourceFile, call: Node) -> Func | bool | None:
        """What ``call`` calls (see :meth:`_callee`)."""
        return self._callee(file, call)

    def call_sites(
        self, func: Func, within: frozenset[str] | None = None
    ) -> list[tuple[SourceFile, Node]] | None:
        """The calls of ``func`` (see :meth:`_call_sites`); with ``within``,
        only those in the production files of the packages in those
        directories (the others are not read)."""
        if within is None:
            return self._call_sites(func)
        key = (func, within)
        if key not in self._sites_within:
            self._sites_within[key] = self._find_call_sites(func, within)
        return self._sites_within[key]

    # -- the start phase

    def only_start_phase(
        self, directory: str, name: str, method: bool, target: Target = None
    ) -> bool:
        """Every call of the function ``name`` of the package in ``directory``
        (a method: any method of that name) is made in the program's start
        phase, and there is at least one (see the module). With ``target``
        (a map's package directory and name), the phase is the one of that
        map: a goroutine that cannot reach it does not end it."""
        directory = os.path.abspath(directory)
        if self.init_starts(directory):
            return False
        return self._only((directory, name, method), _MAX_DEPTH, frozenset(), target)

    def calls_in_phase(self, directory: str, name: str, method: bool) -> bool:
        """Every call of the function (see :meth:`only_start_phase`) is made
        before any start on its way from an ``init`` or ``main``, leaving
        aside the goroutines other ``init`` functions start (the weaker
        question initcalls' wrapper chains ask, made as strict as the call
        paths: a start earlier in the same init or caller counts)."""
        directory = os.path.abspath(directory)
        return self._only((directory, name, method), _MAX_DEPTH, frozenset())

    def _only(self, func: Func, depth: int, active: frozenset[Func], target: Target = None) -> bool:
        cached = self._phase.get((func, target))
        if cached is not None:
            return cached
        if depth <= 0 or func in active:
            return False  # not cached: another path may tell
        sites = self._call_sites(func)
        answer = bool(sites) and all(
            self._site_in_phase(file, call, depth - 1, active | {func}, target)
            for file, call in sites or ()
        )
        self._phase[(func, target)] = answer
        return answer

    def init_starts(self, directory: str) -> bool:
        """Some ``init`` function that starts a goroutine (or serves) is in
        the package in ``directory`` or in one that imports it, directly or
        not: that goroutine may reach the package's maps while the rest of
        initialization and ``main`` run. (A package that does not import
        it, however deep, cannot name its functions or variables.)"""
        if self._init_starters is None:
            found: set[str] = set()
            for path, data in self._files():
                if b"func init()" not in data:
                    continue
                file = self._parse(path, data)
                for decl in file.root.named_children:
                    if is_init_function(decl) and self._starts_in(file, decl, None):
                        found.add(os.path.dirname(os.path.abspath(path)))
            self._init_starters = found
        directory = os.path.abspath(directory)
        return any(
            starter == directory or directory in self._imported_by(starter)
            for starter in self._init_starters
        )

    def _imported_by(self, directory: str) -> set[str]:
        """The module's packages that the package in ``directory`` imports,
        directly or not."""
        found = self._closures.get(directory)
        if found is None:
            found = set()
            todo = [directory]
            while todo:
                current = todo.pop()
                for path, data in self._files():
                    if os.path.dirname(os.path.abspath(path)) != current:
                        continue
                    for target in self._imports(self._parse(path, data)).values():
                        if target is not None and target not in found:
                            found.add(target)
                            todo.append(target)
            self._closures[directory] = found
        return found

    def _site_in_phase(
        self,
        file: SourceFile,
        call: Node,
        depth: int,
        active: frozenset[Func],
        target: Target = None,
    ) -> bool:
        if any(a.type in ("go_statement", "defer_statement") for a in sx.ancestors(call)):
            return False
        func = sx.enclosing_function(call)
        if func is None:
            return True  # a package-level initializer
        if func.type not in sx.DECLARATION_TYPES:
            # a func literal: called whenever its holder chooses, but for
            # a cobra command's run function, called by Execute
            return (
                _cobra_run(file, func)
                and not self._starts_in(file, func, call, target)
                and self._cobra_execute(depth, active, target)
            )
        if is_init_function(func):
            return not self._starts_in(file, func, call, target)
        if self._starts_in(file, func, call, target):
            return False
        name = func.child_by_field_name("name")
        if name is None:
            return False
        method = func.type == "method_declaration"
        directory = self._directory(file)
        if not method and file.text(name) == "main" and _package(file) == "main":
            params = func.child_by_field_name("parameters")
            return params is not None and not params.named_children
        return self._only((directory, file.text(name), method), depth, active, target)

    def _cobra_execute(self, depth: int, active: frozenset[Func], target: Target = None) -> bool:
        """Every ``x.Execute()`` (``ExecuteC``, ``ExecuteContext``,
        ``ExecuteContextC``) of the module is made in the start phase, and
        there is one: cobra runs the chosen command's run functions
        (``PersistentPreRun``, ``PreRun``, ``Run``, ``PostRun`` and their
        ``E`` forms) one after the other on the goroutine that calls
        ``Execute``, before it returns."""
        cached = self._cobra_for.get(target)
        if cached is None:
            self._cobra_for[target] = False
            sites: list[tuple[SourceFile, Node]] = []
            for name in _EXECUTE:
                found = self._call_sites(("", name, True))
                if found is None:
                    return False  # a method value: called who knows where
                arity = 0 if name in ("Execute", "ExecuteC") else 1
                sites.extend(site for site in found if _arity(site[1]) == arity)
            cached = self._cobra_for[target] = bool(sites) and all(
                self._site_in_phase(file, call, depth - 1, active, target) for file, call in sites
            )
        return cached

    def _call_sites(self, func: Func) -> list[tuple[SourceFile, Node]] | None:
        """The calls of ``func`` in the module's production files (a range
        over it, ``for x := range f``, is a call too: the node ranged over);
        ``None`` when some other use of it is no call (a value)."""
        if func not in self._sites:
            self._sites[func] = self._find_call_sites(func)
        return self._sites[func]

    def ranged_call_sites(self, func: Func) -> list[tuple[SourceFile, Node]] | None:
        """The calls of the function ``func`` (see :meth:`_call_sites`), a
        function value in a slice literal that a ``for`` ranges over at once
        counted as called where the loop calls its variable (see
        :meth:`_ranged_calls`); ``None`` when some other use is no call."""
        if func not in self._ranged_sites:
            self._ranged_sites[func] = self._find_call_sites(func, ranged=True)
        return self._ranged_sites[func]

    def _ranged_calls(self, file: SourceFile, use: Node) -> list[Node] | None:
        """``use`` is an element of a slice (or array) literal of functions
        that a ``for _, f := range`` ranges over right where it is written
        (``for _, f := range []func(*M) error{a.Register, b.Register} {
        f(m) }``), every other element a function of the module that starts
        no goroutine and serves nothing, and every use of ``f`` in the loop's
        body a call of it: the literal's functions run at those calls, one
        after the other, and nowhere else (the literal is reachable only by
        the loop, and a function called first hands the object to no
        goroutine). The calls, or ``None``."""
        holder = use.parent
        if holder is not None and holder.type == "literal_element":
            holder = holder.parent
        literal = holder.parent if holder is not None and holder.type == "literal_value" else None
        if literal is None or literal.type != "composite_literal" or holder is None:
            return None
        kind = literal.child_by_field_name("type")
        element = kind.child_by_field_name("element") if kind is not None else None
        if element is None or element.type != "function_type":
            return None
        clause = literal.parent
        if (
            clause is None
            or clause.type != "range_clause"
            or clause.child_by_field_name("right") != literal
            or not any(c.type == ":=" for c in clause.children)
        ):
            return None
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        loop = clause.parent
        body = loop.child_by_field_name("body") if loop is not None else None
        if len(names) != 2 or names[1].type != "identifier" or body is None:
            return None
        imports = self._imports(file)
        for item in holder.named_children:
            value = item.named_children[0] if item.type == "literal_element" else item
            if value.type == "comment":
                continue
            if value.type == "identifier":
                callee: Func = (self._directory(file), file.text(value), False)
            elif value.type == "selector_expression":
                operand = value.child_by_field_name("operand")
                field = value.child_by_field_name("field")
                target = imports.get(file.text(operand)) if operand is not None else None
                if target is None or field is None:
                    return None
                callee = (target, file.text(field), False)
            else:
                return None  # a func literal, a method value: not followed
            if func_key(callee) in self._starting():
                return None
        var = file.text(names[1])
        calls: list[Node] = []
        for ident in sx.nodes(body, ("identifier",)):
            if file.text(ident) != var:
                continue
            call = ident.parent
            if (
                call is None
                or call.type != "call_expression"
                or call.child_by_field_name("function") != ident
            ):
                return None
            calls.append(call)
        return calls or None

    def method_uses_in(self, func: Func, path: str, data: bytes, owner: str = "") -> bool:
        """The file ``path`` (``data``; a test file, say) may call or use the
        method ``func``: a call of it (see :meth:`_call_sites`) or a use
        that is no call; with ``owner``, the method of that receiver type
        (a call on a value of another type that declares a method of the
        name is none: :meth:`calls_other_type`)."""
        sites = self._find_call_sites(func, None, [(path, data)])
        if sites is None:
            return True
        return any(not self.calls_other_type(f, call, func, owner) for f, call in sites)

    def calls_other_type(self, file: SourceFile, call: Node, func: Func, owner: str) -> bool:
        """The call site ``call`` of the method ``func`` (one that
        :meth:`call_sites` found by its name) is a call ``x.M(...)`` on a
        value declared of a named type of the module other than ``owner``
        that declares ``M`` itself: Go's method set sends it there, never to
        ``owner``'s ``M`` (an interface value, an embedding type or a value
        of unknown type may call it)."""
        directory, name, method = func
        fn = call.child_by_field_name("function")
        if not owner or not method or call.type != "call_expression" or fn is None:
            return False
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if operand is None:
            return False
        typed = self._types.module_method(file, operand, self._imports(file), name)
        return typed is not None and typed != (directory, f"{owner}.{name}")

    def _find_call_sites(
        self,
        func: Func,
        within: frozenset[str] | None = None,
        sources: list[tuple[str, bytes]] | None = None,
        ranged: bool = False,
    ) -> list[tuple[SourceFile, Node]] | None:
        directory, name, method = func
        word = name.encode()
        found: list[tuple[SourceFile, Node]] = []
        for path, data in self._files() if sources is None else sources:
            if word not in data:
                continue
            if within is not None and os.path.dirname(os.path.abspath(path)) not in within:
                continue
            here = os.path.dirname(os.path.abspath(path)) == directory
            if not method and not here and self._path.encode() not in data:
                continue
            if method and not here and not name[:1].isupper():
                continue  # an unexported method: only its package calls it
            file = self._parse(path, data)
            if method:
                kinds: tuple[str, ...] = ("field_identifier",)
            elif here:
                kinds = ("identifier",)
            else:
                kinds = ("field_identifier",)
            aliases: set[str] = set()
            if not method and not here:
                aliases = {a for a, d in self._imports(file).items() if d == directory}
                if not aliases:
                    continue
            for node in sx.scan(file.root, kinds):
                if file.text(node) != name:
                    continue
                parent = node.parent
                if parent is None:
                    continue
                if parent.type in sx.DECLARATION_TYPES or parent.type in (
                    "method_spec",
                    "method_elem",
                    "field_declaration",
                ):
                    continue  # a declaration, not a use
                if node.type == "field_identifier":
                    if parent.type == "keyed_element" or parent.type == "literal_element":
                        continue  # a struct literal's key: another field
                    if parent.type != "selector_expression":
                        continue
                    operand = parent.child_by_field_name("operand")
                    if operand is None:
                        continue
                    if not method and file.text(operand) not in aliases:
                        continue
                    if (
                        method
                        and operand.type == "identifier"
                        and file.text(operand) in self._imports(file)
                    ):
                        continue  # a package's function of that name, not the method
                    use = parent
                    holder = use.parent
                    called = (
                        holder is not None
                        and holder.type == "call_expression"
                        and holder.child_by_field_name("function") == use
                    )
                    if (
                        method
                        and directory
                        and called
                        and holder is not None
                        and not self._may_call(file, holder, operand, directory, name)
                    ):
                        continue  # a call of another type's method of that name
                    if (
                        method
                        and not called
                        and self._types.selects_field(file, operand, self._imports(file), name)
                    ):
                        continue  # ``chunk.Size`` of a struct with a field Size: no method
                else:
                    use = node
                holder = use.parent
                if (
                    holder is not None
                    and holder.type == "call_expression"
                    and holder.child_by_field_name("function") == use
                ):
                    found.append((file, holder))
                    continue
                if (
                    holder is not None
                    and holder.type == "range_clause"
                    and holder.child_by_field_name("right") == use
                ):
                    # ``for x := range f``: a range over a function calls it
                    # there, with the loop's body as its yield function
                    found.append((file, use))
                    continue
                if node.type == "identifier" and _shadowed(file, node, name):
                    continue  # a local of the same name
                ranged_calls = self._ranged_calls(file, use) if ranged and not method else None
                if ranged_calls is not None:
                    found.extend((file, call) for call in ranged_calls)
                    continue
                return None  # a value: called who knows where
        return found

    def _may_call(
        self, file: SourceFile, call: Node, operand: Node, directory: str, name: str
    ) -> bool:
        """The method call ``call`` (``operand.name(...)``) may call a method
        ``name`` of the package in ``directory``: Go's method set and
        signature say which. Not when ``operand`` is declared as a value of
        another package's type, or of another module's, nor when its number
        of arguments fits no method so named there (a variadic one takes
        any number from its fixed ones on; one argument that is itself a
        call may spread several results)."""
        method = self._method_of(file, call, operand, self._imports(file), name)
        if method is not True:
            return method is not False and method[0] == directory
        arities = self._arities(directory, name)
        if not arities:
            return True
        args = call.child_by_field_name("arguments")
        given = args.named_children if args is not None else []
        if len(given) == 1 and sx.unparen(given[0]).type == "call_expression":
            return True  # f(g()): g's results are the arguments
        if given and given[-1].type == "variadic_argument":
            return True  # xs...: spread over the parameters
        return any(
            len(given) >= fixed if variadic else len(given) == fixed for fixed, variadic in arities
        )

    def _arities(self, directory: str, name: str) -> set[tuple[int, bool]]:
        """The parameter counts of the methods ``name`` declared in the
        package in ``directory`` (without a variadic one) and whether each
        is variadic."""
        key = (directory, name)
        found = self._arity_sets.get(key)
        if found is None:
            found = set()
            for source in self._files_in(directory):
                for decl in source.root.named_children:
                    node = decl.child_by_field_name("name")
                    if decl.type != "method_declaration" or node is None:
                        continue
                    if source.text(node) != name:
                        continue
                    params = decl.child_by_field_name("parameters")
                    fixed, variadic = 0, False
                    for param in params.named_children if params is not None else []:
                        if param.type == "variadic_parameter_declaration":
                            variadic = True
                            continue
                        if param.type != "parameter_declaration":
                            continue
                        names = param.children_by_field_name("name")
                        fixed += max(1, len(names))
                    found.add((fixed, variadic))
            self._arity_sets[key] = found
        return found

    # -- starts

    def starts_before(
        self, file: SourceFile, func: Node, before: Node, target: Target = None
    ) -> bool:
        """``func`` starts a goroutine or serves before ``before``, or in a
        loop around it (through calls of the module's functions too); with
        ``target``, only a goroutine that may reach that map counts."""
        return self._starts_in(file, func, before, target)

    def _starts_in(
        self, file: SourceFile, func: Node, before: Node | None, target: Target = None
    ) -> bool:
        """``func`` starts a goroutine (or serves) before ``before`` or in a
        loop around it (anywhere, with ``before`` None)."""
        body = sx.body(func)
        if body is None:
            return False
        loops = (
            [a for a in sx.ancestors(before) if a.type == "for_statement"]
            if before is not None
            else []
        )
        for node in sx.nodes(body, ("go_statement", "call_expression")):
            at = node.start_byte
            if before is not None:
                if before.start_byte <= at < before.end_byte:
                    continue  # the call itself, or its arguments
                if at >= before.end_byte and not any(
                    loop.start_byte <= at < loop.end_byte for loop in loops
                ):
                    continue  # after it, and no loop brings it round again
            if _stored(node, func, lambda lit: self._runs_argument(file, lit)):
                continue
            if self._is_start(file, node, target):
                return True
        return False

    def _is_start(self, file: SourceFile, node: Node, target: Target = None) -> bool:
        if node.type == "go_statement" or is_go_call(node):
            return target is None or self.reach().reaches(file, node, target)
        callee = self._callee(file, node)
        if callee is None or isinstance(callee, bool):
            return bool(callee)
        if target is None:
            return func_key(callee) in self._starting()
        return func_key(callee) in self._starting_for(target)

    def reach(self) -> MapReach:
        """The module's call graph for the maps goroutines may reach."""
        if self._reach is None:
            self._reach = MapReach(self)
        return self._reach

    def _starting_for(self, target: tuple[str, str]) -> set[Func]:
        """The functions of the module that serve, or start a goroutine that
        may reach the map ``target``, however deep (see :meth:`_starting`):
        a goroutine that never touches a map cannot race with it."""
        found = self._started_for.get(target)
        if found is not None:
            return found
        self._starting()
        reach = self.reach()
        direct = set(self._serves)
        for key, nodes in self._go_nodes.items():
            if any(reach.reaches(file, node, target) for file, node in nodes):
                direct.add(key)
        started = set(direct)
        todo = list(direct)
        while todo:
            for caller in self._callers.get(todo.pop(), ()):
                if caller not in started:
                    started.add(caller)
                    todo.append(caller)
        self._started_for[target] = started
        return started

    def _starting(self) -> set[Func]:
        """The functions of the module that start a goroutine or serve,
        however deep (a method: any method of that name), found once: those
        whose body does it directly, then their callers, up the module's
        call graph."""
        if self._started is not None:
            return self._started
        direct: set[Func] = set()
        callers: dict[Func, set[Func]] = {}
        for path, data in self._files():
            if b"func " not in data:
                continue
            file = self._parse(path, data)
            directory = os.path.dirname(os.path.abspath(path))
            for body, key, typed in declared_funcs(file, directory):
                if typed is not None:
                    # the method as a call on a value of its declared type
                    # names it; a call by name alone may be this one
                    callers.setdefault(typed, set()).add(key)
                    key = typed
                stored = _stored_literals(body, functools.partial(self._runs_argument, file))
                for node in sx.nodes(body, ("go_statement", "call_expression")):
                    if any(a <= node.start_byte < b for a, b in stored):
                        continue
                    if node.type == "go_statement" or is_go_call(node):
                        direct.add(key)
                        self._go_nodes.setdefault(key, []).append((file, node))
                        continue
                    callee = self._callee(file, node)
                    if callee is True:
                        direct.add(key)
                        self._serves.add(key)
                    elif callee is not None and not isinstance(callee, bool):
                        callers.setdefault(func_key(callee), set()).add(key)
        started = set(direct)
        todo = list(direct)
        while todo:
            for caller in callers.get(todo.pop(), ()):
                if caller not in started:
                    started.add(caller)
                    todo.append(caller)
        self._started = started
        self._callers = callers
        return started

    def _callee(self, file: SourceFile, call: Node) -> Func | bool | None:
        """What ``call`` calls: ``True`` for a serving call, a function of the
        module (a method: by name), or ``None`` (another module's function,
        or not a plain call)."""
        key = (file.path, call.start_byte, call.end_byte)
        if key not in self._callees:
            self._callees[key] = self._resolve_callee(file, call)
        return self._callees[key]

    def _resolve_callee(self, file: SourceFile, call: Node) -> Func | bool | None:
        parts = sx.call_parts(file, call)
        if parts is None:
            return None
        operand, name = parts
        directory = self._directory(file)
        if not operand:
            return (directory, name, False)
        imports = self._imports(file)
        fn = call.child_by_field_name("function")
        value = fn.child_by_field_name("operand") if fn is not None else None
        method: tuple[str, str] | bool = True
        if value is not None and operand not in imports:
            method = self._method_of(file, call, value, imports, name)
            if method is not True and method is not False:
                # a method of the module's own type: its body tells whether
                # it starts anything, whatever its name (``m.plugins.Start(ctx)``)
                return (method[0], method[1], True)
        if name in SERVE_CALLS:
            return not (name.startswith("New") and operand != "httptest")
        if operand in imports:
            target = imports[operand]
            return None if target is None else (target, name, False)
        if method is False:
            return None  # a method of another module's type
        return (directory, name, True)

    def _method_of(
        self,
        file: SourceFile,
        call: Node,
        operand: Node,
        imports: dict[str, str | None],
        name: str,
    ) -> tuple[str, str] | bool:
        """What Go's method sets say the call ``operand.name(...)`` calls:
        ``(directory, "T.name")`` when ``operand`` is declared as a value of
        the module's type ``T`` that has the method; ``False`` when it is a
        value of another module's type (a literal or a result of it,
        ``protoimpl.TypeBuilder{}``, or declared so: ``mu sync.Mutex``);
        ``True`` when it is not known (any method ``name`` of the module)."""
        typed = self._types.module_method(file, operand, imports, name)
        if typed is not None:
            return typed
        external = self._external_value(file, call, imports) or self._types.external(
            file, operand, imports
        )
        return not external

    def _external_value(self, file: SourceFile, call: Node, imports: dict[str, str | None]) -> bool:
        """The receiver of the method call ``call`` is a value of another
        module's type: a composite literal of it (``protoimpl.TypeBuilder{}``)
        or what a function of another module returned (``os.Open(p)``), or a
        method of such a value, down a chain (``ctrl.NewControllerManagedBy(mgr).
        For(x).Build(r)``)."""
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        while operand is not None and operand.type in ("parenthesized_expression",):
            operand = operand.named_children[0] if operand.named_children else None
        if operand is None:
            return False
        if operand.type == "unary_expression":
            operand = operand.child_by_field_name("operand")
        if operand is None:
            return False
        if operand.type == "composite_literal":
            kind = operand.child_by_field_name("type")
            package = kind.child_by_field_name("package") if kind is not None else None
            if kind is None or kind.type != "qualified_type" or package is None:
                return False
            return imports.get(file.text(package), "") is None
        if operand.type == "call_expression":
            inner = operand.child_by_field_name("function")
            if inner is None or inner.type != "selector_expression":
                return False
            pkg = inner.child_by_field_name("operand")
            if pkg is not None and pkg.type == "call_expression":
                # a chain ``pkg.F(...).A(...).B()``: each method of a value of
                # another module's type returns another value of its own
                return self._external_value(file, operand, imports)
            return (
                pkg is not None
                and pkg.type == "identifier"
                and file.text(pkg) in imports
                and imports[file.text(pkg)] is None
            )
        return False

    def _runs_argument(self, file: SourceFile, literal: Node) -> bool:
        """The call that ``literal`` is an argument of may run it: not a
        plain function of the module whose body never calls the parameter
        it binds to (``RegisterConfig(x, func() {...})`` keeps it for
        later)."""
        call = sx.call_of_argument(literal)
        if call is None:
            return False
        callee = self._callee(file, call)
        if callee is None or isinstance(callee, bool) or callee[2]:
            return True  # another module's function, a method, or serving
        args = call.child_by_field_name("arguments")
        if args is None:
            return True
        position = next((i for i, a in enumerate(args.named_children) if a.id == literal.id), None)
        if position is None:
            return True
        directory, name, _ = callee
        word = b"func " + name.encode() + b"("
        found = False
        for path, data in self._files():
            if word not in data or os.path.dirname(os.path.abspath(path)) != directory:
                continue
            decl_file = self._parse(path, data)
            for decl in decl_file.root.named_children:
                decl_name = decl.child_by_field_name("name")
                if (
                    decl.type != "function_declaration"
                    or decl_name is None
                    or decl_file.text(decl_name) != name
                ):
                    continue
                param = parameter_name(decl_file, decl, position)
                body = sx.body(decl)
                if param is None or body is None:
                    return True
                found = True
                for n in sx.nodes(body, ("identifier",)):
                    if decl_file.text(n) != param or n.parent is None:
                        continue
                    if n.parent.type == "argument_list":
                        return True  # handed on
                    if (
                        n.parent.type == "call_expression"
                        and n.parent.child_by_field_name("function") == n
                    ):
                        return True  # called
        return not found


STARTUP = ModuleFact("start phase", Startup, requires=[MODULE_FILES])


def _package(file: SourceFile) -> str:
    clause = next((n for n in file.root.named_children if n.type == "package_clause"), None)
    if clause is None:
        return ""
    parts = file.text(clause).split()
    return parts[1] if len(parts) > 1 else ""


_EXECUTE = ("Execute", "ExecuteC", "ExecuteContext", "ExecuteContextC")
_COBRA_RUN = frozenset(
    {
        f"{when}{run}{e}"
        for when in ("", "Pre", "PersistentPre", "Post", "PersistentPost")
        for run in ("Run",)
        for e in ("", "E")
    }
)


def _cobra_run(file: SourceFile, literal: Node) -> bool:
    """``literal`` is a run function of a cobra command: the value of a
    ``Run``/``RunE``/``PreRun``... field of a ``cobra.Command{...}`` literal
    in a file that imports ``github.com/spf13/cobra``."""
    element = literal.parent
    keyed = element.parent if element is not None else None
    if element is None or keyed is None or keyed.type != "keyed_element":
        return False
    key = keyed.named_children[0] if keyed.named_children else None
    if key is None or key == element or file.text(key) not in _COBRA_RUN:
        return False
    value = keyed.parent
    composite = value.parent if value is not None else None
    kind = composite.child_by_field_name("type") if composite is not None else None
    return (
        composite is not None
        and composite.type == "composite_literal"
        and kind is not None
        and file.text(kind).endswith(".Command")
        and b'"github.com/spf13/cobra"' in file.data
    )


_DECLARING = ("short_var_declaration", "var_spec", "parameter_declaration", "range_clause")


def declared_funcs(file: SourceFile, directory: str) -> Iterator[tuple[Node, Func, Func | None]]:
    """The functions and methods declared with a body in ``file`` of the
    package in ``directory``: the body, the key of the name (:func:`func_key`)
    and, for a method of a named receiver type, the key of ``Type.Method``."""
    for decl in file.root.named_children:
        if decl.type not in sx.DECLARATION_TYPES:
            continue
        name = decl.child_by_field_name("name")
        body = sx.body(decl)
        if name is None or body is None:
            continue
        method = decl.type == "method_declaration"
        key = func_key((directory, file.text(name), method))
        owner = receiver_type(file, decl) if method else ""
        typed = (directory, f"{owner}.{file.text(name)}", True) if owner else None
        yield body, key, typed


def func_key(func: Func) -> Func:
    """``func`` as the module's call graph keys it: an exported method by
    its name alone (a call ``x.M()`` may be any method ``M``), an unexported
    one by its package and name (only its own package can call it); a
    method named with its type (``T.M``: a call on a value declared of
    ``T``) by its package and that name."""
    if func[2] and "." not in func[1] and func[1][:1].isupper():
        return ("", func[1], True)
    return func


def receiver_type(file: SourceFile, decl: Node) -> str:
    """The receiver's type name of a method declaration (``*T[K]`` → ``T``)."""
    receiver = decl.child_by_field_name("receiver")
    params = receiver.named_children if receiver is not None else []
    kind = params[0].child_by_field_name("type") if params else None
    if kind is None:
        return ""
    name = re.sub(r"\[.*\]$", "", file.text(kind).lstrip("*").strip())
    return name if name.isidentifier() else ""


def _stored_literals(
    body: Node, runs: Callable[[Node], bool] | None = None
) -> list[tuple[int, int]]:
    """The byte ranges of the func literals in ``body`` that do not run there
    (see :func:`_stored`; ``runs``: whether the call a literal is an
    argument of may run it, else any may)."""
    found: list[tuple[int, int]] = []
    for literal in sx.nodes(body, ("func_literal",)):
        parent = literal.parent
        if parent is not None and parent.type == "call_expression":
            continue
        if sx.call_of_argument(literal) is not None and (runs is None or runs(literal)):
            continue
        found.append((literal.start_byte, literal.end_byte))
    return found


def parameter_name(file: SourceFile, decl: Node, position: int) -> str | None:
    """The name of the parameter of ``decl`` that the argument at
    ``position`` binds to (``None``: unnamed, or variadic)."""
    params = decl.child_by_field_name("parameters")
    names: list[str] = []
    for param in params.named_children if params is not None else []:
        if param.type != "parameter_declaration":
            return None  # variadic: several arguments
        idents = [c for c in param.named_children if c.type == "identifier"]
        if not idents:
            return None
        names.extend(file.text(i) for i in idents)
    return names[position] if position < len(names) else None


def _stored(node: Node, func: Node, runs: Callable[[Node], bool] | None = None) -> bool:
    """``node`` sits in a func literal of ``func`` that is not run there: one
    neither called on the spot, nor passed to a call (which may run it), nor
    started with ``go``/``defer``; it is stored (a struct field such as a
    cobra command's ``RunE``, a variable) or returned, and runs when its
    holder calls it."""
    for current in sx.ancestors(node):
        if current.id == func.id:
            return False
        if current.type != "func_literal":
            continue
        parent = current.parent
        if parent is not None and parent.type == "call_expression":
            continue  # func() {...}()
        if sx.call_of_argument(current) is not None and (runs is None or runs(current)):
            continue
        return True
    return False


def _arity(call: Node) -> int:
    """The number of arguments of ``call`` (a call of another arity cannot
    be cobra's ``Execute``)."""
    args = call.child_by_field_name("arguments")
    return len(args.named_children) if args is not None else 0


def _shadowed(file: SourceFile, node: Node, name: str) -> bool:
    """The function around ``node`` declares a local (or parameter) named
    ``name``: the identifier may be that local rather than the package's
    function (a local of the same name is no use of it)."""
    top = sx.declaration_of(node)
    if top is None:
        return False
    for decl in sx.nodes(top, _DECLARING):
        target = decl.child_by_field_name("left") or decl
        for ident in target.named_children if target != decl else decl.named_children:
            if ident.type == "identifier" and file.text(ident) == name:
                return True
            if ident.type == "expression_list" and any(
                i.type == "identifier" and file.text(i) == name for i in ident.named_children
            ):
                return True
    return False


def is_init_function(func: Node) -> bool:
    """``func`` is a package ``init`` function: ``func init()`` at the top
    level of its file."""
    if func.type != "function_declaration" or func.parent is None:
        return False
    name = func.child_by_field_name("name")
    params = func.child_by_field_name("parameters")
    return (
        name is not None
        and name.text == b"init"
        and params is not None
        and not params.named_children
        and func.parent.type == "source_file"
    )
