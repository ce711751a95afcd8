"""MODULE_LITERALS (a module fact): the composite literals of a struct type
of the module, in every production file of the module, that leave one of
its map fields out (issue 13, class 2).

A struct of one package is built by the other packages of its module too:
``&endpoint.Endpoint{DNSName: n, Targets: t}`` in a source package leaves
``Labels`` nil even when the declaring package's constructor makes it, and
a third package that writes ``ep.Labels[k] = v`` on the endpoints it is
handed panics for that one. A literal counts when its type is written
``alias.T`` (the file imports the type's package as ``alias``) or ``T`` in
the declaring package, its elements are keyed (positional elements set
every field) and none is the field, and its function assigns no
``.F = ...`` after it (``ep := &T{...}; ep.F = make(...)``). Elided element
types (``[]*T{{...}}``), ``new(T)`` and zero values are not looked at:
the literals named in full are the evidence, and an empty value literal
handed to a call (``cmpopts.IgnoreUnexported(T{})``: a copy read for its
type) is none, nor is a literal kept in a variable that a later call of
its function is handed, as an argument or a method's receiver
(``r := &T{}; structutil.FillNil(r)``, ``cfg := &Outer{C: &T{}};
cfg.bindFlags()``: the callee may make the map; ``append`` and printing
calls such as ``log.Debugf("%s", ep)`` aside), nor the literal of a package
variable (``DefaultEmailConfig = EmailConfig{...}``): one value, which
reaches a writer only through copies taken in functions that may set the
field after (``*c = DefaultEmailConfig`` then ``c.Headers = h``).
A literal returned beside a non-nil error (``return T{}, err``) is none
either: callers that check the error never use it. ``_test.go`` files, and
``vendor/`` and ``testdata/``, are no evidence.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.rules.facts.importers import package_path
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

Node = tree_sitter.Node

_ENCLOSING = (
    "unary_expression",
    "literal_element",
    "keyed_element",
    "literal_value",
    "composite_literal",
)
# fmt's and the loggers' printing functions (log, logrus, klog, zap's sugar):
# they format their operands and set no field of them
_FORMATTING = re.compile(
    r"\.(?:S|F)?(?:Print|Error|Debug|Info|Warn|Warning|Fatal|Panic|Trace)(?:f|ln|w)?$"
)
_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


@dataclass(frozen=True)
class Literal:
    """A production literal of the type: where, its package's import path,
    its keys (``None``: positional elements, every field set) and the text
    of its function after it."""

    path: str
    line: int
    package: str
    keys: frozenset[str] | None
    after: str

    def omits(self, field: str) -> bool:
        """The literal leaves ``field`` out and its function does not set it
        afterwards (``.field = ...``)."""
        if self.keys is None or field in self.keys:
            return False
        return re.search(r"\.\s*" + re.escape(field) + r"\s*=[^=]", self.after) is None


class ModuleLiterals:
    """Answers :meth:`of`, each type once per module per run."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, str], tuple[Literal, ...]] = {}

    def of(self, module_path: str, import_path: str, type_name: str) -> tuple[Literal, ...]:
        """The production literals of the module's ``<import_path>.<type_name>``."""
        key = (import_path, type_name)
        if key not in self._answers:
            self._answers[key] = self._find(module_path, import_path, type_name)
        return self._answers[key]

    def _find(self, module_path: str, import_path: str, type_name: str) -> tuple[Literal, ...]:
        if not module_path:
            return ()
        root = self._module.module.root
        needle = re.compile(rb"\b" + re.escape(type_name.encode()) + rb"\s*\{")
        found: list[Literal] = []
        listed: tuple[str, ...] = self._module.fact(MODULE_FILES)
        files = sorted(listed)
        name = _package_name(root, module_path, import_path)
        for path, data in read_sources(files, tests=False):
            directory = os.path.dirname(os.path.abspath(path))
            rel = os.path.relpath(directory, root)
            if rel.startswith("..") or _skipped(rel):
                continue
            if not needle.search(data):
                continue
            own = package_path(root, module_path, directory)
            file = src.parse(path, data)
            names = _type_names(file, own, import_path, name, type_name)
            if not names:
                continue
            for lit in src.of_types(file.root, ("composite_literal",)):
                typ = lit.child_by_field_name("type")
                body = lit.child_by_field_name("body")
                if typ is None or body is None or file.text(typ) not in names:
                    continue
                keys = _keys(file, body)
                if keys == frozenset() and _type_witness(lit):
                    continue
                func = _function(lit)
                if func is None:
                    continue  # a package variable's value: see the module
                if _handed_on(file, lit, func) or _beside_error(file, lit):
                    continue
                after = (
                    file.data[lit.end_byte : func.end_byte].decode(errors="replace")
                    if func is not None
                    else ""
                )
                found.append(Literal(path, lit.start_point[0] + 1, own, keys, after))
        return tuple(found)


def _skipped(rel: str) -> bool:
    parts = rel.replace(os.sep, "/").split("/")
    return "vendor" in parts or "testdata" in parts


