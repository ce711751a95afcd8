"""Test support in production files: a function whose every use in the
module is in a ``_test.go`` file.

A helper such as ``func NewFakeCache() Cache { return &cache{} }`` or
``func MakeNItems(n int) []*Item`` lives in a non-test file so that the tests
of several packages can share it, but only tests call it. What it builds is
test data: it argues about a production write no more than a literal in a
``_test.go`` file does (see :func:`.nilpaths.test_reaches`).

The uses are found by name, over the source of the whole module (the
directory of the nearest ``go.mod``, nested modules included, ``vendor/``
and ``testdata/`` left out), comments stripped: every occurrence of the
name outside ``_test.go`` files other than the declaration itself makes the
function production code, and so does having no use at all (an exported
function nobody in the module calls is API for other modules). Methods are
never test support here (a method name is too common to find its calls by
name). Two module facts: ``MODULE_FILES``, the module's ``.go`` files
(listed once per module per run), and ``TEST_ONLY``, whose value answers
each name once per module per run. The search reads the declaring
package's files first and stops at the second production occurrence, so a
name its own package uses costs a few reads; once the searches of a scope
(the module, or a package's directory for an unexported name) have read as
many files as a few passes over it, its word counts are taken once
(:func:`_word_counts`, as long as about 15 passes) and answer each further
name by lookup.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.index import PackageIndex

Node = tree_sitter.Node

_COMMENTS = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)
_SKIPPED_DIRS = frozenset({"vendor", "testdata", "node_modules"})
_TEST_ENTRY = re.compile(r"(Test|Benchmark|Example|Fuzz)([A-Z_]|$)")

_WORD = re.compile(rb"\w+")
_SCANS = 8
"""Passes over a module's files (in files read by its searches) before its
word counts are taken (one pass, as long as about 15, then a lookup per
name)."""

_KEPT = 4  # word counts of this many scopes of a module at a time


def _module_files(module: ModulePass) -> tuple[str, ...]:
    """The .go files of the module (see the module)."""
    found: list[str] = []
    for current, dirs, names in os.walk(module.module.root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith((".", "_")))
        found.extend(os.path.join(current, n) for n in sorted(names) if n.endswith(".go"))
    return tuple(found)


MODULE_FILES = ModuleFact("module files", _module_files)


def read_sources(paths: Iterable[str], *, tests: bool = True) -> Iterator[tuple[str, bytes]]:
    """``(path, bytes)`` of each file of ``paths`` that can be read (one
    that cannot is passed over); without ``tests``, ``_test.go`` files are
    skipped unread."""
    for path in paths:
        if not tests and path.endswith("_test.go"):
            continue
        try:
            data = src.read_regular(path)
        except OSError:
            continue
        yield path, data


class TestOnly:
    """Which plain functions of the module only test code uses (see the
    module): each name answered once."""

    __test__ = False  # (not a pytest class)

    def __init__(self, module: ModulePass) -> None:
        self.root = module.module.root
        self._module = module
        self._answers: dict[tuple[str, str], bool] = {}
        self._read: dict[tuple[str, bool], int] = {}  # files read by the searches of a scope
        self._counts: dict[tuple[str, bool], tuple[Counter[bytes], Counter[bytes]]] = {}
        self._order: tuple[str, list[str]] = ("", [])  # see _package_first

    @property
    def files(self) -> tuple[str, ...]:
        """The module's .go files (listed when first needed)."""
        return self._module.fact(MODULE_FILES)

    def of(self, index: PackageIndex, file: src.SourceFile, func: Node | None) -> bool:
        """``func`` (a node inside a function declaration of ``file``, a
        file of ``index``, a package of this module) belongs to a plain
        function that only test code uses."""
        if file.path.endswith("_test.go") or func is None:
            return False
        outer = sx.outermost_function(func) or func
        if outer.type != "function_declaration":
            return False
        name_node = outer.child_by_field_name("name")
        if name_node is None:
            return False
        name = file.text(name_node)
        if name in ("main", "init") or _TEST_ENTRY.match(name):
            return False
        exported = name[:1].isupper()
        # an unexported function: only the package (and its tests) can use it
        root = self.root if exported else os.path.abspath(index.directory)
        key = (root, name)
        if key not in self._answers:
            if exported:
                paths = self._package_first(os.path.abspath(index.directory))
            else:
                paths = _package_files(root)
            self._answers[key] = self._only_tests_in((root, exported), paths, name)
        return self._answers[key]

    def _package_first(self, directory: str) -> list[str]:
        """The module's files, those of the package in ``directory`` first
        (kept for the package that asks: a package asks for many names)."""
        if self._order[0] != directory:
            self._order = (directory, _package_first(list(self.files), directory))
        return self._order[1]

    def _only_tests_in(self, scope: tuple[str, bool], paths: list[str], name: str) -> bool:
        """:func:`_only_tests`, from the word counts of the files of ``scope``
        (the module or a package: its directory, exported names or not) once
        its searches have read :data:`_SCANS` times as many files as it has."""
        needle = name.encode()
        counts = self._counts.get(scope)
        if counts is None:
            if self._read.get(scope, 0) < _SCANS * len(paths) or not _WORD.fullmatch(needle):
                answer, read = _search(paths, name)
                self._read[scope] = self._read.get(scope, 0) + read
                return answer
            if len(self._counts) >= _KEPT:
                del self._counts[next(iter(self._counts))]  # the oldest
            counts = self._counts[scope] = _word_counts(paths)
        production, tests = counts
        if not _WORD.fullmatch(needle):
            return _only_tests(paths, name)
        return production.get(needle, 0) == 1 and tests.get(needle, 0) > 0


