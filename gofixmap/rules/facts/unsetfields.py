"""UNSET_FIELDS: the unexported fields of the package's struct types that no
code of the package ever sets.

Go lets only the declaring package name an unexported field: another
package can neither assign it, nor key it in a composite literal, nor take
its address, and the reflection-based decoders (encoding/json, gob, yaml,
mapstructure) skip unexported fields. So when no code of the package (its
test files included) assigns ``x.f``, keys ``f:`` in a literal, takes
``&x.f``, or builds the struct with an unkeyed literal, ``f`` holds its zero
value in every value of the type: a map field is nil for the whole run, and
a write into it panics wherever it runs.

The test is by field name, whatever the type: an assignment to a field of
the same name of another struct counts as setting it (the answer errs
towards "set").

Computed once per package, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile

_KINDS = (
    "assignment_statement",
    "range_clause",
    "unary_expression",
    "keyed_element",
    "composite_literal",
)


@dataclass(eq=False)
class UnsetFields:
    """The value of UNSET_FIELDS."""

    package: PackageIndex
    _set: frozenset[str] | None = None
    _positional: frozenset[str] | None = None

    def unset(self, owner: str, field: str) -> bool:
        """The unexported field ``field`` of the package struct ``owner`` is
        never set by the package: it holds its zero value in every value."""
        if not field[:1].islower():
            return False
        if self.package.field_of(owner, field) is None:
            return False
        if self._set is None:
            self._scan()
        assert self._set is not None and self._positional is not None
        return field not in self._set and owner not in self._positional

    def _scan(self) -> None:
        named: set[str] = set()
        positional: set[str] = set()
        for file in self.package.files:
            for node in src.of_types(file.root, _KINDS):
                _setters(file, node, named, positional)
        self._set = frozenset(named)
        self._positional = frozenset(positional)


def _field_of(file: SourceFile, node: Node) -> str | None:
    """``f`` of a selector ``x.f`` (through parentheses)."""
    node = sx.unparen(node)
    if node.type != "selector_expression":
        return None
    field = node.child_by_field_name("field")
    return file.text(field) if field is not None else None


def _setters(file: SourceFile, node: Node, named: set[str], positional: set[str]) -> None:
    """Record the field names ``node`` sets, or the struct it builds by position."""
    if node.type in ("assignment_statement", "range_clause"):
        left = node.child_by_field_name("left")
        for target in left.named_children if left is not None else ():
            name = _field_of(file, target)
            if name is not None:
                named.add(name)
    elif node.type == "unary_expression":
        operand = node.child_by_field_name("operand")
        if file.text(node).startswith("&") and operand is not None:
            name = _field_of(file, operand)
            if name is not None:
                named.add(name)
    elif node.type == "keyed_element":
        key = node.named_children[0] if node.named_children else None
        if key is not None and key.type == "literal_element" and key.named_children:
            key = key.named_children[0]
        if key is not None and key.type in ("identifier", "field_identifier"):
            named.add(file.text(key))
    else:  # composite_literal
        body = node.child_by_field_name("body")
        type_node = node.child_by_field_name("type")
        if body is None or type_node is None:
            return
        text = file.text(type_node)
        if _unkeyed(body):
            positional.add(text.rsplit(".", 1)[-1].split("[", 1)[0])
        for inner in src.of_types(body, ("literal_value",)):
            if inner.parent is not None and inner.parent.type == "composite_literal":
                continue
            if _unkeyed(inner):
                # an element literal with its type elided (``[]T{{a, b}}``):
                # any name of the outer type may be the element's
                positional.update(re.findall(r"\w+", text))


def _unkeyed(body: Node) -> bool:
    elements = [c for c in body.named_children if c.type != "comment"]
    return bool(elements) and any(c.type != "keyed_element" for c in elements)


def _produce(pkg: Pass) -> UnsetFields:
    return UnsetFields(pkg.package)


UNSET_FIELDS: Fact[UnsetFields] = Fact("unset-fields", _produce, ())
