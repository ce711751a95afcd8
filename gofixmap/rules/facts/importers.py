"""The module's reverse import view, and CALL_ARGUMENTS: what the packages
that import a package pass to its exported functions (issue 12, cause 4,
across packages).

A write through a parameter is judged by what the callers pass
(:meth:`.apiobjects.Analysis.caller_evidence`). An exported function's
callers are mostly in the other packages of its module; they are found and
their arguments judged in their own package:

- ``MODULE_IMPORTERS`` (a module fact): for each package of the module, the
  production files of the other packages that import it, and of those the
  packages that name one of its functions. Once per module per run, each
  ``.go`` file of the module (``vendor/`` and ``testdata/`` left out, and
  ``_test.go`` files: test code is no evidence for production code) is read
  and its import declarations looked at. Every package of the module counts,
  not only the packages of the run: a caller in a package the run was not
  asked about passes its objects all the same;
- ``CALL_ARGUMENTS`` (exported, computed from source): for a package Q, its
  uses ``p.F`` of a function of another package of the module. A package
  that imports ``P`` and names ``F`` is loaded through the run's importer
  (``Pass.dependency``: its declarations, and its files parsed once per run
  when this fact is first read, with the types of the packages it imports),
  and each of its production calls is judged by Q's own analysis of the
  objects (:class:`.apiobjects.ApiObjects`): a literal that leaves the map
  out, an object read from the cluster, a zero value, a ``DeepCopy`` of one,
  a parameter whose callers in Q pass such a value (Q's callers only: the
  module is not searched again from Q). A value whose origin Q cannot trace
  (the result of a function of another package, a struct's field) may be
  anything: that call is evidence too. A call passing the parameter of a
  function literal handed to a function of the module, and ``p.F`` handed to
  one as a value, are callbacks (:mod:`.callsites`): no object of their own;
  a literal's parameter or ``p.F`` handed anywhere else (an informer's
  handler, a struct field) gets objects read from the cluster: evidence.
  A map passed as such (no steps below the parameter) through an object's
  getter, ``x.GetLabels()`` / ``x.GetAnnotations()``, is judged as the
  object's field ``x.Labels`` / ``x.Annotations`` (NM005: a map parameter
  an exported function hands on to a writer).

What is resolved: ``p.F(...)`` with ``p`` the name the file gives ``P``'s
import path (not shadowed by a local). A method ``M`` that nothing in its
package calls (:func:`method_evidence`): the dynamic type of ``x`` in
``x.M(...)`` is not known before the program runs (a call through an
interface reaches every type with the method), so every use ``x.M`` in the
module's production code counts, whatever ``x`` is, and only when an
interface type of the module declares ``M``: a method that implements
another module's interface (a framework's) is called by that module with
values the module cannot show. What is not resolved: calls through
function values and dot imports, and a method receiver; for those the
in-package evidence stands, and a function with no caller in sight is
reported as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, ModuleFact, ModulePass, Pass
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import PackageIndex
from gofixmap.rules.facts.apicallees import API_CALLEES
from gofixmap.rules.facts.apiorigins import metadata_getter
from gofixmap.rules.facts.apitypes import TypeRef
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.callsites import CALLBACK_USES, literal_parameter
from gofixmap.rules.facts.constants import CONSTANTS, NONZERO_CONSTANTS
from gofixmap.rules.facts.madereturns import MADE_RETURNS
from gofixmap.rules.facts.nilflow import NIL_FLOW
from gofixmap.rules.facts.ownrefs import OWN_REFS
from gofixmap.rules.facts.serverresults import SERVER_RESULTS
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources
from gofixmap.rules.facts.types import TYPES
from gofixmap.rules.facts.uncalled import interface_methods

if TYPE_CHECKING:
    from gofixmap.rules.facts.apiobjects import Analysis, ApiObjects

Node = tree_sitter.Node

_DECLS = re.compile(rb"^(?:func|type|var|const)\b", re.MULTILINE)
_IMPORT_BLOCK = re.compile(rb"^import\s*\((.*?)\)", re.MULTILINE | re.DOTALL)
_IMPORT_ONE = re.compile(rb'^import\s+(?:[\w.]+\s+)?"([^"]+)"', re.MULTILINE)
_QUOTED = re.compile(rb'"([^"\s]+)"')
_COMMENT = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)


def _imports_of(data: bytes) -> list[bytes]:
    """The import paths a Go file declares (read from its header: the import
    declarations come before any other declaration)."""
    found = _DECLS.search(data)
    header = _COMMENT.sub(b"", data[: found.start()] if found else data)
    paths = [m.group(1) for m in _IMPORT_ONE.finditer(header)]
    for block in _IMPORT_BLOCK.finditer(header):
        paths.extend(m.group(1) for m in _QUOTED.finditer(block.group(1)))
    return paths


class ModuleImporters:
    """The module's reverse import view (see the module): which production
    files import each package of the module, read once per module per run;
    which packages name a function, once per package and name."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._files: dict[str, tuple[str, ...]] | None = None
        self._naming: dict[tuple[str, str], tuple[str, ...]] = {}
        self._methods: dict[str, tuple[str, ...] | None] = {}
        self._words: tuple[dict[str, set[str]], dict[str, list[str]]] | None = None

    def import_path(self, index: PackageIndex) -> str:
        """The import path of the package ``index`` of this module (``""``:
        the module's path is not known)."""
        if not index.module_path:
            return ""
        return package_path(
            self._module.module.root, index.module_path, os.path.abspath(index.directory)
        )

    def _importers(self, module_path: str) -> dict[str, tuple[str, ...]]:
        if self._files is None:
            prefix = module_path.encode()
            by_path: dict[str, list[str]] = {}
            files = self._module.fact(MODULE_FILES) if prefix else ()
            for path, data in read_sources(files, tests=False):
                for imported_path in set(_imports_of(data)):
                    if imported_path == prefix or imported_path.startswith(prefix + b"/"):
                        by_path.setdefault(imported_path.decode(), []).append(path)
            self._files = {k: tuple(v) for k, v in by_path.items()}
        return self._files

    @property
    def root(self) -> str:
        """The module's root directory."""
        return self._module.module.root

    def files(self, index: PackageIndex) -> tuple[str, ...]:
        """The production files of the other packages of the module that
        import the package ``index``."""
        own = self.import_path(index)
        if not own:
            return ()
        here = os.path.abspath(index.directory)
        return tuple(
            path
            for path in self._importers(index.module_path).get(own, ())
            if os.path.dirname(os.path.abspath(path)) != here
        )

    def naming(self, index: PackageIndex, name: str) -> tuple[str, ...]:
        """The import paths of the other packages of the module whose
        production files import the package ``index`` and hold the word
        ``name`` (sorted)."""
        own = self.import_path(index)
        key = (own, name)
        if not own:
            return ()
        found = self._naming.get(key)
        if found is not None:
            return found
        here = os.path.abspath(index.directory)
        word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
        packages: set[str] = set()
        for path in self._importers(index.module_path).get(own, ()):
            directory = os.path.dirname(os.path.abspath(path))
            if directory == here:
                continue
            package = package_path(self._module.module.root, index.module_path, directory)
            if package in packages:
                continue
            try:
                if not word.search(src.read_regular(path)):
                    continue
            except OSError:
                continue
            packages.add(package)
        found = self._naming[key] = tuple(sorted(packages))
        return found

    def method_callers(self, index: PackageIndex, name: str) -> tuple[str, ...] | None:
        """The import paths of the packages of the module whose production
        files name a method ``name`` (``x.name``), sorted; ``None`` when no
        interface type of the module declares a method ``name``: then a
        call that reaches the method may come from another module's
        interface (a framework's callback), which the module cannot show."""
        if name in self._methods:
            return self._methods[name]
        selectors, heads = self._method_words(index.module_path)
        declared = any(_declares(path, name) for path in heads.get(name, ()))
        found = self._methods[name] = tuple(sorted(selectors.get(name, ()))) if declared else None
        return found

    def _method_words(self, module_path: str) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
        """Read once: each name selected (``.name``) in the module's
        production files -> the import paths of their packages; each name
        that starts a line followed by ``(`` (an interface's method
        element, among other things) -> the files."""
        if self._words is None:
            selectors: dict[str, set[str]] = {}
            heads: dict[str, list[str]] = {}
            files = self._module.fact(MODULE_FILES) if module_path else ()
            for path, data in read_sources(files, tests=False):
                package = package_path(
                    self._module.module.root, module_path, os.path.dirname(os.path.abspath(path))
                )
                for word in set(_SELECTED.findall(data)):
                    selectors.setdefault(word.decode(), set()).add(package)
                for word in set(_LINE_HEAD.findall(data)):
                    heads.setdefault(word.decode(), []).append(path)
            self._words = (selectors, heads)
        return self._words


