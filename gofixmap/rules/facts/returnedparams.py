"""Functions that return the map parameter they write into
(``func merge(dst, src map[K]V) map[K]V { ...; return dst }``, or an alias
declared from it, ``result := dst; ...; return result``; a ``return
nil`` beside it gives the caller no map of its own either) and whose every
call in the package takes the result: a guard in the callee fixes every
caller at once, as upstream fixes of such helpers do (NM005 reports there).

:func:`reads_own_writes` tells the other kind of callee whose guard is the
fix: one that returns no map and reads its parameter back after writing it
(``cfg["paths"] = ...`` then ``for k := range cfg``). Its writes serve its
own result: a caller's nil map never sees them anyway (the callee cannot
make the caller's map), so a map the callee makes when the parameter is
nil loses the caller nothing and keeps the callee's result right."""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.rules.facts.writes import is_write_operand

Node = tree_sitter.Node


def returns_kept(package: PackageIndex, callee: FuncDecl, param: str) -> bool:
    """``callee`` returns its map parameter ``param`` (or ``nil``) from every
    return, and no call of it in ``package`` drops the result."""
    return returns_param(callee, param) and results_kept(package, callee)


def returns_param(callee: FuncDecl, param: str) -> bool:
    """Every return of ``callee`` (one result) gives ``param``, an alias
    declared from it (``result := param``) or ``nil``, and one gives the
    parameter or an alias."""
    if callee.body is None or len(callee.results) != 1:
        return False
    file = callee.file
    names = {param, *_aliases(callee, param)}
    returns = [
        r
        for r in src.of_types(callee.body, ("return_statement",))
        if _same(sx.enclosing_function(r), callee.node)
    ]
    if not returns:
        return False
    given = False
    for stmt in returns:
        values = [v for v in stmt.named_children if v.type == "expression_list"]
        exprs = values[0].named_children if values else stmt.named_children
        if len(exprs) != 1:
            return False
        text = file.text(sx.unparen(exprs[0]))
        if text != "nil" and text not in names:
            return False
        given = given or text != "nil"
    return given


def results_kept(package: PackageIndex, callee: FuncDecl) -> bool:
    """No call of ``callee`` (by its name) in ``package`` drops its result
    (an expression statement, ``go`` or ``defer``)."""
    name = callee.name
    wanted = name.encode()
    for file in package.files:
        if wanted not in file.data:
            continue
        for call in src.of_types(file.root, ("call_expression",)):
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                fn = fn.child_by_field_name("field")
            if fn is None or file.text(fn) != name:
                continue
            parent = call.parent
            if parent is None or parent.type in (
                "expression_statement",
                "go_statement",
                "defer_statement",
            ):
                return False
    return True


def reads_own_writes(callee: FuncDecl, param: str, write: Node) -> bool:
    """``callee`` gives ``param`` (or an alias declared from it) in no
    ``return``, and reads it after ``write``, its first write into it: a
    use that is not the map operand of a write (``param[k] = v``,
    ``param[k]++``), such as ``param[k]`` on the right, ``range param``,
    ``len(param)`` or an argument of a call."""
    if callee.body is None:
        return False
    file = callee.file
    names = {param, *_aliases(callee, param)}
    read = False
    for node in src.of_types(callee.body, ("identifier",)):
        if file.text(node) not in names:
            continue
        if any(up.type == "return_statement" for up in sx.ancestors(node)):
            return False  # handed back: the caller may get the map
        if node.start_byte < write.end_byte or is_write_operand(node):
            continue
        read = True
    return read


def _aliases(callee: FuncDecl, param: str) -> set[str]:
    """The names the body of ``callee`` declares from ``param`` alone
    (``result := param``, ``var result = param``), outside closures."""
    assert callee.body is not None
    file = callee.file
    found: set[str] = set()
    for stmt in src.of_types(callee.body, ("short_var_declaration", "var_spec")):
        if not _same(sx.enclosing_function(stmt), callee.node):
            continue
        names, values = sx.defined_values(stmt)
        if len(names) == 1 and len(values) == 1 and file.text(sx.unparen(values[0])) == param:
            found.add(file.text(names[0]))
    return found


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id
