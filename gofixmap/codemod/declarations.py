"""The declarations of a package read from its source, and the loader of
imported packages (the :class:`~gofixmap.codemod.facts.Importer`).

A package's :class:`Declarations` are its type declarations (structs with
their fields, embedded ones included; named types; aliases) and the
signatures of its exported functions and methods, with every type written
*qualified*: a named type is ``<import path>.<Name>`` (``time.Duration``,
``k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta``, the package's own types
with its own path), so that the text means the same in any file. Predeclared
types and type parameters stay as written.

:class:`DependencyLoader` answers ``Pass.dependency(path)``: it finds the
package's source (:mod:`gofixmap.codemod.gomod`: the module, ``replace``,
``go.work``, ``vendor/``, the module cache; only what is on disk), parses the
files that declare types (and those with a function whose signature line
holds one of the caller's ``signatures``) with the project's parser, and
keeps the result on disk in the result cache's directory (MAC-protected
entries): keyed by module path, version and package for the read-only module
cache, by the files' names, sizes, times and inodes for a directory that can
change. A second run parses nothing.
Which files without a type declaration are worth parsing is the caller's
data (``signatures``: the rules read only functions whose signature line
names a map).

The engine knows Go, not maps: which declarations matter for which rule is
decided by the rules' exported facts, which read :data:`DECLARATIONS`.

The module is longer than 600 lines because the reader of declarations and
the loader that finds, parses and caches them (modules, workspaces, vendor
directories and GOPATH projects alike) share the one qualified form of a
type, and split apart each would have to carry it across.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gofixmap.codemod import cache as rcache
from gofixmap.codemod import gomod
from gofixmap.codemod.discover import Module, gopath_project_of
from gofixmap.codemod.facts import Fact, ModuleFacts, PackageFacts, Pass
from gofixmap.codemod.regular import read_regular

if TYPE_CHECKING:
    # imported where used: a run the result cache answers parses nothing
    import tree_sitter

    from gofixmap.codemod.index import PackageIndex

FORMAT = 3  # of the cached declarations (2: functions without results too; 3: interface
# elements end with ';')

PREDECLARED = frozenset(
    [
        "bool",
        "byte",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
        "comparable",
    ]
)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A type declaration: ``kind`` is ``struct``, ``alias`` (``type A = B``)
    or ``named`` (``type A B`` for any other B); ``type_text`` the qualified
    type on the right (for a struct: ``struct``); ``fields`` of a
    struct: (name, qualified type, embedded). In an interface's ``type_text``
    each element (method, embedded interface) ends with ``;``."""

    name: str
    kind: str
    type_text: str
    fields: tuple[tuple[str, str, bool], ...] = ()
    generic: bool = False


@dataclass(frozen=True, slots=True)
class FuncInfo:
    """An exported function (``F``) or method (``T.M``): qualified types."""

    name: str
    params: tuple[str, ...]
    results: tuple[str, ...]


@dataclass(frozen=True)
class Declarations:
    import_path: str
    name: str  # the package clause
    types: Mapping[str, TypeInfo] = field(default_factory=dict)
    funcs: Mapping[str, FuncInfo] = field(default_factory=dict)

    def qualified(self, name: str) -> str:
        return f"{self.import_path}.{name}"

    def to_plain(self) -> tuple[Any, ...]:
        return (
            self.import_path,
            self.name,
            tuple((t.name, t.kind, t.type_text, t.fields, t.generic) for t in self.types.values()),
            tuple((f.name, f.params, f.results) for f in self.funcs.values()),
        )

    @classmethod
    def from_plain(cls, value: Any) -> Declarations | None:
        try:
            import_path, name, types, funcs = value
            return cls(
                str(import_path),
                str(name),
                {
                    t[0]: TypeInfo(
                        str(t[0]),
                        str(t[1]),
                        str(t[2]),
                        tuple((str(a), str(b), bool(c)) for a, b, c in t[3]),
                        bool(t[4]),
                    )
                    for t in types
                },
                {
                    f[0]: FuncInfo(str(f[0]), tuple(map(str, f[1])), tuple(map(str, f[2])))
                    for f in funcs
                },
            )
        except (TypeError, ValueError, IndexError):
            return None