_SELECTED = re.compile(rb"\.\s*([A-Za-z_]\w*)")
_LINE_HEAD = re.compile(rb"(?m)^\s*([A-Za-z_]\w*)\s*\(")


def _declares(path: str, name: str) -> bool:
    """The file at ``path`` declares an interface type with a method
    ``name``."""
    try:
        file = src.parse(path, src.read_regular(path))
    except OSError:
        return False
    return any(
        name in interface_methods(file, interface)
        for interface in src.of_types(file.root, ("interface_type",))
    )


MODULE_IMPORTERS = ModuleFact("module importers", ModuleImporters, requires=[MODULE_FILES])


class CallArguments:
    """A package's calls of the functions of other packages of its module,
    and what they pass (see the module)."""

    def __init__(self, pkg: Pass) -> None:
        self.pkg = pkg
        self._objects: ApiObjects | None = None
        self._uses: dict[tuple[str, str], list[tuple[src.SourceFile, Node]]] = {}

    def _api_objects(self) -> ApiObjects:
        """This package's analysis of its objects, which follows a
        parameter back to the callers of this package only."""
        from gofixmap.rules.facts.apiobjects import ApiObjects

        if self._objects is None:
            self._objects = ApiObjects(self.pkg, across=False)
        return self._objects

    def uses(self, path: str, name: str) -> list[tuple[src.SourceFile, Node]]:
        """The uses ``p.F`` of the function ``name`` of the package ``path``
        in this package's production files: the selector (the function of a
        call, or a value)."""
        key = (path, name)
        found = self._uses.get(key)
        if found is not None:
            return found
        found = []
        types = self.pkg.fact(TYPES)
        for file, aliases in self._production_files(name):
            alias = aliases.get(path)
            if alias is None or alias in ("_", "."):
                continue
            for operand in sx.selections(file, file.root, alias, name):
                node = operand.parent
                if node is None or types.resolve(file, alias, operand) is not None:
                    continue  # a local that shadows the import
                found.append((file, node))
        self._uses[key] = found
        return found

    def _production_files(self, name: str) -> Iterator[tuple[src.SourceFile, dict[str, str]]]:
        """This package's production files that hold the text ``name``, with
        their imports (import path to the name the file gives it)."""
        from gofixmap.rules.facts.apiorigins import is_test_code

        needle = name.encode()
        for file in self.pkg.files:
            if needle not in file.data:
                continue
            aliases = imported(file)
            if not is_test_code(file.path, aliases):
                yield file, aliases

    def evidence(
        self,
        path: str,
        name: str,
        position: int,
        steps: list[str],
        param_type: TypeRef | None,
        depth: int,
    ) -> tuple[int, str | None]:
        """How many uses this package makes of the function ``name`` of the
        package ``path``, and why the map at ``steps`` below its parameter
        ``position`` may be nil at one of them (``None``: every use passes
        an object with the map, or hands the function no object of its own:
        a callback; ``""``: a use the analysis cannot follow, such as the
        function handed to another module as a value)."""
        return self._judged(self.uses(path, name), position, steps, param_type, depth)

    def method_uses(self, name: str) -> list[tuple[src.SourceFile, Node]]:
        """The selectors ``x.name`` in this package's production files whose
        operand is not an imported package: the uses of methods ``name``."""
        found = []
        types = self.pkg.fact(TYPES)
        for file, aliases in self._production_files(name):
            packages = set(aliases.values())
            for node in src.of_types(file.root, ("selector_expression",)):
                operand = node.child_by_field_name("operand")
                field = node.child_by_field_name("field")
                if operand is None or field is None or file.text(field) != name:
                    continue
                if (
                    operand.type == "identifier"
                    and file.text(operand) in packages
                    and types.resolve(file, file.text(operand), operand) is None
                ):
                    continue  # pkg.name: a function of another package
                found.append((file, node))
        return found

    def method_evidence(
        self,
        name: str,
        position: int,
        steps: list[str],
        param_type: TypeRef | None,
        depth: int,
    ) -> tuple[int, str | None]:
        """:meth:`evidence` for every use of a method ``name`` in this
        package, whatever the type it is called on (a call through an
        interface reaches any type that has the method)."""
        return self._judged(self.method_uses(name), position, steps, param_type, depth)

    def _judged(
        self,
        uses: list[tuple[src.SourceFile, Node]],
        position: int,
        steps: list[str],
        param_type: TypeRef | None,
        depth: int,
    ) -> tuple[int, str | None]:
        """How many ``uses`` there are, and the first reason one gives (see
        :meth:`evidence`)."""
        for file, use in uses:
            why = self._judge(file, use, position, steps, param_type, depth)
            if why is not None:
                return len(uses), why
        return len(uses), None

    def _judge(
        self,
        file: src.SourceFile,
        use: Node,
        position: int,
        steps: list[str],
        param_type: TypeRef | None,
        depth: int,
    ) -> str | None:
        """Why the map at ``steps`` below the argument at ``position`` of
        the use ``use`` may be nil (see :meth:`evidence`)."""
        from gofixmap.rules.facts.apiorigins import argument
        from gofixmap.rules.facts.callsites import hands_nothing, module_aliases

        modules = module_aliases(file, self.pkg.package.module_path)
        parent = use.parent
        called = (
            parent is not None
            and parent.type == "call_expression"
            and parent.child_by_field_name("function") == use
        )
        if hands_nothing(file, use, position, modules):
            return None  # a callback, or a function literal's parameter passed on
        if not called or parent is None:
            return ""  # handed to another module as a value
        arg = argument(file, parent, position)
        if arg is None or _literal_parameter(file, parent, arg):
            # a function literal's parameter, the literal not handed to
            # a function of the module: an informer's or a framework's
            # callback, called with objects read from the cluster
            return ""
        analysis = self._api_objects().analysis(file.path)
        judged, judged_steps = arg, steps
        getter = _getter(file, arg) if not steps else None
        if getter is not None:
            # the map itself is passed as x.GetLabels(): x.Labels
            judged, judged_steps = getter
        if not _known(analysis, judged, parent):
            return ""  # where the value comes from is not seen
        found = analysis.argument_nilable(
            judged, judged_steps, parent, depth + 1, None if getter else param_type
        )
        if found is not None:
            caller = _caller_name(file, parent)
            shown = sx.flat_text(file, arg)
            package = self.pkg.package.name
            return f" and {package}.{caller} passes {shown} ({found[1]})"
        return None


