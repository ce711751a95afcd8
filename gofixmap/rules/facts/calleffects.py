"""Calls whose effect on a function's paths the flow analyses know: calls
that never return (``panic``, ``os.Exit``, ``log.Fatal``, ``t.Fatal``...) end
a path; a decoder given ``&x`` (``json.Unmarshal(b, &m)``, ``dec.Decode(&m)``)
assigns ``x`` on the paths where it runs."""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from gofixmap.codemod.imports import imported
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node

_EXITS = {"panic"}
_EXIT_SELECTORS = {
    ("os", "Exit"),
    ("log", "Fatal"),
    ("log", "Fatalf"),
    ("log", "Fatalln"),
    ("log", "Panic"),
    ("log", "Panicf"),
    ("log", "Panicln"),
}
_EXIT_METHODS = {"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"}


def exits(file: SourceFile, stmt: Node, *, any_receiver: bool = False) -> bool:
    """``stmt`` is a call that never returns: ``panic``, ``os.Exit``,
    ``log.Fatal``..., or ``t.Fatal``/``t.Skip``... on a test's ``t``, ``b``,
    ``f`` or ``tb`` (on any receiver with ``any_receiver``)."""
    call = stmt.named_children[0] if stmt.named_children else None
    if stmt.type != "expression_statement" or call is None or call.type != "call_expression":
        return False
    function = call.child_by_field_name("function")
    if function is None:
        return False
    if function.type == "identifier":
        return file.text(function) in _EXITS
    if function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        name = function.child_by_field_name("field")
        if operand is None or name is None:
            return False
        pair = (file.text(operand), file.text(name))
        if pair in _EXIT_SELECTORS:
            return True
        if any_receiver:
            return pair[1] in _EXIT_METHODS
        return (
            operand.type == "identifier"
            and pair[0] in ("t", "b", "f", "tb")
            and (pair[1] in _EXIT_METHODS)
        )
    return False


DECODERS = frozenset(("Unmarshal", "Decode", "DecodeInto", "UnmarshalJSON", "UnmarshalYAML"))


def keeps_on_empty(file: SourceFile, call: Node) -> bool:
    """``call`` is ``yaml.Unmarshal(...)`` of a YAML package (gopkg.in/yaml,
    sigs.k8s.io/yaml, ...): an empty document decodes to nothing and returns
    no error, so the target keeps its value (a nil map stays nil) on the
    path where the decode succeeded."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    name = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if name is None or operand is None or file.text(name) != "Unmarshal":
        return False
    if operand.type != "identifier":
        return False
    qualifier = file.text(operand)
    for path, local in imported(file).items():
        if local != qualifier:
            continue
        parts = path.split("/")
        if len(parts) > 1 and re.fullmatch(r"v[0-9]+", parts[-1]):
            parts.pop()  # go.yaml.in/yaml/v3
        return parts[-1] == "yaml" or parts[-1].startswith("yaml.v")
    return False


def decoder_into(file: SourceFile, call: Node, refers: Callable[[Node], bool]) -> bool:
    """``call`` is a decoder (``json.Unmarshal``, ``yaml.Unmarshal``,
    ``dec.Decode``...) given ``&x`` with ``x`` a name ``refers`` accepts."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "selector_expression":
        return False
    name = fn.child_by_field_name("field")
    if name is None or file.text(name) not in DECODERS:
        return False
    for arg in args.named_children:
        if arg.type == "unary_expression" and file.text(arg).startswith("&"):
            operand = arg.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and refers(operand):
                return True
    return False