def split_qualified(text: str) -> tuple[str, str] | None:
    """``"k8s.io/api/core/v1.Pod"`` → ``("k8s.io/api/core/v1", "Pod")``;
    ``None`` for a predeclared or composite type text."""
    text = text.strip()
    match = re.fullmatch(r"([\w.\-~/]+)\.([A-Za-z_]\w*)", text)
    if match is None:
        return None
    return match.group(1), match.group(2)


# --------------------------------------------------------------------------- parsing

_PARSER: list[tree_sitter.Parser] = []


def _parse(data: bytes) -> tree_sitter.Node:
    """A tree of ``data``, not registered with :mod:`source`'s walk cache (a
    dependency's trees are dropped at once; the package under check keeps its
    cache)."""
    if not _PARSER:
        import tree_sitter

        from gofixmap.codemod import source as src

        _PARSER.append(tree_sitter.Parser(src.GO))
    return _PARSER[0].parse(data).root_node


def _imports(root: tree_sitter.Node, data: bytes) -> dict[str, str]:
    """local name → import path of one file (dot and blank imports left out)."""
    from gofixmap.codemod.imports import assumed_name

    found: dict[str, str] = {}
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        specs = []
        for child in decl.named_children:
            if child.type == "import_spec":
                specs.append(child)
            elif child.type == "import_spec_list":
                specs.extend(c for c in child.named_children if c.type == "import_spec")
        for spec in specs:
            path_node = spec.child_by_field_name("path")
            if path_node is None:
                continue
            path = _text(data, path_node).strip('"`')
            name_node = spec.child_by_field_name("name")
            local = _text(data, name_node) if name_node is not None else assumed_name(path)
            if local not in ("_", "."):
                found[local] = path
    return found


def _text(data: bytes, node: tree_sitter.Node) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


class _Qualifier:
    """Type texts of one file with every named type qualified."""

    def __init__(self, data: bytes, imports: Mapping[str, str], own: str) -> None:
        self.data = data
        self.imports = imports
        self.own = own

    def text(self, node: tree_sitter.Node, params: frozenset[str] = frozenset()) -> str:
        edits: list[tuple[int, int, str]] = []
        self._collect(node, params, edits)
        out = []
        at = node.start_byte
        for start, end, new in edits:
            out.append(self.data[at:start].decode("utf-8", "replace"))
            out.append(new)
            at = end
        out.append(self.data[at : node.end_byte].decode("utf-8", "replace"))
        return re.sub(r"\s+", " ", "".join(out)).strip()

    def _collect(
        self, node: tree_sitter.Node, params: frozenset[str], edits: list[tuple[int, int, str]]
    ) -> None:
        kind = node.type
        if kind == "comment":
            edits.append((node.start_byte, node.end_byte, ""))
            return
        if kind == "type_identifier":
            name = _text(self.data, node)
            if name not in PREDECLARED and name not in params:
                edits.append((node.start_byte, node.end_byte, f"{self.own}.{name}"))
            return
        if kind == "qualified_type":
            package = node.child_by_field_name("package")
            name_node = node.child_by_field_name("name")
            if package is not None and name_node is not None:
                path = self.imports.get(_text(self.data, package))
                if path is not None:
                    qualified = f"{path}.{_text(self.data, name_node)}"
                    edits.append((node.start_byte, node.end_byte, qualified))
            return
        for child in node.named_children:
            self._collect(child, params, edits)
            if kind == "interface_type" and child.type != "comment":
                # one element a line: `interface { M() T; io.Reader; }`
                edits.append((child.end_byte, child.end_byte, ";"))


def _type_params(spec: tree_sitter.Node, data: bytes) -> frozenset[str]:
    params = spec.child_by_field_name("type_parameters")
    if params is None:
        return frozenset()
    names = set()
    for decl in params.named_children:
        for name in decl.children_by_field_name("name"):
            names.add(_text(data, name))
    return frozenset(names)


