"""A map of maps that a function of the package returns with a constant key
set, read by a caller (NM003).

``data := map[string]map[string]string{}; if ref != nil { data["ref"] =
map[string]string{...} }; return data, nil``: past ``d, err := f(x, ...);
if err != nil { return }``, ``d["ref"]`` is a made map when the call's ``x``
is not nil. A method call on an interface value panics when the value is
nil, and the operands of an assignment are evaluated before it stores: so
``d["ref"][x.Key()] = v`` never writes with a nil ``x``.

The function must keep the key: no ``delete``, ``clear``, ``d[k] = nil`` or
new value for the map after it is set, and the map handed only to functions
of the package that do none of that either.
"""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import DECLARATIONS
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.types import TYPES, TypeResolver

Node = tree_sitter.Node


def callee_sets_key(ctx: FileContext, outer: Node, key_text: str, write: Node) -> bool:
    """``outer`` is a local set from such a call, the call's error is checked
    before ``write``, and each parameter the key depends on is given a value
    that is non-nil at ``write``."""
    file = ctx.file
    types = ctx.fact(TYPES)
    got = _result_of_call(types, file, outer, write, ("identifier",))
    if got is None or _assigned(file, got.func, got.name, got.decl):
        return False
    needed = _key_set(types, got.callee, got.index, key_text, got.errors)
    if needed is None or got.values is None:
        return False
    params = [p.name for p in got.callee.params]
    return all(_non_nil_at(ctx, types, got.values[params.index(p)], write) for p in needed)


@dataclass(frozen=True)
class _CallResult:
    """``name`` is one result of ``name, ... := f(...)`` (``decl``), in
    ``func``, whose error (when ``f`` returns one) is checked before the write."""

    name: str
    func: Node
    decl: Node
    callee: FuncDecl
    index: int  # of name among the call's results
    errors: bool  # the callee's last result is an error
    values: list[Node] | None  # the call's arguments, one per parameter (else None)


def _result_of_call(
    types: TypeResolver, file: SourceFile, outer: Node, write: Node, kinds: tuple[str, ...]
) -> _CallResult | None:
    """The call of a function of the package whose result the local
    ``outer`` (a node of one of ``kinds``) holds, read at ``write``."""
    outer = sx.unparen(outer)
    if outer.type not in kinds:
        return None
    name = file.text(outer)
    binding = types.resolve(file, name, outer)
    if binding is None or binding.kind != "short" or binding.function is None:
        return None
    decl = binding.node
    left = decl.child_by_field_name("left")
    right = decl.child_by_field_name("right")
    if decl.type != "short_var_declaration" or left is None or right is None:
        return None
    if len(right.named_children) != 1 or right.named_children[0].type != "call_expression":
        return None
    call = right.named_children[0]
    names = [file.text(n) for n in left.named_children]
    callee = _callee(types, file, call)
    if callee is None or len(callee.results) != len(names) or names.count(name) != 1:
        return None
    index = names.index(name)
    errors = callee.results[-1].type_text == "error"
    if errors and (index == len(names) - 1 or not _error_checked(file, decl, write, names[-1])):
        return None
    args = call.child_by_field_name("arguments")
    values = [a for a in args.named_children if a.type != "comment"] if args else []
    fits = len(values) == len(callee.params)
    return _CallResult(
        name, binding.function, decl, callee, index, errors, values if fits else None
    )


def callee_sets_ranged_key(ctx: FileContext, outer: Node, key: Node, write: Node) -> bool:
    """``m, ... := f(x)`` where ``f`` makes ``m[e.K]`` for every element
    ``e`` of ``x.S`` (``for _, e := range p.S { m[e.K] = make(...) }``
    before each return, ``p`` the parameter given ``x``), and ``write``
    sits in ``for _, e := range x.S`` with the key ``e.K``: every key the
    loop writes under is one the callee made. Neither ``m`` nor ``x`` is
    assigned again in the caller, nor a key of ``m`` deleted."""
    file = ctx.file
    types = ctx.fact(TYPES)
    got = _result_of_call(types, file, outer, write, ("identifier", "type_identifier"))
    if got is None:
        return False
    func, name, callee, index, errors = got.func, got.name, got.callee, got.index, got.errors
    if _assigned(file, func, name, got.decl) or _dropped_keys(file, func, name):
        return False
    loop = _ranging_loop(file, write, key)
    if loop is None or got.values is None:
        return False
    ranged, position, rest = loop
    params = [p.name for p in callee.params]
    for param, value in zip(params, got.values, strict=True):
        value = sx.unparen(value)
        if not param or value.type != "identifier":
            continue
        arg = file.text(value)
        if not (ranged == arg or ranged.startswith(arg + ".")):
            continue
        arg_binding = types.resolve(file, arg, value)
        if arg_binding is None or arg_binding.kind not in ("param", "short", "var"):
            continue
        if _assigned(file, func, arg, arg_binding.node):
            continue
        if _each_return_ranges(
            types, callee, index, errors, param + ranged[len(arg) :], position, rest
        ):
            return True
    return False


