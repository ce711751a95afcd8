"""Objects decoded from the program's own constant text (NM004).

``yaml.Unmarshal([]byte(template), cm)`` (``sigs.k8s.io/yaml``,
``ghodss/yaml``: YAML converted to JSON, then ``encoding/json``) or
``json.Unmarshal``, with its error leaving, fills the map ``cm.Data`` (or
``cm.Labels`` under ``metadata``) with a non-nil map when the text holds that
key as a mapping with entries: ``encoding/json`` makes the map to store the
entries it decodes. ``template`` must be a constant of the package, or an
unexported package variable initialized with a string literal that nothing
in the package assigns or takes the address of, so the text is the one the
decoder sees.

The text is read as JSON, or as YAML in block style (indentation) with keys
at the exact indentation of their level, so a block scalar (``|``) of
another key, which is indented deeper, is never taken for a key. Anything
else (a second document, a duplicate key, a flow mapping other than
``{}``-empty or non-empty on one line, an anchor) leaves the map unknown.
Only types of ``k8s.io/api`` qualify: their JSON tags are the lower-camel
field names (``ObjectMeta`` is ``metadata``), which the key is matched
against case-insensitively, as ``encoding/json`` does.
"""

from __future__ import annotations

import json
import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex

_KEY = re.compile(r"""^(["']?)([A-Za-z0-9_./-]+)\1\s*:(?:\s+(.*))?$""")
_BYTES = re.compile(r"^\[\]byte\((\w+)\)$")


def constant_text(package: PackageIndex, argument: str) -> str | None:
    """The text of ``argument`` (``name`` or ``[]byte(name)``) when it names
    a string constant of the package, or an unexported variable initialized
    with a string literal that the package never assigns."""
    m = _BYTES.match(argument)
    name = m.group(1) if m else argument
    if not re.fullmatch(r"\w+", name):
        return None
    found: list[tuple[src.SourceFile, tree_sitter.Node]] = []
    for file in package.files:
        for node in src.walk(file.tree.root_node):
            if node.type not in ("const_spec", "var_spec"):
                continue
            if not _top_level(node):
                continue  # a declaration in a function: not the package's
            names = [file.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                continue
            if node.type == "var_spec" and (name[:1].isupper() or _assigned(package, name)):
                return None
            values = node.child_by_field_name("value")
            if values is None or len(names) != 1 or values.named_child_count != 1:
                return None
            found.append((file, values.named_children[0]))
    if len(found) != 1:
        return None
    file, literal = found[0]
    text = file.text(literal)
    if literal.type == "raw_string_literal":
        return text[1:-1]
    if literal.type == "interpreted_string_literal" and "\\" not in text:
        return text[1:-1]
    return None


def _top_level(node: tree_sitter.Node) -> bool:
    current = node.parent
    while current is not None and current.type != "source_file":
        if current.type in ("function_declaration", "method_declaration", "func_literal"):
            return False
        current = current.parent
    return current is not None


def _assigned(package: PackageIndex, name: str) -> bool:
    """Some statement of the package assigns ``name`` or takes its address
    (a local of that name counts too: conservative)."""
    for file in package.files:
        for node in src.walk(file.tree.root_node):
            if node.type != "identifier" or file.text(node) != name:
                continue
            parent = node.parent
            if parent is None:
                continue
            if parent.type == "unary_expression" and file.text(parent).startswith("&"):
                return True
            if parent.type in ("inc_statement", "dec_statement"):
                return True
            if sx.is_assigned(node):
                return True
    return False


def sets_map(text: str, path: list[str]) -> bool:
    """The JSON or YAML ``text`` sets the map at the Go field ``path``
    (``["ObjectMeta", "Labels"]``) to a mapping with at least one entry."""
    keys: list[str] = []
    for step in path:
        if step == "TypeMeta":
            continue
        if step == "ObjectMeta":
            keys.append("metadata")
        elif re.fullmatch(r"[A-Z]\w*", step):
            keys.append(step.lower())
        else:
            return False
    if not keys:
        return False
    stripped = text.strip()
    if stripped.startswith("{"):
        return _json_sets(stripped, keys)
    return _yaml_sets(text, keys)


def _json_sets(text: str, keys: list[str]) -> bool:
    try:
        value: object = json.loads(text)
    except ValueError:
        return False
    for key in keys:
        if not isinstance(value, dict):
            return False
        matches = [k for k in value if isinstance(k, str) and k.lower() == key]
        if len(matches) != 1:
            return False
        value = value[matches[0]]
    return isinstance(value, dict) and bool(value)


def _yaml_sets(text: str, keys: list[str]) -> bool:
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        body = raw.rstrip()
        content = body.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        if "\t" in body[: len(body) - len(content)]:
            return False
        if content.startswith(("---", "...", "%")):
            if lines:
                return False  # a second document
            continue
        lines.append((len(body) - len(content), content))
    start, end, indent = 0, len(lines), 0
    if lines:
        indent = lines[0][0]
    for depth, key in enumerate(keys):
        hits = [
            i for i in range(start, end) if lines[i][0] == indent and _key_of(lines[i][1]) == key
        ]
        if len(hits) != 1:
            return False
        i = hits[0]
        m = _KEY.match(lines[i][1])
        rest = (m.group(3) or "") if m else ""
        rest = re.sub(r"\s+#.*$", "", rest).strip()
        last = depth == len(keys) - 1
        if rest:
            if not last:
                return False
            return bool(re.fullmatch(r"\{\s*[^\s,}][^{}]*\}", rest)) and ":" in rest
        # a block value: the lines below indented deeper
        child_end = i + 1
        while child_end < end and lines[child_end][0] > indent:
            child_end += 1
        if child_end == i + 1:
            return False  # null: no value
        child_indent = lines[i + 1][0]
        if lines[i + 1][1].startswith(("- ", "&", "*", "!", "?")) or lines[i + 1][1] == "-":
            return False
        if last:
            return _KEY.match(lines[i + 1][1]) is not None
        start, end, indent = i + 1, child_end, child_indent
    return False


def _key_of(line: str) -> str | None:
    m = _KEY.match(line)
    return m.group(2).lower() if m else None
