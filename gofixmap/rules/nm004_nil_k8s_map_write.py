"""NM004 nil-k8s-map-write: writes to nilable map fields of Kubernetes API types."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import prefilter
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.discover import find_module
from gofixmap.codemod.model import Applicability, Diagnostic, Edit, Fix
from gofixmap.codemod.rule import FileContext, Invalid, Pass, Rule, files_of
from gofixmap.codemod.stdlib import is_std
from gofixmap.rules.facts import CALLS, MAP_SUMMARIES, TYPES, exports, lookups
from gofixmap.rules.facts.calls import Calls, ResolvedCall
from gofixmap.rules.facts.exports import EXPORTED_TYPES
from gofixmap.rules.facts.fieldinit import checked_by_callee, terminates
from gofixmap.rules.fixes.guard import guard_fix
from gofixmap.rules.fixes.imports import require as require_import

META = "k8s.io/apimachinery/pkg/apis/meta/v1"
OBJECT_META = META + ".ObjectMeta"
_SIMPLE = re.compile(r"^[A-Za-z_][\w.]*$")


@cache
def k8s_types() -> dict[str, dict[str, object]]:
    """Qualified type → {"maps", "fields", "embeds"} from ``data/k8s_map_fields.json``."""
    text = resources.files("gofixmap.rules").joinpath("data/k8s_map_fields.json").read_text()
    types: dict[str, dict[str, object]] = json.loads(text)["types"]
    return types


# --------------------------------------------------------------------------
# types: a Kubernetes type from the data file, or a struct of the project


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


_project_cache: dict[tuple[str, tuple[tuple[str, float, int], ...]], idx.PackageIndex | None] = {}


def _project_package(directory: Path) -> idx.PackageIndex | None:
    """Parse the Go package in ``directory`` (another package of the module)."""
    try:
        names = sorted(
            n for n in os.listdir(directory) if n.endswith(".go") and not n.endswith("_test.go")
        )
    except OSError:
        return None
    stamp: list[tuple[str, float, int]] = []
    for name in names:
        st = (directory / name).stat()
        stamp.append((name, st.st_mtime, st.st_size))
    key = (str(directory), tuple(stamp))
    if key in _project_cache:
        return _project_cache[key]
    datas = [(directory / n).read_bytes() for n in names]
    if not any(b"ObjectMeta" in d for d in datas):
        # no API type can be declared here (see _api_package): keep no trees
        _project_cache[key] = None
        return None
    files = [src.parse(str(directory / n), d) for n, d in zip(names, datas, strict=True)]
    if not files:
        return None
    package = idx.build(files[0].package_name, str(directory), files)
    _project_cache[key] = package
    return package


# calls that read an object into their pointer argument (a client's Get and
# List, decoders): ``c.Get(ctx, key, obj)`` with ``obj := &T{}`` overwrites it
_READS_INTO = frozenset(("Get", "List", "Unmarshal", "Decode", "DecodeInto", "Into"))
# the node types _declares answers for
_DECLARING = frozenset(
    ("var_spec", "short_var_declaration", "assignment_statement", "range_clause")
)


class _Types:
    """Resolves type texts of one file to Kubernetes or project types."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.imports = ctx.package.imports.get(ctx.path, {})
        self.by_path = {p: n for n, p in self.imports.items()}
        module = find_module(Path(ctx.package.directory or "."))
        self.module_root = module.root if module is not None else None
        self.module_path = module.path if module is not None else ""
        self._entries: dict[str, Ext | None] = {}

    def entry(self, qualified: str) -> Ext | None:
        """A struct type of another module: from the exported types of its
        package when its source can be read, else from the built-in table
        (and the run says so)."""
        if qualified in self._entries:
            return self._entries[qualified]
        path, _, name = qualified.rpartition(".")
        found: Ext | None = None
        if path and not is_std(path):
            loaded = exports.dependency_types(self.ctx.pkg, path)
            if isinstance(loaded, exports.ExportedTypes):
                entry = loaded.structs.get(name)
                if entry is not None:
                    found = Ext(qualified, entry, loaded.api or _table_package(path))
            else:
                table = k8s_types().get(qualified)
                if table is not None:
                    self.ctx.pkg.used_builtin(path)
                    found = Ext(qualified, table)
        self._entries[qualified] = found
        return found

    def local_name(self, import_path: str) -> str | None:
        return self.by_path.get(import_path)

    def resolve(
        self, text: str, package: idx.PackageIndex, file_path: str | None = None
    ) -> TypeRef | None:
        text = text.strip().lstrip("*").strip()
        imports = package.imports.get(file_path or "", {}) if file_path else {}
        if package is self.ctx.package and file_path is None:
            imports = self.imports
        if "." in text:
            qualifier, _, name = text.partition(".")
            path = imports.get(qualifier)
            if path is None:
                return None
            return self.qualified(f"{path}.{name}")
        decl = package.types.get(text.split("[", 1)[0])
        if decl is None or not decl.is_struct or not _api_package(package):
            return None
        return Proj(decl, package)

    def qualified(self, qualified: str) -> TypeRef | None:
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
        package = _project_package(self.module_root / rel)
        if package is None:
            return None
        decl = package.types.get(name)
        if decl is None or not decl.is_struct or not _api_package(package):
            return None
        return Proj(decl, package)

    def render_qualified(self, qualified: str) -> str | None:
        """A qualified type text (``map[string]k8s.io/api/core/v1.Pod``) as
        this file writes it, ``None`` if it does not import a package named."""
        return exports.render(qualified, self.by_path)

    def member(self, t: TypeRef, name: str) -> list[tuple[str, TypeRef | MapField, bool]] | None:
        """Steps to reach field ``name`` of ``t`` (embedded fields made explicit).

        Each step is (field name, its type or the map, is_slice)."""
        return self._member(t, name, 0)

    def _member(
        self, t: TypeRef, name: str, depth: int
    ) -> list[tuple[str, TypeRef | MapField, bool]] | None:
        if depth > 4:
            return None
        if isinstance(t, Ext):
            entry = t.entry
            maps = entry.get("maps", {})
            assert isinstance(maps, dict)
            if name in maps:
                map_type = str(maps[name])
                found = self.render_qualified(map_type)
                if found is None:
                    return None
                rendered = found
                meta = name if t.qualified == OBJECT_META else ""
                return [(name, MapField(rendered, meta), False)]
            fields = entry.get("fields", {})
            assert isinstance(fields, dict)
            if name in fields:
                ftext = str(fields[name])
                is_slice = ftext.startswith("[]")
                target = self.qualified(ftext.removeprefix("[]"))
                return [(name, target, is_slice)] if target is not None else None
            embeds = entry.get("embeds", [])
            assert isinstance(embeds, list)
            for embedded in embeds:
                if str(embedded).rsplit(".", 1)[-1] == name:
                    inner = self.qualified(str(embedded))
                    return [(name, inner, False)] if inner is not None else None
            for embedded in embeds:
                inner = self.qualified(str(embedded))
                if inner is None:
                    continue
                rest = self._member(inner, name, depth + 1)
                if rest is not None:
                    return [(str(embedded).rsplit(".", 1)[-1], inner, False), *rest]
            return None
        for f in t.decl.fields:
            if f.embedded and f.name == name:
                inner = self.resolve(f.type_text, t.package, t.decl.file.path)
                return [(name, inner, False)] if inner is not None else None
            if f.name == name:
                return self._proj_field(t, f)
        for f in t.decl.fields:
            if not f.embedded:
                continue
            inner = self.resolve(f.type_text, t.package, t.decl.file.path)
            if inner is None:
                continue
            rest = self._member(inner, name, depth + 1)
            if rest is not None:
                return [(f.name, inner, False), *rest]
        return None

    def _proj_field(
        self, t: Proj, f: idx.Field
    ) -> list[tuple[str, TypeRef | MapField, bool]] | None:
        text = f.type_text.strip()
        underlying = t.package.underlying(text, t.decl.file)
        if underlying.startswith("map["):
            rendered = self._render_proj_type(text, t)
            return [(f.name, MapField(rendered, ""), False)] if rendered else None
        is_slice = text.startswith("[]")
        target = self.resolve(text.removeprefix("[]"), t.package, t.decl.file.path)
        return [(f.name, target, is_slice)] if target is not None else None

    def _render_proj_type(self, text: str, t: Proj) -> str | None:
        """The field's type as this file must write it in ``make(...)``."""
        names = re.findall(r"[A-Za-z_][\w.]*", text.replace("map[", "[").replace("[]", " "))
        builtin = {
            "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
            "uint32", "uint64", "bool", "byte", "rune", "float32", "float64", "any", "struct",
        }  # fmt: skip
        if all(n in builtin for n in names):
            return text
        if t.package is self.ctx.package:
            return text if "." not in text else None
        # A named type of another project package: qualify it.
        if _SIMPLE.match(text) and "." not in text:
            import_path = self._import_path_of(t.package)
            local = self.local_name(import_path) if import_path else None
            return f"{local}.{text}" if local else None
        return None

    def _import_path_of(self, package: idx.PackageIndex) -> str | None:
        if self.module_root is None:
            return None
        try:
            rel = Path(package.directory).resolve().relative_to(self.module_root.resolve())
        except ValueError:
            return None
        return self.module_path + ("/" + rel.as_posix() if str(rel) != "." else "")