def _ranging_loop(file: SourceFile, write: Node, key: Node) -> tuple[str, int, str] | None:
    """The innermost ``for ... range S`` around ``write`` that binds the
    key's root identifier: (S, 0 for the key variable or 1 for the value,
    the key's text after the root, ``.Port`` of ``e.Port``)."""
    key_text = sx.norm(file.text(key))
    root, dot, rest = key_text.partition(".")
    if not root.isidentifier():
        return None
    for node in sx.ancestors(write):
        if node.type in sx.FUNCTION_TYPES:
            return None
        if node.type != "for_statement":
            continue
        clause = next((c for c in node.named_children if c.type == "range_clause"), None)
        vars_ = clause.child_by_field_name("left") if clause is not None else None
        over = clause.child_by_field_name("right") if clause is not None else None
        if clause is None or vars_ is None or over is None:
            continue
        bound = [file.text(v) for v in vars_.named_children]
        if root in bound:
            op = clause.child_by_field_name("operator")
            if op is not None and file.text(op) != ":=":
                return None
            return sx.norm(file.text(over)), bound.index(root), dot + rest
    return None


def _each_return_ranges(
    types: TypeResolver,
    callee: FuncDecl,
    index: int,
    errors: bool,
    ranged: str,
    position: int,
    rest: str,
) -> bool:
    """Every return of ``callee`` without an error gives, at ``index``, a
    variable that a loop before it (in a statement list on the way to the
    return) fills with a non-nil value under each element's key:
    ``for _, e := range ranged { var[e<rest>] = ... }``."""
    body = callee.body
    if body is None:
        return False
    file = callee.file
    returns = 0
    for ret in src.of_types(body, ("return_statement",)):
        if sx.enclosing_function(ret) != callee.node:
            continue
        values = [v for c in ret.named_children for v in c.named_children]
        if len(values) != len(callee.results):
            return False
        if errors and values[-1].type != "nil":
            continue
        value = sx.unparen(values[index])
        if value.type != "identifier":
            return False
        var = file.text(value)
        if not _filled_before(file, ret, callee.node, var, ranged, position, rest):
            return False
        if not _kept(types, file, callee.node, var, "*", 0):
            return False
        returns += 1
    return returns > 0


def _filled_before(
    file: SourceFile, ret: Node, func: Node, var: str, ranged: str, position: int, rest: str
) -> bool:
    for node, parent in sx.climb(ret, func):
        if parent.type != sx.STATEMENT_LIST:
            continue
        for sibling in sx.preceding(node, parent):
            if sibling.type != "for_statement":
                continue
            clause = next((c for c in sibling.named_children if c.type == "range_clause"), None)
            vars_ = clause.child_by_field_name("left") if clause is not None else None
            over = clause.child_by_field_name("right") if clause is not None else None
            body = sibling.child_by_field_name("body")
            if clause is None or vars_ is None or over is None or body is None:
                continue
            bound = [file.text(v) for v in vars_.named_children]
            if sx.norm(file.text(over)) != ranged or position >= len(bound):
                continue
            element = bound[position]
            if element == "_":
                continue
            statements = sx.statement_list(body)
            if statements is not None and any(
                _sets(file, stmt, var, element + rest) for stmt in statements.named_children
            ):
                return True
    return False


def _dropped_keys(file: SourceFile, func: Node, name: str) -> bool:
    """``delete(name, ...)``, ``clear(name)`` or ``name[k] = nil`` in ``func``."""
    for call in src.of_types(func, ("call_expression",)):
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or file.text(fn) not in ("delete", "clear"):
            continue
        first = next((a for a in args.named_children if a.type != "comment"), None)
        if first is not None and sx.norm(file.text(first)) == name:
            return True
    for node in src.of_types(func, ("assignment_statement",)):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            continue
        for target, value in zip(left.named_children, right.named_children, strict=False):
            view = sx.index_view(target) if target.type in sx.INDEX_TYPES else None
            if view is not None and file.text(view[0]) == name and value.type == "nil":
                return True
    return False


