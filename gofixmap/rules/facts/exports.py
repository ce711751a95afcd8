"""EXPORTED_TYPES: what a package tells the packages that import it about its
map-holding types (an exported fact, go/analysis style).

Computed from the package's :data:`~gofixmap.codemod.declarations.DECLARATIONS`
(qualified type texts), so it is the same for a package of the run and for a
dependency read from the module cache or ``vendor/``
(:class:`~gofixmap.codemod.declarations.DependencyLoader`, cached on disk per
module version):

- ``structs``: each struct type as the built-in table of Kubernetes types
  describes one (``rules/data/k8s_map_fields.json``): ``maps`` (field → its
  map type: a map type literal, or a named map type of the package),
  ``fields`` (field → the struct type it holds, ``*``, ``[]`` kept),
  ``embeds`` (embedded struct types, whose fields are promoted);
- ``named_maps``: named types of the package whose underlying type is a map
  (``type ResourceList map[ResourceName]resource.Quantity``), aliases included;
- ``aliases``: types declared as another named type (``type Options =
  manager.Options``, ``type Options manager.Options``): name → the qualified
  type on the right. An alias is that type, and a defined type has its
  underlying type, so a struct's fields are the right-hand struct's fields;
- ``api``: whether the package declares an API type (a struct embedding
  ``metav1.ObjectMeta``): its objects come from the API server, decoded,
  without the maps it left out.

:func:`dependency_types` is how a rule asks for a type of another package: the
entry from the dependency's source when it can be read, else ``None``, so
the rule can fall back on its built-in table (and say so with
``Pass.used_builtin``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from gofixmap.codemod.declarations import DECLARATIONS, Declarations, split_qualified
from gofixmap.codemod.facts import Fact, Pass

META = "k8s.io/apimachinery/pkg/apis/meta/v1"
OBJECT_META = META + ".ObjectMeta"

# a qualified name in a qualified type text: <import path>.<Name>
_QUALIFIED = re.compile(r"\b(\w[\w\-~/.]*)\.([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Entry:
    """A struct type as the rules see it: its map fields (field → map type:
    a map type literal, or a qualified named map type), its other fields
    (field → type, ``*`` and ``[]`` kept) and its embedded structs, whose
    fields are promoted. Types are qualified (``<import path>.<Name>``)."""

    maps: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)
    embeds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportedTypes:
    import_path: str
    structs: Mapping[str, Entry] = field(default_factory=dict)  # by type name
    named_maps: Mapping[str, str] = field(default_factory=dict)  # name -> map type
    api: bool = False
    aliases: Mapping[str, str] = field(default_factory=dict)  # name -> qualified type
    # every type the package declares (interfaces too): ``pkg.I(x)`` converts
    names: frozenset[str] = frozenset()


def _underlying_map(decls: Declarations, text: str, depth: int = 0) -> str | None:
    """The map type of ``text`` when it is one, through the package's named types."""
    text = text.strip()
    if text.startswith("map["):
        return text
    found = split_qualified(text)
    if found is None or found[0] != decls.import_path or depth > 8:
        return None
    decl = decls.types.get(found[1])
    if decl is None or decl.kind == "struct" or decl.generic:
        return None
    return _underlying_map(decls, decl.type_text, depth + 1)


def exported_types(decls: Declarations) -> ExportedTypes:
    named_maps: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for name, decl in decls.types.items():
        if decl.kind != "struct" and not decl.generic:
            underlying = _underlying_map(decls, decl.type_text)
            if underlying is not None:
                named_maps[name] = underlying
            elif split_qualified(decl.type_text) is not None:
                aliases[name] = decl.type_text.strip()
    structs: dict[str, Entry] = {}
    api = False
    for name, decl in decls.types.items():
        if decl.kind != "struct" or decl.generic:
            continue
        maps: dict[str, str] = {}
        fields: dict[str, str] = {}
        embeds: list[str] = []
        for fname, ftext, embedded in decl.fields:
            if embedded:
                target = ftext.lstrip("*")
                embeds.append(target)
                api = api or target == OBJECT_META
                continue
            if _underlying_map(decls, ftext) is not None:
                maps[fname] = ftext  # as declared: the named type when it has one
            else:
                fields[fname] = ftext
        structs[name] = Entry(maps, fields, tuple(embeds))
    return ExportedTypes(
        decls.import_path, structs, named_maps, api, aliases, frozenset(decls.types)
    )


def _produce(pkg: Pass) -> ExportedTypes:
    return exported_types(pkg.fact(DECLARATIONS))


EXPORTED_TYPES: Fact[ExportedTypes] = Fact(
    "exported-types", _produce, (DECLARATIONS,), exported=True
)


def dependency_types(pkg: Pass, import_path: str) -> ExportedTypes | None:
    """The exported types of the package ``import_path`` that ``pkg`` imports,
    or ``None`` when its sources cannot be read (use built-in knowledge)."""
    other = pkg.dependency(import_path)
    return other.fact(EXPORTED_TYPES) if other is not None else None


def render(qualified_text: str, local_names: Mapping[str, str], own: str = "") -> str | None:
    """A qualified type text as a file writes it: each ``<path>.<Name>``
    becomes ``<local name>.<Name>`` for the file's imports (a type of the
    file's own package ``own`` loses its qualifier); ``None`` when the file
    does not import a package the text names."""
    missing = False

    def local(match: re.Match[str]) -> str:
        nonlocal missing
        path, name = match.group(1), match.group(2)
        if own and path == own:
            return name
        found = local_names.get(path)
        if found is None:
            missing = True
            return match.group(0)
        return f"{found}.{name}"

    text = _QUALIFIED.sub(local, qualified_text)
    return None if missing else text
