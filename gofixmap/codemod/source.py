"""Go source files as bytes, parsed with gofixmap's Go grammar.

The grammar (grammar/ at the top of the repository) is tree-sitter-go's,
extended for Go 1.26+ and compiled into the extension ``_grammar``; its trees
have tree-sitter-go's node kinds.
"""

from __future__ import annotations

import array
import bisect
import gc
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

import tree_sitter

from gofixmap.codemod import _grammar
from gofixmap.codemod.model import Lines, Position
from gofixmap.codemod.regular import read_regular as read_regular

GO = tree_sitter.Language(_grammar.language())

_local = threading.local()

_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)


def _parser() -> tree_sitter.Parser:
    parser: tree_sitter.Parser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = tree_sitter.Parser(GO)
        _local.parser = parser
    return parser


_BUILD_IGNORE = re.compile(rb"^//go:build\s+ignore\s*$", re.MULTILINE)


def skip_reason(data: bytes, skip_generated: bool = True) -> str:
    """Why a file is not checked ("" when it is): generated, or never built.

    ``//go:build ignore`` files (go:generate helpers, examples) are never
    compiled, so the go command and gofixmap leave them alone.
    """
    head = _header(data)
    if _BUILD_IGNORE.search(head):
        return "excluded by //go:build ignore"
    if skip_generated and _GENERATED.search(head):
        return "generated file"
    return ""


def _header(data: bytes) -> bytes:
    """The text before the package clause, where Go puts build constraints and
    the generated-code marker (golang.org/s/generatedcode)."""
    if data.startswith(b"package "):
        return b""
    end = data.find(b"\npackage ")
    return data[: end + 1] if end >= 0 else data


def is_generated(data: bytes) -> bool:
    """The Go convention: ``// Code generated ... DO NOT EDIT.`` before the
    package clause."""
    return _GENERATED.search(_header(data)) is not None


@dataclass(frozen=True, eq=False)
class SourceFile:
    """One parsed file. ``data`` is the exact bytes read; offsets are bytes."""

    path: str
    data: bytes
    tree: tree_sitter.Tree
    _lines: list[Lines] = field(default_factory=list, repr=False)

    @property
    def root(self) -> tree_sitter.Node:
        return self.tree.root_node

    @property
    def newline(self) -> bytes:
        """The file's line ending: CRLF if its first line ends that way."""
        first = self.data.find(b"\n")
        return b"\r\n" if first > 0 and self.data[first - 1 : first] == b"\r" else b"\n"

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def position(self, offset: int) -> Position:
        return self._line_index().position(offset)

    def line_text(self, line: int) -> bytes:
        """Line ``line`` (1-based) without its line ending."""
        starts = self._line_index().starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.data)
        return self.data[start:end].rstrip(b"\r\n")

    def _line_index(self) -> Lines:
        if not self._lines:
            self._lines.append(Lines(self.data))
        return self._lines[0]

    def indent_at(self, offset: int) -> bytes:
        """The leading whitespace of the line holding ``offset``."""
        start = self.data.rfind(b"\n", 0, offset) + 1
        end = start
        while end < len(self.data) and self.data[end : end + 1] in (b"\t", b" "):
            end += 1
        return self.data[start:end]

    def first_error(self) -> tree_sitter.Node | None:
        return first_error(self.root)

    @property
    def package_name(self) -> str:
        for child in self.root.named_children:
            if child.type == "package_clause":
                for sub in child.named_children:
                    return self.text(sub)
        return ""


def first_error(root: tree_sitter.Node) -> tree_sitter.Node | None:
    if not root.has_error:
        return None
    cursor_stack = [root]
    while cursor_stack:
        node = cursor_stack.pop()
        if node.is_error or node.is_missing:
            return node
        if node.has_error:
            cursor_stack.extend(reversed(node.children))
    return root


def parse(path: str, data: bytes) -> SourceFile:
    if _FLAT:
        _drop_walk_cache()
    file = SourceFile(path, data, _parser().parse(data))
    _register(file.root)
    return file