# --------------------------------------------------------------------------
# where a variable comes from


@dataclass(frozen=True)
class Origin:
    type: TypeRef | None
    # "literal", "zero", "decoded", "param", "asserted", "deepcopy", "lister", "range";
    # for a variable that holds a map: "clone" (maps.Clone(x.Labels)),
    # "alias" (x.Labels itself), "getter" (x.GetLabels())
    kind: str
    literal: tree_sitter.Node | None = None  # the composite literal, for "literal"
    why: str = ""
    source: tree_sitter.Node | None = None  # what "deepcopy" copies


def _enclosing_funcs(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    funcs = []
    current = node.parent
    while current is not None:
        if current.type in sx.FUNCTION_TYPES:
            funcs.append(current)
        current = current.parent
    return funcs


class _Package:
    """The analyses of a package's files, made on first use, so that a write
    through a parameter can be judged by what the callers pass."""

    MAX_DEPTH = 3  # parameters handed on through at most this many calls

    def __init__(self, rule: NilK8sMapWrite, pkg: Pass) -> None:
        self.rule = rule
        self.pkg = pkg
        self._files = {f.path: f for f in pkg.files}
        self._analyses: dict[str, _Analysis] = {}
        self._calls: Calls | None = None
        self._callers: dict[str, list[ResolvedCall]] | None = None
        self._used: dict[str, bool] = {}

    def analysis(self, path: str) -> _Analysis:
        found = self._analyses.get(path)
        if found is None:
            found = self._analyses[path] = _Analysis(self, FileContext(self.pkg, self._files[path]))
        return found

    @property
    def calls(self) -> Calls:
        if self._calls is None:
            self._calls = self.pkg.fact(CALLS)
        return self._calls

    def callers(self, key: str) -> list[ResolvedCall]:
        """The resolved calls of the function ``key`` (indexed once)."""
        if self._callers is None:
            self._callers = {}
            for resolved in self.calls.resolved():
                self._callers.setdefault(resolved.callee, []).append(resolved)
        return self._callers.get(key, [])

    def used_as_value(self, name: str) -> bool:
        """``name`` appears in the package other than as the function of a
        call or its own declaration: handed on as a value, its callers are
        unknown (answered once per name)."""
        found = self._used.get(name)
        if found is None:
            found = self._used[name] = self._find_used_as_value(name)
        return found

    def _find_used_as_value(self, name: str) -> bool:
        """``name`` appears in the package other than as the function of a
        call or its own declaration: handed on as a value, its callers are
        unknown."""
        for file in self.pkg.files:
            if name.encode() not in file.data:
                continue
            for ident in src.of_types(file.root, ("identifier", "field_identifier")):
                if file.text(ident) != name:
                    continue
                parent = ident.parent
                if parent is None or parent.type in ("function_declaration", "method_declaration"):
                    continue
                if parent.type == "selector_expression":
                    call = parent.parent
                    if (
                        call is not None
                        and call.type == "call_expression"
                        and (call.child_by_field_name("function") == parent)
                    ):
                        continue
                    if parent.child_by_field_name("field") == ident:
                        return True
                    continue
                if (
                    parent.type == "call_expression"
                    and parent.child_by_field_name("function") == ident
                ):
                    continue
                return True
        return False


class _Analysis:
    def __init__(self, package: _Package, ctx: FileContext) -> None:
        self.package = package
        self.rule = package.rule
        self.ctx = ctx
        self.file = ctx.file
        self.types = _Types(ctx)
        self.k8s = any(p.startswith("k8s.io/") for p in self.types.imports.values())

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    # ---- origins ---------------------------------------------------------

    def origin(self, name: str, at: tree_sitter.Node) -> Origin | None:
        for func in _enclosing_funcs(at):
            found = self._origin_in(func, name, at.start_byte)
            if found is not None:
                return found if found.kind else None
        return None

    def _origin_in(self, func: tree_sitter.Node, name: str, before: int) -> Origin | None:
        best: tuple[int, Origin] | None = None
        params = [func.child_by_field_name("parameters"), func.child_by_field_name("receiver")]
        for plist in params:
            if plist is None:
                continue
            for decl in plist.named_children:
                names = [self.text(n) for n in decl.children_by_field_name("name")]
                type_node = decl.child_by_field_name("type")
                if name in names and type_node is not None:
                    t = self.types.resolve(self.text(type_node), self.ctx.package)
                    best = (decl.start_byte, Origin(t, "param", why=f"{name} is a parameter"))
        body = func.child_by_field_name("body")
        if body is None:
            return best[1] if best else None
        for node in src.walk(body):
            if node.start_byte >= before:
                break
            kind = node.type
            if kind not in _DECLARING:
                continue  # (_declares would find nothing)
            if node.end_byte > before and kind != "range_clause":
                continue
            found = self._declares(node, name)
            if found is not None:
                best = (node.start_byte, found)
        return best[1] if best else None

    def _declares(self, node: tree_sitter.Node, name: str) -> Origin | None:
        if node.type == "var_spec":
            names = [self.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                return None
            type_node = node.child_by_field_name("type")
            value = node.child_by_field_name("value")
            if value is not None:
                values = value.named_children
                i = names.index(name)
                return self._from_value(values[i], name) if i < len(values) else Origin(None, "")
            if type_node is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.ctx.package)
            return Origin(t, "zero", why=f"{name} is declared without a value")
        if node.type == "short_var_declaration" or (
            node.type == "assignment_statement" and self.text(node.child(1) or node) == "="
        ):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return None
            names = [self.text(n) for n in left.named_children]
            if name not in names:
                return None
            i = names.index(name)
            values = right.named_children
            if len(values) == len(names):
                return self._from_value(values[i], name)
            if len(values) == 1 and i == 0:  # v, ok := x.(*T) / a, b := f()
                if sx.unparen(values[0]).type == "type_assertion_expression":
                    return self._from_value(values[0], name)
                return self._from_call(values[0], name)
            return Origin(None, "")
        if node.type == "range_clause":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return None
            names = [self.text(n) for n in left.named_children]
            if len(names) == 2 and names[1] == name:
                elem = self.expr_type(right)
                why = f"{name} is an item of {self.text(right)}"
                if elem is not None and elem[1]:
                    return Origin(elem[0], "range", why=why, source=right)
                listed = self.chain(right)
                if listed is not None and listed[1] == ["Items"]:
                    # the items of a list a client returned (type unwritten)
                    found = self.origin(listed[0], right)
                    if found is not None and found.kind == "lister" and found.type is None:
                        return Origin(None, "range", why=why, source=right)
                return Origin(None, "")
            if name in names:
                return Origin(None, "")
        return None

    def _from_value(self, value: tree_sitter.Node, name: str) -> Origin:
        value = sx.unparen(value)
        if value.type == "unary_expression" and self.text(value).startswith("&"):
            operand = value.child_by_field_name("operand")
            if operand is not None:
                value = sx.unparen(operand)
        if value.type == "composite_literal":
            type_node = value.child_by_field_name("type")
            if type_node is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.ctx.package)
            return Origin(t, "literal", value, f"{name} is built by a literal")
        if value.type == "selector_expression":  # l := obj.Labels: the map itself
            return Origin(None, "alias", value, f"{name} is {self.text(value)}")
        if value.type in ("identifier", "index_expression"):
            # stage := pod, x := list.Items[i], p := &list.Items[i]: a copy of
            # (or a pointer to) a value whose origin decides
            shown = re.sub(r"\s+", "", self.text(value))
            return Origin(None, "copy", why=f"{name} is {shown}", source=value)
        if value.type == "type_assertion_expression":
            # an object handed over as an interface (informer handlers,
            # runtime.Object): like a parameter, it comes as the API sent it
            type_node = value.child_by_field_name("type")
            operand = value.child_by_field_name("operand")
            if type_node is None or operand is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.ctx.package)
            return Origin(t, "asserted", why=f"{name} is asserted from {self.text(operand)}")
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if fn is not None and self.text(fn) == "new" and args is not None:
                inner = args.named_children
                if len(inner) == 1:
                    t = self.types.resolve(self.text(inner[0]), self.ctx.package)
                    return Origin(t, "zero", why=f"{name} is made by new")
            return self._from_call(value, name)
        return Origin(None, "")

    def _from_call(self, call: tree_sitter.Node, name: str) -> Origin:
        call = sx.unparen(call)
        if call.type != "call_expression":
            return Origin(None, "")
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            decl = self.ctx.package.funcs.get(self.text(fn))
            if decl is not None and decl.body is not None and not decl.receiver and decl.results:
                # a factory of the package: judged by what it returns
                return Origin(None, "factory", why=f"{name} comes from {decl.name}", source=fn)
            return Origin(None, "")
        if fn is None or fn.type != "selector_expression":
            return Origin(None, "")
        method = self.text(fn.child_by_field_name("field") or fn)
        operand = fn.child_by_field_name("operand")
        args = call.child_by_field_name("arguments")
        if (
            method == "Clone"
            and operand is not None
            and self.types.imports.get(self.text(operand)) == "maps"
            and args is not None
            and len(args.named_children) == 1
        ):
            return Origin(None, "clone", args.named_children[0], f"{name} is maps.Clone")
        if (
            method in ("GetLabels", "GetAnnotations")
            and operand is not None
            and args is not None
            and not args.named_children
        ):
            return Origin(None, "getter", call, f"{name} is {self.text(call)}")
        if method in ("DeepCopy", "DeepCopyObject") and operand is not None:
            typed = self.expr_type(operand)
            t = typed[0] if typed is not None and not typed[1] else None
            return Origin(
                t, "deepcopy", why=f"{name} is a DeepCopy of {self.text(operand)}", source=operand
            )
        if method in ("Get", "List") and self.k8s:
            return Origin(None, "lister", why=f"{name} comes from {self.text(fn)}", source=call)
        return Origin(None, "")

    # ---- expressions -----------------------------------------------------

    def expr_type(self, node: tree_sitter.Node) -> tuple[TypeRef, bool] | None:
        """The type of a selector chain, and whether it is a slice."""
        chain = self.chain(node)
        if chain is None:
            return None
        base, steps = chain
        origin = self.origin(base, node)
        if origin is None or origin.type is None:
            return None
        t: TypeRef = origin.type
        is_slice = False
        for step in steps:
            if step == "[]":
                if not is_slice:
                    return None
                is_slice = False
                continue
            if is_slice:
                return None
            found = self.types.member(t, step)
            if found is None:
                return None
            last = found[-1][1]
            if isinstance(last, MapField):
                return None
            t, is_slice = last, found[-1][2]
        return t, is_slice

    def chain(self, node: tree_sitter.Node) -> tuple[str, list[str]] | None:
        """``a.B[i].C`` → ("a", ["B", "[]", "C"])."""
        steps: list[str] = []
        node = sx.unparen(node)
        while True:
            if node.type == "identifier":
                return self.text(node), list(reversed(steps))
            if node.type == "selector_expression":
                field = node.child_by_field_name("field")
                operand = node.child_by_field_name("operand")
                if field is None or operand is None:
                    return None
                steps.append(self.text(field))
                node = sx.unparen(operand)
            elif node.type == "index_expression":
                operand = node.child_by_field_name("operand")
                if operand is None:
                    return None
                steps.append("[]")
                node = sx.unparen(operand)
            else:
                return None

    def nilable_map(self, node: tree_sitter.Node) -> tuple[MapField, str, list[str]] | None:
        """If ``node`` is a Kubernetes/CRD map that may be nil here: the map,
        the reason, and the explicit field path (embedded fields included)."""
        chain = self.chain(node)
        if chain is None or not chain[1] or chain[1][-1] == "[]":
            return None
        return self.nilable(chain[0], chain[1], node)

    def unguarded_map(
        self, node: tree_sitter.Node, at: tree_sitter.Node
    ) -> tuple[tuple[MapField, str, list[str]], tuple[str, list[str]]] | None:
        """:meth:`nilable_map` of ``node`` when nothing before ``at`` makes
        or checks it: the map, the reason and the explicit path, and the
        chain ``(base, steps)``."""
        found = self.nilable_map(node)
        chain = self.chain(node) if found is not None else None
        if found is None or chain is None:
            return None
        if self.guarded(at, _forms(chain[0], chain[1], found[2]), chain[0]):
            return None
        return found, chain

    def nilable(
        self,
        base: str,
        steps: list[str],
        node: tree_sitter.Node,
        origin: Origin | None = None,
        depth: int = 0,
    ) -> tuple[MapField, str, list[str]] | None:
        """:meth:`nilable_map` of the chain ``base.steps`` at ``node``;
        ``origin`` overrides where ``base`` comes from (an argument that is a
        literal or a call); ``depth`` counts the calls a parameter was
        followed back through."""
        if origin is None:
            origin = self.origin(base, node)
        if origin is None:
            return None
        if origin.kind == "deepcopy" and origin.source is not None:
            # a deep copy has the maps of what it copies: judge that value
            copied = self.chain(origin.source)
            if copied is not None and self.origin(copied[0], origin.source) is not None:
                inner = self.nilable(copied[0], [*copied[1], *steps], origin.source, None, depth)
                if inner is None:
                    return None
                return inner[0], f"{origin.why}, and {inner[1]}", inner[2]
        if origin.kind in ("copy", "alias") and steps:
            source = origin.source or origin.literal
            copied = self.chain(source) if source is not None else None
            if source is None or copied is None:
                return None
            inner = self.nilable(copied[0], [*copied[1], *steps], source, None, depth)
            if inner is None:
                return None
            return inner[0], f"{origin.why}, and {inner[1]}", inner[2]
        if origin.kind == "factory" and origin.source is not None:
            return self._factory_nilable(origin, steps, depth)
        if steps[-1:] == ["Labels"] and self._label_selected(base, steps, node, origin):
            return None
        if self.file.path.endswith("_test.go") and origin.kind in ("lister", "decoded"):
            return None  # a test reads back what the test itself stored
        if origin.type is None:
            heuristic = origin.kind in ("lister", "deepcopy", "range") and self.k8s
            if heuristic and steps in (["Labels"], ["Annotations"]):
                return MapField("map[string]string", steps[0]), origin.why, ["ObjectMeta", *steps]
            return None
        t: TypeRef = origin.type
        if isinstance(t, Ext) and not t.api and origin.kind not in ("zero", "literal"):
            # not an API object: nil only when known to be built without the map
            return None
        explicit: list[str] = []
        is_slice = False
        result: MapField | None = None
        for i, step in enumerate(steps):
            if result is not None:
                return None
            if step == "[]":
                if not is_slice:
                    return None
                is_slice = False
                explicit.append("[]")
                continue
            if is_slice:
                return None
            found = self.types.member(t, step)
            if found is None:
                return None
            for name, target, slice_ in found:
                explicit.append(name)
                if isinstance(target, MapField):
                    result = target
                else:
                    t, is_slice = target, slice_
            if result is not None and i != len(steps) - 1:
                return None
        if result is None:
            return None
        why = origin.why
        if origin.kind in ("zero", "param", "literal"):
            filler = self._filled_by(base, node)
            if filler and self.file.path.endswith("_test.go"):
                return None  # a test reads back what the test itself stored
            if filler:
                return result, f"{base} is decoded by {filler}", explicit
        if origin.kind == "literal" and origin.literal is not None:
            if not self._literal_omits(origin.literal, explicit):
                return None
            field = explicit[-1]
            owner = f"{base}'s literal" if base else "the literal"
            return result, f"{owner} does not set {field}", explicit
        if origin.kind == "param":
            evidence = self.caller_evidence(base, steps, node, depth, origin.type)
            if evidence is None:
                return None
            why = f"{why}{evidence}"
        return result, why, explicit

    def _factory_nilable(
        self, origin: Origin, steps: list[str], depth: int
    ) -> tuple[MapField, str, list[str]] | None:
        """A value from a function of the package: the map at ``steps`` may
        be nil when some ``return`` gives a value without it (a literal that
        omits it, an object read from the API...), judged in the function."""
        assert origin.source is not None
        decl = self.ctx.package.funcs.get(self.text(origin.source))
        if decl is None or decl.body is None or depth >= _Package.MAX_DEPTH:
            return None
        callee = self.package.analysis(decl.file.path)
        result_type = callee.types.resolve(decl.results[0].type_text, callee.ctx.package)
        errors = len(decl.results) > 1 and decl.results[-1].type_text == "error"
        for ret in src.of_types(decl.body, ("return_statement",), "func_literal"):
            values = ret.named_children[0].named_children if ret.named_children else []
            if not values or sx.unparen(values[0]).type == "nil":
                continue
            if errors and len(values) == len(decl.results) and values[-1].type != "nil":
                continue  # an error path: the caller checks the error first
            found = callee.argument_nilable(values[0], steps, ret, depth + 1, result_type)
            if found is not None:
                return found[0], f"{origin.why}, where {found[1]}", found[2]
        return None

    # ---- parameters: judged by what the callers pass ----------------------

    def caller_evidence(
        self,
        base: str,
        steps: list[str],
        node: tree_sitter.Node,
        depth: int,
        param_type: TypeRef | None = None,
    ) -> str | None:
        """Why the parameter ``base`` may arrive without the map at
        ``base.steps``: some caller in the package passes a value that lacks
        it (``""`` when the callers cannot all be seen: an exported function
        or method, or one used as a value). ``None`` when every caller passes
        a value with the map made, or there is no caller at all: a parameter
        is not evidence on its own."""
        func, position = self._declaring_function(base, node)
        if func is None:
            # a function literal's parameter: whoever it is handed to calls it
            # with values this analysis cannot follow (a mutate callback gets
            # the caller's own object): not evidence on its own
            return None
        calls = self.package.calls
        key = calls.key_of(func)
        if key is None:
            return ""
        decl = self.ctx.package.funcs.get(key)
        if decl is None:
            return ""
        callers = self.package.callers(key)
        if not callers:
            if decl.name[:1].isupper() or self.package.used_as_value(decl.name):
                return ""  # called from other packages or through a value
            return None
        if depth >= _Package.MAX_DEPTH:
            return ""
        for resolved in callers:
            arg = _argument(resolved.caller.file, resolved.call, position)
            if arg is None:
                continue
            caller = self.package.analysis(resolved.caller.file.path)
            found = caller.argument_nilable(arg, steps, resolved.call, depth + 1, param_type)
            if found is not None:
                name = resolved.caller.name
                shown = re.sub(r"\s+", " ", caller.text(arg))
                marker = " is a parameter and "
                if marker in found[1]:  # handed on: name the next caller too
                    return f" and {name} passes {shown}; {found[1].split(marker, 1)[1]}"
                return f" and {name} passes {shown} ({found[1]})"
        return None

    def argument_nilable(
        self,
        arg: tree_sitter.Node,
        steps: list[str],
        call: tree_sitter.Node,
        depth: int,
        param_type: TypeRef | None = None,
    ) -> tuple[MapField, str, list[str]] | None:
        """Whether the map at ``steps`` below the argument ``arg`` of ``call``
        may be nil there. ``param_type``: the type of the parameter it is
        passed as, which a bare variable of unknown type (a client's
        ``Get`` result) has too."""
        arg = sx.unparen(arg)
        if arg.type == "unary_expression" and self.text(arg).startswith("&"):
            operand = arg.child_by_field_name("operand")
            if operand is None:
                return None
            arg = sx.unparen(operand)
        if arg.type in ("composite_literal", "call_expression"):
            value = self._from_value(arg, "the argument")
            if not value.kind:
                return None
            if value.type is None and param_type is not None:
                value = dataclasses.replace(value, type=param_type)
            return self.nilable("", steps, call, value, depth)
        chain = self.chain(arg)
        if chain is None:
            return None
        base, prefix = chain
        full = [*prefix, *steps]
        origin = self.origin(base, call)
        if origin is not None and origin.type is None and not prefix and param_type is not None:
            origin = dataclasses.replace(origin, type=param_type)
        found = self.nilable(base, full, call, origin, depth)
        if found is None:
            return None
        if self.guarded(call, _forms(base, full, found[2]), base):
            return None
        return found

    def _declaring_function(
        self, name: str, node: tree_sitter.Node
    ) -> tuple[tree_sitter.Node | None, int]:
        """The function declaring parameter (or receiver: position -1)
        ``name`` around ``node``, and its position."""
        for func in _enclosing_funcs(node):
            position = 0
            receiver = func.child_by_field_name("receiver")
            if receiver is not None and any(
                name in [self.text(n) for n in d.children_by_field_name("name")]
                for d in receiver.named_children
            ):
                return func, -1
            plist = func.child_by_field_name("parameters")
            for decl in plist.named_children if plist is not None else ():
                names = [self.text(n) for n in decl.children_by_field_name("name")]
                if name in names:
                    if decl.type == "variadic_parameter_declaration":
                        return (None, 0)
                    found = func if func.type != "func_literal" else None
                    return found, position + names.index(name)
                position += max(1, len(names))
            if func.type == "func_literal" and self._declares_locally(func, name, node):
                return None, 0
        return None, 0

    def _declares_locally(self, func: tree_sitter.Node, name: str, node: tree_sitter.Node) -> bool:
        body = func.child_by_field_name("body")
        return body is not None and self._origin_in(func, name, node.start_byte) is not None

    def _filled_by(self, base: str, at: tree_sitter.Node) -> str:
        """The call that decodes into ``&base`` before ``at`` (Get, Unmarshal …)."""
        call = self._filler(base, at)
        fn = call.child_by_field_name("function") if call is not None else None
        return self.text(fn) if fn is not None else ""

    def _filler(self, base: str, at: tree_sitter.Node) -> tree_sitter.Node | None:
        funcs = _enclosing_funcs(at)
        if not funcs:
            return None
        body = funcs[0].child_by_field_name("body")
        if body is None:
            return None
        filler: tree_sitter.Node | None = None
        for node in src.walk(body):
            if node.start_byte >= at.start_byte:
                break
            if node.type != "call_expression":
                continue
            args = node.child_by_field_name("arguments")
            fn = node.child_by_field_name("function")
            if args is None or fn is None:
                continue
            method = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
            reads = method is not None and self.text(method) in _READS_INTO
            for arg in args.named_children:
                text = re.sub(r"\s+", "", self.text(arg))
                if text == "&" + base or (reads and text == base):
                    filler = node
        return filler

    def _label_selected(
        self, base: str, steps: list[str], node: tree_sitter.Node, origin: Origin
    ) -> bool:
        """The labels written belong to an item of a list read with a label
        selector (directly, or ranged over)."""
        if origin.kind == "range" and origin.source is not None:
            listed = self.chain(origin.source)
            if listed is None:
                return False
            base, steps, node = listed[0], [*listed[1], "[]", *steps], origin.source
            found = self.origin(base, node)
            if found is None:
                return False
            origin = found
        if "[]" not in steps:
            return False
        lister = origin.source if origin.kind == "lister" else self._filler(base, node)
        return self._selects_labels(lister)

    def _selects_labels(self, call: tree_sitter.Node | None) -> bool:
        """A list call with a label selector (``client.MatchingLabels{...}``,
        ``client.HasLabels{...}``, ``ListOptions{LabelSelector: s}``): every
        item it returns carries labels, so their ``Labels`` are not nil."""
        args = call.child_by_field_name("arguments") if call is not None else None
        for arg in args.named_children if args is not None else []:
            text = re.sub(r"\s+", "", self.text(arg))
            if re.search(r"(MatchingLabels|HasLabels|MatchingLabelsSelector)\b", text):
                return True
            if re.search(r"\bLabelSelector:(?!\"\"|nil\b)", text):
                return True
        return False

    def _literal_omits(self, literal: tree_sitter.Node, path: list[str]) -> bool:
        """Whether the composite literal leaves the field at ``path`` unset."""
        node = literal
        for step in path:
            if step == "[]":
                return False
            body = node.child_by_field_name("body")
            if body is None:
                return False
            value: tree_sitter.Node | None = None
            positional = False
            for element in body.named_children:
                if element.type != "keyed_element":
                    positional = True
                    continue
                key = element.child_by_field_name("key")
                val = element.child_by_field_name("value")
                if key is not None and self.text(key) == step:
                    value = val
            if positional:
                return False
            if value is None:
                return True
            inner = value.named_children[0] if value.named_children else value
            inner = sx.unparen(inner)
            if inner.type == "unary_expression":
                operand = inner.child_by_field_name("operand")
                inner = operand if operand is not None else inner
            if inner.type != "composite_literal":
                return self.text(inner) == "nil"
            node = inner
        return False

    # ---- guards ----------------------------------------------------------

    def guarded(self, write: tree_sitter.Node, forms: set[str], base: str) -> bool:
        """A check or an assignment before ``write`` that makes the map non-nil."""
        funcs = _enclosing_funcs(write)
        if not funcs:
            return True
        func = funcs[0]
        body = func.child_by_field_name("body")
        if body is None:
            return True
        ancestors = set()
        current = write.parent
        while current is not None and current is not func:
            ancestors.add(current.id)
            current = current.parent
        oks: set[str] = set()  # ok of an earlier `v, ok := m[k]` on the map
        values: set[str] = set()  # v of an earlier `v := m[k]`
        for node in src.walk(body):
            if node.start_byte >= write.start_byte and node.id not in ancestors:
                break
            if node.type in ("if_statement", "for_statement", "expression_case"):
                cond = node.child_by_field_name("condition") or node.child_by_field_name("value")
                if cond is not None and self._mentions_nil_check(cond, forms):
                    return True
            if node.type == "if_statement" and self._key_found(node, write, forms, oks, values):
                return True
            if node.type == "expression_switch_statement" and node.id in ancestors:
                v, _ = lookups.lookup_names(
                    self.file, node.child_by_field_name("initializer"), forms
                )
                if lookups.case_proves_key(self.file, node, write, forms, values | {v} - {""}):
                    return True
            if node.type == "for_statement" and node.id in ancestors:
                clause = next((c for c in node.named_children if c.type == "range_clause"), None)
                right = clause.child_by_field_name("right") if clause is not None else None
                if right is not None and re.sub(r"\s+", "", self.text(right)) in forms:
                    return True  # the body runs only for the keys of a non-empty map
            if node.type == "short_var_declaration" and node.end_byte <= write.start_byte:
                v, ok = lookups.lookup_names(self.file, node, forms)
                oks |= {ok} - {""}
                values |= {v} - {""}
            if (
                node.type == "if_statement"
                and node.end_byte <= write.start_byte
                and self._checked_by_callee(node, forms)
            ):
                return True
            if node.start_byte >= write.start_byte:
                continue
            if node.type in ("assignment_statement", "short_var_declaration"):
                left = node.child_by_field_name("left")
                if left is not None:
                    for lhs in left.named_children:
                        t = re.sub(r"\s+", "", self.text(lhs))
                        names_it = t in forms or any(f.startswith(t + ".") for f in forms)
                        if names_it and t != base:
                            return True
            if node.type == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None:
                    continue
                fname = self.text(fn)
                args = re.sub(r"\s+", "", self.text(node.child_by_field_name("arguments") or fn))
                field = next(iter(forms)).rsplit(".", 1)[-1]
                if fname.endswith((".SetMetaDataLabel", ".SetMetaDataAnnotation")):
                    which = "Labels" if fname.endswith("Label") else "Annotations"
                    if which == field and any(f"{f.rsplit('.', 1)[0]}" in args for f in forms):
                        return True
                if fname.endswith(f".Set{field}") and fname.startswith(base + "."):
                    return True
                if fname in ("json.Unmarshal", "yaml.Unmarshal") or fname.endswith(".Decode"):
                    continue
        return False

    def _key_found(
        self,
        stmt: tree_sitter.Node,
        write: tree_sitter.Node,
        forms: set[str],
        oks: set[str],
        values: set[str],
    ) -> bool:
        """The map is there: the write is in ``if _, ok := m[k]; ok { ... }``
        or ``if m[k] == "on" { ... }``, or after ``if !ok { return }`` / ``if
        v == "" { return }`` (a block that leaves) for a lookup before it."""
        cond = stmt.child_by_field_name("condition")
        then = stmt.child_by_field_name("consequence")
        if cond is None or then is None:
            return False
        v, ok = lookups.lookup_names(self.file, stmt.child_by_field_name("initializer"), forms)
        oks = oks | {ok} - {""}
        values = values | {v} - {""}
        if then.start_byte <= write.start_byte < then.end_byte:
            return lookups.proves_key(self.file, cond, forms, values, oks)
        return (
            stmt.end_byte <= write.start_byte
            and stmt.child_by_field_name("alternative") is None
            and terminates(then)
            and lookups.zero_test(self.file, cond, values, oks)
        )

    def _checked_by_callee(self, stmt: tree_sitter.Node, forms: set[str]) -> bool:
        """``if err := check(obj); err != nil { return err }`` with ``check``
        a function of the package that returns an error while the map (or a
        key) is missing (:func:`fieldinit.checked_by_callee`, functions only)."""
        calls = self.package.calls
        return any(checked_by_callee(calls, self.file, stmt, form, methods=False) for form in forms)

    def _mentions_nil_check(self, cond: tree_sitter.Node, forms: set[str]) -> bool:
        text = re.sub(r"\s+", "", self.text(cond))
        return any(f"{f}==nil" in text or f"{f}!=nil" in text or f"len({f})" in text for f in forms)


