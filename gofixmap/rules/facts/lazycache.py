"""Lazy package caches: a package-level map that an exported function of a
library package fills on first use without a lock.

A package variable is one value for the whole process. A function that
reads it and then writes it (``if z, ok := cache[k]; ok { return z }``
... ``cache[k] = z``, or ``if len(names) == 0 { for ... { names[k] = v }
}``) fills it lazily, on whatever goroutine calls first (also when the look is
in a caller that then calls the function writing the map, up to three calls
up: ``if r, ok = cache[k]; !ok { ...; setCache(k, r) }``; and through the
methods of a named map type the variable is made of, ``cache.get(k)`` then
``cache.add(v)``, :mod:`.mapuses`); when the function
is exported from a package other than ``main`` and other packages of the
module call it, and the module runs on a framework that calls its code from
goroutines of its own (client-go informers and workqueues, controller-runtime
reconcilers and webhooks, gRPC servers: :func:`concurrent_framework`; or the
program serves HTTP with net/http, a goroutine per request), every
goroutine of those packages can run the fill at once, and the runtime
stops the process with ``concurrent map writes`` (or ``concurrent map read
and map write``).

Not a lazy cache: a map any access of which holds a lock (MR002's
business), a fill inside ``once.Do(func() { ... })``, a function that the
package's ``init`` reaches (it fills before ``main`` starts), an exported
function that the importing packages call only from their ``init``
functions or package-level initializers, or from ``main.main`` before it
starts any goroutine (:mod:`.initcalls`), a function
that only the package itself (or only tests) calls, methods of unexported
types or unexported methods (other packages reach them only through values
and interfaces the analysis does not follow), and test files. An exported
method of an exported type counts as called from another package when a
file that imports the package calls a method of that name.

Who calls a function, and whether the project depends on such a framework,
is the module fact ``IMPORTER_CALLS`` (each answer once per module per run).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.discover import GOPATH_MARKS
from gofixmap.codemod.facts import ModuleFact, ModulePass, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.initcalls import INIT_CALLS
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import Access, guarded, is_test_file
from gofixmap.rules.facts.shared import SHARED_MAPS
from gofixmap.rules.facts.startup import STARTUP
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

_COMMENTS = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True, slots=True)
class LazyFill:
    """A write of a package map in ``func`` (exported, called from other
    packages of the module) after ``func`` read the map."""

    write: Access
    func: str  # the exported function other packages call


def lazy_fills(pkg: Pass, sm: SharedMap) -> list[LazyFill]:
    """The unguarded writes of the package map ``sm`` that fill it lazily
    from an exported function other packages of the module call (``pkg``
    requires CALLS, SHARED_MAPS, INIT_CALLS, IMPORTER_CALLS and STARTUP)."""
    index = pkg.package
    if sm.kind != "global" or not lazy_fills_possible(pkg):
        return []
    if sm.decl_file is None or is_test_file(sm.decl_file):
        return []
    if any(guarded(a) for a in sm.accesses):
        return []  # some access locks: the lock's users decide (MR002)
    calls = pkg.fact(CALLS)
    init_calls = pkg.module(INIT_CALLS)
    importers = pkg.module(IMPORTER_CALLS)
    startup = pkg.module(STARTUP)
    found: list[LazyFill] = []
    for write in sm.accesses:
        if not write.is_write or is_test_file(write.file) or _in_once(write.func):
            continue
        top = sx.declaration_of(write.func)
        if top is None or top.type not in ("function_declaration", "method_declaration"):
            continue
        key = calls.key_of(top)
        if not key:
            continue
        looks = [
            a
            for a in sm.accesses
            if a.kind == "read"
            and a.func == write.func
            and a.site.start_byte < write.site.start_byte
        ]
        if not looks and not _looked_by_caller(pkg, sm, key):
            continue  # not filled after a look at it
        if looks and all(_only_when_present(a, write) for a in looks):
            continue  # an update of a key that must be there: no fill
        entry = next(
            (
                e
                for e in _exported_entries(pkg, key)
                if importers.called_elsewhere(index, e.rsplit(".", 1)[-1])
                and ("." in e or not init_calls.only_before_goroutines(index, e))
                and not startup.only_start_phase(index.directory, e.rsplit(".", 1)[-1], "." in e)
            ),
            "",
        )
        if entry:
            found.append(LazyFill(write, entry))
    return found


def _only_when_present(look: Access, write: Access) -> bool:
    """``_, ok := m[k]`` (or ``v, ok :=``) then ``if !ok { return ... }``
    before the write, in a block around it: the write runs only when the
    look found the key, so it replaces a value something else stored (a
    setting checked against the known names), never fills a missing one."""
    site = look.site
    holder = site.parent.parent if site.parent is not None else None
    if (
        site.parent is None
        or site.parent.type != "expression_list"
        or holder is None
        or holder.type != "short_var_declaration"
    ):
        return False
    names = holder.child_by_field_name("left")
    if names is None or names.named_child_count != 2:
        return False
    ok = look.file.text(names.named_children[1])
    if ok == "_":
        return False
    file = write.file
    outer = holder.parent
    if outer is not None and outer.type == "if_statement":
        # `if _, ok := m[k]; !ok { return ... }`, the write after it
        return (
            outer.child_by_field_name("initializer") == holder
            and write.site.start_byte >= outer.end_byte
            and _returns_unless(file, outer, ok)
        )
    for stmt in sx.ancestors(write.site):
        if stmt.type != "block" and stmt.type != "statement_list":
            continue
        for sibling in stmt.named_children:
            if sibling.start_byte >= write.site.start_byte:
                break
            if sibling.start_byte < holder.end_byte or sibling.type != "if_statement":
                continue
            if _returns_unless(file, sibling, ok):
                return True
    return False


def _returns_unless(file: SourceFile, stmt: Node, ok: str) -> bool:
    """``if !ok { ...; return ... }`` without an else."""
    cond = stmt.child_by_field_name("condition")
    body = stmt.child_by_field_name("consequence")
    if cond is None or body is None or stmt.child_by_field_name("alternative") is not None:
        return False
    if sx.norm(file.text(cond)) != f"!{ok}":
        return False
    statements = sx.statement_list(body)
    items = statements.named_children if statements is not None else []
    return bool(items) and items[-1].type == "return_statement"


_CALLER_DEPTH = 3  # calls up from the writing function to the look


def _looked_by_caller(pkg: Pass, sm: SharedMap, key: str) -> bool:
    """A production caller of ``key`` in the package reads ``sm`` before
    its call (``if v, ok = cache[k]; !ok { ...; setCache(k, v) }``), or a
    caller of that caller does before its own call, up to
    :data:`_CALLER_DEPTH` calls up: the fill is split over a look-up
    function and a store function it calls, and runs after the look as one
    in a function would."""
    calls = pkg.fact(CALLS)
    reads: dict[int, list[int]] = {}  # top declaration -> starts of its reads
    for a in sm.accesses:
        top = sx.declaration_of(a.func) if a.kind == "read" else None
        if top is not None and not is_test_file(a.file):
            reads.setdefault(top.id, []).append(a.site.start_byte)
    if not reads:
        return False
    current, seen = {key}, {key}
    for _ in range(_CALLER_DEPTH):
        ups: set[str] = set()
        for callee in current:
            for resolved in calls.calls_to(callee):
                caller = resolved.caller
                if is_test_file(caller.file):
                    continue
                at = resolved.call.start_byte
                if any(start < at for start in reads.get(caller.node.id, ())):
                    return True
                if caller.key not in seen:
                    seen.add(caller.key)
                    ups.add(caller.key)
        current = ups
    return False


def lazy_fills_possible(pkg: Pass) -> bool:
    """Whether a map of ``pkg`` can be filled lazily (:func:`lazy_fills`):
    ``pkg`` is a library package (not ``main``, not an external test
    package) of a project that runs on a concurrent framework. Cheap: asked
    before the package's shared maps are (``pkg`` requires IMPORTER_CALLS)."""
    index = pkg.package
    if index.name in ("main", "") or index.name.endswith("_test"):
        return False
    project = pkg.module(IMPORTER_CALLS).project(index, os.path.abspath(index.directory))
    return project is not None and project[2]


