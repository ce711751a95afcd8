"""The Kubernetes side of :data:`~gofixmap.rules.facts.types.TYPES`: API
types and the project's CRD types, for the rules that reason about objects
decoded from the API server (NM004).

A type text of a file resolves to

- :class:`Ext`, a struct type of another module: from its source (the
  exported types of the package, read from the module cache or ``vendor/``),
  else from the built-in table ``rules/data/k8s_map_fields.json`` (and the run
  says so with ``Pass.used_builtin``);
- :class:`Proj`, a struct type of the project in a package that declares API
  types (one embedding ``metav1.ObjectMeta``), parsed from its directory;

and :meth:`ApiTypes.member` walks a field path through them (embedded fields
made explicit) to the :class:`MapField` at its end.
"""

from __future__ import annotations

import json
import os
import re
import weakref
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod.discover import find_module, gopath_project
from gofixmap.codemod.facts import ModuleFact, ModulePass, Pass
from gofixmap.codemod.stdlib import is_std
from gofixmap.rules.facts import exports

META = exports.META
OBJECT_META = exports.OBJECT_META
SIMPLE = re.compile(r"^[A-Za-z_][\w.]*$")


@cache
def k8s_types() -> dict[str, exports.Entry]:
    """Qualified type → its :class:`~.exports.Entry`, from the built-in table
    ``data/k8s_map_fields.json``, read and checked once."""
    text = resources.files("gofixmap.rules").joinpath("data/k8s_map_fields.json").read_text()
    return table_entries(json.loads(text))


def table_entries(document: object) -> dict[str, exports.Entry]:
    """The entries of a built-in table document (``{"types": {qualified:
    {"maps": {field: type}, "fields": {field: type}, "embeds": [type]}}}``);
    ``ValueError`` naming the type when it is not of that shape."""
    types = document.get("types") if isinstance(document, dict) else None
    if not isinstance(types, dict):
        raise ValueError("built-in Kubernetes table: no 'types' object")
    table: dict[str, exports.Entry] = {}
    for qualified, raw in types.items():
        if not isinstance(raw, dict) or not set(raw) <= {"maps", "fields", "embeds"}:
            raise ValueError(f"built-in Kubernetes table: {qualified}: not a type entry")
        maps = raw.get("maps", {})
        fields = raw.get("fields", {})
        embeds = raw.get("embeds", [])
        if not (_strings(maps) and _strings(fields)) or not isinstance(embeds, list):
            raise ValueError(f"built-in Kubernetes table: {qualified}: malformed fields")
        if not all(isinstance(e, str) for e in embeds):
            raise ValueError(f"built-in Kubernetes table: {qualified}: malformed embeds")
        table[qualified] = exports.Entry(dict(maps), dict(fields), tuple(embeds))
    return table


def _strings(value: object) -> bool:
    """A JSON object of strings."""
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


@dataclass(frozen=True, eq=False)
class Ext:
    """An API type of another module: from its source (module cache,
    vendor/), else from the data file."""

    qualified: str
    entry: exports.Entry
    # an API type (its package declares one: decoded from the API server, its
    # maps can be nil whatever the origin); else only a zero value or a
    # literal that omits the map is known to leave it nil
    api: bool = True


@dataclass(frozen=True, eq=False)
class Proj:
    """A struct type of the project (a CRD type, or a type of this package)."""

    decl: idx.TypeDecl
    package: idx.PackageIndex


TypeRef = Ext | Proj


@dataclass(frozen=True)
class MapField:
    """The map reached by a path: how to ``make`` it and whether it is ObjectMeta's."""

    make_type: str  # rendered for the file, e.g. "map[string]string", "corev1.ResourceList"
    meta_field: str  # "Labels" / "Annotations" when the map is an ObjectMeta's, else ""


# one step of a field path: (field name, its type or the map, is_slice)
Step = tuple[str, TypeRef | MapField, bool]


