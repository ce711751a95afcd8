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

A method runs only in a program that links its package: a value of its
type exists nowhere else. A program is a command (a ``main`` package) or a
directory's test binary, and links what it imports, directly or through
other packages (a test binary also what its test files import). So for a
package only the module imports (a command's, or below ``internal``, when
no package of another module that the module imports imports one of its
packages back), a use in a package that no program linking it also links,
or in a test file whose directory's test binary does not link it, calls
none of its functions, through an interface or not (``tr.Size()`` in the
tests of a package that never imports it).

So a function is never called when the module's production files (of the
packages linked with it, for such a package) hold no call and no other use
of it (:meth:`.startup.Startup.call_sites`: every call by name, a call on a
value of another declared type aside, and a selector of a field of that
name of the module's struct, ``chunk.Size``; for a method, also a call
``x.M()`` on a value declared of another named type of the module that
declares ``M`` itself, in the same package or not: Go's method set sends it
to that type's ``M``, :meth:`.startup.Startup.calls_other_type`; a value
of an interface type, of a type that embeds, or of a type not known may
call it), no test file of the module
(of a test binary linking the package, for such a package) calls or uses
it (read the same way for a method: ``fi.Size()`` on ``os.Stat``'s result,
``sha256.Size`` and a key ``Size:`` are none; a string literal naming it
is), no
``//go:linkname`` or cgo ``//export`` directive is in its package, it is no
``init`` or ``main``, and the above holds for who else could call it.