def _callee(types: TypeResolver, file: SourceFile, call: Node) -> FuncDecl | None:
    fn = call.child_by_field_name("function")
    fn = sx.unparen(fn) if fn is not None else None
    if fn is None:
        return None
    if fn.type == "identifier":
        found = types.pkg.funcs.get(file.text(fn))
        return found if found is not None and not found.receiver else None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    base = types.type_of(file, operand) if operand is not None else None
    if base is None or method is None:
        return None
    recv = types.local_struct(base) or base.lstrip("*")
    return types.pkg.funcs.get(f"{recv}.{file.text(method)}")


def _error_checked(file: SourceFile, decl: Node, write: Node, err: str) -> bool:
    """``if err != nil { return ... }`` (a leaving body) between ``decl`` and
    the statement holding ``write``, in the same statement list."""
    from gofixmap.rules.facts.fieldinit import terminates

    stmt = sx.statement_of(write, crossing_functions=False)
    if err == "_" or stmt is None or stmt.parent is None or decl.parent != stmt.parent:
        return False
    for sibling in stmt.parent.named_children:
        if sibling.start_byte <= decl.start_byte or sibling.start_byte >= stmt.start_byte:
            continue
        if sibling.type != "if_statement" or sibling.child_by_field_name("initializer"):
            continue
        cond = sibling.child_by_field_name("condition")
        body = sibling.child_by_field_name("consequence")
        if cond is None or body is None or sibling.child_by_field_name("alternative"):
            continue
        if sx.norm(file.text(cond)) in (f"{err}!=nil", f"nil!={err}") and terminates(body):
            return True
    return False


def _assigned(file: SourceFile, func: Node, name: str, decl: Node) -> bool:
    """``name`` (or an element of it) is given a value anywhere in ``func`` but ``decl``."""
    for node in src.of_types(func, ("assignment_statement", "short_var_declaration")):
        if node.id == decl.id:
            continue
        left = node.child_by_field_name("left")
        for target in left.named_children if left is not None else ():
            target = sx.unparen(target)
            if target.type == "identifier" and file.text(target) == name:
                return True
    return False


def _key_set(
    types: TypeResolver, callee: FuncDecl, index: int, key_text: str, errors: bool
) -> set[str] | None:
    """The parameters that must be non-nil for every return of ``callee``
    without an error to give a map holding ``key_text`` (empty: always);
    ``None`` when some return may not hold it."""
    body = callee.body
    if body is None:
        return None
    file = callee.file
    params = {p.name for p in callee.params if p.name}
    needed: set[str] = set()
    returns = 0
    for ret in src.of_types(body, ("return_statement",)):
        if sx.enclosing_function(ret) != callee.node:
            continue
        values = [v for c in ret.named_children for v in c.named_children]
        if len(values) != len(callee.results):
            return None
        if errors and values[-1].type != "nil":
            continue  # the caller leaves on the error
        value = sx.unparen(values[index])
        if value.type != "identifier":
            return None
        var = file.text(value)
        found = _set_before(file, ret, callee.node, var, key_text, params)
        if found is None or not _kept(types, file, callee.node, var, key_text, 0):
            return None
        needed |= found
        returns += 1
    return needed if returns else None


def _sets(file: SourceFile, stmt: Node, var: str, key_text: str) -> bool:
    """``stmt`` gives ``var[key]`` a non-nil value on every path through it."""
    if stmt.type == "assignment_statement":
        sides = sx.plain_assignment(stmt)
        if sides is None:
            return False
        left, right = sides
        values = right.named_children
        return any(
            sx.norm(file.text(t)) == f"{var}[{key_text}]"
            and i < len(values)
            and sx.unparen(values[i]).type != "nil"
            for i, t in enumerate(left.named_children)
        )
    if stmt.type == "block":
        return any(_sets(file, s, var, key_text) for s in sx.block_statements(stmt))
    if stmt.type == "if_statement":
        body = stmt.child_by_field_name("consequence")
        other = stmt.child_by_field_name("alternative")
        return (
            body is not None
            and other is not None
            and _sets(file, body, var, key_text)
            and _sets(file, other, var, key_text)
        )
    return False


