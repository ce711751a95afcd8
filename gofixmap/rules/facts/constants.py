"""CONSTANTS: what the package's constant declarations say.

- boolean constants (``const debug = false``) and the branches they turn
  into dead code (``dead``);
- ``iota`` blocks, whose constants have distinct values by construction;
- constants with a non-zero value.

Each table is built the first time it is asked for, once per package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.types import TYPES, TypeResolver

_NONZERO_INT = re.compile(r"[1-9][0-9_]*|0[xX][0-9a-fA-F_]*[1-9a-fA-F][0-9a-fA-F_]*")


@dataclass(eq=False)
class Constants:
    package: PackageIndex
    types: TypeResolver
    _booleans: dict[str, bool] | None = None
    _iota: dict[str, str] | None = None
    _nonzero: dict[str, bool] | None = None
    _dead: dict[tuple[str, int], bool] = field(default_factory=dict)

    # -- booleans and dead code

    def booleans(self) -> dict[str, bool]:
        """Package-level constants declared as ``true`` or ``false`` (a name
        declared twice with different values, in build-tagged files, is left
        out)."""
        if self._booleans is None:
            found: dict[str, bool] = {}
            mixed: set[str] = set()
            for file in self.package.files:
                for decl in file.root.named_children:
                    if decl.type != "const_declaration":
                        continue
                    for spec in decl.named_children:
                        if spec.type != "const_spec":
                            continue
                        value = spec.child_by_field_name("value")
                        values = value.named_children if value is not None else []
                        names = spec.children_by_field_name("name")
                        for i, ident in enumerate(names):
                            name = file.text(ident)
                            text = file.text(values[i]) if i < len(values) else ""
                            if text not in ("true", "false"):
                                mixed.add(name)
                                continue
                            if found.get(name, text == "true") != (text == "true"):
                                mixed.add(name)
                            found[name] = text == "true"
            self._booleans = {k: v for k, v in found.items() if k not in mixed}
        return self._booleans

    def value(self, file: SourceFile, cond: Node) -> bool | None:
        """The value of a condition made of package boolean constants, ``!``,
        ``&&`` and ``||``, or None when it is not constant."""
        if cond.type == "parenthesized_expression" and cond.named_children:
            return self.value(file, cond.named_children[0])
        if cond.type in ("true", "false"):
            return cond.type == "true"
        if cond.type == "identifier":
            name = file.text(cond)
            consts = self.booleans()
            if name not in consts or self.types.resolve(file, name, cond) is not None:
                return None
            return consts[name]
        if cond.type == "unary_expression" and file.text(cond).startswith("!"):
            operand = cond.child_by_field_name("operand")
            value = self.value(file, operand) if operand is not None else None
            return None if value is None else not value
        if cond.type == "binary_expression":
            parts = sx.binary(cond)
            if parts is None:
                return None
            op, left, right = parts
            a = self.value(file, left)
            b = self.value(file, right)
            if op.type == "&&":
                if a is False or b is False:
                    return False
                return True if a and b else None
            if op.type == "||":
                if a is True or b is True:
                    return True
                return False if a is False and b is False else None
        return None

    def dead(self, file: SourceFile, node: Node) -> bool:
        """``node`` sits in a branch that never runs: under ``if C`` where
        ``C`` is a package constant false (``const debug = false``), or in the
        ``else`` of a constant true condition."""
        if not self.booleans():
            return False
        current = node
        for parent in sx.ancestors(node):
            if parent.type == "if_statement":
                cond = parent.child_by_field_name("condition")
                if cond is not None and current != cond:
                    value = self.value(file, cond)
                    if value is False and current == parent.child_by_field_name("consequence"):
                        return True
                    if value is True and current == parent.child_by_field_name("alternative"):
                        return True
            current = parent
        return False

    # -- iota blocks and non-zero constants

    def iota_blocks(self) -> dict[str, str]:
        """Constants with distinct values by construction: ``a = iota``
        followed by implicit single-name specs. Name → where the block is."""
        if self._iota is None:
            table: dict[str, str] = {}
            duplicates: set[str] = set()
            for f in self.package.files:
                for decl in src.of_types(f.root, ("const_declaration",)):
                    specs = [c for c in decl.named_children if c.type == "const_spec"]
                    names = [spec.children_by_field_name("name") for spec in specs]
                    first = specs[0].child_by_field_name("value") if specs else None
                    if first is None or sx.norm(f.text(first)) != "iota":
                        continue
                    if any(len(n) != 1 for n in names) or any(
                        spec.child_by_field_name("value") is not None
                        or spec.child_by_field_name("type")
                        for spec in specs[1:]
                    ):
                        continue
                    if specs[0].child_by_field_name("type") is not None:
                        continue
                    for n in names:
                        name = f.text(n[0])
                        if name in table:
                            duplicates.add(name)  # build-tagged files declaring it twice
                        table[name] = f"{f.path}:{decl.start_byte}"
            for name in duplicates:
                del table[name]
            table.pop("_", None)
            self._iota = table
        return self._iota

    def nonzero(self, name: str) -> bool:
        """``name`` is a constant of the package with a non-zero value
        (``looping T = 1 + iota``, ``b`` after ``a = iota``, ``x = 3``)."""
        if self._nonzero is None:
            self._nonzero = nonzero_constants(self.package)
        return self._nonzero.get(name, False)

    @staticmethod
    def is_nonzero_literal(text: str) -> bool:
        return _NONZERO_INT.fullmatch(text) is not None


def nonzero_constants(package: PackageIndex) -> dict[str, bool]:
    """Whether each package-level constant of ``package`` has a non-zero
    value: a non-zero integer literal, a non-empty string literal, a later
    ``iota``, ``1 + iota``; read from the declarations alone, so it serves
    for an imported package's constants (``common.DefaultServer``) too."""
    table: dict[str, bool] = {}
    for f in package.files:
        for decl in src.of_types(f.root, ("const_declaration",)):
            expr = ""
            specs = [c for c in decl.named_children if c.type == "const_spec"]
            for i, spec in enumerate(specs):
                value = spec.child_by_field_name("value")
                if value is not None:
                    expr = sx.norm(f.text(value))
                implicit = value is None
                nonzero = (
                    (not implicit and _NONZERO_INT.fullmatch(expr) is not None)
                    or (not implicit and re.fullmatch(r'"[^"]+"', expr) is not None)
                    or (expr == "iota" and i > 0)
                    or expr in ("1+iota", "iota+1", "1<<iota")
                )
                names = [f.text(n) for n in spec.children_by_field_name("name")]
                for n in names:
                    table[n] = bool(nonzero) and len(names) == 1
    return table


def _produce(pkg: Pass) -> Constants:
    return Constants(pkg.package, pkg.fact(TYPES))


CONSTANTS: Fact[Constants] = Fact("constants", _produce, (TYPES,))


NONZERO_CONSTANTS: Fact[dict[str, bool]] = Fact(
    "nonzero-constants",
    lambda pkg: nonzero_constants(pkg.package),
    (),
    from_source=True,
    doc="package constants with a non-zero value, for the packages that import it",
)
