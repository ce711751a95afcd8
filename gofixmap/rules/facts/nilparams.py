"""A map field set from a parameter that a caller passes as nil (NM002's
call-site evidence, issue 12 cause 4 in reverse).

``func Wrap(info *Info, extra map[K]V) *Node { return &Node{info: info,
extra: extra} }`` keeps the caller's map header in ``extra``: a literal
that names the field is no evidence on its own, since what the field holds
is what the callers pass. When a call of ``Wrap`` in the module (outside
``_test.go`` files: a passing test suite shows its calls never reach a
write; nor in a file that imports ``testing``, a test helper's)
passes the literal ``nil`` at that parameter, the value it builds
has the field nil, exactly like a literal that omits it, and a method that
later writes ``n.extra[k]`` panics on that value.

Only declared functions (not methods, whose callers need the receiver's
type) whose body never assigns the parameter nor takes its address
(``if extra == nil { extra = ... }`` makes it) are followed, and only a
literal ``nil`` argument counts: a variable or a call result may hold a
made map. The calls are found by name as :mod:`.callsites` finds them (an
exported function over the whole module, an unexported one in its
package's directory), once per module per function.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import PackageIndex
from gofixmap.rules.facts.callsites import function_use, package_import_path
from gofixmap.rules.facts.constructions import Construction, Constructions, func_name
from gofixmap.rules.facts.nilpaths import made_later
from gofixmap.rules.facts.paramfields import map_parameter
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

Node = tree_sitter.Node


@dataclass(frozen=True)
class NilCall:
    """A call passing ``nil`` at a parameter: where, and the function it is in."""

    path: str
    line: int
    caller: str

    def describe(self) -> str:
        where = f"{os.path.basename(self.path)}:{self.line}"
        return f"{self.caller} passes as nil ({where})" if self.caller else f"passed nil at {where}"


class NilArguments:
    """For an exported function of the module: the first call outside tests
    and outside the function's own package that passes ``nil`` at each
    parameter position (the package's own calls are read from its parsed
    files, :meth:`own_call`)."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, str], dict[int, NilCall]] = {}
        self._own: dict[tuple[str, str], dict[int, NilCall]] = {}
        # (package directory, owner, field) → param_paths' answer
        self.paths: dict[tuple[str, str, str], list[tuple[Construction, bool]]] = {}

    def own_call(
        self, index: PackageIndex, files: Iterable[src.SourceFile], name: str, position: int
    ) -> NilCall | None:
        """The first call of the package's function ``name`` in the
        package's own files (tests left out) that passes ``nil`` at
        ``position``."""
        key = (os.path.abspath(index.directory), name)
        if key not in self._own:
            found: dict[int, NilCall] = {}
            for file in files:
                if not file.path.endswith("_test.go") and name.encode() in file.data:
                    _nil_calls(file, name, True, None, found)
            self._own[key] = found
        return self._own[key].get(position)

    def nil_call(self, index: PackageIndex, name: str, position: int) -> NilCall | None:
        if not name[:1].isupper():
            return None
        directory = os.path.abspath(index.directory)
        key = (directory, name)
        if key not in self._answers:
            import_path = package_import_path(index, self._module.module.root, directory)
            found: dict[int, NilCall] = {}
            needle = name.encode()
            paths = self._module.fact(MODULE_FILES)
            for path, data in read_sources(paths, tests=False):
                if needle not in data or b"nil" not in data:
                    continue
                if os.path.dirname(os.path.abspath(path)) == directory:
                    continue
                file = src.parse(path, data)
                alias = imported(file).get(import_path) if import_path else None
                if alias is not None:
                    _nil_calls(file, name, False, alias, found)
            self._answers[key] = found
        return self._answers[key].get(position)


NIL_ARGUMENTS = ModuleFact("nil arguments", NilArguments, requires=[MODULE_FILES])


def _nil_calls(
    file: src.SourceFile, name: str, own: bool, alias: str | None, found: dict[int, NilCall]
) -> None:
    """Add to ``found`` the calls of ``name`` in ``file`` passing ``nil``,
    by position (the first of each kept). A file that imports ``testing``
    holds test support (helpers taking a ``*testing.T``), not production
    calls: it adds nothing."""
    if "testing" in imported(file):
        return
    for node in src.of_types(file.root, ("identifier", "selector_expression")):
        use = function_use(file, node, name, own, alias)
        parent = use.parent if use is not None else None
        if parent is None or parent.type != "call_expression":
            continue
        if parent.child_by_field_name("function") != use:
            continue
        args = parent.child_by_field_name("arguments")
        values = [
            a for a in (args.named_children if args is not None else []) if a.type != "comment"
        ]
        for position, arg in enumerate(values):
            if sx.unparen(arg).type == "nil" and position not in found:
                func = sx.enclosing_function(parent)
                found[position] = NilCall(
                    file.path, parent.start_point[0] + 1, func_name(file, func)
                )


def _keyed_value(file: src.SourceFile, literal: Node, key: str) -> Node | None:
    """The value ``literal`` (a ``literal_value``) gives the field ``key``."""
    for element in literal.named_children:
        if element.type != "keyed_element" or element.named_child_count < 2:
            continue
        name, value = element.named_children[0], element.named_children[-1]
        if sx.norm(file.text(name)) != key:
            continue
        if value.type == "literal_element" and value.named_children:
            value = value.named_children[0]
        return sx.unparen(value)
    return None


def param_paths(
    info: Constructions, arguments: NilArguments, owner: str, field_name: str
) -> list[tuple[Construction, bool]]:
    """The literals of ``owner`` that set ``field_name`` from a map
    parameter of their function, which some call in the module passes as
    ``nil`` (see the module); ``direct`` is False: the literal is right, the
    call is what leaves the map nil. Each comes back with ``via`` saying so."""
    key = (os.path.abspath(info.types.package.directory), owner, field_name)
    if key not in arguments.paths:
        arguments.paths[key] = _param_paths(info, arguments, owner, field_name)
    return arguments.paths[key]


def _param_paths(
    info: Constructions, arguments: NilArguments, owner: str, field_name: str
) -> list[tuple[Construction, bool]]:
    result: list[tuple[Construction, bool]] = []
    for c in info.constructions.get(owner, ()):
        if c.kind != "literal" or c.keys is None or field_name not in c.keys:
            continue
        func = c.func
        if func is None or func.type != "function_declaration":
            continue
        value = _keyed_value(c.file, c.node, field_name)
        if value is None or value.type != "identifier":
            continue
        param = c.file.text(value)
        position = map_parameter(c.file, func, param)
        name = func.child_by_field_name("name")
        if position is None or name is None:
            continue
        function = c.file.text(name)
        index = info.types.package
        call = arguments.own_call(index, info.types.pkg.files, function, position)
        if call is None:
            call = arguments.nil_call(index, function, position)
        if call is None or made_later(info, c, (field_name,)):
            continue
        via = f"sets {field_name} from its parameter {param}, which {call.describe()}"
        result.append((replace(c, via=via), False))
    return result
