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
name). The answers are cached per module and name for the process; after
a few names a module's word counts are taken once instead of reading every
file for each name (:func:`_word_counts`).
"""

from __future__ import annotations

import os
import re
from collections import Counter

import tree_sitter

from gofixmap.codemod import gomod
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex

Node = tree_sitter.Node

_COMMENTS = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)
_SKIPPED_DIRS = frozenset({"vendor", "testdata", "node_modules"})
_TEST_ENTRY = re.compile(r"(Test|Benchmark|Example|Fuzz)([A-Z_]|$)")

_WORD = re.compile(rb"\w+")
_SCANS = 8
"""Names looked up in a module by reading its files before its word counts
are taken (one pass, as long as about 15 scans, then a lookup per name)."""

_cache: dict[tuple[str, str], bool] = {}
_asked: dict[tuple[str, bool], int] = {}
_counts: dict[tuple[str, bool], tuple[Counter[bytes], Counter[bytes]]] = {}
_KEPT = 4  # word counts of this many scopes at a time (a batch scans many modules)
_files: dict[str, list[str]] = {}


def test_only(index: PackageIndex, file: src.SourceFile, func: Node | None) -> bool:
    """``func`` (a node inside a function declaration of ``file``) belongs to
    a plain function that only test code uses."""
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
    root = module_root(index) if exported else os.path.abspath(index.directory)
    key = (root, name)
    if key not in _cache:
        paths = module_files(index) if exported else _package_files(root)
        _cache[key] = _only_tests_in((root, exported), paths, name)
    return _cache[key]


def _only_tests_in(scope: tuple[str, bool], paths: list[str], name: str) -> bool:
    """:func:`_only_tests`, from the word counts of the files of ``scope``
    (a module or a package: its directory, exported names or not) once it
    has been asked :data:`_SCANS` times (each scan reads every file)."""
    counts = _counts.get(scope)
    if counts is None:
        asked = _asked[scope] = _asked.get(scope, 0) + 1
        if asked <= _SCANS or not _WORD.fullmatch(name.encode()):
            return _only_tests(paths, name)
        if len(_counts) >= _KEPT:
            del _counts[next(iter(_counts))]  # the oldest
        counts = _counts[scope] = _word_counts(paths)
    production, tests = counts
    needle = name.encode()
    if not _WORD.fullmatch(needle):
        return _only_tests(paths, name)
    return production.get(needle, 0) == 1 and tests.get(needle, 0) > 0


def _word_counts(paths: list[str]) -> tuple[Counter[bytes], Counter[bytes]]:
    """How often each word occurs in ``paths`` outside comments: in the
    production files, in the ``_test.go`` files. A word is a maximal run of
    ``\\w`` bytes, so a name made of such bytes occurs where
    :func:`_only_tests`' search finds it."""
    production: Counter[bytes] = Counter()
    tests: Counter[bytes] = Counter()
    for path in paths:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        words = _WORD.findall(_COMMENTS.sub(b"", data))
        (tests if path.endswith("_test.go") else production).update(words)
    return production, tests


def module_root(index: PackageIndex) -> str:
    """The directory of the nearest go.mod (else the package's)."""
    gomod_path = gomod.find_upward(index.directory, "go.mod")
    return os.path.abspath(os.path.dirname(gomod_path) if gomod_path else index.directory)


def _only_tests(paths: list[str], name: str) -> bool:
    word = re.compile(rb"(?<![\w])" + re.escape(name.encode()) + rb"(?![\w])")
    production = 0
    tests = 0
    needle = name.encode()
    for path in paths:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
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
                return False  # the declaration, and a use
    return production == 1 and tests > 0


def _package_files(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names if n.endswith(".go")]


def module_files(index: PackageIndex) -> list[str]:
    """The .go files of the module that holds ``index`` (see the module)."""
    root = module_root(index)
    if root not in _files:
        found: list[str] = []
        for current, dirs, names in os.walk(root):
            dirs[:] = sorted(
                d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith((".", "_"))
            )
            found.extend(os.path.join(current, n) for n in sorted(names) if n.endswith(".go"))
        _files[root] = found
    return _files[root]
