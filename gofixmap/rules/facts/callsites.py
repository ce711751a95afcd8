"""Call sites of a function across its module, for NM004's caller evidence
when the package alone cannot show them (an exported function, or one
handed on as a value).

A parameter is not evidence on its own (issue 12, cause 4): a write through
it is reported when some caller can pass an object without the map. What
the callers pass is judged in the package (:mod:`.apiobjects`); this module
answers the one question that needs the whole module: is every use of the
function one that hands it no object of its own?

- a call whose argument at the parameter's position is a parameter of the
  function literal the call is in (``func(pod *v1.Pod) { F(pod) }``), the
  literal handed to a function of the module: a callback, called with
  values its caller picks, which a function literal's parameter is not
  evidence of either;
- the function handed as a value to a function of the module
  (``testutil.BuildPod(name, F)``): a callback itself.

A callback handed to another module (an informer's or a framework's
handler, stored in a struct literal, passed to a method) is called with
objects that module reads from the cluster: such a use is evidence.

Any other call (an argument built, read or received in a declared function)
may pass an object without the map: the answer is no, and the write is
reported as before. So is a function that nothing in the module uses (an
exported function is API for other modules).

The uses are found by name in the files that hold it (an exported function
over the whole module, ``vendor/`` and ``testdata/`` left out; an unexported
one in its package's directory) and parsed: ``pkg.F`` where ``pkg`` names
the declaring package's import path in that file, and ``F`` in the files of
the declaring package itself. The module fact ``CALLBACK_USES`` answers
each function and parameter once per module per run.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

Node = tree_sitter.Node


class CallbackUses:
    """Whether every use of a function in the module hands it no object of
    its own (see the module)."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, str, int], bool] = {}

    def callbacks_only(self, index: PackageIndex, decl: FuncDecl, position: int) -> bool:
        """Every use of ``decl`` (a function of the package ``index``, not a
        method) in the module hands it no object of its own at parameter
        ``position``: a call passing a function literal's parameter, or a use
        as a value; and there is at least one use."""
        if decl.receiver:
            return False
        directory = os.path.abspath(index.directory)
        key = (directory, decl.name, position)
        if key not in self._answers:
            exported = decl.name[:1].isupper()
            paths = self._module.fact(MODULE_FILES) if exported else ()
            self._answers[key] = _callbacks_only(
                index, decl, position, self._module.module.root, directory, paths
            )
        return self._answers[key]


CALLBACK_USES = ModuleFact("callback uses", CallbackUses, requires=[MODULE_FILES])


def package_import_path(index: PackageIndex, root: str, directory: str) -> str:
    if not index.module_path:
        return ""
    rel = os.path.relpath(directory, root)
    return index.module_path if rel == "." else f"{index.module_path}/{rel.replace(os.sep, '/')}"


def _callbacks_only(
    index: PackageIndex,
    decl: FuncDecl,
    position: int,
    root: str,
    directory: str,
    module_files: Sequence[str],
) -> bool:
    """:meth:`CallbackUses.callbacks_only` (``module_files``: the module's
    files, for an exported function)."""
    exported = decl.name[:1].isupper()
    if exported:
        paths = module_files
    else:
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return False
        paths = [os.path.join(directory, n) for n in names if n.endswith(".go")]
    import_path = package_import_path(index, root, directory)
    needle = decl.name.encode()
    uses = 0
    for path, data in read_sources(paths):
        if needle not in data:
            continue
        file = src.parse(path, data)
        own = os.path.dirname(os.path.abspath(path)) == directory and (
            file.package_name == index.name
        )
        alias = imported(file).get(import_path) if import_path else None
        if not own and alias is None:
            continue
        modules = module_aliases(file, index.module_path)
        for node in src.of_types(file.root, ("identifier", "selector_expression")):
            use = function_use(file, node, decl.name, own, alias)
            if use is None:
                continue
            if use.parent is not None and use.parent.type in sx.DECLARATION_TYPES:
                continue  # the declaration itself (or a method's name)
            if not hands_nothing(file, use, position, modules):
                return False
            uses += 1
    return uses > 0


