"""Which objects a goroutine owns: values it made itself (``x := newT()``,
``x, err := newT()``, ``&T{}``, ``new(T)``), the fresh receiver or
parameters it was handed, and
the parts of those (``c.f``, ``&c.f``, ``c.f[k]``). Calls on an owned object
do not share it with other goroutines (GOROUTINES counts them apart).
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.source import SourceFile


def fresh_receiver(
    file: SourceFile,
    call: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str] = frozenset(),
    makers: frozenset[str] = frozenset(),
) -> bool:
    """``x.M()`` where ``x`` is an object the calling goroutine made itself
    (``x := newT()``, ``&T{}``, ``new(T)``; the caller's own receiver or a
    parameter when that is one): no other goroutine reaches it through this
    call."""
    parts = sx.call_parts(file, call)
    if parts is None or not parts[0]:
        return False
    return fresh_ident(file, call, parts[0], recv, recv_fresh, fresh_params, makers=makers)


_DEFINITIONS = ("short_var_declaration", "assignment_statement", "var_spec")


def fresh_ident(
    file: SourceFile,
    at: Node,
    operand: str,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int = 0,
    makers: frozenset[str] = frozenset(),
) -> bool:
    """``operand``, used at ``at``, names an object its goroutine owns: the
    fresh receiver or a fresh parameter, or a local whose every definition
    (``:=``, ``var x = ...``, ``x = ...``) is a fresh value or an element of
    an object the goroutine owns (``req := c.requests[id]`` with ``c``
    fresh)."""
    if operand == recv and recv:
        return recv_fresh
    if not operand.isidentifier() or depth > 3:
        return False
    func = sx.enclosing_function(at)
    body = sx.body(func) if func is not None else None
    if body is None:
        return False
    values: list[Node] = []
    zero = False
    for stmt in sx.nodes(body, _DEFINITIONS, closures=False):
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
        elif stmt.type == "var_spec":
            left = stmt
            right = stmt.child_by_field_name("value")
        else:
            continue
        if left is None:
            continue
        idents = (
            stmt.children_by_field_name("name") if stmt.type == "var_spec" else left.named_children
        )
        names = [file.text(n) for n in idents]
        if operand not in names:
            continue
        scope = stmt.parent if stmt.type != "var_spec" else sx.statement_of(stmt)
        if stmt.type != "assignment_statement" and scope is not None:
            scope = scope.parent if stmt.type == "var_spec" else scope
            if scope is not None and not scope.start_byte <= at.start_byte < scope.end_byte:
                continue  # a variable of the same name in another scope
        if right is None:
            # var x T: a new variable; its zero value is a new struct (or
            # array) value, a nil pointer, map, slice... to be assigned below
            zero = zero or _zero_is_value(file, stmt)
            continue
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is not None and file.text(op) != "=":
                return False
        rvalues = right.named_children
        if len(rvalues) == len(names):
            values.append(rvalues[names.index(operand)])
        elif len(rvalues) == 1 and rvalues[0].type == "index_expression":
            values.append(rvalues[0])  # v, ok := m[k]
        elif (
            len(rvalues) == 1
            and rvalues[0].type == "call_expression"
            and names.index(operand) == 0
            and fresh_value(file, rvalues[0], makers)
        ):
            values.append(rvalues[0])  # x, err := newT(): the new value and an error
        else:
            return False
    if not values:
        return zero or operand in fresh_params
    if operand in fresh_params:
        return False  # a parameter assigned in the body
    return all(
        fresh_value(file, v, makers)
        or owned_element(file, v, recv, recv_fresh, fresh_params, depth, makers)
        for v in values
    )


def _zero_is_value(file: SourceFile, spec: Node) -> bool:
    """``var x T`` declares a value (a struct, an array, a named type of the
    package's own) rather than a nil reference: ``T`` is not written as a
    pointer, map, slice, channel, function or interface type, nor as a
    type of another package (which may be an interface)."""
    kind = spec.child_by_field_name("type")
    if kind is None:
        return False
    return kind.type in ("type_identifier", "generic_type", "struct_type", "array_type")


def owned_element(
    file: SourceFile,
    value: Node,
    recv: str,
    recv_fresh: bool,
    fresh_params: frozenset[str],
    depth: int,
    makers: frozenset[str] = frozenset(),
) -> bool:
    """``c.f``, ``&c.f`` or ``c.f[k]`` with ``c`` an object the goroutine owns."""
    if value.type == "unary_expression" and file.text(value).startswith("&"):
        inner = value.child_by_field_name("operand")
        if inner is None:
            return False
        value = inner
    if value.type == "index_expression":
        inner = value.child_by_field_name("operand")
        if inner is None:
            return False
        value = inner
    if value.type != "selector_expression":
        return False
    operand = value.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return False
    return fresh_ident(
        file, value, file.text(operand), recv, recv_fresh, fresh_params, depth + 1, makers
    )


def fresh_args(
    index: PackageIndex,
    file: SourceFile,
    call: Node,
    key: str,
    recv: str = "",
    recv_fresh: bool = False,
    fresh_params: frozenset[str] = frozenset(),
    makers: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The parameters of ``key`` that this call binds to objects the calling
    goroutine owns (``runGenerator(ctx, g)`` with ``g := newGen()``)."""
    decl = index.funcs.get(key)
    args = call.child_by_field_name("arguments")
    if decl is None or args is None:
        return frozenset()
    found: set[str] = set()
    for i, arg in enumerate(args.named_children):
        if i >= len(decl.params):
            break
        param = decl.params[i].name
        if not param or param == "_":
            continue
        if (
            fresh_value(file, arg, makers)
            or (
                arg.type == "identifier"
                and fresh_ident(
                    file, call, file.text(arg), recv, recv_fresh, fresh_params, makers=makers
                )
            )
            or (
                arg.type == "selector_expression"
                and owned_element(file, arg, recv, recv_fresh, fresh_params, 0, makers)
            )
        ):
            found.add(param)
    return frozenset(found)


def fresh_value(file: SourceFile, value: Node, makers: frozenset[str] = frozenset()) -> bool:
    """A value made here: a composite literal, ``&T{...}``, ``new(T)``, a
    call of a function named ``new...``/``New...``, or a call of a function
    of the package that returns a value it made and did not share
    (``makers``, :func:`makers`)."""
    if value.type == "composite_literal":
        return True
    if value.type == "unary_expression":
        return file.text(value).startswith("&") and "{" in file.text(value)
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        if fn is None:
            return False
        if fn.type == "identifier" and file.text(fn) in makers:
            return True
        name = file.text(fn).rsplit(".", 1)[-1]
        return name == "new" or name.lower().startswith("new")
    return False


# Builtins whose arguments a value does not escape through: they read it
# (``len``, ``cap``), or write into it in place (``delete``, ``clear``,
# ``copy``), or return a value the caller binds itself (``append``, as its
# first argument only: ``append(s, v)`` stores ``v`` in ``s``).
_LOCAL_BUILTINS = frozenset(("len", "cap", "delete", "clear", "copy", "append", "min", "max"))


def makers(index: PackageIndex) -> frozenset[str]:
    """The functions of the package (not methods) that return a value they
    made and shared with nobody: every ``return`` of the function gives, as
    its first value, ``nil``, a fresh value (a composite literal, ``&T{}``,
    ``new(T)``, ``make(...)``, a call of another such function) or a local
    (or ``&local``) whose every definition is one, and which the function
    never hands on before returning it (:func:`_kept_local`).

    Go semantics: a value is reachable by two goroutines only through
    something both can reach, a field of a shared object, a package
    variable, a channel, a ``go`` statement's function or arguments; a value
    made in a call and only returned is its caller's alone, so the caller of
    such a function owns the result as it owns ``&T{}``."""
    candidates = [
        decl
        for decl in index.funcs.values()
        if not decl.receiver and decl.results and decl.body is not None
    ]
    found: set[str] = set()
    for _ in range(4):  # to a fixed point: makers that return other makers' values
        before = len(found)
        frozen = frozenset(found)
        for decl in candidates:
            if decl.name not in found and _returns_made(decl.file, decl.node, frozen):
                found.add(decl.name)
        if len(found) == before:
            break
    return frozenset(found)


def _returns_made(file: SourceFile, func: Node, known: frozenset[str]) -> bool:
    body = sx.body(func)
    if body is None:
        return False
    returns = sx.nodes(body, ("return_statement",), closures=False)
    if not returns:
        return False
    for ret in returns:
        values = ret.named_children[0].named_children if ret.named_children else []
        if not values:
            return False  # a bare return of named results
        first = sx.unparen(values[0])
        if first.type == "nil" or _made(file, first, known):
            continue
        if first.type == "unary_expression" and file.text(first).startswith("&"):
            operand = first.child_by_field_name("operand")
            first = sx.unparen(operand) if operand is not None else first
        if first.type != "identifier" or not _kept_local(file, body, file.text(first), known):
            return False
    return True


def _made(file: SourceFile, value: Node, known: frozenset[str]) -> bool:
    if fresh_value(file, value, known):
        return True
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and file.text(fn) == "make"


def _kept_local(file: SourceFile, body: Node, name: str, known: frozenset[str]) -> bool:
    """``name`` is a local of ``body`` whose every definition is a made
    value (or the zero value of ``var name T``), and every other use of it
    keeps it in this call: its fields and methods (``name.f``,
    ``name.M()``), its elements, comparisons, the builtins of
    _LOCAL_BUILTINS, ``range``, and the ``return``. Passing it to a call,
    storing it, sending it, or using it in a ``go`` statement or in a func
    literal that is not handed to a plain call (``sort.Slice``) shares it."""
    defined = False
    for ident in sx.nodes(body, ("identifier",)):
        if file.text(ident) != name:
            continue
        verdict = _definition(file, ident, known)
        if verdict is not None:
            if not verdict:
                return False
            defined = True
            continue
        if not _local_use(file, body, ident):
            return False
    return defined


def _definition(file: SourceFile, ident: Node, known: frozenset[str]) -> bool | None:
    """``None`` when ``ident`` is no definition of its name; else whether
    the value defined is made here."""
    up = ident.parent
    if up is not None and up.type == "var_spec":
        names = up.children_by_field_name("name")
        if ident not in names:
            return None
        value = up.child_by_field_name("value")
        if value is None:
            return True  # var x T: the zero value
        values = value.named_children
        at = names.index(ident)
        return at < len(values) and _made(file, sx.unparen(values[at]), known)
    if up is None or up.type != "expression_list" or not sx.is_assigned(ident):
        return None
    stmt = up.parent
    right = stmt.child_by_field_name("right") if stmt is not None else None
    if stmt is None or right is None:
        return False
    op = stmt.child_by_field_name("operator")
    if stmt.type == "assignment_statement" and op is not None and file.text(op) != "=":
        return False
    lefts = up.named_children
    values = right.named_children
    at = lefts.index(ident)
    if len(values) == len(lefts):
        return _made(file, sx.unparen(values[at]), known)
    return len(values) == 1 and at == 0 and _made(file, sx.unparen(values[0]), known)


def _local_use(file: SourceFile, body: Node, ident: Node) -> bool:
    """A use of the local ``ident`` that does not hand it on (see
    :func:`_kept_local`)."""
    from gofixmap.rules.facts.goroutines import is_go_call  # (it imports this module)

    for outer in sx.ancestors(ident):
        if outer.id == body.id:
            break
        if outer.type == "go_statement":
            return False
        if outer.type == "func_literal":
            call = sx.call_of_argument(outer)
            if call is None or _under_go(call, body) or is_go_call(call):
                return False
    up = ident.parent
    if up is None:
        return False
    if up.type == "selector_expression" and up.child_by_field_name("operand") == ident:
        return True
    if up.type == "index_expression" and up.child_by_field_name("operand") == ident:
        return True
    if up.type in ("binary_expression", "range_clause"):
        return up.type != "range_clause" or up.child_by_field_name("right") == ident
    if up.type == "unary_expression" and file.text(up).startswith("&"):
        holder = up.parent
        return _returned_first(holder, up, body)
    if up.type == "expression_list":
        return _returned_first(up, ident, body)
    if up.type == "argument_list":
        call = up.parent
        fn = call.child_by_field_name("function") if call is not None else None
        if fn is None or fn.type != "identifier" or file.text(fn) not in _LOCAL_BUILTINS:
            return False
        # append(v, x) grows v; append(s, v) stores v in s: handed on
        return file.text(fn) != "append" or up.named_children[0] == ident
    return False


def _returned_first(holder: Node | None, value: Node, body: Node) -> bool:
    """``value`` is the first value of a ``return`` of the function itself."""
    if holder is None or holder.type != "expression_list":
        return False
    ret = holder.parent
    if ret is None or ret.type != "return_statement" or sx.in_closure(ret, body.parent or body):
        return False
    return bool(holder.named_children) and holder.named_children[0] == value


def _under_go(node: Node, body: Node) -> bool:
    for up in sx.ancestors(node):
        if up.id == body.id:
            return False
        if up.type == "go_statement":
            return True
    return False