class ProjectPackages:
    """The other packages of the module that may declare API types, parsed
    whole, each once per module per run (the value of PROJECT_PACKAGES)."""

    def __init__(self, module: ModulePass | None = None) -> None:
        self._packages: dict[str, idx.PackageIndex | None] = {}
        self._parts: dict[str, idx.PackageIndex | None] = {}

    def package(self, directory: Path, part: bool = False) -> idx.PackageIndex | None:
        """The Go package in ``directory`` (another package of the module),
        ``None`` when none of its files can declare an API type; with
        ``part``, also a package that declares none (its structs are held
        in fields of API types of other packages)."""
        key = str(directory)
        if key not in self._packages:
            self._packages[key] = _project_package(directory)
        found = self._packages[key]
        if found is not None or not part:
            return found
        if key not in self._parts:
            self._parts[key] = _project_package(directory, part=True)
        return self._parts[key]


PROJECT_PACKAGES = ModuleFact("project packages", ProjectPackages)


def _project_package(directory: Path, part: bool = False) -> idx.PackageIndex | None:
    """Parse the Go package in ``directory`` (another package of the module);
    without ``part``, only one whose files can declare an API type."""
    try:
        names = sorted(
            n for n in os.listdir(directory) if n.endswith(".go") and not n.endswith("_test.go")
        )
        datas = [src.read_regular(directory / n) for n in names]
    except OSError:
        return None
    if not datas or (not part and not any(b"ObjectMeta" in d for d in datas)):
        return None  # no API type can be declared here (see api_package): keep no trees
    files = [src.parse(str(directory / n), d) for n, d in zip(names, datas, strict=True)]
    return idx.build(files[0].package_name, str(directory), files)


def api_package(package: idx.PackageIndex) -> bool:
    """A package that declares an API type (a struct embedding ObjectMeta): its
    structs are decoded from the API server, so their maps can be nil."""
    return any(
        f.embedded and f.type_text.lstrip("*").endswith(".ObjectMeta")
        for t in package.types.values()
        for f in t.fields
    )


_OBJECT_HEADERS = frozenset(("ObjectMeta", "ListMeta", "TypeMeta"))
_api_structs: weakref.WeakKeyDictionary[idx.PackageIndex, frozenset[str]] = (
    weakref.WeakKeyDictionary()
)


def api_structs(package: idx.PackageIndex) -> frozenset[str]:
    """The types of ``package`` that the API server sends: the objects (a
    struct that embeds ``ObjectMeta``, ``ListMeta`` or ``TypeMeta``) and every
    type of the package their fields hold, transitively (spec, status and the
    structs inside them). Another struct of an API package (an options
    struct, a test double) is never decoded from the server."""
    found = _api_structs.get(package)
    if found is not None:
        return found
    todo = [
        name
        for name, decl in package.types.items()
        if any(f.embedded and _bare(f.type_text) in _OBJECT_HEADERS for f in decl.fields)
    ]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        decl = package.types[name]
        texts = [f.type_text for f in decl.fields] if decl.is_struct else [decl.type_text]
        for text in texts:
            # the package's own type names in the field's type (no qualifier)
            for ident in re.findall(r"(?<![\w.])[A-Za-z_]\w*(?![\w.])", text):
                if ident in package.types and ident not in seen:
                    todo.append(ident)
    result = frozenset(seen)
    _api_structs[package] = result
    return result


def _bare(type_text: str) -> str:
    """``*metav1.ObjectMeta`` → ``ObjectMeta``."""
    return type_text.lstrip("*").rsplit(".", 1)[-1]


def is_api_type(t: TypeRef) -> bool:
    """Whether values of ``t`` come from the API server (decoded, with the
    maps they left out nil): an API type of another module, or one of
    :func:`api_structs` of the project."""
    if isinstance(t, Ext):
        return t.api
    return t.decl.name in api_structs(t.package)


@cache
def _table_packages() -> frozenset[str]:
    return frozenset(q.rpartition(".")[0] for q in k8s_types())