def function_use(
    file: src.SourceFile, node: Node, name: str, own: bool, alias: str | None
) -> Node | None:
    """``node`` names the function: ``F`` in its own package, ``pkg.F``
    elsewhere (and in an external test package of the same directory)."""
    if node.type == "identifier":
        parent = node.parent
        if not own or file.text(node) != name or parent is None:
            return None
        if parent.type == "selector_expression":
            return None  # x.F: a field or method, or pkg.F handled below
        if parent.type in ("parameter_declaration", "var_spec", "const_spec", "type_spec"):
            return None
        return node
    operand = node.child_by_field_name("operand")
    field = node.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier":
        return None
    if alias is None or file.text(operand) != alias or file.text(field) != name:
        return None
    return node


def module_aliases(file: src.SourceFile, module_path: str) -> frozenset[str]:
    """The names under which ``file`` imports packages of the module."""
    if not module_path:
        return frozenset()
    return frozenset(
        name
        for path, name in imported(file).items()
        if path == module_path or path.startswith(module_path + "/")
    )


def _to_module(file: src.SourceFile, node: Node, modules: frozenset[str]) -> bool:
    """``node`` is an argument of a call of a function of the module:
    ``F(..., node)`` (a function of the file's package) or ``pkg.F(...,
    node)`` with ``pkg`` a package of the module."""
    call = sx.call_of_argument(node)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None:
        return False
    if fn.type == "identifier":
        return True
    operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    return operand is not None and operand.type == "identifier" and file.text(operand) in modules


def hands_nothing(file: src.SourceFile, use: Node, position: int, modules: frozenset[str]) -> bool:
    """A call passing a function literal's parameter at ``position`` (the
    literal handed to a function of the module), or the function handed to
    one as a value."""
    parent = use.parent
    if parent is None or parent.type != "call_expression":
        return _to_module(file, use, modules)  # a value: a callback
    if parent.child_by_field_name("function") != use:
        return _to_module(file, use, modules)
    args = parent.child_by_field_name("arguments")
    values = args.named_children if args is not None else []
    if position >= len(values):
        return False
    arg = sx.unparen(values[position])
    if arg.type != "identifier":
        return False
    literal = sx.enclosing_function(parent)
    if literal is None or literal.type != "func_literal" or not _to_module(file, literal, modules):
        return False
    return literal_parameter(file, literal, arg)


def literal_parameter(file: src.SourceFile, literal: Node, arg: Node) -> bool:
    """The identifier ``arg`` names a parameter of the function literal
    ``literal`` that the literal never assigns."""
    params = literal.child_by_field_name("parameters")
    names = {
        file.text(n)
        for p in (params.named_children if params is not None else [])
        for n in p.children_by_field_name("name")
    }
    return file.text(arg) in names and not assigned_in(file, literal, file.text(arg))


def assigned_in(file: src.SourceFile, literal: Node, name: str) -> bool:
    """``name`` is assigned in ``literal`` (then it may hold anything)."""
    body = literal.child_by_field_name("body")
    for node in (
        src.of_types(body, ("assignment_statement", "short_var_declaration")) if body else ()
    ):
        left = node.child_by_field_name("left")
        if left is not None and any(file.text(n) == name for n in left.named_children):
            return True
    return False


def used_as_value(files: Sequence[src.SourceFile], name: str) -> bool:
    """``name`` appears in ``files`` (a package's) other than as the
    function of a call or its own declaration: handed on as a value, its
    callers are unknown."""
    for file in files:
        if name.encode() not in file.data:
            continue
        for ident in src.of_types(file.root, ("identifier", "field_identifier")):
            if file.text(ident) != name:
                continue
            parent = ident.parent
            if parent is None or parent.type in sx.DECLARATION_TYPES:
                continue
            if parent.type == "selector_expression":
                call = parent.parent
                if (
                    call is not None
                    and call.type == "call_expression"
                    and (call.child_by_field_name("function") == parent)
                ):
                    continue
                if parent.child_by_field_name("field") == ident:
                    return True
                continue
            if parent.type == "call_expression" and parent.child_by_field_name("function") == ident:
                continue
            return True
    return False
