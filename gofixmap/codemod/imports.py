"""The imports of a Go file, and the one way gofixmap adds one.

:func:`import_edit` is the placement every fix goes through (the engine's
``Fix.imports`` via :func:`add_imports`, and the rules' import builder in
``gofixmap.rules.fixes.imports``): a standard-library path joins the first
group of standard paths, a third-party path the first third-party group, each
in sorted order, as goimports leaves them; a missing group is started (the
standard one first, a third-party one before the module's own group, else
last); a single ``import "x"`` becomes a
block; a file without imports gets one after its package clause. The result
stays gofmt-clean in the file's line endings.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import stdlib
from gofixmap.codemod.discover import find_module
from gofixmap.codemod.model import Edit

_GOPKG_VERSION = re.compile(r"\.v[0-9]+$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def is_std(path: str) -> bool:
    """A standard-library import path (never a dotless module path: ``myservice/x``)."""
    return stdlib.is_std(path)


def assumed_name(path: str) -> str:
    """The package name an unnamed import of ``path`` is assumed to declare:
    its last element, without a gopkg.in version (``yaml.v3``), a ``go-``
    prefix or a ``-go`` suffix, cut before the first character that cannot be
    in an identifier. Unlike golang.org/x/tools' ``ImportPathToAssumedName``
    a version element (``/v1``, ``/v2``) is kept: Kubernetes API packages
    (``k8s.io/api/core/v1``) are named after it."""
    last = path.rsplit("/", 1)[-1]
    last = _GOPKG_VERSION.sub("", last)
    last = last.removeprefix("go-").removesuffix("-go")
    match = _IDENTIFIER.match(last)
    return match.group(0) if match is not None else last


def imported(file: src.SourceFile) -> dict[str, str]:
    """Import path → local name (the assumed package name when unnamed)."""
    return imported_by(file.root)


def imported_by(root: tree_sitter.Node) -> dict[str, str]:
    """:func:`imported` of the file whose syntax tree is ``root``."""
    result: dict[str, str] = {}
    for spec in _specs(root):
        path_node = spec.child_by_field_name("path")
        if path_node is None or path_node.text is None:
            continue
        path = path_node.text.decode("utf-8", "replace").strip('"`')
        name_node = spec.child_by_field_name("name")
        name = name_node.text if name_node is not None else None
        result[path] = name.decode("utf-8", "replace") if name else assumed_name(path)
    return result


def _specs(root: tree_sitter.Node) -> list[tree_sitter.Node]:
    specs: list[tree_sitter.Node] = []
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for child in decl.named_children:
            if child.type == "import_spec":
                specs.append(child)
            elif child.type == "import_spec_list":
                specs.extend(c for c in child.named_children if c.type == "import_spec")
    return specs


def add_imports(data: bytes, packages: Sequence[str]) -> bytes:
    """Return ``data`` importing every package of ``packages``."""
    for package in packages:
        file = src.parse("", data)
        edit = import_edit(file, package)
        if edit is not None:
            data = data[: edit.start] + edit.new_text + data[edit.end :]
    return data


@functools.lru_cache(maxsize=1024)
def _module_of(directory: str) -> str:
    module = find_module(Path(directory)) if directory else None
    return module.path if module is not None else ""


def _kind(path: str, module: str) -> int:
    """0: standard library, 1: third party, 2: the file's own module."""
    if is_std(path):
        return 0
    if module and (path == module or path.startswith(module + "/")):
        return 2
    return 1


def import_edit(file: src.SourceFile, path: str, name: str = "") -> Edit | None:
    """The edit that makes ``file`` import ``path`` (as ``name`` when given),
    for the file itself (``Edit.path`` empty); ``None`` when ``path`` is
    imported already (under any name) or the file has no package clause.

    Groups are told apart as goimports and gci do: standard library, third
    party, and the file's own module (from the ``go.mod`` above the file); a
    third-party path never joins the module's own group — without a group of
    its own kind it starts one just before it."""
    if path in imported(file):
        return None
    data = file.data
    nl = file.newline
    module = _module_of(os.path.dirname(os.path.abspath(file.path)) if file.path else "")
    kind = _kind(path, module)
    std = kind == 0
    line = (f'{name} "{path}"' if name else f'"{path}"').encode()
    decls = [d for d in file.root.named_children if d.type == "import_declaration"]
    for decl in decls:
        lists = [c for c in decl.named_children if c.type == "import_spec_list"]
        if not lists:
            continue
        specs = [c for c in lists[0].named_children if c.type == "import_spec"]
        local: list[tree_sitter.Node] = []
        for group in _groups(specs):
            paths = [_path(file, s) for s in group]
            kinds = {_kind(p, module) for p in paths}
            if kinds == {2} and not local:
                local = group
            if kinds != {kind}:
                continue
            for spec, other in zip(group, paths, strict=True):
                if other > path:
                    at = _line_start(data, spec.start_byte)
                    return Edit(at, at, file.indent_at(spec.start_byte) + line + nl)
            last = group[-1]
            at = _line_end(data, last.end_byte)
            return Edit(at, at, nl + file.indent_at(last.start_byte) + line)
        if specs and std:  # a new group of standard paths, first
            at = _line_start(data, specs[0].start_byte)
            return Edit(at, at, b"\t" + line + nl + nl)
        if specs and kind == 1 and local:  # a new third-party group, before the module's
            at = _line_start(data, local[0].start_byte)
            return Edit(at, at, b"\t" + line + nl + nl)
        close = lists[0].end_byte - 1
        if specs:  # a new group of other paths, last
            return Edit(close, close, nl + b"\t" + line + nl)
        opened = b"\n" in data[lists[0].start_byte : close]  # `import (\n)`, else `import ()`
        return Edit(close, close, (b"" if opened else nl) + b"\t" + line + nl)
    if decls:
        # A single `import "x"`: turn it into a block in order.
        decl = decls[0]
        spec = next(c for c in decl.named_children if c.type == "import_spec")
        existing = file.text(spec).encode()
        other = _path(file, spec)
        if _kind(other, module) == kind:
            ordered = [line, existing] if path < other else [existing, line]
            body = b"".join(b"\t" + text + nl for text in ordered)
        else:
            first, second = (line, existing) if kind < _kind(other, module) else (existing, line)
            body = b"\t" + first + nl + nl + b"\t" + second + nl
        return Edit(decl.start_byte, decl.end_byte, b"import (" + nl + body + b")")
    clause = next((c for c in file.root.named_children if c.type == "package_clause"), None)
    if clause is None:
        return None
    return Edit(clause.end_byte, clause.end_byte, nl + nl + b"import " + line)


def _path(file: src.SourceFile, spec: tree_sitter.Node) -> str:
    node = spec.child_by_field_name("path")
    return file.text(node).strip('"`') if node is not None else ""


def _groups(specs: list[tree_sitter.Node]) -> list[list[tree_sitter.Node]]:
    """Import specs in groups: runs of consecutive lines."""
    groups: list[list[tree_sitter.Node]] = []
    last_row = -2
    for spec in specs:
        if spec.start_point[0] > last_row + 1 or not groups:
            groups.append([])
        groups[-1].append(spec)
        last_row = spec.end_point[0]
    return groups


def _line_start(data: bytes, offset: int) -> int:
    return data.rfind(b"\n", 0, offset) + 1


def _line_end(data: bytes, offset: int) -> int:
    end = data.find(b"\n", offset)
    if end < 0:
        return len(data)
    return end - 1 if end > 0 and data[end - 1 : end] == b"\r" else end