# Preorder lists of the named nodes of recently walked declarations: the rules
# walk the same subtrees many times, and building Node objects node by node in
# Python dominates a scan. The unit of indexing is a top-level declaration (a
# child of the file's root), so a rule that looks into one function pays for
# that function only; a query on the root itself goes declaration by
# declaration. ``_FLAT`` holds every named node of each indexed unit in source
# order, ``_END[i]`` the index just past the subtree of ``_FLAT[i]``,
# ``_START[i]`` its start byte (non-decreasing within a unit), ``_TREES`` the
# position of each indexed unit, ``_POS`` the positions of the nodes walked so
# far. Holding the nodes keeps their trees alive, so positions
# never go stale. The cache is dropped when a file is parsed (the runner
# parses a package's files before checking any: the trees of the previous
# packages are dead by then) and when it grows past ``_LIMIT`` nodes.
_FLAT: list[tree_sitter.Node] = []
_END = array.array("q")
_START = array.array("q")
_TREES: dict[tree_sitter.Node, int] = {}
_POS: dict[tree_sitter.Node, int] = {}
_ROOTS: list[int] = []  # the position of each indexed unit, ascending
_KINDS: dict[int, dict[str, array.array[int]]] = {}  # unit → type → positions
_NAMES: dict[int, str] = {}  # kind id → type name
_LIMIT = 1_000_000
# ``_PARENT[i]``: the position of the parent of ``_FLAT[i]`` (-1 for a unit,
# whose parent is the file's root, ``_UNIT_ROOT[i]``). tree-sitter finds a
# node's parent by walking down from the root (time linear in the depth), so a
# climb from a deep node is quadratic; :func:`parent` is not.
_PARENT = array.array("q")
_UNIT_ROOT: dict[int, tree_sitter.Node] = {}

# The roots of the files parsed since the last release, newest last, and the
# top-level declarations of each (start bytes, nodes), computed when first
# needed: where :func:`_index` looks for the declaration holding a node without
# climbing to it. ``_LAST[0]`` is the index of the root that answered last.
_FILE_ROOTS: list[tree_sitter.Node] = []
_FILE_UNITS: dict[int, tuple[list[int], list[tree_sitter.Node]]] = {}
_LAST = [0]
_MAX_ROOTS = 512


def release() -> None:
    """Forget the indexed trees (the cache holds their nodes, so it keeps
    every tree it indexed alive): call once a package's trees are dead."""
    _drop_walk_cache()
    _FILE_ROOTS.clear()
    _FILE_UNITS.clear()
    _LAST[0] = 0


