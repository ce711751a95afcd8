"""Callbacks that run synchronously, on the caller's goroutine, before the
call returns: a func literal handed to one of them runs with the locks the
caller holds at the call (``s.mu.Lock(); sort.Slice(s.ks, func(i, j int)
bool { return s.m[s.ks[i]] < ... })``).

Synchronous by the standard library's contract: the sorting, searching and
filtering functions of ``sort``, ``slices``, ``maps``, ``strings`` and
``bytes``, ``filepath.Walk``/``WalkDir`` and ``fs.WalkDir``; the methods
``Do`` of ``sync.Once`` and ``Range`` of ``sync.Map`` (any ``x.Do(f)`` /
``x.Range(f)`` with the func as the only argument). Synchronous by the
package's own code: a function or method of the package whose body only
calls the parameter (``f(k, v)``, ``if !yield(k) { return }``), never
stores it, passes it on or calls it from a goroutine or a closure: the
iterator and visitor shape (``s.Each(func(k, v string) {...})``); and an
iterator a call returns, called at once with its yield function
(``x.All()(func(k string) bool {...})``, as a range-over-func loop does).
A func literal kept in a local variable that is only ever called (``f :=
func() {...}; f()``) runs where it is called (``local_calls``).

Synchronous by a library's documented contract: ``retry.RetryOnConflict``
and ``retry.OnError`` of client-go (the function runs, and is retried, before
they return), controller-runtime's ``controllerutil.CreateOrUpdate`` and
``CreateOrPatch`` (the mutate function runs before the write). Synchronous
by the code of another package of the module, or of a dependency whose
source is on disk: its function (not a method) whose body only calls the
parameter, as for the package's own (the exported fact
:data:`SYNC_CALLBACKS`, read from the source of the package called:
``controllerutils.UpdateStatus(ctx, obj, c, func(p *T) error {...}, nil)``).
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.stdlib import is_std

# import path → functions that call their func arguments before returning
_STD: dict[str, frozenset[str]] = {
    "sort": frozenset({"Slice", "SliceStable", "Search", "Find", "SliceIsSorted"}),
    "slices": frozenset(
        {
            "SortFunc",
            "SortStableFunc",
            "IsSortedFunc",
            "IndexFunc",
            "ContainsFunc",
            "DeleteFunc",
            "BinarySearchFunc",
            "CompactFunc",
            "EqualFunc",
            "CompareFunc",
            "MinFunc",
            "MaxFunc",
        }
    ),
    "maps": frozenset({"DeleteFunc", "EqualFunc"}),
    "path/filepath": frozenset({"Walk", "WalkDir"}),
    "io/fs": frozenset({"WalkDir"}),
    "strings": frozenset(
        {
            "Map",
            "FieldsFunc",
            "IndexFunc",
            "LastIndexFunc",
            "TrimFunc",
            "TrimLeftFunc",
            "TrimRightFunc",
            "ContainsFunc",
        }
    ),
    "bytes": frozenset(
        {
            "Map",
            "FieldsFunc",
            "IndexFunc",
            "LastIndexFunc",
            "TrimFunc",
            "TrimLeftFunc",
            "TrimRightFunc",
            "ContainsFunc",
        }
    ),
}

# functions of other modules that call their func arguments before returning,
# by their documented contract (import path → names)
_LIBRARIES: dict[str, frozenset[str]] = {
    "k8s.io/client-go/util/retry": frozenset({"RetryOnConflict", "OnError"}),
    "sigs.k8s.io/controller-runtime/pkg/controller/controllerutil": frozenset(
        {"CreateOrUpdate", "CreateOrPatch"}
    ),
}

# (import path, function) → the positions of its func parameters that it
# calls before returning (:data:`SYNC_CALLBACKS` of that package), or None
Imported = Callable[[str, str], frozenset[int]]

# ``once.Do(f)``, ``syncMap.Range(f)``: the func is the only argument.
_SOLE_ARGUMENT_METHODS = frozenset({"Do", "Range"})


def synchronous_call(
    index: PackageIndex | None,
    file: SourceFile,
    func: Node,
    methods: dict[str, list[FuncDecl]],
    imported: Imported | None = None,
) -> Node | None:
    """The call that runs the func literal ``func`` synchronously, when it is
    an argument of one (see the module's docstring); else ``None``.
    ``imported``: what the packages called know of their functions."""
    if func.type != "func_literal":
        return None
    args = func.parent
    call = args.parent if args is not None else None
    if args is None or call is None or args.type != "argument_list":
        return None
    if call.type != "call_expression" or (call.parent is not None and _started(call)):
        return None
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "call_expression" and len(args.named_children) == 1:
        return call  # ``x.All()(yield)``: an iterator called with its yield
    parts = sx.call_parts(file, call)
    if parts is None:
        return call if results_read_after(file, func, call) else None
    operand, name = parts
    position = next((i for i, a in enumerate(args.named_children) if a == func), -1)
    if operand and index is not None:
        path = index.imports.get(file.path, {}).get(operand)
        if path is not None:
            if path in _STD or "." not in path.split("/", 1)[0]:
                return call if name in _STD.get(path, ()) else None
            if name in _LIBRARIES.get(path, ()):
                return call
            if imported is not None and position in imported(path, name):
                return call  # its body only calls the parameter
            # another package's function, whose body is not known here
            return call if results_read_after(file, func, call) else None
    if operand and name in _SOLE_ARGUMENT_METHODS and len(args.named_children) == 1:
        return call
    if index is None:
        return None
    decl: FuncDecl | None = None
    candidates: list[FuncDecl] = []
    if not operand:
        found = index.funcs.get(name)
        decl = found if found is not None and not found.receiver else None
    elif "(" not in operand:
        candidates = methods.get(name, [])
        decl = candidates[0] if len(candidates) == 1 else None
    if decl is None:
        # a function value, or a method of a type the package cannot tell
        if candidates:
            return None
        return call if results_read_after(file, func, call) else None
    if not 0 <= position < len(decl.params):
        return None
    return call if calls_only(decl, decl.params[position].name) else None


_DECLARING = ("parameter_declaration", "short_var_declaration", "var_spec", "range_clause")


def _declared(file: SourceFile, root: Node) -> dict[str, list[int]]:
    """Names declared under ``root`` (parameters, ``:=``, ``var``, ``for k
    := range``) → the start bytes of their declarations."""
    found: dict[str, list[int]] = {}
    for node in sx.nodes(root, _DECLARING):
        if node.type in ("short_var_declaration", "range_clause"):
            left = node.child_by_field_name("left")
            if node.type == "range_clause" and not any(c.type == ":=" for c in node.children):
                continue
            names = left.named_children if left is not None else []
        else:
            names = node.children_by_field_name("name")
        for ident in names:
            if ident.type == "identifier":
                found.setdefault(file.text(ident), []).append(node.start_byte)
    return found


def results_read_after(file: SourceFile, func: Node, call: Node) -> bool:
    """The func literal ``func``, an argument of ``call`` whose callee's body
    is not known, assigns a local variable of the function around the call
    (declared before the literal), and that function reads the variable
    after the call, before waiting for anything (``.Wait()``, a receive,
    ``select``): the caller uses what the callback computed once the call
    returns (a transaction wrapper's or a retry loop's results), which is
    only right if the callback ran before the call returned."""
    outer = sx.declaration_of(call)
    body = sx.body(outer)
    if outer is None or body is None:
        return False
    inner = _declared(file, func)
    assigned: set[str] = set()
    for node in sx.nodes(func, ("assignment_statement", "inc_statement", "dec_statement")):
        if node.type == "assignment_statement":
            left = node.child_by_field_name("left")
            targets = left.named_children if left is not None else []
        else:
            targets = node.named_children[:1]
        for target in targets:
            name = file.text(target)
            if target.type == "identifier" and name != "_" and name not in inner:
                assigned.add(name)
    declared = _declared(file, outer)
    wanted = {
        name
        for name in assigned
        if any(start < func.start_byte for start in declared.get(name, ()))
    }
    if not wanted:
        return False
    kinds = ("identifier", "call_expression", "unary_expression", "select_statement")
    for node in sx.nodes(body, kinds):
        if node.start_byte < call.end_byte:
            continue
        if node.type == "identifier":
            if file.text(node) in wanted and not sx.is_assigned(node):
                return True
        elif node.type == "select_statement" or (
            node.type == "unary_expression" and file.text(node).startswith("<-")
        ):
            return False
        elif node.type == "call_expression":
            parts = sx.call_parts(file, node)
            if parts is not None and parts[0] and parts[1] == "Wait":
                return False
    return False


def _started(call: Node) -> bool:
    """``go f(func(){...})`` or ``defer f(func(){...})``: not run now on the
    caller's goroutine with its locks."""
    return call.parent is not None and call.parent.type in ("go_statement", "defer_statement")


def calls_only(decl: FuncDecl, param: str) -> bool:
    """Every use of the parameter ``param`` in ``decl``'s body is a direct
    call of it outside closures and ``go``/``defer`` statements."""
    body = decl.body
    if not param or param == "_" or body is None:
        return False
    data = decl.file.data
    if param.encode() not in data[body.start_byte : body.end_byte]:
        return False
    used = False
    for node in sx.walk(body):
        if node.type != "identifier" or decl.file.text(node) != param:
            continue
        call = node.parent
        if call is None or call.type != "call_expression":
            return False
        if call.child_by_field_name("function") != node:
            return False
        if sx.enclosing_function(node) != decl.node:
            return False
        if any(a.type in ("go_statement", "defer_statement") for a in sx.ancestors(call)):
            return False
        used = True
    return used


def local_calls(file: SourceFile, func: Node) -> list[Node] | None:
    """``f := func(...) {...}`` (or ``var f = func...``, or ``var f func(...)``
    then ``f = func(...) {...}``) called only directly (``f(x)``, not from
    ``go``/``defer``, never passed on, reassigned only func literals) in the
    function that declares it: the calls; else ``None``."""
    if func.type != "func_literal":
        return None
    holder = func.parent
    decl = holder.parent if holder is not None else None
    if holder is None or decl is None or holder.type != "expression_list":
        return None
    start = func.start_byte
    if decl.type == "short_var_declaration":
        left = decl.child_by_field_name("left")
        names = left.named_children if left is not None else []
    elif decl.type == "var_spec":
        names = decl.children_by_field_name("name")
    elif decl.type == "assignment_statement" and decl.child_by_field_name("right") == holder:
        left = decl.child_by_field_name("left")
        names = left.named_children if left is not None else []
        declared = _declared_without_value(file, decl, names)
        if declared is None:
            return None
        start = declared
    else:
        return None
    if len(names) != 1 or len(holder.named_children) != 1 or names[0].type != "identifier":
        return None
    name = file.text(names[0])
    outer = sx.enclosing_function(decl)
    body = sx.body(outer) if outer is not None else None
    if body is None:
        return None
    calls: list[Node] = []
    for node in sx.walk(body):
        if node.type != "identifier" or node == names[0] or file.text(node) != name:
            continue
        if node.start_byte < start:
            continue  # another variable of the same name, declared before
        call = node.parent
        if _assigned_literal(call, node):
            continue  # ``f = func() {...}``: this literal or another one
        if call is None or call.type != "call_expression":
            return None
        if call.child_by_field_name("function") != node or _started(call):
            return None
        calls.append(call)
    return calls


def _declared_without_value(file: SourceFile, assign: Node, names: list[Node]) -> int | None:
    """``var f func(...)`` (no value) in the function that makes the
    assignment ``assign``, before it: where the declaration ends."""
    if len(names) != 1 or names[0].type != "identifier":
        return None
    name = file.text(names[0])
    outer = sx.enclosing_function(assign)
    body = sx.body(outer) if outer is not None else None
    if body is None:
        return None
    found: int | None = None
    for spec in sx.nodes(body, ("var_spec",), closures=False):
        if spec.start_byte >= assign.start_byte:
            break
        if spec.child_by_field_name("value") is not None:
            continue
        if any(file.text(n) == name for n in spec.children_by_field_name("name")):
            found = spec.end_byte
    return found


def _assigned_literal(holder: Node | None, node: Node) -> bool:
    """``node`` is the one name on the left of ``= func(...) {...}``."""
    if holder is None or holder.type != "expression_list" or len(holder.named_children) != 1:
        return False
    stmt = holder.parent
    if stmt is None or stmt.type != "assignment_statement":
        return False
    if stmt.child_by_field_name("left") != holder:
        return False
    right = stmt.child_by_field_name("right")
    values = right.named_children if right is not None else []
    return len(values) == 1 and values[0].type == "func_literal"


def sync_callbacks(index: PackageIndex) -> dict[str, frozenset[int]]:
    """The package's functions (not methods: ``pkg.F(...)`` names its callee
    without types) → the positions of their func parameters that they only
    call (:func:`calls_only`)."""
    found: dict[str, frozenset[int]] = {}
    for key, decl in index.funcs.items():
        if decl.receiver or decl.body is None or decl.file.path.endswith("_test.go"):
            continue
        positions = frozenset(
            i
            for i, param in enumerate(decl.params)
            if param.type_text.strip().startswith("func(") and calls_only(decl, param.name)
        )
        if positions:
            found[key] = positions
    return found


def _produce(pkg: Pass) -> dict[str, frozenset[int]]:
    return sync_callbacks(pkg.package)


SYNC_CALLBACKS: Fact[dict[str, frozenset[int]]] = Fact(
    "sync-callbacks",
    _produce,
    (),
    from_source=True,
    doc="functions that only call their func parameters, by position",
)


def imported_sync(pkg: Pass, import_path: str, name: str) -> frozenset[int]:
    """:data:`SYNC_CALLBACKS` of the function ``name`` of the package
    ``import_path`` (empty when its source cannot be read)."""
    if is_std(import_path):
        return frozenset()
    other = pkg.dependency(import_path)
    if other is None:
        return frozenset()
    try:
        return other.fact(SYNC_CALLBACKS).get(name, frozenset())
    except UndeclaredFact:
        return frozenset()
