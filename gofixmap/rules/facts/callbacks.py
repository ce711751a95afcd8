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
So is a method of such a package's type that only calls the parameter, when
the call's operand is known to be of that type: a parameter or ``var``
declared ``*pkg.T`` (``bkt *bbolt.Bucket``: ``Bucket.ForEach``), or a local
made by ``x.M(...)`` where every method ``M`` of the packages the file
imports returns a type whose method only calls it; otherwise, by name, when
some imported package has methods of that name that only call the
parameter there and none has one that does anything else with a func
parameter (and the package itself declares no method of that name). The
argument may also be a call that returns the func (:func:`synchronous_argument`).
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
    return synchronous_argument(index, file, func, methods, imported)


def synchronous_argument(
    index: PackageIndex | None,
    file: SourceFile,
    func: Node,
    methods: dict[str, list[FuncDecl]],
    imported: Imported | None = None,
) -> Node | None:
    """:func:`synchronous_call` for any func-valued argument ``func`` (a
    literal, or a call that returns one); the reading of results after the
    call only for a literal."""
    literal = func.type == "func_literal"
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
        return call if literal and results_read_after(file, func, call) else None
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
            return call if literal and results_read_after(file, func, call) else None
    if operand and name in _SOLE_ARGUMENT_METHODS and len(args.named_children) == 1:
        return call
    if index is None:
        return None
    if (
        operand
        and "(" not in operand
        and imported is not None
        and dependency_method(index, file, name, position, imported, _operand(call))
    ):
        return call
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
        return call if literal and results_read_after(file, func, call) else None
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


def local_calls(
    file: SourceFile, func: Node, handed: Callable[[Node], Node | None] | None = None
) -> list[Node] | None:
    """``f := func(...) {...}`` (or ``var f = func...``, or ``var f func(...)``
    then ``f = func(...) {...}``) called only directly (``f(x)``, not from
    ``go``/``defer``, never passed on, reassigned only func literals) in the
    function that declares it: the calls; else ``None``. ``handed``: the
    call that runs an argument ``f`` before it returns (``timed(f)``, the
    callee only calls its func parameter), or ``None``; such a call is one
    more place where ``f`` runs."""
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
        if call is not None and call.type == "argument_list" and handed is not None:
            runner = handed(node)
            if runner is None:
                return None
            calls.append(runner)
            continue
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
    """The package's functions (``pkg.F(...)`` names its callee without
    types) → the positions of their func parameters that they only call
    (:func:`calls_only`). Its methods by name, for a call whose operand's
    type is not known: ``.M`` → the positions that every method ``M`` of the
    package with a func parameter there only calls, ``~M`` when one of them
    does something else with a func parameter (keeps it, starts it)."""
    found: dict[str, frozenset[int]] = {}
    by_name: dict[str, list[frozenset[int]]] = {}
    other: set[str] = set()
    for key, decl in index.funcs.items():
        if decl.body is None or decl.file.path.endswith("_test.go"):
            continue
        funcs = [i for i, p in enumerate(decl.params) if p.type_text.strip().startswith("func(")]
        positions = frozenset(i for i in funcs if calls_only(decl, decl.params[i].name))
        if decl.receiver:
            if funcs:
                by_name.setdefault(decl.name, []).append(positions)
                if len(positions) < len(funcs):
                    other.add(decl.name)
                if positions:
                    found[decl.receiver + "." + decl.name] = positions
            continue
        if positions:
            found[key] = positions
    for name, sets in by_name.items():
        common = frozenset.intersection(*sets)
        if common:
            found["." + name] = common
    for name in other:
        found["~" + name] = frozenset({0})
    # ``M->N``: every method ``M`` of the package returns a type of the
    # package whose method ``N`` only calls its func parameters there
    # (``tx.Bucket(k).ForEach(f)``); ``M->`` that the package has methods ``M``
    results: dict[str, list[str]] = {}
    for decl in index.funcs.values():
        if decl.receiver and decl.body is not None and not decl.file.path.endswith("_test.go"):
            kind = decl.results[0].type_text.strip().lstrip("*") if decl.results else ""
            results.setdefault(decl.name, []).append(kind)
    for name, kinds in results.items():
        found[name + "->"] = frozenset({0})
        if len(set(kinds)) != 1 or kinds[0] not in index.types:
            continue
        for key, positions in list(found.items()):
            if key.startswith(kinds[0] + ".") and positions:
                found[name + "->" + key.split(".", 1)[1]] = positions
    return found