def _package_name(root: str, module_path: str, import_path: str) -> str:
    """The name the package ``import_path`` of the module declares (its
    files' package clause), which an import without an alias binds."""
    rel = import_path[len(module_path) :].lstrip("/")
    directory = os.path.join(root, *rel.split("/")) if rel else root
    clause = re.compile(rb"^package\s+(\w+)", re.MULTILINE)
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    for entry in names:
        if not entry.endswith(".go") or entry.endswith("_test.go"):
            continue
        for _, data in read_sources([os.path.join(directory, entry)]):
            found = clause.search(data)
            if found is not None:
                return found.group(1).decode()
    return import_path.rsplit("/", 1)[-1]


def _type_names(
    file: src.SourceFile, own: str, import_path: str, package_name: str, type_name: str
) -> set[str]:
    """How ``file`` (of the package ``own``) writes the type."""
    names: set[str] = set()
    if own == import_path:
        names.add(type_name)
    for spec in src.of_types(file.root, ("import_spec",)):
        path_node = spec.child_by_field_name("path")
        if path_node is None or file.text(path_node).strip('"`') != import_path:
            continue
        name_node = spec.child_by_field_name("name")
        alias = file.text(name_node) if name_node is not None else package_name
        if alias not in ("_", "."):
            names.add(f"{alias}.{type_name}")
    return names


def _keys(file: src.SourceFile, body: Node) -> frozenset[str] | None:
    """The keys of the literal's elements; ``None`` when one is positional."""
    keys: set[str] = set()
    for element in body.named_children:
        if element.type == "comment":
            continue
        if element.type != "keyed_element" or not element.named_children:
            return None  # positional: every field is set
        keys.add(file.text(element.named_children[0]).strip())
    return frozenset(keys)


def _type_witness(lit: Node) -> bool:
    """An empty value literal handed to a call other than ``append``
    (``cmpopts.IgnoreUnexported(T{})``, ``reflect.TypeOf(T{})``): the callee
    gets a copy, read for its type; no value the module writes comes of it."""
    parent = lit.parent
    if parent is None or parent.type != "argument_list":
        return False
    call = parent.parent
    func = call.child_by_field_name("function") if call is not None else None
    return func is None or func.text != b"append"


def _handed_on(file: src.SourceFile, lit: Node, func: Node) -> bool:
    """The literal is kept in a variable (``r := &T{}``, ``var r = T{}``,
    or inside the literal a variable holds, ``cfg := &Outer{C: &T{}}``) that
    a later call of its function is handed, as an argument (``fill(r)``,
    ``fill(&r)``; ``append`` aside) or as the receiver of a method
    (``cfg.bindFlags()``): that function may make the map
    (``structutil.FillNil(r)``). Printing calls (``log.Debugf("%s", ep)``,
    ``fmt.Sprintf``) format their operands and are not counted."""
    node = lit.parent
    while node is not None and node.type in _ENCLOSING:
        node = node.parent  # ``cfg := &Outer{Config: &T{}}``: held by cfg
    if node is None or node.type != "expression_list":
        return False
    holder = node.parent
    if holder is None or holder.type not in (
        "short_var_declaration",
        "assignment_statement",
        "var_spec",
    ):
        return False
    left = holder.child_by_field_name("left") or holder.child_by_field_name("name")
    if left is None:
        return False
    names: set[str] = set()
    for n in [left] if left.type == "identifier" else left.named_children:
        if n.type == "unary_expression" and n.named_children:
            n = n.named_children[-1]  # ``*r = T{}``: the value r points to
        if n.type == "identifier":
            names.add(file.text(n))
    if not names:
        return False
    for call in src.of_types(func, ("call_expression",)):
        if call.start_byte < lit.end_byte:
            continue
        callee = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if callee is None or args is None or file.text(callee) == "append":
            continue
        if _FORMATTING.search(file.text(callee)):
            continue  # ``log.Debugf("%s", ep)``: formats its operands, sets nothing
        if callee.type == "selector_expression":
            operand = callee.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and file.text(operand) in names:
                return True  # ``cfg.bindFlags()``: a method of the holder
        for arg in args.named_children:
            if arg.type == "unary_expression" and arg.named_children:
                arg = arg.named_children[-1]
            if arg.type == "identifier" and file.text(arg) in names:
                return True
    return False


def _beside_error(file: src.SourceFile, lit: Node) -> bool:
    """``return T{}, fmt.Errorf(...)``: a literal returned beside a non-nil
    error, which callers that check the error never use."""
    node = lit.parent
    if node is not None and node.type == "unary_expression":
        node = node.parent
    if node is None or node.type != "expression_list":
        return False
    ret = node.parent
    if ret is None or ret.type != "return_statement":
        return False
    values = node.named_children
    return len(values) >= 2 and values[-1] is not lit and file.text(values[-1]).strip() != "nil"


def _function(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS:
        current = current.parent
    return current


MODULE_LITERALS = ModuleFact("module literals", ModuleLiterals, requires=[MODULE_FILES])
