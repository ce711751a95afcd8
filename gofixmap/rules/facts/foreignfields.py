"""Map fields of another package's struct that its own package guards with
the struct's mutex, accessed in this package (MR002 across packages).

Go lets any package that imports ``ipam`` name an exported field of an
exported type, ``sub.IPToPod``, whatever its package does to keep that map
consistent. When package ``ipam`` writes ``IPToPod`` only while it holds
the ``Subnet``'s mutex (in a method that may run on any goroutine, not in
one that runs only on a value its constructor has not returned yet), its
values are shared between goroutines and the map is written while others
may read it; an access from another package without that mutex races with
those writes (``concurrent map iteration and map write``). Such a package
cannot even take the lock when the mutex field is unexported: a name
starting with a lower-case letter is not accessible outside its package
(Go spec, Exported identifiers). An exported mutex (``Mu``, or an embedded
``sync.Mutex``, whose field name ``Mutex`` is exported) it can take, and
then the access is made under it, which the importer's lock flow says.

- ``GUARDED_FIELDS`` (exported, from source): per ``T.F``, the exported map
  field ``F`` of a struct ``T`` of the package that the package's methods
  write under ``T``'s guarding mutex (:meth:`.shared.SharedMaps.guarding_mutex`)
  outside the methods that run only on a value not shared yet
  (:func:`.callerlocks.constructing_methods`), and outside tests and test
  helpers: the mutex, and the method and line of such a write.
- :func:`foreign_accesses`: the accesses ``x.F`` of the importing package
  whose operand ``x`` is a ``T``/``*T`` of another package of the module
  with such a field, as the importer's declarations tell ``x``'s type (a
  parameter, receiver, variable or field declared so, a map or slice of
  such values indexed or ranged over, an exported function's or method's
  declared result), with the lock held there not the guarding mutex of
  that very value. Not a value the function itself made and keeps to
  itself so far: a local defined as ``&q.T{...}``, ``q.T{...}`` or
  ``new(q.T)`` and never assigned again (nothing else holds it yet).

Only the packages of the importing module are read (the rule judges the
module's code: a dependency's own tests and users are not its business),
and only for an operand whose type is known; anything else stays silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS, split_qualified
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.callerlocks import constructing_methods, covered
from gofixmap.rules.facts.chains import DependencyStructs
from gofixmap.rules.facts.exports import EXPORTED_TYPES, Entry
from gofixmap.rules.facts.locks import Access, access_kind, is_test_file
from gofixmap.rules.facts.mutexes import locked_by_owner
from gofixmap.rules.facts.shared import SHARED_MAPS, SharedMaps
from gofixmap.rules.facts.types import TypeResolver, split_map
from gofixmap.rules.facts.typetext import element_of

_MAX_DEPTH = 8
_TESTING = ("testing.TB", "*testing.T", "*testing.B", "*testing.F")
_MUTEXES = ("sync.Mutex", "sync.RWMutex", "*sync.Mutex", "*sync.RWMutex")
_LOCAL = re.compile(r"[A-Za-z_]\w*")
_QUALIFIER = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Guard:
    """How the declaring package guards a map field: its struct's ``mutex``
    field (``embedded``: an embedded ``sync.Mutex``/``RWMutex``, locked as
    the value itself), and a method that writes the map under it (``writer``,
    at ``where``: file name and line)."""

    mutex: str
    embedded: bool
    writer: str
    where: str

    @property
    def exported(self) -> bool:
        """Another package can take the lock (an embedded mutex's field name,
        ``Mutex``/``RWMutex``, is exported)."""
        return self.embedded or self.mutex[:1].isupper()


def _produce(pkg: Pass) -> dict[str, Guard]:
    shared = pkg.fact(SHARED_MAPS)
    found: dict[str, Guard] = {}
    for sm in shared.fields():
        if not sm.name[:1].isupper() or not sm.owner[:1].isupper():
            continue  # another package cannot name the field
        mutex = shared.guarding_mutex(sm)
        if mutex is None:
            continue
        building = {key: "w" for key in constructing_methods(shared, sm.owner)}
        for access in sm.accesses:
            if (
                not access.is_write
                or is_test_file(access.file)
                or _test_helper(shared, access)
                or covered(access, shared.method_key(access), building)
                or not locked_by_owner(access, shared.receiver_name(access), mutex)
            ):
                continue
            decl = shared.method_decl(access)
            line = access.site.start_point[0] + 1
            where = f"{access.file.path.rsplit('/', 1)[-1]}:{line}"
            writer = decl.name if decl is not None else sm.owner
            found[f"{sm.owner}.{sm.name}"] = Guard(mutex[0], mutex[2], writer, where)
            break
    return found


GUARDED_FIELDS: Fact[dict[str, Guard]] = Fact(
    "guarded-fields",
    _produce,
    (SHARED_MAPS,),
    from_source=True,
    doc="exported map fields that the package writes under their struct's mutex",
)


def _test_helper(shared: SharedMaps, access: Access) -> bool:
    """In a function that takes a ``testing.TB``: its lock says nothing of
    how production code shares the map."""
    decl = shared.method_decl(access)
    return decl is not None and any(p.type_text.replace(" ", "") in _TESTING for p in decl.params)


@dataclass(frozen=True)
class Foreign:
    """``x.F`` (``access``) without the lock that ``guard`` says guards it;
    ``package`` the declaring package's name, ``owner`` the struct type."""

    access: Access
    guard: Guard
    package: str
    owner: str
    operand: str