def module_evidence(
    pkg: Pass,
    name: str,
    position: int,
    steps: list[str],
    depth: int,
    param_type: TypeRef | None,
    only: bool = True,
) -> str | None:
    """Why the parameter at ``position`` of the exported function ``name``
    of the package of ``pkg`` may arrive without the map at ``steps`` from a
    call in another package of the module (CALL_ARGUMENTS of each package
    that imports this one and names the function), ``None`` when every such
    call passes the map made. ``only``: the package itself does not call the
    function; then a function nothing in the module calls is the module's
    API, which other modules may call with any value of the parameter's
    type (``""``: no caller in sight, reported)."""
    importers = pkg.module(MODULE_IMPORTERS)
    own = importers.import_path(pkg.package)
    uses = 0
    for path in importers.naming(pkg.package, name):
        other = pkg.dependency(path)
        if other is None:
            return ""  # a caller whose package cannot be read
        count, why = other.fact(CALL_ARGUMENTS).evidence(
            own, name, position, steps, param_type, depth
        )
        if why is not None:
            return why
        uses += count
    return "" if only and not uses else None


def method_evidence(
    pkg: Pass,
    name: str,
    position: int,
    steps: list[str],
    depth: int,
    param_type: TypeRef | None,
) -> str | None:
    """Why the parameter at ``position`` of the method ``name`` of a type of
    the package of ``pkg`` may arrive without the map at ``steps``: a use
    of a method of that name somewhere in the module (in production code)
    that passes a value without it, or that the analysis cannot follow.
    ``None`` when the module has such uses and every one passes the map
    made (or hands the method no object of its own).

    A method is called on a value whose dynamic type only the running
    program knows (``x.M(pod)`` through an interface), so every use of a
    method of that name counts, whatever type it is called on. An interface
    of the module must declare the method: a method that only implements
    another module's interface (a framework's webhook or reconciler) is
    called by that module with objects the module cannot show (``""``), and
    so is a method nothing in the module names."""
    importers = pkg.module(MODULE_IMPORTERS)
    packages = importers.method_callers(pkg.package, name)
    if not packages:
        return ""
    own = importers.import_path(pkg.package)
    uses = 0
    for path in packages:
        other = pkg if path == own else pkg.dependency(path)
        if other is None:
            return ""  # a caller whose package cannot be read
        count, why = other.fact(CALL_ARGUMENTS).method_evidence(
            name, position, steps, param_type, depth
        )
        if why is not None:
            return why
        uses += count
    return None if uses else ""


