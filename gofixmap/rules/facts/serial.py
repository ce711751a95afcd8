"""Serialisation: the decoders that fill struct values (JSON, XML, YAML,
TOML), what a decoder allocates when it fills a value, and whether a field
takes part in serialisation (where nil and an empty map encode differently).
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.index import Field, PackageIndex
from gofixmap.codemod.syntax import norm, unparen
from gofixmap.rules.facts.types import TypeResolver, element_of

Node = tree_sitter.Node

DECODERS = {
    "encoding/json": ("Unmarshal",),
    "encoding/xml": ("Unmarshal",),
    "gopkg.in/yaml.v2": ("Unmarshal", "UnmarshalStrict"),
    "gopkg.in/yaml.v3": ("Unmarshal",),
    "sigs.k8s.io/yaml": ("Unmarshal", "UnmarshalStrict"),
    "github.com/BurntSushi/toml": ("Unmarshal", "Decode"),
}


def decoder_names(pkg: PackageIndex, file: src.SourceFile) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for local, path in pkg.imports.get(file.path, {}).items():
        if path in DECODERS:
            result[local] = DECODERS[path]
    return result


def decode_target(
    file: src.SourceFile, fn: Node, args: list[Node], decoders: dict[str, tuple[str, ...]]
) -> Node | None:
    fn = unparen(fn)
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name_node = fn.child_by_field_name("field")
    if operand is None or name_node is None:
        return None
    name = file.text(name_node)
    operand_text = norm(file.text(operand))
    if operand_text in decoders and name in decoders[operand_text] and len(args) >= 2:
        return args[1]
    # json.NewDecoder(r).Decode(&x) or dec.Decode(&x)
    if (
        name == "Decode"
        and len(args) == 1
        and (decoders or "Decoder" in operand_text or operand_text.endswith("dec"))
    ):
        return args[0]
    return None


def decoded_structs(types: TypeResolver, type_text: str, file: src.SourceFile) -> set[str]:
    """Structs a decoder allocates when filling a value of ``type_text``.

    The root value itself is constructed elsewhere (its own path); structs
    reached through a pointer, slice or map are allocated fresh by the decoder.
    Reflection-based decoders (encoding/json, yaml, gob...) set exported
    fields only, so only those (and embedded structs, whose exported fields
    are promoted) lead to further structs: a type reached only through an
    unexported field is never allocated by the decoder.
    """
    result: set[str] = set()
    todo: list[tuple[str, bool]] = [(type_text, False)]
    seen: set[tuple[str, bool]] = set()
    while todo:
        text, fresh = todo.pop()
        if (text, fresh) in seen or len(seen) > 200:
            continue
        seen.add((text, fresh))
        text = text.strip()
        if text.startswith("*"):
            todo.append((text[1:], True))
            continue
        under = types.pkg.underlying(text, file)
        elem = element_of(under)
        if elem is not None:
            todo.append((elem, True))
            continue
        s = types.local_struct(text)
        if s is None:
            continue
        if fresh:
            result.add(s)
        decl = types.pkg.struct(s)
        if decl is None:
            continue
        for f in decl.fields:
            if f.name[:1].isupper() or (f.embedded and not f.type_text.startswith("*")):
                todo.append((f.type_text, fresh))
    return result


def field_tag(f: Field, file: src.SourceFile) -> str:
    decl = f.type_node.parent
    if decl is None:
        return ""
    tag = decl.child_by_field_name("tag")
    return file.text(tag) if tag is not None else ""


_SERIAL = re.compile(r'\b(json|yaml|xml|toml|protobuf):"([^"]*)"')


def serialised(types: TypeResolver, owner: str, f: Field) -> bool:
    """Whether adding ``make`` could change how the field serialises."""
    decl = types.pkg.struct(owner)
    if decl is None:
        return False
    tag = field_tag(f, decl.file)
    for _, value in _SERIAL.findall(tag):
        if value.split(",", 1)[0] != "-":
            return True
    if tag and _SERIAL.search(tag):
        return False  # explicitly excluded
    if not f.name[:1].isupper():
        return False
    return any(_SERIAL.search(field_tag(other, decl.file)) for other in decl.fields)
