"""Package-level maps of other packages: a package variable is one object for
the whole program, whichever package names it. ``conf.Enabled[n] = true`` in
package ``sched`` writes the same map as ``Enabled[n] = true`` in package
``conf``, so goroutines that ``sched`` starts share it as they share a map
variable of ``sched`` itself.

- ``MAP_VARS`` (exported, from source): the exported package-level
  variables of a package that hold a map (declared with a map type, a named
  map type of the package, or made by their initialiser: ``var X =
  map[K]V{}``, ``var X = make(map[K]V)``);
- :func:`imported_maps`: the maps of other packages (of the module or of a
  dependency whose source can be read; not the standard library) that a
  package writes (``pkg.X[k] = v``, ``delete(pkg.X, k)``) in its functions
  (not in ``init``: that runs before any goroutine), with every use the
  package makes of them there. ``pkg`` is an import's name where it is not
  declared again (a local ``conf := ...`` shadows the import: ``conf.X`` is
  then a field). A field of a struct literal that defines a local, ``c :=
  getter.Client{Getters: getter.Getters}``, holds the map itself: the
  function's ``c.Getters`` selectors are uses of it too, unless ``c`` or
  ``c.Getters`` is assigned again (or its address taken) there.

Only this package's accesses are known: the others are made in the packages
that declare or import the variable, which report what their own goroutines
do to it. The map's :class:`~.localmaps.SharedMap` has kind ``global``, the
selector as the package writes it as its name (``conf.Enabled``) and the
import path in ``path``.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.imports import is_std
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.localmaps import SharedMap, map_value_of
from gofixmap.rules.facts.locks import Access, access_kind
from gofixmap.rules.facts.scopes import resolve


def _produce(pkg: Pass) -> frozenset[str]:
    index = pkg.package
    found: set[str] = set()
    for name, var in index.vars.items():
        if not name[:1].isupper():
            continue  # another package cannot name it
        if var.type_text:
            if index.underlying(var.type_text, var.file).startswith("map["):
                found.add(name)
        elif map_value_of(var.value, var.file):
            found.add(name)
    return frozenset(found)


MAP_VARS: Fact[frozenset[str]] = Fact(
    "map-vars",
    _produce,
    (),
    from_source=True,
    doc="exported package-level variables that hold a map",
)


def _map_vars(pkg: Pass, path: str) -> frozenset[str]:
    """The exported map variables of the package ``path`` (none when its
    source cannot be read)."""
    other = pkg.dependency(path)
    if other is None:
        return frozenset()
    try:
        return other.fact(MAP_VARS)
    except UndeclaredFact:
        return frozenset()


def imported_maps(
    pkg: Pass,
    index: PackageIndex,
    access: Callable[[SourceFile, Node], Access],
    dead: Callable[[SourceFile, Node], bool],
) -> list[SharedMap]:
    """The package variables of other packages that this package writes as
    maps in its functions, with this package's accesses (``access`` makes
    one; ``dead`` tells code that never runs)."""
    # (import path, variable) -> its selectors, in function then source order
    uses: dict[tuple[str, str], list[tuple[SourceFile, Node]]] = {}
    written: set[tuple[str, str]] = set()
    aliases: set[int] = set()  # ``c.F`` selectors of a literal's copy (a local ``c``)
    for key, decl in index.funcs.items():
        body = decl.body
        names = index.imports.get(decl.file.path)
        if key.startswith("init#") or body is None or not names:
            continue
        file = decl.file
        for node in src.of_types(body, ("selector_expression",)):
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None or operand.type != "identifier":
                continue
            name = file.text(field)
            path = names.get(file.text(operand))
            if path is None or not name[:1].isupper() or is_std(path):
                continue
            uses.setdefault((path, name), []).append((file, node))
            if access_kind(file, node)[0] == "write":
                written.add((path, name))
            for alias in _literal_aliases(index, file, node, body):
                aliases.add(alias.id)
                uses[(path, name)].append((file, alias))
                if access_kind(file, alias)[0] == "write":
                    written.add((path, name))
    result: list[SharedMap] = []
    for path, name in sorted(written):
        if name not in _map_vars(pkg, path):
            continue
        sm: SharedMap | None = None
        for file, node in uses[(path, name)]:
            operand = node.child_by_field_name("operand")
            if operand is None or (
                node.id not in aliases
                and resolve(index, file, file.text(operand), operand) is not None
            ):
                continue  # a local that shadows the import
            if dead(file, node):
                continue
            if sm is None:
                sm = SharedMap("global", file.text(node), path=path)
            sm.accesses.append(access(file, node))
        if sm is not None and any(a.is_write for a in sm.accesses):
            result.append(sm)
    return result


def _literal_aliases(index: PackageIndex, file: SourceFile, node: Node, body: Node) -> list[Node]:
    """``c.F`` selectors of the function, when ``node`` (``pkg.X``) is the
    value of field ``F`` of the composite literal that defines the local
    ``c`` (``c := T{F: pkg.X}``, ``c := &T{F: pkg.X}``): the literal copies
    the map's reference, so ``c.F[k] = v`` writes ``pkg.X`` itself. Not
    when the function assigns ``c`` or ``c.F`` again (or takes ``&c.F``)."""
    element = node.parent
    if element is not None and element.type == "literal_element":
        element = element.parent
    if element is None or element.type != "keyed_element":
        return []
    parts = [c for c in element.named_children if c.type != "comment"]
    if len(parts) != 2 or parts[1] not in (node, node.parent):
        return []
    key = parts[0]
    if key.type == "literal_element" and key.named_children:
        key = key.named_children[0]
    if key.type not in ("field_identifier", "identifier"):
        return []
    field = file.text(key)
    literal = element.parent.parent if element.parent is not None else None
    if literal is None or literal.type != "composite_literal":
        return []
    value = literal.parent
    if value is not None and value.type == "unary_expression" and file.text(value).startswith("&"):
        value = value.parent
    if value is None or value.type != "expression_list":
        return []
    decl = value.parent
    if decl is None or decl.type != "short_var_declaration":
        return []
    left = decl.child_by_field_name("left")
    if left is None or len(left.named_children) != 1 or len(value.named_children) != 1:
        return []
    local = file.text(left.named_children[0])
    found: list[Node] = []
    for other in src.of_types(body, ("selector_expression",)):
        operand = other.child_by_field_name("operand")
        name = other.child_by_field_name("field")
        if (
            operand is None
            or name is None
            or operand.type != "identifier"
            or file.text(operand) != local
            or other.start_byte < decl.end_byte
        ):
            continue
        binding = resolve(index, file, local, operand)
        if binding is None or binding.node != decl:
            continue
        if _reassigned(file, operand) or (file.text(name) == field and _reassigned(file, other)):
            return []
        if file.text(name) == field:
            found.append(other)
    return found


def _reassigned(file: SourceFile, node: Node) -> bool:
    """``node`` is assigned (``x = ...``, ``x.F = ...``) or its address taken."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and file.text(parent).startswith("&"):
        return True
    if parent.type == "expression_list":
        holder = parent.parent
        return (
            holder is not None
            and holder.type == "assignment_statement"
            and holder.child_by_field_name("left") == parent
        )
    return False