def foreign_accesses(pkg: Pass, shared: SharedMaps) -> list[Foreign]:
    """The accesses of the package to map fields of other packages of the
    module that those packages guard with a mutex (see the module), made
    without that mutex."""
    module = pkg.package.module_path
    if not module:
        return []
    resolver = _Qualified(pkg, shared.types)
    found: list[Foreign] = []
    for name, selectors in sorted(shared.selector_table().items()):
        if not name[:1].isupper():
            continue
        for file, node in selectors:
            operand = node.child_by_field_name("operand")
            if operand is None or access_kind(file, node)[0] == "escape":
                continue  # (a map is read or written only at such an operation)
            if sx.enclosing_function(node) is None:
                continue
            qualified = resolver.type_of(file, operand)
            split = split_qualified((qualified or "").lstrip("*").strip())
            if split is None:
                continue
            path, owner = split
            if not resolver.of_module(f"{path}.{owner}"):
                continue  # a dependency's own discipline: not this module's code
            entry = resolver.entry(f"{path}.{owner}")
            if entry is None or name not in entry.maps or not _has_mutex(entry):
                continue
            guard = resolver.guard(path, owner, name)
            if guard is None:
                continue
            access = shared.locks.access(file, node)
            if access.kind == "escape":
                continue
            text = file.text(operand)
            if guard.exported and locked_by_owner(
                access, sx.norm(text), (guard.mutex, "", guard.embedded)
            ):
                continue
            if _fresh(shared.types, file, operand) or _handed_in(shared.types, file, operand):
                continue
            found.append(Foreign(access, guard, resolver.package_name(path), owner, text))
    return found


def _has_mutex(entry: Entry) -> bool:
    """The struct declares a mutex field or embeds one."""
    return any(t.replace(" ", "") in _MUTEXES for t in entry.fields.values()) or any(
        e.lstrip("*") in ("sync.Mutex", "sync.RWMutex") for e in entry.embeds
    )


def _fresh(types: TypeResolver, file: SourceFile, operand: Node) -> bool:
    """``operand`` is a local the function defined as a value it made
    (``&q.T{...}``, ``q.T{...}``, ``new(q.T)``) and never assigns again:
    no other goroutine holds that value yet."""
    operand = sx.unparen(operand)
    if operand.type != "identifier":
        return False
    name = file.text(operand)
    binding = types.resolve(file, name, operand)
    if binding is None or binding.kind not in ("short", "var") or binding.value is None:
        return False
    value = sx.unparen(binding.value)
    made = sx.composite_literal(value) is not None
    if value.type == "call_expression":
        made = sx.call_parts(file, value) == ("", "new")
    if not made or binding.function is None:
        return False
    for stmt in sx.nodes(binding.function, ("assignment_statement",), closures=True):
        left = stmt.child_by_field_name("left")
        if left is not None and any(file.text(t) == name for t in left.named_children):
            return False
    return True