def _struct_fields(
    struct: tree_sitter.Node, q: _Qualifier, params: frozenset[str]
) -> tuple[tuple[str, str, bool], ...]:
    from gofixmap.codemod.syntax import field_declarations  # (a parsed file: the parser is in)

    fields: list[tuple[str, str, bool]] = []
    for decl, type_node, names in field_declarations(struct):
        text = q.text(type_node, params)
        if names:
            fields.extend((_text(q.data, n), text, False) for n in names)
        else:  # embedded: ``T``, ``*T``, ``p.T`` (the ``*`` is a token of its own)
            pointer = any(c.type == "*" for c in decl.children)
            written = _text(q.data, type_node).lstrip("*").split("[", 1)[0]
            short = written.rsplit(".", 1)[-1].strip()
            fields.append((short, "*" + text if pointer else text, True))
    return tuple(fields)


def _signature(
    node: tree_sitter.Node | None, q: _Qualifier, params: frozenset[str]
) -> tuple[str, ...]:
    if node is None:
        return ()
    if node.type != "parameter_list":
        return (q.text(node, params),)
    out: list[str] = []
    for decl in node.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_node = decl.child_by_field_name("type")
        if type_node is None:
            continue
        text = q.text(type_node, params)
        if decl.type == "variadic_parameter_declaration":
            text = "..." + text
        out.extend([text] * max(1, len(decl.children_by_field_name("name"))))
    return tuple(out)


def _receiver_type(decl: tree_sitter.Node, data: bytes) -> tuple[str, frozenset[str]]:
    receiver = decl.child_by_field_name("receiver")
    if receiver is None:
        return "", frozenset()
    for param in receiver.named_children:
        type_node = param.child_by_field_name("type")
        if type_node is None:
            continue
        text = _text(data, type_node).lstrip("*").strip()
        base, _, args = text.partition("[")
        names = frozenset(a.strip() for a in args.rstrip("]").split(",") if a.strip())
        return base.strip(), names
    return "", frozenset()


_TYPE_DECL = re.compile(rb"^type\b", re.MULTILINE)
_BUILD_IGNORE = re.compile(rb"^//go:build\s+ignore\s*$", re.MULTILINE)


