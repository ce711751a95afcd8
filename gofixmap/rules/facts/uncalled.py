"""Functions and methods that nothing can call: an access in one never
runs, so it races with nothing.

A declared function runs only when something calls it (or takes its value,
which the call graph of :mod:`.startup` sees as a use that is no call).
Who can call it is Go's visibility:

- an unexported function or method is called only by its own package
  (an interface of another package that names ``m`` names another method:
  an unexported method name is qualified by its package, and reflection
  calls no unexported method);
- an exported one also by the packages that import its package: only the
  module's own when the package is ``main`` (no package imports a command)
  or sits below an ``internal`` directory of the module (the Go command's
  rule: only the tree rooted at the parent of ``internal`` imports it), and
  no other module is nested in that tree (a nested module's packages share
  the path prefix, so they may import it);
- an exported method also by code that holds the value as an interface: a
  dependency's or the standard library's (``w.(interface{ Size() int })``
  after the value was handed out as an ``io.Writer``). That needs an
  interface with a method of the name whose other methods the type has
  too; the interfaces of the source of every module of the build list
  (the module cache or ``vendor/``) and of ``$GOROOT/src`` are read for
  one (none may be missing). Text/template and reflection call methods by
  name: a template (a string literal of the module or a template file)
  naming it spoils the proof.

So a function is never called when the module's production files hold no
call and no other use of it (:meth:`.startup.Startup.call_sites`: every
call by name, a call on a value of another declared type aside), no test
file of the module names it, no ``//go:linkname`` or cgo ``//export``
directive is in its package, it is no ``init`` or ``main``, and the above
holds for who else could call it.
"""

from __future__ import annotations

import os
import re

from tree_sitter import Node

from gofixmap.codemod import gomod
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.source import SourceFile, parse
from gofixmap.rules.facts.startup import Startup, receiver_type
from gofixmap.rules.facts.testonly import read_sources

_TEMPLATE_FILES = (".tmpl", ".tpl", ".gotmpl", ".gohtml", ".html", ".txt")
_DIRECTIVE = re.compile(rb"(?m)^//(go:linkname|export)\b")


def never_called(
    startup: Startup, outside: Outside, files: tuple[str, ...], file: SourceFile, node: Node
) -> bool:
    """The function or method declaration around ``node`` (of ``file``, a
    production file of the module of ``outside`` whose ``.go`` files are
    ``files``) is called by nothing (see the module)."""
    decl = sx.declaration_of(node)
    if decl is None or file.path.endswith("_test.go"):
        return False
    name_node = decl.child_by_field_name("name")
    if name_node is None:
        return False
    name = file.text(name_node)
    method = decl.type == "method_declaration"
    if not method and name in ("init", "main"):
        return False
    directory = startup.directory(file)
    root = outside.root
    package = startup.files_in(file)
    if any(_DIRECTIVE.search(source.data) for source in package):
        return False
    exported = name[:1].isupper()
    if exported and not _closed(root, directory, package):
        return False
    if startup.call_sites((directory, name, method)) != []:
        return False
    word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    tests = [
        path
        for path in files
        if path.endswith("_test.go")
        and (exported or os.path.dirname(os.path.abspath(path)) == directory)
    ]
    if any(word.search(data) for _, data in read_sources(tests)):
        return False
    if not exported:
        return True
    methods: set[str] = set()
    if method:
        found = _method_set(package, receiver_type(file, decl))
        if found is None:
            return False
        methods = found
    if _named_in_templates(startup, outside, word):
        return False
    return not method or not outside.interface_may_call(name, frozenset(methods))


def _closed(root: str, directory: str, package: list[SourceFile]) -> bool:
    """Only the module imports the package in ``directory``: a command, or
    below an ``internal`` directory of the module with no module nested in
    the tree that may import it."""
    if package and all(
        re.search(rb"(?m)^package\s+main\b", source.data) is not None for source in package
    ):
        return True
    if not directory.startswith(root + os.sep):
        return False
    parts = os.path.relpath(directory, root).split(os.sep)
    if "internal" not in parts:
        return False
    parent = os.path.join(root, *parts[: parts.index("internal")])
    for current, dirs, names in os.walk(parent):
        dirs[:] = [d for d in dirs if d not in ("vendor", "testdata") and not d.startswith(".")]
        if current != root and "go.mod" in names:
            return False
    return True


def _named_in_templates(startup: Startup, outside: Outside, word: re.Pattern[bytes]) -> bool:
    """Some string literal of the module's production files, or a
    template file of the module, names the word (text/template calls a
    method by its name)."""
    for path, data in startup.sources():
        if not word.search(data):
            continue
        source = startup.parsed(path, data)
        for literal in sx.scan(source.root, ("interpreted_string_literal", "raw_string_literal")):
            if word.search(source.text(literal).encode()):
                return True
    templates = outside.templates()
    return templates is None or any(word.search(data) for data in templates)