def _in_once(func: Node) -> bool:
    """``func`` is a literal handed to ``x.Do(...)`` (``sync.Once``)."""
    call = sx.call_of_argument(func) if func.type == "func_literal" else None
    fn = call.child_by_field_name("function") if call is not None else None
    selector = fn is not None and fn.type == "selector_expression"
    name = fn.child_by_field_name("field") if fn is not None and selector else None
    return name is not None and name.text == b"Do"


def _exported_entries(pkg: Pass, key: str) -> list[str]:
    """The exported plain functions of the package from which ``key`` runs
    (``key`` itself, or its callers' roots), then the exported methods of
    its exported types among those roots (``T.M``: other packages call
    them on values the package hands out, by the method's name on a value
    of a file that imports the package); none when an ``init`` of the
    package reaches it (it may fill before ``main`` starts)."""
    roots = pkg.fact(SHARED_MAPS).roots(key)
    if any(r.startswith("init") for r in roots):
        return []
    plain = sorted(r for r in roots if "." not in r and r[:1].isupper())
    methods = sorted(
        r for r in roots if "." in r and r[:1].isupper() and r.rsplit(".", 1)[-1][:1].isupper()
    )
    return plain + methods


_SKIPPED = frozenset({"vendor", "testdata", "node_modules"})
_CLIMB = 8  # directories up from a package to its GOPATH project's root