def source_files(directory: str) -> list[str]:
    """The non-test Go files of ``directory``, sorted ("" for none readable)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(
        n
        for n in names
        if n.endswith(".go") and not n.endswith("_test.go") and not n.startswith((".", "_"))
    )


def _signature_pattern(signatures: Iterable[bytes]) -> re.Pattern[bytes]:
    alternatives = b"|".join(re.escape(s) for s in signatures)
    return re.compile(rb"^func\b[^\n]*(?:" + alternatives + rb")", re.MULTILINE)


def parse_package(
    directory: str, import_path: str, signatures: tuple[bytes, ...] | None = None
) -> Declarations | None:
    """The declarations of the package in ``directory`` (``None``: no Go files).

    With ``signatures``, only the files that declare a type, or a function
    whose signature line holds one of ``signatures``, are parsed (``None``:
    every file); a file marked ``//go:build ignore`` is not read as part of
    the package. Where build-tagged files declare a name twice, the first
    file (by name) wins."""
    names = source_files(directory)
    if not names:
        return None
    wanted = _signature_pattern(signatures) if signatures else None
    package = ""
    types: dict[str, TypeInfo] = {}
    funcs: dict[str, FuncInfo] = {}
    for name in names:
        try:
            data = read_regular(os.path.join(directory, name))
        except OSError:
            continue
        if _BUILD_IGNORE.search(data):
            continue
        if not package:
            match = re.search(rb"^package\s+([A-Za-z_]\w*)", data, re.MULTILINE)
            package = match.group(1).decode() if match else ""
        typeless = signatures is not None and not _TYPE_DECL.search(data)
        if typeless and (wanted is None or not wanted.search(data)):
            continue
        _read_file(_parse(data), data, import_path, types, funcs)
    if not package:
        return None
    return Declarations(import_path, package, types, funcs)


def _read_file(
    root: tree_sitter.Node,
    data: bytes,
    import_path: str,
    types: dict[str, TypeInfo],
    funcs: dict[str, FuncInfo],
) -> None:
    from gofixmap.codemod.syntax import (
        DECLARATION_TYPES,
        type_specs,
    )  # (a parsed file: the parser is in)

    q = _Qualifier(data, _imports(root, data), import_path)
    for decl in root.named_children:
        if decl.type == "type_declaration":
            for spec, spec_name, spec_type in type_specs(decl):
                name = _text(data, spec_name)
                if name in types:
                    continue
                params = _type_params(spec, data)
                if spec_type.type == "struct_type":
                    kind = "struct"
                    fields = _struct_fields(spec_type, q, params)
                else:
                    kind = "alias" if spec.type == "type_alias" else "named"
                    fields = ()
                text = "struct" if kind == "struct" else q.text(spec_type, params)
                types[name] = TypeInfo(name, kind, text, fields, bool(params))
        elif decl.type in DECLARATION_TYPES:
            name_node = decl.child_by_field_name("name")
            if name_node is None:
                continue
            name = _text(data, name_node)
            if not name[:1].isupper():
                continue
            receiver, params = _receiver_type(decl, data)
            if decl.type == "method_declaration" and not receiver:
                continue
            params |= _type_params(decl, data)
            key = f"{receiver}.{name}" if receiver else name
            if key in funcs:
                continue
            results = _signature(decl.child_by_field_name("result"), q, params)
            funcs[key] = FuncInfo(
                key, _signature(decl.child_by_field_name("parameters"), q, params), results
            )


def from_index(index: PackageIndex, import_path: str) -> Declarations:
    """The declarations of a package under check (from its parsed files)."""
    types: dict[str, TypeInfo] = {}
    funcs: dict[str, FuncInfo] = {}
    for file in index.files:
        _read_file(file.root, file.data, import_path, types, funcs)
    return Declarations(import_path, index.name, types, funcs)


def _produce(pkg: Pass) -> Declarations:
    index = pkg.package
    import_path = ""
    if index.module_path and index.directory:
        root = gomod.find_upward(index.directory, "go.mod")
        if root:
            rel = os.path.relpath(index.directory, os.path.dirname(root))
            import_path = index.module_path + ("" if rel == "." else "/" + rel.replace(os.sep, "/"))
    return from_index(index, import_path or index.name)


DECLARATIONS: Fact[Declarations] = Fact(
    "declarations",
    _produce,
    exported=True,
    doc="The package's type declarations and exported signatures, types qualified.",
)
"""Exported: for a dependency it comes from :class:`DependencyLoader` (its
source in the module cache or vendor/, cached on disk), never from trees."""


# --------------------------------------------------------------------------- the loader


def _dir_stamp(directory: str, names: Iterable[str]) -> bytes:
    parts = []
    for name in names:
        try:
            st = os.stat(os.path.join(directory, name))
        except OSError:
            continue
        stat = f":{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        parts.append(os.fsencode(name) + stat.encode())
    return b"\n".join(parts)


class DependencyLoader:
    """Loads imported packages for their exported facts: an
    :class:`~gofixmap.codemod.facts.Importer`. One per run (each worker
    process has its copy); each package is read once per process, and from
    the disk cache in ``cache_dir`` (``None``: no disk cache) after the first
    run that read it."""

    def __init__(
        self, cache_dir: str | Path | None = None, signatures: tuple[bytes, ...] | None = None
    ) -> None:
        self.cache_dir = str(cache_dir) if cache_dir else None
        self.signatures = signatures  # see parse_package
        self.resolver = gomod.Resolver()
        self._loaded: dict[tuple[str, str], Declarations | None] = {}
        self._facts: dict[int, PackageFacts] = {}  # id(declarations) -> its facts
        self._modules = ModuleFacts()  # of those facts computed from source
        self._roots: dict[str, str] = {}  # package directory -> its go.mod ("": none)
        self._located: dict[tuple[str, str], gomod.Location | None] = {}
        self._projects: dict[str, Module | None] = {}  # package directory -> GOPATH project
        self._store: rcache.ResultCache | None = None
        self.parsed = 0  # packages parsed from source in this process (for tests)
        self.bodies_parsed = 0  # of which whole, function bodies too (for tests)

    def __repr__(self) -> str:
        # what changes results: the cache salt takes the repr of the options
        keys = ("GOMODCACHE", "GOPATH", "GOWORK", "GOFLAGS", "GOROOT")
        env = ",".join(f"{k}={os.environ.get(k, '')}" for k in keys)
        return f"DependencyLoader({env},signatures={self.signatures!r})"

    def locate(self, import_path: str, directory: str) -> gomod.Location | None:
        """Where the source of ``import_path`` imported from ``directory`` is
        (asked once per process: found or not)."""
        root = self._roots.get(directory)
        if root is None:
            root = self._roots[directory] = gomod.find_upward(directory, "go.mod")
        if not root:
            # no go.mod: a GOPATH project (dep, glide), resolved as the go
            # command does there (vendor/ directories, then its own packages)
            project = self._gopath_project(directory)
            if project is None:
                return None
            key = (import_path, os.path.abspath(directory))
            if key not in self._located:
                self._located[key] = gomod.resolve_gopath(
                    import_path, directory, str(project.root), project.path
                )
            return self._located[key]
        key = (import_path, root)
        if key not in self._located:
            self._located[key] = self.resolver.resolve(import_path, os.path.dirname(root))
        return self._located[key]

    def _gopath_project(self, directory: str) -> Module | None:
        """:func:`.discover.gopath_project_of` ``directory``, once per directory."""
        if directory not in self._projects:
            self._projects[directory] = gopath_project_of(directory)
        return self._projects[directory]

    def declarations(self, import_path: str, directory: str) -> Declarations | None:
        """The declarations of ``import_path`` as imported from ``directory``."""
        location = self.locate(import_path, directory)
        if location is None:
            return None
        key = (import_path, location.directory)
        if key not in self._loaded:
            self._loaded[key] = self._read(import_path, location)
        return self._loaded[key]

    def load(self, import_path: str, directory: str, module_path: str) -> PackageFacts | None:
        decls = self.declarations(import_path, directory)
        if decls is None:
            return None
        facts = self._facts.get(id(decls))
        if facts is None:  # (kept: the exported facts of a package are computed once)
            from gofixmap.codemod.index import PackageIndex

            location = self.locate(import_path, directory)
            index = PackageIndex(decls.name, "", (), "")
            sources: Callable[[], PackageIndex | None] | None = None
            if location is not None and location.module != gomod.STD:
                sources = functools.partial(self._sources, decls.name, location)
            # of the importing module: its facts from source see the types it
            # imports (a GOPATH project has no go.mod to name it: its path)
            if not module_path:
                project = self._gopath_project(directory)
                module_path = project.path if project is not None else ""
            own = location is not None and bool(module_path) and location.module == module_path
            imp, given = (self if own else None), {DECLARATIONS: decls}
            facts = PackageFacts(
                index, importer=imp, declarations_only=True, given=given, sources=sources
            )
            facts.modules = self._modules
            self._facts[id(decls)] = facts
        return facts

    def _sources(self, name: str, location: gomod.Location) -> PackageIndex | None:
        """The package at ``location`` parsed whole (function bodies too), for
        the exported facts computed from source; read only when one is asked
        for."""
        from gofixmap.codemod import index as idx
        from gofixmap.codemod import source as src

        files = []
        for file_name in source_files(location.directory):
            path = os.path.join(location.directory, file_name)
            try:
                data = read_regular(path)
            except OSError:
                continue
            if _BUILD_IGNORE.search(data):
                continue
            files.append(src.parse(path, data))
        self.bodies_parsed += 1
        if not files:
            return None
        return idx.build(name, location.directory, files, location.module)

    def _cache(self) -> rcache.ResultCache | None:
        if self.cache_dir is None:
            return None
        if self._store is None:
            self._store = rcache.ResultCache(Path(self.cache_dir))
        return self._store

    def _read(self, import_path: str, location: gomod.Location) -> Declarations | None:
        store = self._cache()
        key = ""
        if store is not None:
            parts = [
                b"declarations",
                str(FORMAT).encode(),
                rcache.tool_fingerprint().encode(),
                import_path.encode(),
                repr(self.signatures).encode(),
            ]
            if location.immutable:
                parts += [location.module.encode(), location.version.encode()]
                parts.append(os.fsencode(location.directory))
            else:
                names = source_files(location.directory)
                parts += [os.fsencode(location.directory), _dir_stamp(location.directory, names)]
            key = rcache.key_of(parts)
            found = Declarations.from_plain(store.load(key))
            if found is not None:
                return found
        decls = parse_package(location.directory, import_path, self.signatures)
        self.parsed += 1
        if store is not None and decls is not None:
            store.store(key, decls.to_plain())
        return decls