def _known(analysis: Analysis, arg: Node, call: Node) -> bool:
    """Where the value of ``arg`` comes from is known in the calling
    package (a literal, a zero value, a client's read, a parameter, a
    function of that package...): only then can its analysis say that the
    map is made. A value it cannot trace (the result of a function of
    another package, a field of a struct) may be anything."""
    arg = sx.unparen(arg)
    if arg.type == "unary_expression" and analysis.text(arg).startswith("&"):
        operand = arg.child_by_field_name("operand")
        if operand is None:
            return False
        arg = sx.unparen(operand)
    if arg.type in ("composite_literal", "call_expression"):
        return bool(analysis.origins.from_value(arg, "the argument").kind)
    chain = analysis.chain(arg)
    return chain is not None and analysis.origin(chain[0], call) is not None


def _getter(file: src.SourceFile, arg: Node) -> tuple[Node, list[str]] | None:
    """``x.GetLabels()`` / ``x.GetAnnotations()`` (an object's metadata
    getter, no arguments): ``x`` and the field it returns."""
    found = metadata_getter(file, sx.unparen(arg))
    return (sx.unparen(found[0]), [found[1]]) if found is not None else None


def _literal_parameter(file: src.SourceFile, call: Node, arg: Node) -> bool:
    """``arg`` names a parameter of the function literal around ``call``,
    not assigned in it."""
    arg = sx.unparen(arg)
    literal = sx.enclosing_function(call)
    if arg.type != "identifier" or literal is None or literal.type != "func_literal":
        return False
    return literal_parameter(file, literal, arg)