class ImporterCalls:
    """Whether the other packages of the module (or, without go.mod, of the
    GOPATH project) call a package's exported function."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._called: dict[tuple[str, str], bool] = {}
        self._project_files: dict[str, list[str]] = {}  # GOPATH project root -> its files
        self._frameworks: dict[str, bool] = {}
        self._manifests: dict[str, bool] = {}

    def called_elsewhere(self, index: PackageIndex, name: str) -> bool:
        """Whether a production file of the project outside the package
        imports the package and calls ``x.name(...)`` (an exported
        function's uses from other packages are selectors on the import's
        name), in a project that runs on a concurrent framework."""
        directory = os.path.abspath(index.directory)
        key = (directory, name)
        if key not in self._called:
            self._called[key] = self._called_elsewhere(index, directory, name)
        return self._called[key]

    def _called_elsewhere(self, index: PackageIndex, directory: str, name: str) -> bool:
        project = self.project(index, directory)
        if project is None:
            return False  # no module nor GOPATH project: no importer to find
        root, suffix, framework = project
        if not framework:
            return False
        # a program that only serves HTTP runs on request goroutines only the
        # code its handlers reach: a caller in a file of HTTP code (one that
        # imports net/http) then, not any package of the module
        http_only = not self._go_frameworks(root)
        call = re.compile(rb"\.\s*" + re.escape(name.encode()) + rb"\s*\(")
        elsewhere = (
            p for p in self._files(root) if os.path.dirname(os.path.abspath(p)) != directory
        )
        for _, data in read_sources(elsewhere, tests=False):
            if suffix not in data or name.encode() not in data:
                continue
            if http_only and b'"net/http"' not in data:
                continue
            if call.search(_COMMENTS.sub(b"", data)):
                return True
        return False

    def project(self, index: PackageIndex, directory: str) -> tuple[str, bytes, bool] | None:
        """(project root, what an import of the package ends with, whether
        the project runs on a concurrent framework). In a module the import
        path is the module path and the directory under go.mod:
        ``"<path>"``. Without go.mod (GOPATH), it is the directory's path
        under GOPATH/src, which ends with its path under the project's root
        (the nearest directory holding ``vendor/``, ``Gopkg.toml``,
        ``glide.yaml``, ``Godeps`` or ``.git``): ``/<rel>"``."""
        root = self._module.module.root
        if index.module_path and os.path.isfile(os.path.join(root, "go.mod")):
            rel = os.path.relpath(directory, root)
            path = index.module_path + ("" if rel == "." else "/" + rel.replace(os.sep, "/"))
            return root, b'"' + path.encode() + b'"', self.concurrent_framework(root)
        current = directory
        for _ in range(_CLIMB):
            parent = os.path.dirname(current)
            if parent == current:
                return None
            current = parent
            if any(os.path.exists(os.path.join(current, m)) for m in GOPATH_MARKS):
                break
        else:
            return None
        rel = os.path.relpath(directory, current).replace(os.sep, "/")
        return current, b"/" + rel.encode() + b'"', self.concurrent_framework(current)

    def _files(self, root: str) -> Sequence[str]:
        """The .go files of the project at ``root``: the module's, or a
        GOPATH project's (listed once)."""
        if root == self._module.module.root:
            return self._module.fact(MODULE_FILES)
        if root not in self._project_files:
            files: list[str] = []
            for here, dirs, names in os.walk(root):
                dirs[:] = sorted(
                    d for d in dirs if d not in _SKIPPED and not d.startswith((".", "_"))
                )
                files.extend(os.path.join(here, n) for n in sorted(names) if n.endswith(".go"))
            self._project_files[root] = files
        return self._project_files[root]

    def concurrent_framework(self, root: str) -> bool:
        """:func:`concurrent_framework`, or a production file of the project
        serves HTTP with net/http (:data:`_HTTP_SERVES`; then only callers
        in files of HTTP code count, :meth:`called_elsewhere`), once per
        project root."""
        if root not in self._frameworks:
            self._frameworks[root] = self._go_frameworks(root) or any(
                _HTTP_SERVES.search(_COMMENTS.sub(b"", data))
                for _, data in read_sources(self._files(root), tests=False)
                if b"http" in data
            )
        return self._frameworks[root]

    def _go_frameworks(self, root: str) -> bool:
        """:func:`concurrent_framework`, once per project root."""
        if root not in self._manifests:
            self._manifests[root] = concurrent_framework(root)
        return self._manifests[root]


