"""Method sets of interface types, and type assertions back to a concrete type.

A value that leaves its function only as an interface (``func NewFake()
Cache { return &cache{} }``) can be used, by callers that do not assert it
back to its concrete type, only through the interface's methods. The method
sets come from :data:`~gofixmap.codemod.declarations.DECLARATIONS`: the
package's own, or those of an imported package (another package of the
module, or a dependency read from the module cache or ``vendor/``), embedded
interfaces included. ``None`` means unknown (not an interface, a type set
constraint, a declaration that could not be read): callers then assume any
method can be called.

Whether some code asserts a value back to a concrete type reads the other
packages of the module for an exported type: the module fact ``ASSERTED``,
each type's answer found once per module per run.
"""

from __future__ import annotations

import re

from gofixmap.codemod import source as src
from gofixmap.codemod.declarations import DECLARATIONS, Declarations, split_qualified
from gofixmap.codemod.facts import ModuleFact, ModulePass, Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

_METHOD = re.compile(r"([A-Za-z_]\w*)\s*\(")
_EMPTY = frozenset[str]()


def method_set(pkg: Pass, file: src.SourceFile, type_text: str) -> frozenset[str] | None:
    """The method names of the interface ``type_text`` as written in ``file``."""
    text = type_text.strip()
    if text in ("any", "interface{}"):
        return _EMPTY
    if text == "error":
        return frozenset({"Error"})
    own = pkg.fact(DECLARATIONS)
    if re.fullmatch(r"[A-Za-z_]\w*", text):
        return _named(pkg, own, own.import_path, text, 0)
    match = re.fullmatch(r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)", text)
    if match is None:
        return None
    path = pkg.package.imports.get(file.path, {}).get(match.group(1))
    if path is None:
        return None
    return _named(pkg, own, path, match.group(2), 0)


def _declarations(pkg: Pass, own: Declarations, path: str) -> Declarations | None:
    if path == own.import_path:
        return own
    other = pkg.dependency(path)
    return other.fact(DECLARATIONS) if other is not None else None


def _named(pkg: Pass, own: Declarations, path: str, name: str, depth: int) -> frozenset[str] | None:
    decls = _declarations(pkg, own, path)
    info = decls.types.get(name) if decls is not None else None
    if info is None or info.generic or depth > 8:
        return None
    if info.kind == "alias":
        return _qualified(pkg, own, info.type_text, depth + 1)
    return _parse(pkg, own, info.type_text, depth)


def _qualified(pkg: Pass, own: Declarations, text: str, depth: int) -> frozenset[str] | None:
    text = text.strip()
    if text == "error":
        return frozenset({"Error"})
    if text in ("any", "interface {}", "interface{}"):
        return _EMPTY
    found = split_qualified(text)
    if found is None:
        return None
    return _named(pkg, own, found[0], found[1], depth + 1)


def _parse(pkg: Pass, own: Declarations, text: str, depth: int) -> frozenset[str] | None:
    """``interface { M(...) T; io.Reader; }`` (DECLARATIONS' form)."""
    text = text.strip()
    if not text.startswith("interface") or not text.endswith("}"):
        return None
    body = text[len("interface") :].strip()[1:-1]
    names: set[str] = set()
    for element in _elements(body):
        match = _METHOD.match(element)
        if match is not None:
            names.add(match.group(1))
            continue
        embedded = _qualified(pkg, own, element, depth)
        if embedded is None:
            return None  # a type set, or an interface we cannot read
        names |= embedded
    return frozenset(names)


def _elements(body: str) -> list[str]:
    result: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(body):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";" and depth == 0:
            result.append(body[start:i].strip())
            start = i + 1
    tail = body[start:].strip()
    if tail:
        result.append(tail)
    return [e for e in result if e]


class Asserted:
    """Type assertions back to a concrete type, in a package and, for an
    exported type, in the whole module."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, bool], bool] = {}

    @property
    def files(self) -> tuple[str, ...]:
        """The module's .go files (listed when first needed)."""
        return self._module.fact(MODULE_FILES)

    def of(self, index: PackageIndex, type_name: str, with_tests: bool) -> bool:
        """Some code asserts a value back to the concrete type ``type_name``
        of the package ``index`` (``v.(*T)``, ``case *T:``): in the package,
        and for an exported type in the whole module. Test files count only
        ``with_tests``."""
        own = re.compile(
            rb"\.\(\s*\*?\s*" + re.escape(type_name.encode()) + rb"\s*\)"
            rb"|\bcase\b[^:\n]*[\s,*]" + re.escape(type_name.encode()) + rb"\b"
        )
        for file in index.files:
            if not with_tests and file.path.endswith("_test.go"):
                continue
            if own.search(file.data):
                return True
        if not type_name[:1].isupper():
            return False
        key = (type_name, with_tests)
        if key not in self._answers:
            self._answers[key] = self._in_module(type_name, with_tests)
        return self._answers[key]

    def _in_module(self, type_name: str, with_tests: bool) -> bool:
        qualified = re.compile(
            rb"\.\(\s*\*?\s*\w+\." + re.escape(type_name.encode()) + rb"\s*\)"
            rb"|\bcase\b[^:\n]*\b\w+\." + re.escape(type_name.encode()) + rb"\b"
        )
        needle = type_name.encode()
        return any(
            needle in data and qualified.search(data)
            for _, data in read_sources(self.files, tests=with_tests)
        )


ASSERTED = ModuleFact("asserted types", Asserted, requires=[MODULE_FILES])