def _forms(base: str, steps: list[str], explicit: list[str]) -> set[str]:
    """Texts that name the same map: as written and with embedded fields spelled out."""
    written = base + "".join("[]" if s == "[]" else "." + s for s in steps)
    full = base + "".join("[]" if s == "[]" else "." + s for s in explicit)
    return (
        {written.replace("[]", "[i]"), full.replace("[]", "[i]")}
        if "[]" in written
        else {
            written,
            full,
        }
    )


class NilK8sMapWrite(Rule):
    """Writes to nilable map fields of Kubernetes API types without a nil check.

    What it does:
        Finds writes (``m[k] = v``, ``m[k] += v``, ``m[k]++``, ``maps.Copy(m, src)``)
        into the map fields of Kubernetes API objects that arrive nil:
        ``Labels`` and ``Annotations`` of ``metav1.ObjectMeta`` (through Pod,
        ConfigMap, Deployment, pod templates and the project's own CRD types),
        ``ConfigMap.Data``, ``Secret.Data``, ``PodSpec.NodeSelector``,
        ``ServiceSpec.Selector``, ``LabelSelector.MatchLabels``, resource
        ``Limits``/``Requests`` and the map fields of the project's CRD specs and
        statuses, when the object was built by a literal that omits the field,
        read with a client ``Get``/``List``, a lister, ``DeepCopy``, decoding,
        returned by a function of the package that builds or reads it so,
        or asserted from an interface value (informer event handlers:
        ``pod := obj.(*corev1.Pod)``). A parameter is judged by its callers in
        the package, followed back through up to three calls: reported when
        some caller passes such an object, or when the callers cannot all be
        seen (an exported function, a function handed on as a value); not when
        every caller passes an object built with the map, nor for an
        unexported function nothing calls, nor for the parameter of a function
        literal (a callback: its caller is not in sight). A write is also safe after a nil
        or ``len`` check, inside ``if _, ok := m[k]; ok``, after ``v, ok :=
        m[k]; if !ok { return }``, inside ``for k := range m``, and after
        ``if err := check(obj); err != nil { return err }`` where ``check``
        returns an error while the map (or a key) is missing. A ``DeepCopy``
        has the maps of what it copies, and is judged by that value's origin
        when it is known. In ``_test.go`` files objects read back from a
        client or decoder are not reported: the test stored them itself.
        Also ``obj.GetLabels()[k] = v``, and a variable that holds the
        object's map (``l := obj.GetLabels()``, ``l := obj.Labels``,
        ``l := maps.Clone(obj.Labels)``) written as ``l[k] = v``; and a call
        ``merge(obj.Labels, extra)`` to a function of the package that writes
        into that map parameter without making it (reported at the argument:
        only the caller can make the map).
        The fields of types of other modules (API groups, CRD types of other
        modules) are read from their source, found through go.mod in the
        module cache or ``vendor/``; a built-in table of the common Kubernetes
        types is the fallback when the source is not there. A struct of another
        module that is not an API type (controller-runtime's ``manager.Options``)
        is reported only when it is a zero value or built by a literal that
        leaves the map out.

    Why is this bad:
        The API server omits empty maps, so an object read back has ``Labels ==
        nil`` until something sets one; the write panics with ``assignment to
        entry in nil map`` and the operator goes into CrashLoopBackOff.

    Example:
        var pod corev1.Pod
        if err := r.Get(ctx, req.NamespacedName, &pod); err != nil {
            return err
        }
        pod.Labels["managed-by"] = "me" // panics when the pod has no labels

        becomes ``metav1.SetMetaDataLabel(&pod.ObjectMeta, "managed-by", "me")``.

    Fix safety:
        Safe: ``SetMetaDataLabel``/``SetMetaDataAnnotation`` create the map only
        when it is nil; a nil guard before the write changes only the path that
        panicked; ``GetLabels()[k] = v`` becomes get, guard, write, ``SetLabels``;
        the guard for a variable that holds the object's map also puts the
        made map back (``obj.Labels = l``, ``obj.SetLabels(l)``), so the write
        lands in the object as it does when the map exists.
    """

    code = "NM004"
    IN_TESTS = False  # a test that writes into a nil map panics: go test reports it
    name = "nil-k8s-map-write"
    summary = "writes to nilable map fields of Kubernetes API types without a nil check"
    # Kubernetes objects come from k8s.io imports, or from the module's own CRD
    # packages; their map fields need no `map[` in this package.
    PREFILTER = (b"k8s.io/", b"ObjectMeta", prefilter.MODULE_IMPORT)
    REQUIRES = (CALLS, TYPES, MAP_SUMMARIES, EXPORTED_TYPES)

    VALID = (
        """package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func label(pod *corev1.Pod) {
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels["a"] = "b"
	metav1.SetMetaDataAnnotation(&pod.ObjectMeta, "c", "d")
}
""",
    )
    INVALID = (
        Invalid(
            """package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func Label(pod *corev1.Pod) {
	pod.Labels["a"] = "b"
}
""",
            fixed="""package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func Label(pod *corev1.Pod) {
	metav1.SetMetaDataLabel(&pod.ObjectMeta, "a", "b")
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        package = _Package(self, pkg)
        for ctx in files_of(pkg):
            data = ctx.file.data
            if b"k8s.io/" not in data and b"metav1" not in data and not _reaches_api_types(ctx):
                continue
            yield from self._writes(package.analysis(ctx.path))

    # ---- the checks ------------------------------------------------------

    def _writes(self, a: _Analysis) -> Iterator[Diagnostic]:
        seen_unfixed: set[tuple[int, str]] = set()
        for node in src.walk(a.file.root):
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                if left is None:
                    continue
                for lhs in left.named_children:
                    if lhs.type == "index_expression":
                        yield from self._index_write(a, node, lhs, seen_unfixed)
            elif node.type in ("inc_statement", "dec_statement"):
                target = node.named_children[0] if node.named_children else None
                if target is not None and target.type == "index_expression":
                    yield from self._index_write(a, node, target, seen_unfixed)
            elif node.type == "call_expression":
                yield from self._maps_copy(a, node, seen_unfixed)
                yield from self._callee_writes(a, node)

    def _index_write(
        self,
        a: _Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        seen: set[tuple[int, str]],
    ) -> Iterator[Diagnostic]:
        operand = target.child_by_field_name("operand")
        if operand is None:
            return
        operand = sx.unparen(operand)
        if operand.type == "call_expression":
            yield from self._getter_write(a, stmt, target, operand)
            return
        if operand.type == "identifier":
            yield from self._clone_write(a, stmt, target, operand, seen)
            return
        unguarded = a.unguarded_map(operand, target)
        if unguarded is None:
            return
        (mapfield, why, explicit), (base, steps) = unguarded
        name = re.sub(r"\s+", "", a.text(operand))
        message = f"write to {name}, which may be nil: {why}"
        fixes = []
        index = target.child_by_field_name("index")
        is_plain = (
            stmt.type == "assignment_statement"
            and a.text(stmt.child(1) or stmt) == "="
            and len((stmt.child_by_field_name("left") or stmt).named_children) == 1
        )
        if mapfield.meta_field and is_plain and index is not None and "[]" not in steps:
            fix = self._set_metadata(a, stmt, operand, mapfield, explicit, base, index)
            if fix is not None:
                fixes.append(fix)
        if not fixes:
            key = (_enclosing_funcs(stmt)[0].id if _enclosing_funcs(stmt) else 0, name)
            if key not in seen:
                guard = self._guard(a, stmt, name, mapfield)
                if guard is not None:
                    seen.add(key)
                    fixes.append(guard)
        note = "" if fixes else "add a nil check before the write"
        yield self.diagnostic(a.file, target, message, fixes, note, name)

    def _clone_write(
        self,
        a: _Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        operand: tree_sitter.Node,
        seen: set[tuple[int, str]],
    ) -> Iterator[Diagnostic]:
        """A variable that holds an object's map: ``l := maps.Clone(obj.Labels)``
        (Clone of nil is nil), ``l := obj.Labels`` or ``l := obj.GetLabels()``,
        then ``l[k] = v``."""
        name = a.text(operand)
        origin = a.origin(name, operand)
        if origin is None or origin.literal is None:
            return
        source = re.sub(r"\s+", "", a.text(origin.literal))
        # the made map goes back into the object, where the write was meant
        # to land (a clone is a copy on purpose)
        also = ""
        if origin.kind == "getter":  # obj.GetLabels() / obj.GetAnnotations()
            if a.guarded(target, {name}, name):
                return
            obj, _, method = source.removesuffix("()").rpartition(".")
            field = method.removeprefix("Get")
            mapfield = MapField("map[string]string", field)
            why = f"it returns nil for an object without {field.lower()}"
            also = f"{obj}.Set{field}({name})"
        elif origin.kind in ("clone", "alias"):
            source_node = sx.unparen(origin.literal)
            found = a.nilable_map(source_node)
            if found is None or a.guarded(target, {name}, name):
                return
            mapfield, why, explicit = found
            chain = a.chain(source_node)
            if chain is not None and a.guarded(source_node, _forms(*chain, explicit), chain[0]):
                return  # made (or checked) before it was copied
            if origin.kind == "alias":
                also = f"{source} = {name}"
        else:
            return
        message = f"write to {name}, which is nil when {source} is: {why}"
        fixes = []
        funcs = _enclosing_funcs(stmt)
        key = (funcs[0].id if funcs else 0, name)
        if key not in seen:
            guard = self._guard(a, stmt, name, mapfield, also)
            if guard is not None:
                seen.add(key)
                fixes.append(guard)
        yield self.diagnostic(a.file, target, message, fixes, "", name)

    def _set_metadata(
        self,
        a: _Analysis,
        stmt: tree_sitter.Node,
        operand: tree_sitter.Node,
        mapfield: MapField,
        explicit: list[str],
        base: str,
        index: tree_sitter.Node,
    ) -> Fix | None:
        right = stmt.child_by_field_name("right")
        if right is None or len(right.named_children) != 1:
            return None
        if mapfield.make_type != "map[string]string":
            return None
        edits: list[Edit] = []
        local = a.types.local_name(META)
        if local is None:
            imp = require_import(a.file, META, "metav1")
            if imp is None or imp.edit is None:
                return None
            local = imp.name
            edits.append(imp.edit)
        owner = explicit[:-1]
        if owner:
            target = "&" + base + "".join("." + s for s in owner)
        else:
            # the variable is an ObjectMeta itself, or a pointer to one
            origin = a.origin(base, stmt)
            if origin is None or origin.type is None:
                return None
            pointer = origin.kind == "param" and _is_pointer_param(a, base, stmt)
            target = base if pointer else "&" + base
        helper = "SetMetaDataLabel" if mapfield.meta_field == "Labels" else "SetMetaDataAnnotation"
        value = a.text(right.named_children[0])
        new = f"{local}.{helper}({target}, {a.text(index)}, {value})"
        edits.append(Edit(stmt.start_byte, stmt.end_byte, new.encode()))
        title = f"Use {local}.{helper}, which creates the map"
        return Fix(title, tuple(edits), Applicability.SAFE)

    def _guard(
        self,
        a: _Analysis,
        stmt: tree_sitter.Node,
        name: str,
        mapfield: MapField,
        also: str = "",
    ) -> Fix | None:
        if not sx.in_statement_list(stmt):
            return None
        title = f"Guard the write with a nil check on {name}"
        return guard_fix(a.file, stmt, name, mapfield.make_type, title, statement=stmt, also=also)

    def _getter_write(
        self,
        a: _Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        call: tree_sitter.Node,
    ) -> Iterator[Diagnostic]:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None or args.named_children:
            return
        method = a.text(fn.child_by_field_name("field") or fn)
        if method not in ("GetLabels", "GetAnnotations"):
            return
        operand = fn.child_by_field_name("operand")
        if operand is None:
            return
        obj = a.text(operand)
        field = method.removeprefix("Get")
        message = (
            f"write to {obj}.{method}(), which may be nil; use {obj}.Set{field} to change {field}"
        )
        fixes = []
        right = stmt.child_by_field_name("right")
        index = target.child_by_field_name("index")
        plain = stmt.type == "assignment_statement" and a.text(stmt.child(1) or stmt) == "="
        if (
            plain
            and right is not None
            and index is not None
            and len(right.named_children) == 1
            and _SIMPLE.match(obj)
            and sx.in_statement_list(stmt)
        ):
            funcs = _enclosing_funcs(stmt)
            used = a.text(funcs[0]) if funcs else ""
            var = field.lower()
            n = 2
            while re.search(rf"\b{var}\b", used):
                var = f"{field.lower()}{n}"
                n += 1
            nl = a.file.newline
            ind = a.file.indent_at(stmt.start_byte)
            lines = [
                f"{var} := {obj}.{method}()",
                f"if {var} == nil {{",
                f"\t{var} = make(map[string]string)",
                "}",
                f"{var}[{a.text(index)}] = {a.text(right.named_children[0])}",
                f"{obj}.Set{field}({var})",
            ]
            new = (nl + ind).join(line.encode() for line in lines)
            fixes.append(
                Fix(
                    f"Get, modify and Set{field}",
                    (Edit(stmt.start_byte, stmt.end_byte, new),),
                    Applicability.SAFE,
                )
            )
        note = "" if fixes else "use Set" + field
        yield self.diagnostic(a.file, target, message, fixes, note, a.text(target))

    def _maps_copy(
        self, a: _Analysis, call: tree_sitter.Node, seen: set[tuple[int, str]]
    ) -> Iterator[Diagnostic]:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "selector_expression":
            return
        operand = fn.child_by_field_name("operand")
        if operand is None or a.types.imports.get(a.text(operand)) != "maps":
            return
        if a.text(fn.child_by_field_name("field") or fn) != "Copy" or not args.named_children:
            return
        dst = sx.unparen(args.named_children[0])
        unguarded = a.unguarded_map(dst, call)
        if unguarded is None:
            return
        mapfield, why, _ = unguarded[0]
        name = re.sub(r"\s+", "", a.text(dst))
        stmt = call.parent
        fixes = []
        if stmt is not None and stmt.type == "expression_statement":
            guard = self._guard(a, stmt, name, mapfield)
            if guard is not None:
                fixes.append(guard)
        message = f"maps.Copy into {name}, which may be nil: {why}"
        yield self.diagnostic(a.file, dst, message, fixes, "", name)

    def _callee_writes(self, a: _Analysis, call: tree_sitter.Node) -> Iterator[Diagnostic]:
        """``merge(obj.Labels, extra)`` where ``merge``, a function of the
        package, writes into that map parameter without making it: the
        callee cannot make the caller's map, so the write panics there. Reported
        at the argument, with a guard before the call's statement."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "identifier":
            return
        decl = a.ctx.package.funcs.get(a.text(fn))
        if decl is None or decl.receiver or decl.body is None:
            return
        binding = a.ctx.fact(TYPES).resolve(a.file, a.text(fn), call)
        if binding is not None and binding.kind != "package":
            return  # a local function value of the same name
        summaries = a.ctx.fact(MAP_SUMMARIES)
        for i, arg in enumerate(args.named_children):
            arg = sx.unparen(arg)
            if arg.type != "selector_expression":
                continue
            param = summaries.param_write(decl, i)
            if param is None:
                continue
            unguarded = a.unguarded_map(arg, call)
            if unguarded is None:
                continue
            mapfield, why, _ = unguarded[0]
            name = re.sub(r"\s+", "", a.text(arg))
            stmt = sx.statement_of(call, crossing_functions=False)
            fixes = []
            if stmt is not None:
                guard = self._guard(a, stmt, name, mapfield)
                if guard is not None:
                    fixes.append(guard)
            message = (
                f"{decl.name} writes into its parameter {param}, which is {name} here "
                f"and may be nil: {why}"
            )
            yield self.diagnostic(a.file, arg, message, fixes, "", name)


def _argument(
    file: src.SourceFile, call: tree_sitter.Node, position: int
) -> tree_sitter.Node | None:
    """The argument at ``position`` of ``call`` (-1: the method's receiver)."""
    if position < 0:
        fn = sx.unparen(call.child_by_field_name("function") or call)
        return fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    args = call.child_by_field_name("arguments")
    values = args.named_children if args is not None else []
    if position >= len(values) or any(c.type == "..." for c in (args.children if args else [])):
        return None
    return values[position]


@cache
def _table_packages() -> frozenset[str]:
    return frozenset(q.rpartition(".")[0] for q in k8s_types())


def _table_package(path: str) -> bool:
    """A package of the built-in table (its types are API types)."""
    return path in _table_packages()


def _reaches_api_types(ctx: FileContext) -> bool:
    """Whether the package declares API types (embedding ObjectMeta) or the
    file imports a package of its module that does."""
    local = any(
        f.embedded and f.type_text.endswith("ObjectMeta")
        for t in ctx.package.types.values()
        for f in t.fields
    )
    return local or _imports_api_package(ctx)


def _imports_api_package(ctx: FileContext) -> bool:
    """Whether the file imports another package of its module that declares
    an API type (the only way it can reach a project's CRD types)."""
    project = ctx.package.module_path
    if not project or f'"{project}/'.encode() not in ctx.file.data:
        return False
    module = find_module(Path(ctx.package.directory or "."))
    if module is None:
        return False
    for path in ctx.package.imports.get(ctx.path, {}).values():
        if path.startswith(project + "/"):
            package = _project_package(module.root.joinpath(*path[len(project) + 1 :].split("/")))
            if package is not None and _api_package(package):
                return True
    return False


def _api_package(package: idx.PackageIndex) -> bool:
    """A package that declares an API type (a struct embedding ObjectMeta): its
    structs are decoded from the API server, so their maps can be nil."""
    return any(
        f.embedded and f.type_text.lstrip("*").endswith(".ObjectMeta")
        for t in package.types.values()
        for f in t.fields
    )


def _is_pointer_param(a: _Analysis, name: str, at: tree_sitter.Node) -> bool:
    for func in _enclosing_funcs(at):
        for field in ("parameters", "receiver"):
            plist = func.child_by_field_name(field)
            if plist is None:
                continue
            for decl in plist.named_children:
                names = [a.text(n) for n in decl.children_by_field_name("name")]
                type_node = decl.child_by_field_name("type")
                if name in names and type_node is not None:
                    return a.text(type_node).startswith("*")
    return False