The module runs past 600 lines because each of those questions reads code
outside the package (the module's other packages and programs, the imports'
interfaces, the templates) and does it cheaply: byte gates and per-file
indexes before any parse.
"""

from __future__ import annotations

import os
import re

from tree_sitter import Node

from gofixmap.codemod import gomod
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass, Pass
from gofixmap.codemod.source import SourceFile, parse, read_regular
from gofixmap.rules.facts.locks import Access
from gofixmap.rules.facts.startup import STARTUP, Startup, receiver_type
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

_TEMPLATE_FILES = (".tmpl", ".tpl", ".gotmpl", ".gohtml", ".html", ".txt")
_DIRECTIVE = re.compile(rb"(?m)^//(go:linkname|export)\b")
_MAIN = re.compile(rb"(?m)^package\s+main\b")


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
    linking = _linking(startup, outside, files, directory) if exported else None
    within = None if linking is None else frozenset(linking[0])
    owner = receiver_type(file, decl) if method else ""
    sites = startup.call_sites((directory, name, method), within)
    if sites is None or any(
        not startup.calls_other_type(site, call, (directory, name, method), owner)
        for site, call in sites
    ):
        return False
    word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    tests = [
        path
        for path in files
        if path.endswith("_test.go")
        and (
            os.path.dirname(os.path.abspath(path)) == directory
            if not exported
            else linking is None or os.path.dirname(os.path.abspath(path)) in linking[1]
        )
    ]
    for path, data in read_sources(tests):
        if word.search(data) and (
            not method
            or startup.method_uses_in((directory, name, method), path, data, owner)
            or _named_in_literals(startup.parsed(path, data), word)
        ):
            return False
    if not exported:
        return True
    methods: set[str] = set()
    if method:
        found = _method_set(package, owner)
        if found is None:
            return False
        methods = found
    if _named_in_templates(startup, outside, word):
        return False
    return not method or not outside.interface_may_call(name, frozenset(methods))


def _linking(
    startup: Startup, outside: Outside, files: tuple[str, ...], directory: str
) -> tuple[set[str], set[str]] | None:
    """Where a use of a function of the package in ``directory`` (a closed
    one, see :func:`_closed`) may run it: the directories of the module's
    packages that some program linking that package also links, and the
    directories whose test binary links it. A program is a command (a
    ``main`` package) or a directory's test binary, and links the packages
    it imports, directly or through others (a test binary also what its
    test files import). A value of the package's types exists only in a
    program that links the package: a call elsewhere, through an
    interface or not, never runs its methods. ``None`` when that is not
    known (an imported package of another module imports the module back,
    or is not on disk)."""
    if not outside.closed_imports():
        return None
    if directory in outside.linked:
        return outside.linked[directory]
    if outside.programs is None:
        outside.programs = _programs(startup, files)
    packages: set[str] = set()
    tests: set[str] = set()
    for program, linked, test in outside.programs:
        if directory not in linked:
            continue
        packages |= linked
        if test:
            tests |= program
    found = outside.linked[directory] = (packages, tests)
    return found


# test frameworks: a package that imports one (or "testing") is written to
# run under go test
_TEST_FRAMEWORKS = (
    "github.com/onsi/ginkgo",
    "github.com/onsi/gomega",
    "github.com/stretchr/testify",
)


def tests_only(pkg: Pass) -> bool:
    """Only test binaries run the package's code: its production files
    import ``testing`` or a test framework (:data:`_TEST_FRAMEWORKS`), the
    module has commands (``main`` packages), none of them links the
    package, and a test binary links it. Its code is the module's
    test support (fakes, end-to-end scaffolding), which runs only under
    ``go test``: a write into a nil map there panics in the test that runs
    it, as one in a ``_test.go`` file does. A module without commands is a
    library: its packages are for its importers, whatever its tests do. A
    rule that asks declares STARTUP, OUTSIDE and MODULE_FILES."""
    index = pkg.package
    if not any(
        path == "testing" or path.startswith(_TEST_FRAMEWORKS)
        for file, imported in index.imports.items()
        if not file.endswith("_test.go")
        for path in imported.values()
    ):
        return False  # code a program could use: a library's package, say
    outside = pkg.module(OUTSIDE)
    if outside.test_code is None:
        if outside.programs is None:
            outside.programs = _programs(pkg.module(STARTUP), pkg.module(MODULE_FILES))
        outside.test_code = _test_code(outside.programs)
    return os.path.abspath(pkg.package.directory) in outside.test_code


def _test_code(programs: list[tuple[set[str], set[str], bool]]) -> set[str]:
    """The directories of :func:`tests_only` packages, from the module's
    programs (:func:`_programs`)."""
    commands = [linked for _, linked, test in programs if not test]
    if not commands:
        return set()
    tests = set().union(*(linked for _, linked, test in programs if test))
    return tests - set().union(*commands)


def _programs(startup: Startup, files: tuple[str, ...]) -> list[tuple[set[str], set[str], bool]]:
    """The module's programs: for each command and each directory's test
    binary, the directories it starts from (the command; the directory and
    what its test files import), the directories of the module's packages
    it links (those, and what they import, directly or through others), and
    whether it is a test binary."""
    imports, test_imports, mains = _import_graph(startup, files)
    programs = [({m}, False) for m in sorted(mains)]
    programs += [({d} | used, True) for d, used in sorted(test_imports.items())]
    found: list[tuple[set[str], set[str], bool]] = []
    for program, test in programs:
        linked = set(program)
        todo = list(program)
        while todo:
            for imported in imports.get(todo.pop(), ()):
                if imported not in linked:
                    linked.add(imported)
                    todo.append(imported)
        found.append((program, linked, test))
    return found


def _import_graph(
    startup: Startup, files: tuple[str, ...]
) -> tuple[dict[str, set[str]], dict[str, set[str]], set[str]]:
    """Per directory of the module, the directories of the module's
    packages its production files import, and those its test files import
    (the directory itself too: its test binary); and the directories of
    its commands."""
    imports: dict[str, set[str]] = {}
    mains: set[str] = set()
    for path, data in startup.sources():
        here = os.path.dirname(os.path.abspath(path))
        imports.setdefault(here, set()).update(_module_imports(startup, data))
        if _MAIN.search(data) is not None:
            mains.add(here)
    test_imports: dict[str, set[str]] = {}
    for path, data in read_sources([f for f in files if f.endswith("_test.go")]):
        here = os.path.dirname(os.path.abspath(path))
        test_imports.setdefault(here, {here}).update(_module_imports(startup, data))
    return imports, test_imports, mains


def _module_imports(startup: Startup, data: bytes) -> set[str]:
    """The directories of the module's packages that a file imports."""
    return {
        found
        for imported in _imports_of(data)
        if (found := startup.package_directory(imported)) is not None
    }


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
        if word.search(data) and _named_in_literals(startup.parsed(path, data), word):
            return True
    templates = outside.templates()
    return templates is None or any(word.search(data) for data in templates)


def _named_in_literals(source: SourceFile, word: re.Pattern[bytes]) -> bool:
    """A string literal of ``source`` names the word."""
    return any(
        word.search(source.text(literal).encode())
        for literal in sx.scan(source.root, ("interpreted_string_literal", "raw_string_literal"))
    )


