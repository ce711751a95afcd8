"""Calls made during package initialization, by the packages that import a
package.

Go runs package initialization — package-level variable initializers and
the ``init`` functions — on one goroutine, one package after the other,
and all of it before ``main.main`` starts (the Go spec, "Package
initialization"; the memory model: the completion of every ``init``
happens before ``main.main`` starts). A registration function that the
importers of its package call only there (``func init() {
caddyconfig.RegisterAdapter("json", a) }``, ``var _ = pkg.Register(x)``)
fills its map before any goroutine of the program that is started after
initialization can read it.

The module fact ``INIT_CALLS`` finds the calls ``x.Name(...)`` of an
exported function of the package in the production files of the module
outside the package that import it, and tells for each whether it is made
during package initialization (directly in a package ``init`` function or
a package-level initializer: not in a func literal, nor under
``go``/``defer``) and whether it is made before the program starts its
first goroutine; each function once per module per run.

A call made by another package-level function ``g`` (``func
RegisterProtocol(...) { common.RegisterConfig(...) }``), in ``g``'s own
body and before anything there starts a goroutine, runs in the phase in
which ``g`` runs: ``g``'s calls in the module (in its package, and in the
packages that import it when it is exported) decide, up to a few calls
away (:data:`_MAX_DEPTH`). Go runs a function's statements one after the
other on the caller's goroutine, so a function called only during
initialization (or only before the first goroutine) makes its calls then
too. A function with no call in the module, a method, or a call in a
closure or after a ``go`` statement decides nothing: such a call is taken
to run at any time.
"""

from __future__ import annotations

import os

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile, parse
from gofixmap.rules.facts.startup import SERVE_CALLS, is_init_function
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

_MAX_DEPTH = 4


def import_path(index: PackageIndex, root: str) -> str | None:
    """The package's import path, from its module path and directory
    (``root``: the module's)."""
    if not index.module_path or not os.path.isfile(os.path.join(root, "go.mod")):
        return None
    rel = os.path.relpath(os.path.abspath(index.directory), root)
    if rel.startswith(".."):
        return None
    return index.module_path + ("" if rel == "." else "/" + rel.replace(os.sep, "/"))


class InitCalls:
    """The calls of the packages' exported functions made by the other
    packages of the module, and whether each runs during initialization."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, str], tuple[tuple[bool, bool], ...] | None] = {}
        self._phases: dict[tuple[str, str], tuple[tuple[bool, bool], ...]] = {}
        self._parsed: dict[str, SourceFile | None] = {}

    def importer_calls(
        self, index: PackageIndex, name: str
    ) -> tuple[tuple[bool, bool], ...] | None:
        """For each call of the package's function ``name`` in a production
        file of the module outside the package: whether it is made during
        package initialization (see the module), and whether it is made
        before the program starts its first goroutine (during
        initialization, or in ``main.main`` before: :func:`_in_main_first`).
        ``None`` when the package's import path cannot be told (no module)."""
        directory = os.path.abspath(index.directory)
        key = (directory, name)
        if key not in self._answers:
            self._answers[key] = self._calls(index, directory, name)
        return self._answers[key]

    def _calls(
        self, index: PackageIndex, directory: str, name: str
    ) -> tuple[tuple[bool, bool], ...] | None:
        path = import_path(index, self._module.module.root)
        if path is None:
            return None
        return tuple(self._importer_phases(path, directory, index.name, name, 0))

    def _importer_phases(
        self, path: str, directory: str, package: str, name: str, depth: int
    ) -> list[tuple[bool, bool]]:
        """(during initialization, before the first goroutine) of each call
        of ``package.name`` (import path ``path``, in ``directory``) in the
        production files of the other packages of the module."""
        quoted = b'"' + path.encode() + b'"'
        found: list[tuple[bool, bool]] = []
        for file_path in self._module.fact(MODULE_FILES):
            if file_path.endswith("_test.go") or os.path.dirname(file_path) == directory:
                continue
            file = self._file(file_path, (quoted, name.encode()))
            local = _import_name(file, quoted, package) if file is not None else None
            if file is None or local is None:
                continue
            for call in sx.nodes(file.root, ("call_expression",)):
                if sx.call_parts(file, call) == (local, name):
                    found.append(self._phase(file, call, depth))
        return found

    def _file(self, path: str, needles: tuple[bytes, ...]) -> SourceFile | None:
        """The parsed file at ``path`` when its bytes hold every needle
        (parsed once per run)."""
        if path in self._parsed:
            file = self._parsed[path]
            return file if file is not None and all(n in file.data for n in needles) else None
        for _, data in read_sources([path]):
            if not all(n in data for n in needles):
                return None
            self._parsed[path] = parse(path, data)
            return self._parsed[path]
        self._parsed[path] = None
        return None

    def _phase(self, file: SourceFile, call: Node, depth: int) -> tuple[bool, bool]:
        """Whether ``call`` is made during package initialization, and
        whether it is made before the program's first goroutine starts:
        directly (in ``init``, a package-level initializer, or ``main.main``
        before its first start), or in the body of a package-level function
        before its first start, when every call of that function in the
        module is (see the module's docstring)."""
        if _during_init(call):
            return True, True
        if _in_main_first(file, call):
            return False, True
        func = sx.enclosing_function(call)
        if (
            depth >= _MAX_DEPTH
            or func is None
            or func.type != "function_declaration"
            or func.parent is None
            or func.parent.type != "source_file"
            or not _first_in(file, func, call)
        ):
            return False, False
        name = func.child_by_field_name("name")
        package = _package_name(file)
        if name is None or package is None:
            return False, False
        phases = self._function_phases(file.path, package, file.text(name), depth + 1)
        if not phases:
            return False, False
        return all(init for init, _ in phases), all(first for _, first in phases)

    def _function_phases(
        self, at: str, package: str, name: str, depth: int
    ) -> tuple[tuple[bool, bool], ...]:
        """The phases of the calls of the package-level function ``name`` of
        the package of the file ``at``, in its package and (when exported)
        in the other packages of the module; ``()`` while it is being
        answered (a cycle of calls decides nothing)."""
        directory = os.path.dirname(os.path.abspath(at))
        key = (directory, name)
        if key in self._phases:
            return self._phases[key]
        self._phases[key] = ()
        found: list[tuple[bool, bool]] = []
        for file_path in self._module.fact(MODULE_FILES):
            if file_path.endswith("_test.go") or os.path.dirname(file_path) != directory:
                continue
            file = self._file(file_path, (name.encode(),))
            if file is None:
                continue
            for call in sx.nodes(file.root, ("call_expression",)):
                if sx.call_parts(file, call) == ("", name):
                    found.append(self._phase(file, call, depth))
        if name[:1].isupper():
            root = self._module.module.root
            rel = os.path.relpath(directory, os.path.abspath(root))
            module_path = _module_path(root)
            if module_path is None or rel.startswith(".."):
                return ()
            path = module_path + ("" if rel == "." else "/" + rel.replace(os.sep, "/"))
            found.extend(self._importer_phases(path, directory, package, name, depth))
        self._phases[key] = tuple(found)
        return self._phases[key]

    def only_during_init(self, index: PackageIndex, name: str) -> bool:
        """Every call of the package's exported function ``name`` from the
        other packages of the module is made during their initialization
        (and there is at least one)."""
        if not name[:1].isupper():
            return False
        calls = self.importer_calls(index, name)
        return calls is not None and bool(calls) and all(init for init, _ in calls)

    def only_before_goroutines(self, index: PackageIndex, name: str) -> bool:
        """Every call of the package's exported function ``name`` from the
        other packages of the module is made before the program starts its
        first goroutine: during initialization, or by ``main.main`` before
        its first ``go`` statement or serving call (and there is at least
        one call)."""
        if not name[:1].isupper():
            return False
        calls = self.importer_calls(index, name)
        return calls is not None and bool(calls) and all(first for _, first in calls)


