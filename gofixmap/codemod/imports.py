"""Add imports to a Go file the way goimports would, keeping gofmt order."""

from __future__ import annotations

from collections.abc import Sequence

import tree_sitter

from gofixmap.codemod import source as src


def _is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def imported(file: src.SourceFile) -> dict[str, str]:
    """Import path → local name (the last path element when unnamed)."""
    result: dict[str, str] = {}
    for spec in _specs(file.root):
        path_node = spec.child_by_field_name("path")
        if path_node is None:
            continue
        path = file.text(path_node).strip('"`')
        name_node = spec.child_by_field_name("name")
        result[path] = file.text(name_node) if name_node is not None else path.rsplit("/", 1)[-1]
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
    """Return ``data`` importing every package of ``packages`` (std paths)."""
    for package in packages:
        data = _add_one(data, package)
    return data


def _add_one(data: bytes, package: str) -> bytes:
    file = src.parse("", data)
    if package in imported(file):
        return data
    nl = file.newline
    line = f'"{package}"'.encode()
    decls = [d for d in file.root.named_children if d.type == "import_declaration"]
    for decl in decls:
        lists = [c for c in decl.named_children if c.type == "import_spec_list"]
        if not lists:
            continue
        specs = [c for c in lists[0].named_children if c.type == "import_spec"]
        groups = _groups(file, specs)
        for group in groups:
            paths = [_path(file, s) for s in group]
            if not all(_is_std(p) for p in paths):
                continue
            for spec, path in zip(group, paths, strict=True):
                if path > package:
                    at = _line_start(data, spec.start_byte)
                    indent = file.indent_at(spec.start_byte)
                    return data[:at] + indent + line + nl + data[at:]
            last = group[-1]
            at = _line_end(data, last.end_byte)
            indent = file.indent_at(last.start_byte)
            return data[:at] + nl + indent + line + data[at:]
        if specs:
            at = _line_start(data, specs[0].start_byte)
            return data[:at] + b"\t" + line + nl + nl + data[at:]
        close = lists[0].end_byte - 1
        return data[:close] + b"\t" + line + nl + data[close:]
    if decls:
        # A single `import "x"`: turn it into a block in sorted order.
        decl = decls[0]
        spec = next(c for c in decl.named_children if c.type == "import_spec")
        existing = file.text(spec).encode()
        ordered = sorted([(package, line), (_path(file, spec), existing)])
        body = b"".join(b"\t" + text + nl for _, text in ordered)
        if not _is_std(_path(file, spec)):
            body = b"\t" + line + nl + nl + b"\t" + existing + nl
        return data[: decl.start_byte] + b"import (" + nl + body + b")" + data[decl.end_byte :]
    clause = next(c for c in file.root.named_children if c.type == "package_clause")
    at = clause.end_byte
    return data[:at] + nl + nl + b"import " + line + data[at:]


def _path(file: src.SourceFile, spec: tree_sitter.Node) -> str:
    node = spec.child_by_field_name("path")
    return file.text(node).strip('"`') if node is not None else ""


def _groups(file: src.SourceFile, specs: list[tree_sitter.Node]) -> list[list[tree_sitter.Node]]:
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