def _templates(root: str) -> tuple[bytes, ...] | None:
    """The template files of the module in ``root`` (``None``: one cannot
    be read)."""
    found: list[bytes] = []
    for current, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "vendor" and not d.startswith(".")]
        for item in names:
            if item.endswith(_TEMPLATE_FILES):
                try:
                    found.append(read_regular(os.path.join(current, item)))
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


# a name a line starts with (or a `{`/`;` puts first) before `(`: how an
# interface's method is declared (`Size() int`), among other things
_HEAD = re.compile(rb"(?m)(?:^|[{;])[ \t]*(\w+)\(")
_IMPORT_BLOCK = re.compile(rb"(?m)^import\s*\(([^)]*)\)")
_IMPORT_LINE = re.compile(rb'(?m)^import\s+(?:[\w.]+\s+)?"([^"]+)"')
_QUOTED = re.compile(rb'"([^"]+)"')


# the first top-level declaration other than an import: imports precede it
_FIRST_DECL = re.compile(rb"(?m)^(?:func|type|var|const)\b")


def _imports_of(data: bytes) -> set[str]:
    first = _FIRST_DECL.search(data)
    if first is not None and b"/*" not in data[: first.start()]:
        data = data[: first.start()]  # (a block comment above could hide a false start)
    found = {m.group(1).decode() for m in _IMPORT_LINE.finditer(data)}
    for block in _IMPORT_BLOCK.finditer(data):
        found.update(m.group(1).decode() for m in _QUOTED.finditer(block.group(1)))
    found.discard("C")
    return found


# ``//go:build ignore`` (or the older ``// +build ignore``) above the package
# clause: the file is in no build (the go command's convention for a
# generator run by ``go run``)
_IGNORE = re.compile(rb"(?m)^//(?:go:build|\s*\+build)\s+ignore\s*$")
_PACKAGE_CLAUSE = re.compile(rb"(?m)^package\s")


_TEST_MAIN = "testing/internal/testdeps"


def _ignored(data: bytes) -> bool:
    """The file's build constraint is ``ignore``."""
    clause = _PACKAGE_CLAUSE.search(data)
    return _IGNORE.search(data, 0, clause.start() if clause is not None else len(data)) is not None


def _imported(root: str) -> tuple[tuple[str, ...], bool] | None:
    """The directories of the packages outside the module in ``root`` that
    its packages (tests too, and the main package the go command writes
    for a test binary, which imports ``testing/internal/testdeps``) import,
    directly or through one another (a file of theirs that ``//go:build
    ignore`` keeps out of every build imports nothing), and
    whether one of them imports a package of the module back (another
    module may depend on this one); ``None`` when one is not on disk or
    the module is in a workspace."""
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
                    own_file = read_regular(os.path.join(current, item))
                except OSError:
                    return None
                if not _ignored(own_file):
                    pending |= {(imported, False) for imported in _imports_of(own_file)}
                    if item.endswith("_test.go"):
                        # the test binary's generated main imports it (and
                        # through it internal/fuzz, crypto/sha256, hash...)
                        pending.add((_TEST_MAIN, False))
    seen: set[tuple[str, bool]] = set()
    found: list[str] = []
    back = False
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
            if _ignored(data):
                continue  # never built: what it imports is in no program
            imports = _imports_of(data)
            back = back or any(i == own or i.startswith(own + "/") for i in imports)
            pending |= {(imported, from_std or std) for imported in imports} - seen
    return tuple(sorted(set(found))), back


