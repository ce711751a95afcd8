"""Writes into the maps of an object that a lister returned.

A client-go lister (``k8s.io/client-go/listers/...``, and the listers that
client-gen generates for custom types, ``.../listers/...``) answers ``Get``
from the shared informer's indexer: the pointer it returns is the cached
object itself, which the informer updates and every worker of every
controller sharing the informer reads. Writing its maps in place
(``secret.Annotations[k] = v``, ``secret.Data[k] = b``) is a map write that
races with those readers (``concurrent map read and map write``); the object
must be copied first (``secret = secret.DeepCopy()``).

Not reported: a variable assigned again before the write other than on a
branch that runs only when it is nil (``if s == nil { s = &T{} }`` leaves the
lister's object on the other path), a ``DeepCopy`` of it, calls that are not
through a value of a lister type, test files.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.locks import access_kind, is_test_file
from gofixmap.rules.facts.types import TypeResolver


@dataclass(frozen=True, slots=True)
class ListerWrite:
    site: Node  # the write (m[k] = v, delete(m, k))
    expr: Node  # the map expression (secret.Data)
    var: str  # the variable the lister's Get returned
    call: Node  # the Get call


def lister_writes(types: TypeResolver, file: SourceFile) -> list[ListerWrite]:
    """The map writes through variables that a lister's ``Get`` returned,
    in ``file``."""
    if is_test_file(file) or b"/listers/" not in file.data or b".Get(" not in file.data:
        return []
    imports = types.package.imports.get(file.path, {})
    listers = {name for name, path in imports.items() if "/listers/" in path}
    if not listers:
        return []
    found: list[ListerWrite] = []
    for call in src.of_types(file.root, ("call_expression",)):
        fn = call.child_by_field_name("function")
        field = fn.child_by_field_name("field") if fn is not None else None
        if fn is None or fn.type != "selector_expression" or field is None:
            continue
        if field.text != b"Get" or not _through_lister(types, file, fn, listers):
            continue
        var = _assigned_to(file, call)
        func = sx.enclosing_function(call)
        body = sx.body(func) if func is not None else None
        if not var or body is None:
            continue
        for write, expr in _writes_through(file, body, var, call):
            found.append(ListerWrite(write, expr, var, call))
    return found


def _through_lister(types: TypeResolver, file: SourceFile, fn: Node, listers: set[str]) -> bool:
    """Some value of the selector chain before ``.Get`` has a type of an
    imported lister package (``corelisters.SecretLister``, or the
    namespace lister ``Secrets(ns)`` returns)."""
    current: Node | None = fn.child_by_field_name("operand")
    for _ in range(8):
        if current is None:
            return False
        text = (types.type_of(file, current) or "").lstrip("*[]")
        if "." in text and text.split(".", 1)[0] in listers:
            return True
        if current.type == "call_expression":
            current = current.child_by_field_name("function")
        elif current.type == "selector_expression":
            current = current.child_by_field_name("operand")
        else:
            return False
    return False


def _assigned_to(file: SourceFile, call: Node) -> str:
    """``x`` of ``x, err := <call>`` / ``x, err = <call>``."""
    right = call.parent
    stmt = right.parent if right is not None and right.type == "expression_list" else None
    if right is None or stmt is None:
        return ""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return ""
    if stmt.child_by_field_name("right") != right or right.named_children[:1] != [call]:
        return ""
    left = stmt.child_by_field_name("left")
    first = left.named_children[0] if left is not None and left.named_children else None
    if first is None or first.type != "identifier" or file.text(first) == "_":
        return ""
    return file.text(first)


def _writes_through(file: SourceFile, body: Node, var: str, call: Node) -> list[tuple[Node, Node]]:
    """Map writes ``var.F...[k] = v`` / ``delete(var.F, k)`` after ``call``
    in ``body``, until ``var`` is assigned again (not in an ``if var == nil``
    branch)."""
    stop = body.end_byte
    for stmt in sx.nodes(body, ("short_var_declaration", "assignment_statement"), closures=False):
        if stmt.start_byte <= call.end_byte:
            continue
        left = stmt.child_by_field_name("left")
        names = [file.text(n) for n in left.named_children] if left is not None else []
        if var in names and not _in_nil_branch(file, stmt, var):
            stop = min(stop, stmt.start_byte)
    result: list[tuple[Node, Node]] = []
    for sel in src.of_types(body, ("selector_expression",), "func_literal"):
        if not call.end_byte < sel.start_byte < stop:
            continue
        base = sel
        while base.type == "selector_expression":
            operand = base.child_by_field_name("operand")
            if operand is None:
                break
            base = operand
        if base.type != "identifier" or file.text(base) != var:
            continue
        if sel.parent is not None and sel.parent.type == "selector_expression":
            continue  # the longest chain only
        kind, site = access_kind(file, sel)
        if kind == "write":
            result.append((site, sel))
    return result


def _in_nil_branch(file: SourceFile, stmt: Node, var: str) -> bool:
    """``stmt`` runs only when ``var == nil`` (inside ``if var == nil {``)."""
    for node in sx.ancestors(stmt):
        if node.type != "if_statement":
            continue
        cond = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        if cond is None or consequence is None:
            continue
        inside = consequence.start_byte <= stmt.start_byte < consequence.end_byte
        if inside and file.text(cond).replace(" ", "") == f"{var}==nil":
            return True
    return False