def _register(root: tree_sitter.Node) -> None:
    if len(_FILE_ROOTS) >= _MAX_ROOTS:
        del _FILE_ROOTS[: _MAX_ROOTS // 2]
        _FILE_UNITS.clear()
        _LAST[0] = 0
    _FILE_ROOTS.append(root)


def _drop_walk_cache() -> None:
    _FLAT.clear()
    del _END[:]
    del _START[:]
    del _PARENT[:]
    _UNIT_ROOT.clear()
    _TREES.clear()
    _ROOTS.clear()
    _KINDS.clear()
    _POS.clear()


_ROOT_KIND = GO.id_for_node_kind("source_file", True)


def _is_root(node: tree_sitter.Node) -> bool:
    return node.kind_id == _ROOT_KIND


def _index(node: tree_sitter.Node, index_new: bool = True) -> int | None:
    """``node``'s position in ``_FLAT``, indexing its top-level declaration
    (the whole tree for the root) if needed (and ``index_new``)."""
    position = _POS.get(node)
    if position is not None:
        return position
    if not node.is_named:
        return None
    found = _index_registered(node, index_new)
    if found is not None or not index_new:
        return found
    # a node of a tree parsed elsewhere: climb to its declaration
    unit = node
    parent = unit.parent
    while parent is not None and not _is_root(parent):
        unit = parent
        parent = unit.parent
    tree = _TREES.get(unit)
    if tree is None:
        tree = _index_tree(unit, parent)
    return _find(tree, node)


def _find(tree: int, node: tree_sitter.Node) -> int | None:
    """The position of ``node`` in the unit indexed from ``tree``, if there."""
    start = node.start_byte
    starts = _START
    stop = _END[tree]
    j = bisect.bisect_left(starts, start, tree, stop)
    flat = _FLAT
    while j < stop and starts[j] == start:
        if flat[j] == node:
            _POS[node] = j
            return j
        j += 1
    return None


def _unit_covering(k: int, start: int, end: int) -> tree_sitter.Node | None:
    """The top-level declaration of file ``_FILE_ROOTS[k]`` whose bytes
    cover ``[start, end)``."""
    units = _FILE_UNITS.get(k)
    if units is None:
        children = _FILE_ROOTS[k].named_children
        units = _FILE_UNITS[k] = ([c.start_byte for c in children], children)
    starts, nodes = units
    i = bisect.bisect_right(starts, start) - 1
    if i < 0:
        return None
    unit = nodes[i]
    return unit if unit.end_byte >= end else None


def _index_registered(node: tree_sitter.Node, index_new: bool) -> int | None:
    """``node``'s position, found through the top-level declarations of the
    registered files (no climb): among the declarations indexed already
    (first in the file that answered last), else by indexing the one that
    holds it. Without ``index_new``, only in an indexed declaration of the
    file that answered last."""
    count = len(_FILE_ROOTS)
    if not count:
        return None
    start, end = node.start_byte, node.end_byte
    last = _LAST[0] if _LAST[0] < count else count - 1
    unit = _unit_covering(last, start, end)
    if unit is not None:
        tree = _TREES.get(unit)
        if tree is not None:
            found = _find(tree, node)
            if found is not None:
                return found
        elif index_new and _holds(unit, node):
            return _find(_index_tree(unit, _FILE_ROOTS[last]), node)
    if not index_new:
        return None  # (a parent lookup: tree-sitter's climb is cheaper than a search)
    pending: list[tuple[int, tree_sitter.Node]] = []
    for k in range(count - 1, -1, -1):
        if k == last:
            continue
        unit = _unit_covering(k, start, end)
        if unit is None:
            continue
        tree = _TREES.get(unit)
        if tree is None:
            pending.append((k, unit))
            continue
        found = _find(tree, node)
        if found is not None:
            _LAST[0] = k
            return found
    for k, unit in pending:
        if _holds(unit, node):
            _LAST[0] = k
            return _find(_index_tree(unit, _FILE_ROOTS[k]), node)
    return None


def _holds(unit: tree_sitter.Node, node: tree_sitter.Node) -> bool:
    """``node`` belongs to the tree of ``unit`` (and lies under it): the
    smallest named node of ``unit`` spanning ``node``'s bytes, or one of its
    ancestors spanning the same bytes, is ``node``."""
    start, end = node.start_byte, node.end_byte
    candidate = unit.named_descendant_for_byte_range(start, end)
    while candidate is not None and candidate.start_byte == start and candidate.end_byte == end:
        if candidate == node:
            return True
        if candidate == unit:
            return False
        candidate = candidate.parent
    return False


def parent(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """``node.parent``, from the walk index where ``node``'s declaration is
    indexed (no walk down from the root); else tree-sitter's."""
    i = _index(node, index_new=False) if node.is_named else None
    if i is None:
        return node.parent
    up = _PARENT[i]
    if up >= 0:
        found = _FLAT[up]
        _POS[found] = up  # the next step of a climb is a lookup
        return found
    root = _UNIT_ROOT.get(i)
    return root if root is not None else node.parent


def _index_tree(root: tree_sitter.Node, file_root: tree_sitter.Node | None = None) -> int:
    if len(_FLAT) > _LIMIT:
        _drop_walk_cache()
    flat, end, starts, up = _FLAT, _END, _START, _PARENT
    # no collections while thousands of long-lived nodes are created
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Preorder with a cursor (no child lists), descending only into named
        # nodes like ``named_children`` does; ``open_`` holds the positions
        # of the named ancestors of the cursor, whose ends are not known yet.
        cursor = root.walk()
        tree = i = len(flat)
        _ROOTS.append(i)
        _TREES[root] = i
        flat.append(root)
        end.append(i + 1)
        starts.append(root.start_byte)
        up.append(-1)
        if file_root is not None:
            _UNIT_ROOT[i] = file_root
        buckets: dict[int, array.array[int]] = {}  # kind id → positions
        names = _NAMES
        buckets[root.kind_id] = array.array("q", [i])
        names.setdefault(root.kind_id, root.type)
        open_ = [i]
        if cursor.goto_first_child():
            while True:
                current = cursor.node
                assert current is not None
                if current.is_named:
                    i = len(flat)
                    flat.append(current)
                    end.append(i + 1)
                    starts.append(current.start_byte)
                    up.append(open_[-1])
                    kind = current.kind_id
                    bucket = buckets.get(kind)
                    if bucket is None:
                        bucket = buckets[kind] = array.array("q")
                        if kind not in names:
                            names[kind] = current.type
                    bucket.append(i)
                    if cursor.goto_first_child():
                        open_.append(i)
                        continue
                while not cursor.goto_next_sibling():
                    cursor.goto_parent()
                    end[open_.pop()] = len(flat)
                    if not open_:
                        break
                else:
                    continue
                break
    finally:
        if collecting:
            gc.enable()
    kinds: dict[str, array.array[int]] = {}
    for kind, bucket in buckets.items():
        name = names[kind]
        if name in kinds:  # (one type name for two kind ids)
            bucket = array.array("q", sorted([*kinds[name], *bucket]))
        kinds[name] = bucket
    _KINDS[tree] = kinds
    return tree


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every named descendant of ``node`` (itself included), in source order."""
    return iter(subtree(node))


def _by_declaration(
    root: tree_sitter.Node,
    skip: str,
    include: Callable[[tree_sitter.Node], bool],
    part: Callable[[tree_sitter.Node], list[tree_sitter.Node]],
) -> list[tree_sitter.Node]:
    """A query on a file's root, one top-level declaration at a time (each is
    indexed on its own): ``root`` if ``include``-d, then ``part(child)`` for
    each declaration, except that a declaration of type ``skip`` is itself
    only, if ``include``-d."""
    nodes = [root] if include(root) else []
    for child in root.named_children:
        if child.type == skip:
            if include(child):
                nodes.append(child)
            continue
        nodes += part(child)
    return nodes


def subtree(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """``walk(node)`` as a fresh list."""
    if _is_root(node):
        return _by_declaration(node, "", lambda _: True, subtree)
    i = _index(node)
    if i is None:
        return list(_walk(node))
    nodes = _FLAT[i : _END[i]]
    nodes[0] = node
    return nodes


def walk_skipping(node: tree_sitter.Node, skip: str, keep: bool = True) -> list[tree_sitter.Node]:
    """``walk(node)`` without the descendants of nodes of type ``skip``
    below ``node``; those nodes themselves are included if ``keep``."""
    if _is_root(node):
        return _by_declaration(
            node, skip, lambda n: keep or n is node, lambda c: walk_skipping(c, skip, keep)
        )
    i = _index(node)
    if i is None:
        result: list[tree_sitter.Node] = []
        stack = [node]
        while stack:
            current = stack.pop()
            result.append(current)
            if current.type == skip and current is not node:
                continue
            stack.extend(reversed([c for c in current.named_children if keep or c.type != skip]))
        return result
    flat, end = _FLAT, _END
    stop = end[i]
    skipped = _positions(_ROOTS[bisect.bisect_right(_ROOTS, i) - 1], skip)
    j = bisect.bisect_right(skipped, i)
    result = [node]
    at = i + 1
    while j < len(skipped) and skipped[j] < stop:
        k = skipped[j]
        result += flat[at:k]
        if keep:
            result.append(flat[k])
        at = end[k]
        j = bisect.bisect_left(skipped, at, j)
    result += flat[at:stop]
    return result


def of_types(
    node: tree_sitter.Node, kinds: tuple[str, ...], skip: str = ""
) -> list[tree_sitter.Node]:
    """The nodes of ``walk(node)`` (``walk_skipping(node, skip)`` if ``skip``)
    whose type is one of ``kinds``, in the same order."""
    if _is_root(node):
        if not skip:
            return _of_types_by_unit(node, kinds)
        return _by_declaration(
            node, skip, lambda n: n.type in kinds, lambda c: of_types(c, kinds, skip)
        )
    i = _index(node)
    if i is None:
        nodes = walk_skipping(node, skip) if skip else subtree(node)
        return [n for n in nodes if n.type in kinds]
    stop = _END[i]
    tree = _ROOTS[bisect.bisect_right(_ROOTS, i) - 1]
    # the position ranges to pick from: the subtree of ``node`` without the
    # insides of the skipped nodes below it (outermost only)
    ranges = [(i, stop)]
    if skip:
        skipped = _positions(tree, skip)
        ranges = []
        at = i
        j = bisect.bisect_right(skipped, i)
        while j < len(skipped) and skipped[j] < stop:
            k = skipped[j]
            ranges.append((at, k + 1))
            at = _END[k]
            j = bisect.bisect_left(skipped, at, j)
        ranges.append((at, stop))
    picked: list[int] = []
    for kind in kinds:
        found = _positions(tree, kind)
        for lo, hi in ranges:
            if lo < hi:
                picked += found[bisect.bisect_left(found, lo) : bisect.bisect_left(found, hi)]
    if len(kinds) > 1:
        picked.sort()
    flat = _FLAT
    return [node if p == i else flat[p] for p in picked]


def _of_types_by_unit(root: tree_sitter.Node, kinds: tuple[str, ...]) -> list[tree_sitter.Node]:
    """``of_types(root, kinds)`` for a file's root: a declaration indexed as
    a unit of its own gives its nodes of ``kinds`` straight from its buckets
    (its whole subtree is asked for); the others go through :func:`of_types`."""
    nodes = [root] if root.type in kinds else []
    flat = _FLAT
    for child in root.named_children:
        tree = _TREES.get(child)
        if tree is None:
            nodes += of_types(child, kinds)
            continue
        buckets = _KINDS[tree]
        # most declarations hold none or one of the kinds: sort only a merge
        found = [bucket for kind in kinds if (bucket := buckets.get(kind))]
        if not found:
            continue
        picked: Sequence[int] = found[0] if len(found) == 1 else sorted(chain(*found))
        nodes += [child if p == tree else flat[p] for p in picked]
    return nodes


def _positions(tree: int, kind: str) -> Sequence[int]:
    """The sorted positions in ``_FLAT`` of the nodes of type ``kind`` of the
    tree indexed from position ``tree``."""
    return _KINDS[tree].get(kind, _NONE)


_NONE = array.array("q")


def _walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))