def _templates(root: str) -> tuple[bytes, ...] | None:
    """The template files of the module in ``root`` (``None``: one cannot
    be read)."""
    found: list[bytes] = []
    for current, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "vendor" and not d.startswith(".")]
        for item in names:
            if item.endswith(_TEMPLATE_FILES):
                try:
                    with open(os.path.join(current, item), "rb") as handle:
                        found.append(handle.read())
                except OSError:
                    return None
    return tuple(found)


def _method_set(package: list[SourceFile], owner: str) -> set[str] | None:
    """The names of the methods of ``owner`` and ``*owner`` declared in the
    package; ``None`` when the type may get more by embedding (or is not
    found)."""
    if not owner:
        return None
    declared = False
    methods: set[str] = set()
    for source in package:
        for decl in source.root.named_children:
            if decl.type == "method_declaration" and receiver_type(source, decl) == owner:
                found = decl.child_by_field_name("name")
                if found is not None:
                    methods.add(source.text(found))
            if decl.type != "type_declaration":
                continue
            for spec in sx.nodes(decl, ("type_spec", "type_alias")):
                spec_name = spec.child_by_field_name("name")
                if spec_name is None or source.text(spec_name) != owner:
                    continue
                kind = spec.child_by_field_name("type")
                if spec.type == "type_alias" or kind is None:
                    return None
                if kind.type == "struct_type":
                    for field in sx.nodes(kind, ("field_declaration",)):
                        if field.child_by_field_name("name") is None:
                            return None  # an embedded field: promoted methods
                elif kind.type == "interface_type":
                    return None
                declared = True
    return methods if declared else None


_IMPORT_BLOCK = re.compile(rb"(?m)^import\s*\(([^)]*)\)")
_IMPORT_LINE = re.compile(rb'(?m)^import\s+(?:[\w.]+\s+)?"([^"]+)"')
_QUOTED = re.compile(rb'"([^"]+)"')


def _imports_of(data: bytes) -> set[str]:
    found = {m.group(1).decode() for m in _IMPORT_LINE.finditer(data)}
    for block in _IMPORT_BLOCK.finditer(data):
        found.update(m.group(1).decode() for m in _QUOTED.finditer(block.group(1)))
    found.discard("C")
    return found


def _imported(root: str) -> tuple[str, ...] | None:
    """The directories of the packages outside the module in ``root`` that
    its packages (tests too) import, directly or through one another;
    ``None`` when one is not on disk or the module is in a workspace."""
    resolver = gomod.Resolver()
    blist = resolver.build_list(root)
    if blist is None or len(blist.mains) != 1:
        return None
    own = blist.mains[0][0]
    std_vendor = os.path.join(gomod.goroot(resolver.env), "src", "vendor")
    pending: set[tuple[str, bool]] = set()  # (import path, imported by the standard library)
    for current, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("vendor", "testdata") and not d.startswith(".")]
        for item in names:
            if item.endswith(".go"):
                try:
                    with open(os.path.join(current, item), "rb") as handle:
                        pending |= {(imported, False) for imported in _imports_of(handle.read())}
                except OSError:
                    return None
    seen: set[tuple[str, bool]] = set()
    found: list[str] = []
    while pending:
        entry = pending.pop()
        path, from_std = entry
        if entry in seen or path == own or path.startswith(own + "/"):
            continue
        seen.add(entry)
        std = "." not in path.split("/", 1)[0]
        if from_std and not std:
            # the standard library's own copies of golang.org/x packages
            directory = os.path.join(std_vendor, *path.split("/"))
        else:
            location = resolver.resolve(path, root)
            if location is None and std:
                continue  # not in this toolchain (an experiment's): never built
            if location is None:
                return None
            directory = location.directory
        found.append(directory)
        try:
            names = os.listdir(directory)
        except OSError:
            return None
        for path in _production_files(directory, names):
            data = _read(path)
            if data is None:
                return None
            pending |= {(imported, from_std or std) for imported in _imports_of(data)} - seen
    return tuple(sorted(set(found)))