TEST_ONLY = ModuleFact("test-only functions", TestOnly, requires=[MODULE_FILES])


def _package_first(paths: list[str], directory: str) -> list[str]:
    """``paths`` with the files directly in ``directory`` first (the order
    of a search that stops early; the answer is the same in any order)."""
    own = [p for p in paths if os.path.dirname(p) == directory]
    return own + [p for p in paths if os.path.dirname(p) != directory] if own else paths


def _word_counts(paths: list[str]) -> tuple[Counter[bytes], Counter[bytes]]:
    """How often each word occurs in ``paths`` outside comments: in the
    production files, in the ``_test.go`` files. A word is a maximal run of
    ``\\w`` bytes, so a name made of such bytes occurs where
    :func:`_only_tests`' search finds it."""
    production: Counter[bytes] = Counter()
    tests: Counter[bytes] = Counter()
    for path, data in read_sources(paths):
        words = _WORD.findall(_COMMENTS.sub(b"", data))
        (tests if path.endswith("_test.go") else production).update(words)
    return production, tests


def _only_tests(paths: list[str], name: str) -> bool:
    """``name`` occurs once in the production files of ``paths`` (its
    declaration) and at least once in the ``_test.go`` files, comments left
    out."""
    return _search(paths, name)[0]


def _search(paths: list[str], name: str) -> tuple[bool, int]:
    """:func:`_only_tests`, and how many files it read (it stops at the
    second production occurrence)."""
    word = re.compile(rb"(?<![\w])" + re.escape(name.encode()) + rb"(?![\w])")
    production = 0
    tests = 0
    needle = name.encode()
    read = 0
    for path in paths:
        read += 1
        try:
            data = src.read_regular(path)
        except OSError:
            continue
        if needle not in data:
            continue
        count = len(word.findall(_COMMENTS.sub(b"", data)))
        if path.endswith("_test.go"):
            tests += count
        else:
            production += count
            if production > 1:
                return False, read  # the declaration, and a use
    return production == 1 and tests > 0, read


def _package_files(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names if n.endswith(".go")]
