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

# The methods each decoder calls instead of filling a struct field by field:
# encoding/json calls UnmarshalJSON (UnmarshalText for a JSON string; any
# other input to a TextUnmarshaler is an error), encoding/xml UnmarshalXML
# (UnmarshalText for the element's character data), sigs.k8s.io/yaml goes
# through encoding/json, the yaml packages call UnmarshalYAML (UnmarshalText
# only for scalars: a mapping still fills the fields), BurntSushi/toml
# UnmarshalTOML (UnmarshalText for a primitive, a table is an error).
SELF_DECODERS = {
    "encoding/json": ("UnmarshalJSON", "UnmarshalText"),
    "encoding/xml": ("UnmarshalXML", "UnmarshalText"),
    "gopkg.in/yaml.v2": ("UnmarshalYAML",),
    "gopkg.in/yaml.v3": ("UnmarshalYAML",),
    "sigs.k8s.io/yaml": ("UnmarshalJSON", "UnmarshalText"),
    "github.com/BurntSushi/toml": ("UnmarshalTOML", "UnmarshalText"),
}


def self_decoders(pkg: PackageIndex, file: src.SourceFile, call: Node) -> set[str]:
    """The names of the methods the decoder of ``call`` (a decode call that
    :func:`decode_target` accepts) calls on a type that has one: those of
    ``json.Unmarshal``'s package; for ``dec.Decode(&x)``, those of every
    decoder package the file imports (of all of them when it imports none)."""
    imports = pkg.imports.get(file.path, {})
    fn = call.child_by_field_name("function")
    fn = unparen(fn) if fn is not None else None
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if operand is not None and operand.type == "call_expression":
        # ``xml.NewDecoder(r).Decode(&x)``
        inner = operand.child_by_field_name("function")
        if inner is not None and inner.type == "selector_expression":
            operand = inner.child_by_field_name("operand")
    if fn is not None and fn.type == "selector_expression" and operand is not None:
        path = imports.get(norm(file.text(operand)), "")
        if path in SELF_DECODERS:
            return set(SELF_DECODERS[path])
    paths = {p for p in imports.values() if p in SELF_DECODERS} or set(SELF_DECODERS)
    return {name for p in paths for name in SELF_DECODERS[p]}


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