def table_package(path: str) -> bool:
    """A package of the built-in table (its types are API types)."""
    return path in _table_packages()


def reaches_api_types(
    package: idx.PackageIndex, file: src.SourceFile, projects: ProjectPackages
) -> bool:
    """Whether the package declares API types (embedding ObjectMeta) or the
    file imports a package of its module that does (``projects``: the
    module fact PROJECT_PACKAGES)."""
    local = any(
        f.embedded and f.type_text.endswith("ObjectMeta")
        for t in package.types.values()
        for f in t.fields
    )
    return local or _imports_api_package(package, file, projects)


def _imports_api_package(
    package: idx.PackageIndex, file: src.SourceFile, projects: ProjectPackages
) -> bool:
    """Whether the file imports another package of its module that declares
    an API type (the only way it can reach a project's CRD types)."""
    project = package.module_path
    if not project or f'"{project}/'.encode() not in file.data:
        return False
    module = find_module(Path(package.directory or "."))
    if module is None:
        return False
    for path in package.imports.get(file.path, {}).values():
        if path.startswith(project + "/"):
            found = projects.package(module.root.joinpath(*path[len(project) + 1 :].split("/")))
            if found is not None and api_package(found):
                return True
    return False


_BUILTIN = {
    "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "bool", "byte", "rune", "float32", "float64", "any", "struct",
}  # fmt: skip