def _caller_name(file: src.SourceFile, call: Node) -> str:
    func = sx.enclosing_function(call)
    while func is not None and func.type == "func_literal":
        func = sx.enclosing_function(func)
    name = func.child_by_field_name("name") if func is not None else None
    return file.text(name) if name is not None else "a package-level value"


def _produce(pkg: Pass) -> CallArguments:
    return CallArguments(pkg)


CALL_ARGUMENTS: Fact[CallArguments] = Fact(
    "call-arguments",
    _produce,
    # the origins of the arguments are judged by an api-objects analysis of
    # this package, which reads the facts below
    (
        TYPES,
        CALLS,
        CONSTANTS,
        NONZERO_CONSTANTS,
        API_CALLEES,
        MADE_RETURNS,
        SERVER_RESULTS,
        CALLBACK_USES,
        NIL_FLOW,
        OWN_REFS,
    ),
    from_source=True,
    doc="what a package passes to the functions of the other packages of its module",
)


def package_path(root: str, module_path: str, directory: str) -> str:
    """The import path of the package in ``directory`` (absolute) of the
    module rooted at ``root`` whose path is ``module_path``."""
    rel = os.path.relpath(directory, root)
    if rel == ".":
        return module_path
    return f"{module_path}/{rel.replace(os.sep, '/')}"