class Outside:
    """What lies outside the module in ``root`` that could call its
    functions: the template files it holds and the interfaces of the
    packages it imports. Each is read once per module per run, on first
    use (:data:`OUTSIDE`)."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._templates: tuple[bytes, ...] | None = None
        self._templates_read = False
        self._imported: tuple[str, ...] | None = None
        self._imported_read = False
        self._interface_files: dict[str, tuple[str, ...]] | None = None
        self._declares: dict[tuple[str, str, frozenset[str]], bool] = {}
        self._parsed: dict[str, SourceFile] = {}

    def templates(self) -> tuple[bytes, ...] | None:
        """The module's template files (``None``: one cannot be read)."""
        if not self._templates_read:
            self._templates = _templates(self.root)
            self._templates_read = True
        return self._templates

    def imported(self) -> tuple[str, ...] | None:
        """The directories of the packages outside the module that it
        imports, directly or not (see :func:`_imported`)."""
        if not self._imported_read:
            self._imported = _imported(self.root)
            self._imported_read = True
        return self._imported

    def interface_may_call(self, name: str, methods: frozenset[str]) -> bool:
        """Some interface of a package outside the module that the module's
        packages import, directly or not (the standard library's included),
        has a method ``name`` and no method outside ``methods``, also
        through the interfaces it embeds (or an import is not on disk)."""
        directories = self.imported()
        if directories is None:
            return True
        return any(self._declares_in(directory, name, methods) for directory in directories)

    def _declares_in(self, directory: str, name: str, methods: frozenset[str]) -> bool:
        key = (directory, name, methods)
        if key not in self._declares:
            self._declares[key] = self._scan(directory, name, methods)
        return self._declares[key]

    def _scan(self, directory: str, name: str, methods: frozenset[str]) -> bool:
        spec = re.compile(rb"(?m)(?:^|[{;])[ \t]*" + re.escape(name.encode()) + rb"\(")
        try:
            items = sorted(os.listdir(directory))
        except OSError:
            return True
        for path in _production_files(directory, items):
            data = _read(path)
            if data is None:
                return True
            if not spec.search(data):
                continue
            source = self._parse(path, data)
            for interface in sx.scan(source.root, ("interface_type",)):
                if name in interface_methods(source, interface) and self._satisfiable(
                    source, interface, methods, 0
                ):
                    return True
        return False

    def _satisfiable(
        self, source: SourceFile, interface: Node, methods: frozenset[str], depth: int
    ) -> bool:
        """A type with the methods ``methods`` may implement ``interface``:
        it has each of its methods and may implement each interface it
        embeds (one of the interfaces so named; a constraint, or one not
        found, counts as satisfied)."""
        if depth > 4:
            return True
        for elem in interface.named_children:
            if elem.type == "method_elem":
                found = elem.child_by_field_name("name")
                if found is None or source.text(found) not in methods:
                    return False
            elif elem.type != "comment":
                text = source.text(elem).strip()
                if not re.fullmatch(r"(\w+\.)?\w+", text):
                    return True  # a type set (``~int | ~string``): a constraint
                embedded = text.rsplit(".", 1)[-1]
                if embedded == "error":
                    if "Error" not in methods:
                        return False
                    continue
                candidates = self._named_interfaces(embedded)
                if not candidates:
                    return True
                if not any(
                    self._satisfiable(other, node, methods, depth + 1) for other, node in candidates
                ):
                    return False
        return True

    def _named_interfaces(self, name: str) -> list[tuple[SourceFile, Node]]:
        """The interface types named ``name`` declared in the imported
        packages."""
        if self._interface_files is None:
            self._interface_files = _interface_files(self.imported() or ())
        found: list[tuple[SourceFile, Node]] = []
        for path in self._interface_files.get(name, ()):
            data = _read(path)
            if data is None:
                continue
            source = self._parse(path, data)
            for spec in sx.scan(source.root, ("type_spec",)):
                spec_name = spec.child_by_field_name("name")
                kind = spec.child_by_field_name("type")
                if (
                    spec_name is not None
                    and kind is not None
                    and kind.type == "interface_type"
                    and source.text(spec_name) == name
                ):
                    found.append((source, kind))
        return found

    def _parse(self, path: str, data: bytes) -> SourceFile:
        source = self._parsed.get(path)
        if source is None or source.data != data:
            source = self._parsed[path] = parse(path, data)
        return source


def interface_methods(source: SourceFile, interface: Node) -> set[str]:
    """The names of the methods ``interface`` declares itself (not those
    of the interfaces it embeds)."""
    return {
        source.text(found)
        for elem in interface.named_children
        if elem.type == "method_elem" and (found := elem.child_by_field_name("name")) is not None
    }


_NAMED_INTERFACE = re.compile(rb"(?m)^\s*(?:type\s+)?(\w+)(?:\[[^\]\n]*\])?\s+interface\s*\{")


def _interface_files(directories: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Interface name -> the files of the packages in ``directories`` that
    may declare one so named."""
    found: dict[str, list[str]] = {}
    for directory in directories:
        try:
            items = sorted(os.listdir(directory))
        except OSError:
            continue
        for path in _production_files(directory, items):
            data = _read(path)
            if data is None:
                continue
            for match in _NAMED_INTERFACE.finditer(data):
                found.setdefault(match.group(1).decode(), []).append(path)
    return {key: tuple(dict.fromkeys(paths)) for key, paths in found.items()}


def _production_files(directory: str, items: list[str]) -> list[str]:
    """The paths of the non-test ``.go`` files among ``items`` of
    ``directory``."""
    return [
        os.path.join(directory, item)
        for item in items
        if item.endswith(".go") and not item.endswith("_test.go")
    ]


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _outside(module: ModulePass) -> Outside:
    return Outside(module.module.root)


OUTSIDE = ModuleFact("outside callers", _outside)
"""The :class:`Outside` of a module: its templates and the interfaces of
the packages it imports, read once per module per run."""