class Outside:
    """What lies outside the module in ``root`` that could call its
    functions: the template files it holds and the interfaces of the
    packages it imports. Each is read once per module per run, on first
    use (:data:`OUTSIDE`)."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._templates: tuple[bytes, ...] | None = None
        self._templates_read = False
        self._imported: tuple[tuple[str, ...], bool] | None = None
        self._imported_read = False
        self._interface_files: dict[str, tuple[str, ...]] | None = None
        self._declares: dict[tuple[str, str, frozenset[str]], bool] = {}
        self._parsed: dict[str, SourceFile] = {}
        self._heads: dict[str, frozenset[str] | None] = {}
        # the module's programs, each with what it links (:func:`_programs`),
        # and, per package directory, where a use may run it (:func:`_linking`)
        self.programs: list[tuple[set[str], set[str], bool]] | None = None
        self.linked: dict[str, tuple[set[str], set[str]] | None] = {}
        # the directories of the packages that only test binaries link
        # (:func:`tests_only`)
        self.test_code: set[str] | None = None

    def templates(self) -> tuple[bytes, ...] | None:
        """The module's template files (``None``: one cannot be read)."""
        if not self._templates_read:
            self._templates = _templates(self.root)
            self._templates_read = True
        return self._templates

    def imported(self) -> tuple[str, ...] | None:
        """The directories of the packages outside the module that it
        imports, directly or not (see :func:`_imported`)."""
        found = self._read_imported()
        return None if found is None else found[0]

    def closed_imports(self) -> bool:
        """No package outside the module that it imports imports one of
        the module's packages back (and all of them are on disk): only the
        module's own import edges lead from one of its packages to
        another."""
        found = self._read_imported()
        return found is not None and not found[1]

    def _read_imported(self) -> tuple[tuple[str, ...], bool] | None:
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
        try:
            items = sorted(os.listdir(directory))
        except OSError:
            return True
        for path in _production_files(directory, items):
            heads = self._method_heads(path)
            if heads is None:
                return True
            if name not in heads:
                continue
            data = _read(path)
            if data is None:
                return True
            source = self._parse(path, data)
            for interface in sx.scan(source.root, ("interface_type",)):
                if name in interface_methods(source, interface) and self._satisfiable(
                    source, interface, methods, 0
                ):
                    return True
        return False

    def _method_heads(self, path: str) -> frozenset[str] | None:
        """Every name an interface body of ``path`` may declare as a method
        (``None`` when it cannot be read); read once per file."""
        if path not in self._heads:
            data = _read(path)
            self._heads[path] = None if data is None else _interface_heads(data)
        return self._heads[path]

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


def _interface_heads(data: bytes) -> frozenset[str]:
    """The names that a line (or a ``{``/``;``) starts before a ``(`` in the
    braces after each ``interface`` of ``data``: a superset of the methods
    its interface types declare (``Size() int``). A body whose braces do
    not balance runs to the end of the file."""
    found: set[str] = set()
    at = data.find(b"interface")
    while at >= 0:
        brace = at + 9
        while brace < len(data) and data[brace] in b" \t\r\n":
            brace += 1
        if brace < len(data) and data[brace] == ord("{"):
            end = _closing(data, brace)
            found.update(m.group(1).decode() for m in _HEAD.finditer(data, brace, end))
            at = data.find(b"interface", brace)
        else:
            at = data.find(b"interface", at + 9)
    return frozenset(found)


def _closing(data: bytes, opening: int) -> int:
    """Just past the brace that closes the one at ``opening`` (the end of
    ``data`` when none does)."""
    depth = 0
    at = opening
    while True:
        close = data.find(b"}", at)
        if close < 0:
            return len(data)
        depth += data.count(b"{", at, close)
        depth -= 1
        at = close + 1
        if depth <= 0:
            return at


def interface_methods(source: SourceFile, interface: Node) -> set[str]:
    """The names of the methods ``interface`` declares itself (not those
    of the interfaces it embeds)."""
    return {
        source.text(found)
        for elem in interface.named_children
        if elem.type == "method_elem" and (found := elem.child_by_field_name("name")) is not None
    }


# `interface {` after a name at the start of a line (a type spec); found by
# its keyword first, the line then matched from its start
_NAMED_INTERFACE = re.compile(
    rb"[ \t]*(?:type[ \t]+)?(\w+)(?:\[[^\]\n]*\])?[ \t]+interface[ \t]*\{"
)


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
            at = data.find(b"interface")
            while at >= 0:
                start = data.rfind(b"\n", 0, at) + 1
                match = _NAMED_INTERFACE.match(data, start)
                if match is not None and match.end() > at:
                    found.setdefault(match.group(1).decode(), []).append(path)
                at = data.find(b"interface", at + 9)
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
        return read_regular(path)
    except OSError:
        return None


def _outside(module: ModulePass) -> Outside:
    return Outside(module.module.root)


OUTSIDE = ModuleFact("outside callers", _outside)
"""The :class:`Outside` of a module: its templates and the interfaces of
the packages it imports, read once per module per run."""


def never_runs(pkg: Pass, access: Access) -> bool:
    """``access`` is in a function or method that nothing can call
    (:func:`never_called`: no call in the module, and no importer or
    interface outside it that could): it races with nothing. A rule that
    asks declares STARTUP, OUTSIDE and MODULE_FILES."""
    return never_called(
        pkg.module(STARTUP), pkg.module(OUTSIDE), pkg.module(MODULE_FILES), access.file, access.node
    )
