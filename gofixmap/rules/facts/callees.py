"""CALLEE_WRITES: which map parameters the functions of a package write into
while they may still be the caller's nil map, told to the packages that
import it (an exported fact computed from source, like a go/analysis object
fact).

For a package of the run it is computed from MAP_SUMMARIES; for an imported
package (another package of the module, a dependency in the module cache or
``vendor/``), the importer parses the package's files the first time a
caller asks (``Fact(from_source=True)``), and the same summaries are
computed there. A caller that passes a nil map to such a parameter panics
inside the callee; NM005 reports the call.

``funcs[key][i]`` (``key``: ``F`` or ``T.M``, exported names only) is a
:class:`ParamWrite`: the parameter's name, its type as the callee writes it,
whether that text means the same in any file (only predeclared types: a
``make`` of it can be written at the caller), and whether the callee
compares the parameter with nil (then nil and empty can be told apart).

:func:`value_writes` answers the same for a call through a function-typed
parameter (``apply(obj.Labels)`` inside ``func run(apply func(map[string]string))``):
the functions the package's calls pass for that parameter, named or literal
(``run(func(m map[string]string) { m[k] = v })``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import tree_sitter

from gofixmap.codemod.declarations import PREDECLARED
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.source import SourceFile, of_types
from gofixmap.codemod.syntax import unparen
from gofixmap.rules.facts.summaries import MAP_SUMMARIES
from gofixmap.rules.facts.types import TYPES

Node = tree_sitter.Node

_TYPE_WORDS = PREDECLARED | {"map", "chan", "func", "interface", "struct"}


def compares_nil(text: str, name: str) -> bool:
    """``name == nil`` or ``name != nil`` (either order) in ``text``."""
    pattern = rf"\b{re.escape(name)}\s*[!=]=\s*nil\b|\bnil\s*[!=]=\s*{re.escape(name)}\b"
    return re.search(pattern, text) is not None


def portable(type_text: str) -> bool:
    """``type_text`` names only predeclared types: it means the same in any file."""
    return "." not in type_text and all(
        word in _TYPE_WORDS for word in re.findall(r"[A-Za-z_]\w*", type_text)
    )


@dataclass(frozen=True)
class ParamWrite:
    name: str
    type_text: str  # as the callee writes it
    portable: bool
    compares_nil: bool


@dataclass(frozen=True)
class CalleeWrites:
    funcs: Mapping[str, Mapping[int, ParamWrite]] = field(default_factory=dict)

    def write(self, key: str, position: int) -> ParamWrite | None:
        return self.funcs.get(key, {}).get(position)


def _produce(pkg: Pass) -> CalleeWrites:
    summaries = pkg.fact(MAP_SUMMARIES)
    funcs: dict[str, dict[int, ParamWrite]] = {}
    for key, func in pkg.package.funcs.items():
        if not func.name[:1].isupper() or func.body is None:
            continue
        for position, param in enumerate(func.params):
            name = summaries.param_write(func, position)
            if name is None:
                continue
            text = func.file.text(func.node)
            write = ParamWrite(
                name, param.type_text, portable(param.type_text), compares_nil(text, name)
            )
            funcs.setdefault(key, {})[position] = write
    return CalleeWrites(funcs)


CALLEE_WRITES: Fact[CalleeWrites] = Fact(
    "callee-writes", _produce, (MAP_SUMMARIES,), from_source=True
)


def imported_writes(pkg: Pass, import_path: str) -> CalleeWrites | None:
    """The CALLEE_WRITES of the package ``import_path`` that ``pkg`` imports
    (``None``: its sources cannot be read)."""
    other = pkg.dependency(import_path)
    if other is None:
        return None
    try:
        return other.fact(CALLEE_WRITES)
    except UndeclaredFact:
        return None


def function_values(pkg: Pass, file: SourceFile, fn: Node) -> list[tuple[str, str, str]]:
    """The functions a call through a function-typed parameter can call:
    ``fn`` is a parameter of a function of the package (not a method, not a
    closure), and each call of that function in the package passes for it a
    function of the package (``apply(x, merge)``) or of an imported package
    (``apply(x, util.Merge)``). As (import path, "" for the package; name;
    the argument's text). Other values (literals, variables) are left out:
    what they call is not known here (:func:`literal_values` gives the
    function literals)."""
    found: list[tuple[str, str, str]] = []
    for other, arg in _passed_values(pkg, file, fn):
        value = _function_named(pkg, other, arg)
        if value is not None and value not in found:
            found.append(value)
    return found


def literal_values(pkg: Pass, file: SourceFile, fn: Node) -> list[tuple[SourceFile, Node]]:
    """The function literals that the calls of :func:`function_values` pass
    for the function-typed parameter ``fn`` (``patch(obj, func(m
    map[string]string) { m[k] = v })``), with their files."""
    return [
        (other, arg) for other, arg in _passed_values(pkg, file, fn) if arg.type == "func_literal"
    ]


def _passed_values(pkg: Pass, file: SourceFile, fn: Node) -> list[tuple[SourceFile, Node]]:
    """The arguments each call in the package passes for the function-typed
    parameter ``fn`` of a function of the package (not a method, not a
    closure), with their files."""
    types = pkg.fact(TYPES)
    name = file.text(fn)
    binding = types.resolve(file, name, fn)
    if binding is None or binding.kind != "param" or binding.function is None:
        return []
    outer = binding.function
    if outer.type != "function_declaration":
        return []
    decl_name_node = outer.child_by_field_name("name")
    if decl_name_node is None:
        return []
    decl = pkg.package.funcs.get(file.text(decl_name_node))
    if decl is None or decl.receiver or decl.node.id != outer.id:
        return []
    position = next((i for i, p in enumerate(decl.params) if p.name == name), None)
    if position is None or not decl.params[position].type_text.startswith("func("):
        return []
    found: list[tuple[SourceFile, Node]] = []
    wanted = decl.name.encode()
    for other in pkg.package.files:
        if wanted not in other.data:
            continue
        for call in of_types(other.root, ("call_expression",)):
            callee = call.child_by_field_name("function")
            args = call.child_by_field_name("arguments")
            if callee is None or args is None or callee.type != "identifier":
                continue
            if other.text(callee) != decl.name or len(args.named_children) <= position:
                continue
            found.append((other, unparen(args.named_children[position])))
    return found


def _function_named(pkg: Pass, file: SourceFile, arg: Node) -> tuple[str, str, str] | None:
    """``arg`` names a function of the package or of an imported package."""
    types = pkg.fact(TYPES)
    if arg.type == "identifier":
        name = file.text(arg)
        decl = pkg.package.funcs.get(name)
        if decl is None or decl.receiver:
            return None
        binding = types.resolve(file, name, arg)
        if binding is not None and binding.kind != "package":
            return None
        return ("", name, name)
    if arg.type == "selector_expression":
        operand = arg.child_by_field_name("operand")
        field_node = arg.child_by_field_name("field")
        if operand is None or field_node is None or operand.type != "identifier":
            return None
        path = pkg.package.imports.get(file.path, {}).get(file.text(operand))
        if path is None or types.resolve(file, file.text(operand), operand) is not None:
            return None
        return (path, file.text(field_node), file.text(arg))
    return None


def value_writes(pkg: Pass, file: SourceFile, fn: Node, position: int) -> tuple[str, str] | None:
    """A function that a call through the function-typed parameter ``fn``
    can call (:func:`function_values`) and that writes into its map
    parameter ``position``: (the argument's text at the caller, the
    parameter's name)."""
    summaries = pkg.fact(MAP_SUMMARIES)
    for path, name, text in function_values(pkg, file, fn):
        if not path:
            decl = pkg.package.funcs.get(name)
            param = summaries.param_write(decl, position) if decl is not None else None
            if param is not None:
                return text, param
            continue
        writes = imported_writes(pkg, path)
        write = writes.write(name, position) if writes is not None else None
        if write is not None:
            return text, write.name
    for other, literal in literal_values(pkg, file, fn):
        param = summaries.literal_param_write(other, literal, position)
        if param is not None:
            line = other.data.count(b"\n", 0, literal.start_byte) + 1
            return f"the function literal at {other.path.rsplit('/', 1)[-1]}:{line}", param
    return None


# ``name map[``, ``a, b map[``: variables, parameters, results or fields declared maps
_MAP_NAMES = re.compile(rb"\b(\w+(?:\s*,\s*\w+)*)\s+map\[")


def _arguments(data: bytes, start: int, limit: int = 400) -> bytes:
    """The bytes of a call's arguments from just after its ``(`` to the
    matching ``)`` (at most ``limit`` bytes)."""
    depth = 1
    end = min(len(data), start + limit)
    for i in range(start, end):
        byte = data[i]
        if byte == 0x28:  # (
            depth += 1
        elif byte == 0x29:  # )
            depth -= 1
            if depth == 0:
                return data[start:i]
    return data[start:end]


def may_pass_nil(data: bytes, imports: dict[str, str]) -> bool:
    """From the bytes: the file may call an exported function of one of
    ``imports`` (by local name) with ``nil`` or a name declared as a map.
    False means no such call (the imported-callee check has nothing to
    report)."""
    locals_ = b"|".join(re.escape(name.encode()) for name in imports)
    calls = re.compile(rb"\b(?:" + locals_ + rb")\.[A-Z]\w*\(")
    names: set[bytes] | None = None
    for match in calls.finditer(data):
        args = _arguments(data, match.end())
        if re.search(rb"\bnil\b", args):
            return True
        if names is None:
            names = {
                name.strip() for group in _MAP_NAMES.findall(data) for name in group.split(b",")
            }
        if names and any(word in names for word in re.findall(rb"\w+", args)):
            return True
    return False