class ApiTypes:
    """Resolves the type texts of one file to Kubernetes or project types.

    ``pkg``: the pass whose dependencies' exported types are read (``None``:
    the built-in table only); ``entries``: the package's cache of
    :meth:`entry`, shared by its files; ``projects``: the module's other
    packages (PROJECT_PACKAGES)."""

    def __init__(
        self,
        pkg: Pass | None,
        package: idx.PackageIndex,
        path: str,
        entries: dict[str, Ext | None] | None = None,
        projects: ProjectPackages | None = None,
    ) -> None:
        self.pkg = pkg
        self.projects = projects if projects is not None else ProjectPackages()
        self.package = package
        self.path = path
        self.imports = package.imports.get(path, {})
        self.by_path = {p: n for n, p in self.imports.items()}
        module = find_module(Path(package.directory or "."))
        if module is None:  # a GOPATH project: its own imports name its path
            imports = (p for names in package.imports.values() for p in names.values())
            module = gopath_project(Path(package.directory or "."), imports)
            module = module if module is not None and module.path else None
        self.module_root = module.root if module is not None else None
        self.module_path = module.path if module is not None else ""
        self._entries: dict[str, Ext | None] = {} if entries is None else entries

    def entry(self, qualified: str) -> Ext | None:
        """A struct type of another module: from the exported types of its
        package when its source can be read, else from the built-in table
        (and the run says so)."""
        if qualified in self._entries:
            return self._entries[qualified]
        path, _, name = qualified.rpartition(".")
        found: Ext | None = None
        if path and not is_std(path):
            pkg = self.pkg
            loaded = exports.dependency_types(pkg, path) if pkg is not None else None
            if loaded is not None:
                entry = loaded.structs.get(name)
                target = loaded.aliases.get(name)
                if entry is not None:
                    found = Ext(qualified, entry, loaded.api or table_package(path))
                elif target is not None and target != qualified:
                    # type Options = manager.Options: the struct on the right
                    # (marked resolving first, so that a cycle of aliases ends)
                    self._entries[qualified] = None
                    aliased = self.qualified(target)
                    found = aliased if isinstance(aliased, Ext) else None
            else:
                table = k8s_types().get(qualified)
                if table is not None:
                    if self.pkg is not None:
                        self.pkg.used_builtin(path)
                    found = Ext(qualified, table)
        self._entries[qualified] = found
        return found

    def local_name(self, import_path: str) -> str | None:
        return self.by_path.get(import_path)

    def resolve(
        self,
        text: str,
        package: idx.PackageIndex | None = None,
        file_path: str | None = None,
        part: bool = False,
    ) -> TypeRef | None:
        """The type written ``text`` in this file (or in ``file_path`` of
        ``package``); with ``part``, a struct of the project held in a field
        of an API type also when its package declares none (the server's
        object holds it: ``Spec.Telemetry`` of another package's type)."""
        package = package if package is not None else self.package
        text = text.strip().lstrip("*").strip()
        imports = package.imports.get(file_path or "", {}) if file_path else {}
        if package is self.package and file_path is None:
            imports = self.imports
        if "." in text:
            qualifier, _, name = text.partition(".")
            path = imports.get(qualifier)
            if path is None:
                return None
            return self.qualified(f"{path}.{name}", part)
        decl = package.types.get(text.split("[", 1)[0])
        if decl is None or not decl.is_struct or not (part or api_package(package)):
            return None
        return Proj(decl, package)

    def qualified(self, qualified: str, part: bool = False) -> TypeRef | None:
        qualified = qualified.lstrip("*")
        path, _, name = qualified.rpartition(".")
        own = bool(self.module_path) and (
            path == self.module_path or path.startswith(self.module_path + "/")
        )
        if not own:
            return self.entry(qualified)
        if self.module_root is None:
            return None
        rel = path[len(self.module_path) :].lstrip("/")
        package = self.projects.package(self.module_root / rel, part)
        if package is None:
            return None
        decl = package.types.get(name)
        if decl is None or not decl.is_struct or not (part or api_package(package)):
            return None
        return Proj(decl, package)

    def render_qualified(self, qualified: str) -> str | None:
        """A qualified type text (``map[string]k8s.io/api/core/v1.Pod``) as
        this file writes it, ``None`` if it does not import a package named."""
        return exports.render(qualified, self.by_path)

    def member(self, t: TypeRef, name: str) -> list[Step] | None:
        """Steps to reach field ``name`` of ``t`` (embedded fields made explicit).

        Each step is (field name, its type or the map, is_slice)."""
        return self._member(t, name, 0)

    def _member(self, t: TypeRef, name: str, depth: int) -> list[Step] | None:
        if depth > 4:
            return None
        if isinstance(t, Ext):
            return self._ext_member(t, name, depth)
        for f in t.decl.fields:
            if f.embedded and f.name == name:
                inner = self.resolve(f.type_text, t.package, t.decl.file.path, part=True)
                return [(name, inner, False)] if inner is not None else None
            if f.name == name:
                return self._proj_field(t, f)
        for f in t.decl.fields:
            if not f.embedded:
                continue
            inner = self.resolve(f.type_text, t.package, t.decl.file.path, part=True)
            if inner is None:
                continue
            rest = self._member(inner, name, depth + 1)
            if rest is not None:
                return [(f.name, inner, False), *rest]
        return None

    def _ext_member(self, t: Ext, name: str, depth: int) -> list[Step] | None:
        entry = t.entry
        if name in entry.maps:
            found = self.render_qualified(entry.maps[name])
            if found is None:
                return None
            meta = name if t.qualified == OBJECT_META else ""
            return [(name, MapField(found, meta), False)]
        if name in entry.fields:
            ftext = entry.fields[name]
            is_slice = ftext.startswith("[]")
            target = self.qualified(ftext.removeprefix("[]"))
            return [(name, target, is_slice)] if target is not None else None
        for embedded in entry.embeds:
            if embedded.rsplit(".", 1)[-1] == name:
                inner = self.qualified(embedded)
                return [(name, inner, False)] if inner is not None else None
        for embedded in entry.embeds:
            inner = self.qualified(embedded)
            if inner is None:
                continue
            rest = self._member(inner, name, depth + 1)
            if rest is not None:
                return [(embedded.rsplit(".", 1)[-1], inner, False), *rest]
        return None

    def promoted_getter(self, t: TypeRef | None, field: str) -> bool:
        """``Get<field>()`` of a value of the project's struct ``t`` is the
        method promoted from its embedded ``metav1.ObjectMeta``, which
        returns the field: ``t`` declares no method of that name, and the
        field path reaches ObjectMeta's map through embedded fields only.
        An API type of another module (``corev1.Pod``, a CRD type of a
        dependency) that embeds ``metav1.ObjectMeta`` itself gets the
        promoted getter too: API types are plain data (generated deep-copy
        methods, no accessors of their own), and ``ObjectMeta``'s getters
        return its fields."""
        if isinstance(t, Ext):
            if not t.api or OBJECT_META not in t.entry.embeds:
                return False
            path = self.member(t, field) or []
            return (
                len(path) == 2
                and path[0][0] == "ObjectMeta"
                and isinstance(path[1][1], MapField)
                and path[1][1].meta_field == field
            )
        if not isinstance(t, Proj):
            return False
        if f"{t.decl.name}.Get{field}" in t.package.funcs:
            return False
        steps = self.member(t, field)
        if not steps:
            return False
        *through, (_, last, _) = steps
        embedded = {f.name for f in t.decl.fields if f.embedded}
        return (
            isinstance(last, MapField)
            and last.meta_field == field
            and all(not is_slice for _, _, is_slice in through)
            and (not through or through[0][0] in embedded)
        )

    def _proj_field(self, t: Proj, f: idx.Field) -> list[Step] | None:
        text = f.type_text.strip()
        underlying = t.package.underlying(text, t.decl.file)
        if underlying.startswith("map["):
            rendered = self._render_proj_type(text, t)
            return [(f.name, MapField(rendered, ""), False)] if rendered else None
        is_slice = text.startswith("[]")
        target = self.resolve(text.removeprefix("[]"), t.package, t.decl.file.path, part=True)
        return [(f.name, target, is_slice)] if target is not None else None

    def _render_proj_type(self, text: str, t: Proj) -> str | None:
        """The field's type as this file must write it in ``make(...)``:
        each named type in it (``map[string]*ChildStatus``,
        ``map[string]metav1.Time``) as this file names its package (a type
        of the API package by this file's name for that package, a type the
        API file imports by this file's name for the same import path);
        ``None`` when this file does not import a package it needs."""
        names = re.findall(r"[A-Za-z_][\w.]*", text.replace("map[", "[").replace("[]", " "))
        if all(n in _BUILTIN for n in names):
            return text
        same = t.package is self.package
        own_path = None if same else self._import_path_of(t.package)
        own_local = None if same else (self.local_name(own_path) if own_path else None)
        api_imports = t.package.imports.get(t.decl.file.path, {})
        failed = False

        def qualify(m: re.Match[str]) -> str:
            nonlocal failed
            name = m.group(0)
            if name in _BUILTIN or name in ("map", "chan", "func", "interface", "struct"):
                return name
            qualifier, dot, rest = name.partition(".")
            if not dot:
                if same:
                    return name
                local, rest = own_local, name
            else:
                path = api_imports.get(qualifier)
                local = self.local_name(path) if path else None
            if local is None:
                failed = True
                return name
            return f"{local}.{rest}"

        rendered = re.sub(r"[A-Za-z_][\w.]*", qualify, text)
        return None if failed else rendered

    def declared_in(self, t: TypeRef) -> tuple[str, str] | None:
        """(import path, name) of the package that declares ``t`` and its
        name there; the import path is ``""`` for this file's package."""
        if isinstance(t, Ext):
            path, _, name = t.qualified.rpartition(".")
            return (path, name) if path else None
        if t.package is self.package:
            return "", t.decl.name
        imported = self._import_path_of(t.package)
        return (imported, t.decl.name) if imported else None

    def _import_path_of(self, package: idx.PackageIndex) -> str | None:
        if self.module_root is None:
            return None
        try:
            rel = Path(package.directory).resolve().relative_to(self.module_root.resolve())
        except ValueError:
            return None
        return self.module_path + ("/" + rel.as_posix() if str(rel) != "." else "")