def _handed_in(types: TypeResolver, file: SourceFile, operand: Node) -> bool:
    """``operand`` is (reached from) a parameter of a func literal handed to
    a call (``sub.Visit(func(s *ipam.Subnet) { ... s.IPToPod ... })``): the
    value comes from whoever calls the literal, which may hold its lock
    around the call."""
    root: Node | None = sx.unparen(operand)
    while root is not None and root.type in ("selector_expression", "index_expression"):
        root = root.child_by_field_name("operand")
        root = sx.unparen(root) if root is not None else None
    if root is None or root.type != "identifier":
        return False
    binding = types.resolve(file, file.text(root), root)
    func = binding.function if binding is not None else None
    if binding is None or binding.kind != "param" or func is None:
        return False
    holder = func.parent
    return func.type == "func_literal" and holder is not None and holder.type == "argument_list"


class _Qualified:
    """The qualified type (``<import path>.<Name>``, ``*`` and map and slice
    types kept) of an expression of the package, through the declarations of
    the packages it imports where its own index cannot tell."""

    def __init__(self, pkg: Pass, types: TypeResolver) -> None:
        self.pkg = pkg
        self.types = types
        self.module = pkg.package.module_path
        self.deps = DependencyStructs(pkg)
        self._guards: dict[str, dict[str, Guard]] = {}
        self._names: dict[str, str] = {}

    def entry(self, qualified: str) -> Entry | None:
        found = self.deps.qualified(qualified)
        return found[1] if found is not None else None

    def guard(self, path: str, owner: str, name: str) -> Guard | None:
        if path not in self._guards:
            other = self.pkg.dependency(path)
            try:
                self._guards[path] = other.fact(GUARDED_FIELDS) if other is not None else {}
            except UndeclaredFact:  # (its sources cannot be read)
                self._guards[path] = {}
        return self._guards[path].get(f"{owner}.{name}")

    def package_name(self, path: str) -> str:
        if path not in self._names:
            other = self.pkg.dependency(path)
            name = other.fact(DECLARATIONS).name if other is not None else ""
            self._names[path] = name or path.rsplit("/", 1)[-1]
        return self._names[path]

    def qualify(self, file: SourceFile, text: str) -> str:
        """``text`` as written in ``file`` with each ``q.Name`` of an import
        ``q`` of the file made ``<path>.Name``."""
        imports = self.types.package.imports.get(file.path, {})

        def one(match: re.Match[str]) -> str:
            path = imports.get(match.group(1))
            return f"{path}.{match.group(2)}" if path is not None else match.group(0)

        return _QUALIFIER.sub(one, text)

    def type_of(self, file: SourceFile, expr: Node, depth: int = 0) -> str | None:
        if depth > _MAX_DEPTH:
            return None
        expr = sx.unparen(expr)
        kind = expr.type
        if kind == "identifier":
            return self._identifier(file, expr, depth)
        if kind == "selector_expression":
            return self._selector(file, expr, depth)
        if kind == "index_expression":
            operand = expr.child_by_field_name("operand")
            base = self.type_of(file, operand, depth + 1) if operand is not None else None
            return self._element(base, 1)
        if kind == "unary_expression":
            operator = expr.child_by_field_name("operator")
            operand = expr.child_by_field_name("operand")
            if operator is None or operand is None:
                return None
            inner = self.type_of(file, operand, depth + 1)
            if inner is None:
                return None
            if file.text(operator) == "&":
                return "*" + inner
            if file.text(operator) == "*" and inner.startswith("*"):
                return inner[1:]
            return None
        if kind == "composite_literal":
            type_node = expr.child_by_field_name("type")
            return self.qualify(file, file.text(type_node)) if type_node is not None else None
        if kind == "call_expression":
            return self._result(file, expr, 0, depth)
        return None

    def _identifier(self, file: SourceFile, expr: Node, depth: int) -> str | None:
        binding = self.types.resolve(file, file.text(expr), expr)
        if binding is None:
            return None
        if binding.type_text:
            where = file
            if binding.kind == "package":
                var = self.types.package.vars.get(binding.name)
                where = var.file if var is not None else file
            return self.qualify(where, binding.type_text)
        if binding.kind == "package":
            return None
        if binding.value is not None:
            return self.type_of(file, binding.value, depth + 1)
        node = binding.node
        if binding.kind == "range":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            names = left.named_children if left is not None else []
            position = next((i for i, n in enumerate(names) if n == binding.name_node), -1)
            over = self.type_of(file, right, depth + 1) if right is not None else None
            if over is None or position < 0:
                return None
            return self._element(over, position)
        if binding.kind == "short":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            names = left.named_children if left is not None else []
            rights = right.named_children if right is not None else []
            position = next((i for i, n in enumerate(names) if n == binding.name_node), -1)
            if len(rights) != 1 or position < 0:
                return None
            value = sx.unparen(rights[0])
            if value.type == "index_expression":
                return self.type_of(file, value, depth + 1) if position == 0 else None
            if value.type == "call_expression":
                return self._result(file, value, position, depth)
        return None

    def _selector(self, file: SourceFile, expr: Node, depth: int) -> str | None:
        operand = expr.child_by_field_name("operand")
        field = expr.child_by_field_name("field")
        if operand is None or field is None:
            return None
        name = file.text(field)
        if operand.type == "identifier" and self._is_import(file, operand):
            return None  # another package's variable: not in its declarations
        base = self.type_of(file, operand, depth + 1)
        if base is None:
            return None
        bare = base.lstrip("*").strip()
        if _LOCAL.fullmatch(bare):
            # a struct of this package: its declared field
            local = self.types.field(bare, name)
            if local is None:
                return None
            struct = self.types.local_struct(bare)
            where = self.types.struct_decl_file(struct) if struct is not None else None
            return self.qualify(where or file, local.type_text)
        if not self.of_module(bare):
            return None  # (only the module's own structs are read)
        found = self.deps.qualified(bare)
        if found is None:
            return None
        return _member(self.deps, found[1], name)

    def of_module(self, qualified: str) -> bool:
        """``qualified`` names a type of a package of the module."""
        split = split_qualified(qualified)
        path = split[0] if split is not None else ""
        return bool(self.module) and (path == self.module or path.startswith(self.module + "/"))

    def _is_import(self, file: SourceFile, ident: Node) -> bool:
        name = file.text(ident)
        if name not in self.types.package.imports.get(file.path, {}):
            return False
        return self.types.resolve(file, name, ident) is None

    def _element(self, type_text: str | None, position: int) -> str | None:
        """Of a map: its key (0) or value (1); of a slice or array: its index
        (0) or element (1); through another package's named map type."""
        if type_text is None:
            return None
        text = type_text.strip()
        split = split_qualified(text)
        if _LOCAL.fullmatch(text):  # a named type of the package
            decl = self.types.package.types.get(text)
            if decl is not None and not decl.is_struct and not decl.type_params:
                text = self.qualify(decl.file, decl.type_text)
        elif split is not None and self.of_module(text):
            other = self.pkg.dependency(split[0])
            text = other.fact(EXPORTED_TYPES).named_maps.get(split[1], text) if other else text
        parts = split_map(text)
        if parts is not None:
            return parts[position] if position < 2 else None
        if position == 1 and text.lstrip("*").startswith("["):
            return element_of(text)
        return None

    def _result(self, file: SourceFile, call: Node, position: int, depth: int) -> str | None:
        """Result ``position`` of ``q.F(...)`` or ``x.M(...)`` (``x`` a value
        of another package's type), as the callee's package declares it."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return None
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None:
            return None
        if operand.type == "identifier" and self._is_import(file, operand):
            path = self.types.package.imports.get(file.path, {}).get(file.text(operand))
            key = file.text(field)
        else:
            base = self.type_of(file, operand, depth + 1)
            split = split_qualified((base or "").lstrip("*").strip())
            if split is None:
                return None
            path, key = split[0], f"{split[1]}.{file.text(field)}"
        if path is None or not self.of_module(f"{path}.{key.split('.')[0]}"):
            return None
        other = self.pkg.dependency(path)
        info = other.fact(DECLARATIONS).funcs.get(key) if other is not None else None
        if info is None or position >= len(info.results):
            return None
        return info.results[position]


def _member(deps: DependencyStructs, entry: Entry, name: str, depth: int = 0) -> str | None:
    """The qualified type of field ``name`` of a struct of another package,
    promoted fields of embedded structs included."""
    if name in entry.maps:
        return entry.maps[name]
    if name in entry.fields:
        return entry.fields[name]
    if depth > 4:
        return None
    for embedded in entry.embeds:
        inner = deps.qualified(embedded.lstrip("*"))
        found = _member(deps, inner[1], name, depth + 1) if inner is not None else None
        if found is not None:
            return found
    return None
