"""MADE_RETURNS: the functions of a package that never return a nil map (an
exported fact computed from source, like a go/analysis object fact), so that
``p.Labels = pkg.F(...)`` in a callee proves the map for NM004's guards
(:mod:`.apicallees`).

A function (not a method: a call ``F(x)`` or ``pkg.F(x)`` names its callee
without types) with one result is in the set when it has a ``return`` and
every ``return`` of its own (not of a function literal in it) gives a value
that is not nil:

- ``make(...)`` or a composite literal (the result is assigned to a map, so
  the literal is a map's, and a map literal is never nil, even ``T{}``);
- a local variable declared in the body whose every assignment, anywhere in
  the body (function literals too), is such a value, and whose address is
  never taken (``&m`` could set it to nil);
- a call of another function of the set (``F(...)`` of the same package).

``maps.Clone(m)``, a parameter, a named result, a field and a conversion
(``labels.Set(m)``) may all be nil. When a dependency's source cannot be
read, :data:`FALLBACK` names the functions of well-known Kubernetes
libraries that the same reading of their source gives (``labels.Merge``
starts with ``mergedMap := Set{}`` and returns it).
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.stdlib import is_std

Node = tree_sitter.Node

# (import path, function): never returns a nil map, read from their source;
# used only when the dependency's source is not in the module cache
FALLBACK = frozenset({("k8s.io/apimachinery/pkg/labels", "Merge")})


def made_map(file: SourceFile, value: Node) -> bool:
    """``make(...)`` or a composite literal: a map that is not nil."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        return True
    fn = value.child_by_field_name("function") if value.type == "call_expression" else None
    return fn is not None and file.text(fn) == "make"


def _local_made(file: SourceFile, body: Node, name: str, params: set[str]) -> bool:
    """``name`` is a variable of the body that holds only made maps."""
    if name in params:
        return False
    declared = False
    for node in src.walk(body):
        if node.type == "unary_expression" and sx.norm(file.text(node)) == f"&{name}":
            return False
        if node.type == "range_clause":
            left = node.child_by_field_name("left")
            if left is not None and any(file.text(n) == name for n in left.named_children):
                return False
        if node.type in ("assignment_statement", "short_var_declaration"):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            lefts = left.named_children if left is not None else []
            rights = right.named_children if right is not None else []
            for i, target in enumerate(lefts):
                if sx.norm(file.text(target)) != name:
                    continue
                if len(rights) != len(lefts) or not made_map(file, rights[i]):
                    return False
                if node.type == "short_var_declaration":
                    declared = True
                elif file.text(node.child(1) or node) != "=":
                    return False  # op= on a map does not compile; be safe
        if node.type == "var_spec":
            names = [file.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                continue
            value = node.child_by_field_name("value")
            values = value.named_children if value is not None else []
            if len(values) != len(names) or not made_map(file, values[names.index(name)]):
                return False
            declared = True
    return declared


def _returns_made(decl: FuncDecl, made: set[str]) -> bool:
    body = decl.body
    if body is None or decl.receiver or len(decl.results) != 1 or decl.results[0].name:
        return False
    file = decl.file
    params = {p.name for p in decl.params if p.name}
    returns = list(src.of_types(body, ("return_statement",), "func_literal"))
    if not returns:
        return False
    for ret in returns:
        if not ret.named_children:
            return False
        values = ret.named_children[0]
        results = values.named_children if values.type == "expression_list" else [values]
        if len(results) != 1:
            return False
        value = sx.unparen(results[0])
        if made_map(file, value):
            continue
        if value.type == "identifier" and _local_made(file, body, file.text(value), params):
            continue
        fn = value.child_by_field_name("function") if value.type == "call_expression" else None
        if fn is not None and fn.type == "identifier" and file.text(fn) in made:
            continue
        return False
    return True


def made_returns(funcs: dict[str, FuncDecl]) -> frozenset[str]:
    """The functions of ``funcs`` that never return a nil map (to a fixed
    point: a function returning another one's result joins after it)."""
    made: set[str] = set()
    changed = True
    while changed:
        changed = False
        for key, decl in funcs.items():
            if key not in made and _returns_made(decl, made):
                made.add(key)
                changed = True
    return frozenset(made)


def _produce(pkg: Pass) -> frozenset[str]:
    return made_returns(dict(pkg.package.funcs))


MADE_RETURNS: Fact[frozenset[str]] = Fact(
    "made-returns",
    _produce,
    (),
    from_source=True,
    doc="functions whose every return gives a made (non-nil) map",
)


def imported_made(pkg: Pass, import_path: str, name: str) -> bool:
    """The function ``name`` of the package ``import_path`` never returns a
    nil map: from its source, else from :data:`FALLBACK` (said with
    ``used_builtin``)."""
    if is_std(import_path):
        return False
    other = pkg.dependency(import_path)
    if other is not None:
        try:
            return name in other.fact(MADE_RETURNS)
        except UndeclaredFact:
            pass
    if (import_path, name) in FALLBACK:
        pkg.used_builtin(import_path)
        return True
    return False