IMPORTER_CALLS = ModuleFact("importer calls", ImporterCalls, requires=[MODULE_FILES])


# Modules whose frameworks call the program's code from goroutines of their
# own, several at once: client-go's informers and workqueue workers,
# controller-runtime's reconcilers (MaxConcurrentReconciles, several
# controllers) and webhooks, gRPC servers (a goroutine per call), knative's
# reconcilers.
_FRAMEWORKS = (
    "k8s.io/client-go",
    "sigs.k8s.io/controller-runtime",
    "google.golang.org/grpc",
    "knative.dev/pkg",
)


# net/http's server runs every request's handler on a goroutine of its own:
# a program that serves HTTP (``http.ListenAndServe``, ``srv.ListenAndServe``
# on an ``http.Server``, ``http.Serve`` of a listener) runs its handlers'
# code on concurrent goroutines
_HTTP_SERVES = re.compile(
    rb"\bhttp\.(?:ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)\s*\(|\bhttp\.Server\s*\{"
)


def concurrent_framework(root: str) -> bool:
    """Whether the project at ``root`` depends on a framework that runs its
    code on concurrent goroutines (:data:`_FRAMEWORKS`): required in
    ``go.mod``, or, without one, vendored or named in ``Gopkg.toml`` /
    ``glide.yaml``. A program without one (a compiler, a command-line tool)
    runs its packages' code where its own ``go`` statements put it."""
    text = b""
    for manifest in ("go.mod", "Gopkg.toml", "glide.yaml"):
        try:
            with open(os.path.join(root, manifest), "rb") as handle:
                text += handle.read()
        except OSError:
            continue
    return any(f.encode() in text for f in _FRAMEWORKS) or any(
        os.path.isdir(os.path.join(root, "vendor", *f.split("/"))) for f in _FRAMEWORKS
    )