def _set_before(
    file: SourceFile, ret: Node, func: Node, var: str, key_text: str, params: set[str]
) -> set[str] | None:
    """Before ``ret``, a statement on its way sets ``var[key]`` always (empty
    set) or inside ``if p != nil { ... }`` with ``p`` a parameter ({p});
    ``None``: not found."""
    for node, parent in sx.climb(ret, func):
        if parent.type != sx.STATEMENT_LIST:
            continue
        for sibling in sx.preceding(node, parent):
            if _sets(file, sibling, var, key_text):
                return set()
            if sibling.type != "if_statement" or sibling.child_by_field_name("alternative"):
                continue
            cond = sibling.child_by_field_name("condition")
            body = sibling.child_by_field_name("consequence")
            if cond is None or body is None or sibling.child_by_field_name("initializer"):
                continue
            test = sx.norm(file.text(cond))
            for p in params:
                if test in (f"{p}!=nil", f"nil!={p}") and _sets(file, body, var, key_text):
                    return {p}
    return None


def _kept(
    types: TypeResolver, file: SourceFile, func: Node, var: str, key_text: str, depth: int
) -> bool:
    """``func`` never takes the key away from ``var``: no ``delete``/``clear``
    of it, no ``var[k] = nil``, no new value for ``var`` but its first, no
    copy of it under another name, and the calls it is passed to are
    functions of the package that keep it too."""
    if depth > 3:
        return False
    declared = 0
    for node in src.of_types(func, ("identifier",)):
        if file.text(node) != var:
            continue
        parent = node.parent
        holder = parent.parent if parent is not None else None
        if parent is None or holder is None:
            return False
        if parent.type in ("parameter_declaration", "var_spec"):
            declared += 1
        elif parent.type == "index_expression":
            if parent.child_by_field_name("operand") != node:
                return False
            target = holder.parent if holder.type == "expression_list" else None
            if target is not None and target.type == "assignment_statement":
                right = target.child_by_field_name("right")
                values = right.named_children if right is not None else []
                if target.child_by_field_name("left") == holder and any(
                    sx.unparen(v).type == "nil" for v in values
                ):
                    return False
        elif parent.type == "expression_list" and holder.type in (
            "short_var_declaration",
            "assignment_statement",
        ):
            if holder.child_by_field_name("left") != parent:
                return False  # copied under another name
            declared += 1
        elif (parent.type == "expression_list" and holder.type == "return_statement") or (
            parent.type == "range_clause" and parent.child_by_field_name("right") == node
        ):
            continue  # returned, or ranged over
        elif parent.type == "argument_list" and holder.type == "call_expression":
            fn = holder.child_by_field_name("function")
            fn_text = file.text(fn) if fn is not None else ""
            if fn_text == "len":
                continue
            callee = _callee(types, file, holder)
            if fn_text in ("delete", "clear") or callee is None or callee.body is None:
                return False
            args = [a.id for a in parent.named_children if a.type != "comment"]
            position = args.index(node.id)
            if position >= len(callee.params) or not callee.params[position].name:
                return False
            name = callee.params[position].name
            if not _kept(types, callee.file, callee.node, name, key_text, depth + 1):
                return False
        else:
            return False
    return declared <= 1


def _non_nil_at(ctx: FileContext, types: TypeResolver, arg: Node, write: Node) -> bool:
    """``arg`` is a variable of interface type, never assigned in its
    function, whose method is called in the statement of ``write``: a nil
    interface panics there before the write stores."""
    file = ctx.file
    arg = sx.unparen(arg)
    if arg.type != "identifier":
        return False
    name = file.text(arg)
    binding = types.resolve(file, name, arg)
    if binding is None or binding.kind != "param" or binding.function is None:
        return False
    if not _is_interface(ctx, types, binding.type_text):
        return False
    if _assigned(file, binding.function, name, binding.node):
        return False
    stmt = sx.statement_of(write, crossing_functions=False)
    if stmt is None:
        return False
    for sel in src.of_types(stmt, ("selector_expression",)):
        operand = sel.child_by_field_name("operand")
        call = sel.parent
        if (
            operand is not None
            and operand.type == "identifier"
            and file.text(operand) == name
            and call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == sel
            and sx.enclosing_function(sel) == sx.enclosing_function(write)
        ):
            return True
    return False


def _is_interface(ctx: FileContext, types: TypeResolver, type_text: str | None) -> bool:
    """``type_text`` names an interface type: of the package, or of an
    imported package whose declarations can be read."""
    text = (type_text or "").strip()
    if text.startswith("interface"):
        return True
    local = types.pkg.types.get(text)
    if local is not None:
        return local.type_text.strip().startswith("interface")
    qualifier, dot, name = text.partition(".")
    if not dot:
        return False
    path = types.pkg.imports.get(ctx.file.path, {}).get(qualifier)
    other = ctx.pkg.dependency(path) if path is not None else None
    if other is None:
        return False
    found = other.fact(DECLARATIONS).types.get(name)
    return found is not None and found.type_text.strip().startswith("interface")