INIT_CALLS = ModuleFact("initialization calls", InitCalls, requires=[MODULE_FILES])


def _import_name(file: SourceFile, quoted: bytes, package: str) -> str | None:
    """The name the file binds the import ``quoted`` to (``None``: not
    imported by name: blank or dot import, or not at all)."""
    for spec in sx.nodes(file.root, ("import_spec",)):
        target = spec.child_by_field_name("path")
        if target is None or (target.text or b"") != quoted:
            continue
        alias = spec.child_by_field_name("name")
        if alias is None:
            return package
        text = file.text(alias)
        return None if text in ("_", ".") else text
    return None


def _during_init(call: Node) -> bool:
    """``call`` runs during package initialization: directly in ``func
    init()`` or in a package-level declaration's initializer."""
    if any(a.type in ("go_statement", "defer_statement") for a in sx.ancestors(call)):
        return False
    func = sx.enclosing_function(call)
    if func is None:
        return True  # a package-level ``var x = pkg.F(...)``
    return is_init_function(func)


def _package_name(file: SourceFile) -> str | None:
    clause = next((n for n in file.root.named_children if n.type == "package_clause"), None)
    words = file.text(clause).split() if clause is not None else []
    return words[1] if len(words) == 2 else None


def _module_path(root: str) -> str | None:
    """The module path the ``go.mod`` of ``root`` declares."""
    for _, data in read_sources([os.path.join(root, "go.mod")]):
        for line in data.decode("utf-8", "replace").splitlines():
            words = line.split("//")[0].split()
            if len(words) == 2 and words[0] == "module":
                return words[1].strip('"')
    return None


def _first_in(file: SourceFile, func: Node, call: Node) -> bool:
    """``call`` is in ``func``'s own body (not in a func literal, nor under
    ``go``/``defer``), and nothing before it there starts a goroutine: no
    ``go`` statement and no call that starts serving (SERVE_CALLS)."""
    body = sx.body(func)
    if body is None or any(
        a.type in ("go_statement", "defer_statement", "func_literal") for a in sx.ancestors(call)
    ):
        return False
    for node in sx.nodes(body, ("go_statement", "call_expression"), closures=False):
        if node.start_byte >= call.start_byte:
            break
        if node.type == "go_statement":
            return False
        parts = sx.call_parts(file, node)
        if parts is None or not parts[0] or parts[1] not in SERVE_CALLS:
            continue
        if parts[1].startswith("New") and parts[0] != "httptest":
            continue  # a constructor (webhook.NewServer): httptest's alone serves at once
        return False
    return True


def _in_main_first(file: SourceFile, call: Node) -> bool:
    """``call`` is made by ``func main()`` of package ``main``, in its own
    body (not in a func literal, nor under ``go``/``defer``), and nothing
    before it in the body starts a goroutine: no ``go`` statement and no
    call of a method that starts serving (``Start``, ``Run``, ``Serve``,
    ``ListenAndServe`` ...: SERVE_CALLS). Go runs ``main.main`` on the main
    goroutine, one statement after the other, and a ``go`` statement
    happens before the goroutine it starts: what main does first runs
    before every goroutine main starts (package initialization, the other
    source of goroutines, has finished by then)."""
    if _package_name(file) != "main":
        return False
    func = sx.enclosing_function(call)
    if func is None or func.type != "function_declaration" or func.parent is None:
        return False
    name = func.child_by_field_name("name")
    params = func.child_by_field_name("parameters")
    if name is None or name.text != b"main" or params is None or params.named_children:
        return False
    return _first_in(file, func, call)