def dependency_method(
    index: PackageIndex,
    file: SourceFile,
    name: str,
    position: int,
    imported: Imported,
    operand: Node | None = None,
) -> bool:
    """``x.name(..., f, ...)`` with ``x`` of a type not known here calls ``f``
    (at ``position``) before it returns by the code of the packages the file
    imports (dependencies and packages of the module whose source is on
    disk): one of them has methods ``name`` that only call their func
    parameter there, and none has one that does something else with a func
    parameter; the package itself declares no method ``name``."""
    if any(d.receiver and d.name == name for d in index.funcs.values()):
        return False
    imports = index.imports.get(file.path, {})
    declared = _declared_type(file, operand)
    if declared is not None:
        # ``bkt *bbolt.Bucket``: the method of that type
        path = imports.get(declared[0])
        return path is not None and position in imported(path, declared[1] + "." + name)
    paths = [p for p in imports.values() if p and not is_std(p)]
    maker = _made_by(file, operand)
    if maker and not any(d.receiver and d.name == maker for d in index.funcs.values()):
        # the operand is the result of a method ``maker`` of a dependency
        makers = [p for p in paths if imported(p, maker + "->")]
        if makers and all(position in imported(p, maker + "->" + name) for p in makers):
            return True
    found = False
    for path in paths:
        if imported(path, "~" + name):
            return False
        if position in imported(path, "." + name):
            found = True
    return found


def _declared_type(file: SourceFile, operand: Node | None) -> tuple[str, str] | None:
    """(package name, type) when the operand is a parameter (or ``var``) of
    its function declared ``*pkg.T`` or ``pkg.T``."""
    if operand is None or operand.type != "identifier":
        return None
    name = file.text(operand)
    func = sx.enclosing_function(operand)
    while func is not None:
        for decl in sx.nodes(func, ("parameter_declaration", "var_spec"), closures=False):
            if not any(file.text(n) == name for n in decl.children_by_field_name("name")):
                continue
            kind = decl.child_by_field_name("type")
            if kind is not None and kind.type == "pointer_type" and kind.named_children:
                kind = kind.named_children[0]
            if kind is None or kind.type != "qualified_type":
                return None
            package = kind.child_by_field_name("package")
            type_name = kind.child_by_field_name("name")
            if package is None or type_name is None:
                return None
            return file.text(package), file.text(type_name)
        func = sx.enclosing_function(func)
    return None


def _made_by(file: SourceFile, operand: Node | None) -> str:
    """``M`` when the operand is a local whose one definition in its function
    is ``x.M(...)`` (``bkt := tx.Bucket(k)``)."""
    if operand is None or operand.type != "identifier":
        return ""
    func = sx.enclosing_function(operand)
    body = sx.body(func)
    if body is None:
        return ""
    name = file.text(operand)
    values: list[Node] = []
    for node in sx.walk(body):
        if node.type != "identifier" or file.text(node) != name:
            continue
        holder = node.parent
        if holder is not None and holder.type == "expression_list":
            left, holder = holder, holder.parent
            if (
                holder is not None
                and holder.type in ("short_var_declaration", "assignment_statement")
                and holder.child_by_field_name("left") == left
            ):
                right = holder.child_by_field_name("right")
                if right is None or not right.named_children:
                    return ""
                values.append(right.named_children[0])
        elif holder is not None and holder.type in ("parameter_declaration", "var_spec"):
            return ""
    if len(values) != 1 or values[0].type != "call_expression":
        return ""
    fn = values[0].child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return ""
    field = fn.child_by_field_name("field")
    return file.text(field) if field is not None else ""


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


def _operand(call: Node) -> Node | None:
    fn = call.child_by_field_name("function")
    return (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
