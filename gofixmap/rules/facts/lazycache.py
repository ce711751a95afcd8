"""Lazy package caches: a package-level map that an exported function of a
library package fills on first use without a lock.

A package variable is one value for the whole process. A function that
reads it and then writes it (``if z, ok := cache[k]; ok { return z }``
... ``cache[k] = z``, or ``if len(names) == 0 { for ... { names[k] = v }
}``) fills it lazily, on whatever goroutine calls first; when the function
is exported from a package other than ``main`` and other packages of the
module call it, and the module runs on a framework that calls its code from
goroutines of its own (client-go informers and workqueues, controller-runtime
reconcilers and webhooks, gRPC servers: :func:`concurrent_framework`), every
goroutine of those packages can run the fill at once, and the runtime
stops the process with ``concurrent map writes`` (or ``concurrent map read
and map write``).

Not a lazy cache: a map any access of which holds a lock (MR002's
business), a fill inside ``once.Do(func() { ... })``, a function that the
package's ``init`` reaches (it fills before ``main`` starts), an exported
function that the importing packages call only from their ``init``
functions or package-level initializers (:mod:`.initcalls`), a function
that only the package itself (or only tests) calls, methods (their calls
cannot be told by name), and test files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.initcalls import only_during_init
from gofixmap.rules.facts.localmaps import SharedMap
from gofixmap.rules.facts.locks import Access, guarded, is_test_file
from gofixmap.rules.facts.shared import SHARED_MAPS
from gofixmap.rules.facts.testonly import module_files, module_root

_COMMENTS = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)

_called: dict[tuple[str, str, str], bool] = {}


@dataclass(frozen=True, slots=True)
class LazyFill:
    """A write of a package map in ``func`` (exported, called from other
    packages of the module) after ``func`` read the map."""

    write: Access
    func: str  # the exported function other packages call


def lazy_fills(pkg: Pass, sm: SharedMap) -> list[LazyFill]:
    """The unguarded writes of the package map ``sm`` that fill it lazily
    from an exported function other packages of the module call."""
    index = pkg.package
    if sm.kind != "global" or index.name in ("main", "") or index.name.endswith("_test"):
        return []
    if sm.decl_file is None or is_test_file(sm.decl_file):
        return []
    if any(guarded(a) for a in sm.accesses):
        return []  # some access locks: the lock's users decide (MR002)
    calls = pkg.fact(CALLS)
    found: list[LazyFill] = []
    for write in sm.accesses:
        if not write.is_write or is_test_file(write.file) or _in_once(write.func):
            continue
        top = sx.declaration_of(write.func)
        if top is None or top.type != "function_declaration":
            continue
        if not any(
            a.kind == "read" and a.func == write.func and a.site.start_byte < write.site.start_byte
            for a in sm.accesses
        ):
            continue  # not filled after a look at it
        key = calls.key_of(top)
        if not key:
            continue
        entry = next(
            (
                e
                for e in _exported_entries(pkg, key)
                if _called_elsewhere(pkg, e) and not only_during_init(pkg.package, e)
            ),
            "",
        )
        if entry:
            found.append(LazyFill(write, entry))
    return found


def _in_once(func: Node) -> bool:
    """``func`` is a literal handed to ``x.Do(...)`` (``sync.Once``)."""
    call = sx.call_of_argument(func) if func.type == "func_literal" else None
    fn = call.child_by_field_name("function") if call is not None else None
    selector = fn is not None and fn.type == "selector_expression"
    name = fn.child_by_field_name("field") if fn is not None and selector else None
    return name is not None and name.text == b"Do"


def _exported_entries(pkg: Pass, key: str) -> list[str]:
    """The exported plain functions of the package from which ``key`` runs
    (``key`` itself, or its callers' roots), none when an ``init`` of the
    package reaches it (it may fill before ``main`` starts)."""
    roots = pkg.fact(SHARED_MAPS).roots(key)
    if any(r.startswith("init") for r in roots):
        return []
    return sorted(r for r in roots if "." not in r and r[:1].isupper())


def _called_elsewhere(pkg: Pass, name: str) -> bool:
    """Whether a production file of the project outside the package imports
    the package and calls ``x.name(...)`` (an exported function's uses from
    other packages are selectors on the import's name)."""
    index = pkg.package
    directory = os.path.abspath(index.directory)
    found = _import_suffix(index)
    if found is None:
        return False  # no module nor GOPATH project: no importer to find
    root, suffix, paths = found
    if not concurrent_framework(root):
        return False
    cache_key = (root, directory, name)
    if cache_key in _called:
        return _called[cache_key]
    call = re.compile(rb"\.\s*" + re.escape(name.encode()) + rb"\s*\(")
    result = False
    for path in paths:
        if path.endswith("_test.go") or os.path.dirname(os.path.abspath(path)) == directory:
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if suffix not in data or name.encode() not in data:
            continue
        if call.search(_COMMENTS.sub(b"", data)):
            result = True
            break
    _called[cache_key] = result
    return result


_GOPATH_MARKS = ("Gopkg.toml", "glide.yaml", "Godeps", "vendor", ".git")
_SKIPPED = frozenset({"vendor", "testdata", "node_modules"})
_project_files: dict[str, list[str]] = {}
_CLIMB = 8  # directories up from a package to its GOPATH project's root


def _import_suffix(index: PackageIndex) -> tuple[str, bytes, list[str]] | None:
    """(project root, what an import of the package ends with, the project's
    .go files). In a module the import path is the module path and the
    directory under go.mod: ``"<path>"``. Without go.mod (GOPATH), it is
    the directory's path under GOPATH/src, which ends with its path under
    the project's root (the nearest directory holding ``vendor/``,
    ``Gopkg.toml``, ``glide.yaml``, ``Godeps`` or ``.git``): ``/<rel>"``."""
    directory = os.path.abspath(index.directory)
    root = module_root(index)
    if index.module_path and os.path.isfile(os.path.join(root, "go.mod")):
        rel = os.path.relpath(directory, root)
        path = index.module_path + ("" if rel == "." else "/" + rel.replace(os.sep, "/"))
        return root, b'"' + path.encode() + b'"', module_files(index)
    current = directory
    for _ in range(_CLIMB):
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
        if any(os.path.exists(os.path.join(current, m)) for m in _GOPATH_MARKS):
            break
    else:
        return None
    rel = os.path.relpath(directory, current).replace(os.sep, "/")
    if current not in _project_files:
        files: list[str] = []
        for here, dirs, names in os.walk(current):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not d.startswith((".", "_")))
            files.extend(os.path.join(here, n) for n in sorted(names) if n.endswith(".go"))
        _project_files[current] = files
    return current, b"/" + rel.encode() + b'"', _project_files[current]


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
_frameworks: dict[str, bool] = {}


def concurrent_framework(root: str) -> bool:
    """Whether the project at ``root`` depends on a framework that runs its
    code on concurrent goroutines (:data:`_FRAMEWORKS`): required in
    ``go.mod``, or, without one, vendored or named in ``Gopkg.toml`` /
    ``glide.yaml``. A program without one (a compiler, a command-line tool)
    runs its packages' code where its own ``go`` statements put it."""
    if root in _frameworks:
        return _frameworks[root]
    text = b""
    for manifest in ("go.mod", "Gopkg.toml", "glide.yaml"):
        try:
            with open(os.path.join(root, manifest), "rb") as handle:
                text += handle.read()
        except OSError:
            continue
    result = any(f.encode() in text for f in _FRAMEWORKS) or any(
        os.path.isdir(os.path.join(root, "vendor", *f.split("/"))) for f in _FRAMEWORKS
    )
    _frameworks[root] = result
    return result
