"""Writes into the maps of an object that a shared informer's cache holds.

client-go's informer cache (``k8s.io/client-go/tools/cache``) hands out the
cached objects themselves, and documents them as read-only: a
``ThreadSafeStore``'s callers "must not modify anything returned by Get or
List", and a ``ResourceEventHandler`` "must not modify the objects
received". Those objects are read at once by every worker of every
controller sharing the informer, by the other handlers and by the informer
itself, so writing one of their maps in place is a concurrent map write
(``concurrent map read and map write``); the object must be copied first
(``secret = secret.DeepCopy()``). The cached objects come from

- a lister (``k8s.io/client-go/listers/...`` and the listers client-gen
  generates, ``.../listers/...``): ``Get`` returns the cached object, ``List``
  the cached objects (each item of ``for _, x := range list``);
- a cache ``Store``/``Indexer``, or an informer's (``GetStore()``,
  ``GetIndexer()``, the generated ``.../informers/...`` types):
  ``GetByKey``, ``Get``, ``List``, ``ByIndex``, whose ``interface{}`` values
  are type-asserted (``pod := obj.(*v1.Pod)``);
- the arguments of the ``AddFunc``/``UpdateFunc``/``DeleteFunc`` of a
  ``cache.ResourceEventHandlerFuncs`` (a func literal, or a function or
  method of the package named there), type-asserted the same way.

A write counts through the variable itself (``pod.Labels[k] = v``,
``delete(pod.Annotations, k)``), through a map of it aliased first
(``m := pod.Labels``, ``out.Labels = pod.GetLabels()``, then ``m[k] = v``),
and one call away: the object handed to a function of the package that
writes the parameter's maps so (reported at that write).

The same reading serves one more source of shared objects
(:func:`read_locked_writes`): the values a method takes from a map or slice
field of its receiver while it holds only the read lock of the receiver's
``sync.RWMutex``. Any number of goroutines hold a read lock at once and get
the same values, so a write into their maps is made by all of them at once;
there a part of the value (``src := c.source``) shares its maps too.

Not reported: a variable (or alias) assigned again before the write other
than on a branch that runs only when it is nil (``if s == nil { s = &T{} }``
leaves the cached object on the other path), a ``DeepCopy`` of it, calls
that are not through a value of a lister, cache or informer type (a
controller-runtime client's ``Get`` decodes into the caller's own object, so
its reads are not shared), test files.

The module is longer than 600 lines because the three ways of getting a
cached object (a read through a typed chain, a handler's parameter, an
element of a list) and the ways Go shares its maps (the variable, a type
assertion, a pointer or shallow copy, an accessor, an aliased map, a field
of a literal, a parameter one call away) each need their own reading of
the syntax, and they compose: an alias of a shallow copy of a list element
in a callee is still the cache's map.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.locks import Locks, access_kind, is_test_file
from gofixmap.rules.facts.types import TypeResolver

CACHE_PACKAGE = "k8s.io/client-go/tools/cache"
META_PACKAGE = "k8s.io/apimachinery/pkg/api/meta"
# the reads of a lister, a cache Store/Indexer or an informer's store
READS = frozenset(("Get", "GetByKey", "List", "ByIndex"))
HANDLERS = frozenset(("AddFunc", "UpdateFunc", "DeleteFunc"))
HANDLER_TYPES = frozenset(("ResourceEventHandlerFuncs", "ResourceEventHandlerDetailedFuncs"))
# the metav1.Object getters that return the object's own map
MAP_GETTERS = frozenset(("GetLabels", "GetAnnotations"))


@dataclass(frozen=True, slots=True)
class ListerWrite:
    site: Node  # the write (m[k] = v, delete(m, k))
    expr: Node  # the map expression (secret.Data)
    var: str  # the variable that holds the cached object (at the write)
    call: Node  # where the cached object was obtained (the call or the handler)
    # what the variable is: "comes from a lister's Get", "is the argument of
    # an informer's AddFunc handler", ...
    origin: str
    file: SourceFile  # the file of the write
    alias: str = ""  # the map of var the written map aliases ("pod.Labels")
    callee: str = ""  # the function the object was handed to, one call away
    holder: str = ""  # the variable of the caller that was handed on
    param: str = ""  # the callee's parameter it was handed as
    note: str = ""  # how to copy it, when not `var = var.DeepCopy()`
    plural: bool = False  # var holds a list of cached objects
    # who else holds the object, when not the informer's cache: "other
    # readers hold p.mu's read lock at once" (read_locked_writes)
    sharers: str = ""


@dataclass(frozen=True, slots=True)
class _Source:
    var: str
    after: int  # writes after this byte count
    body: Node  # where the variable lives
    origin: str
    at: Node
    note: str = ""  # how to copy it, when not `var = var.DeepCopy()`
    plural: bool = False  # a list of cached objects
    sharers: str = ""  # ListerWrite.sharers


@dataclass(frozen=True, slots=True)
class _Foreign:
    """A source in another file of the package (a handler method declared
    there)."""

    source: _Source
    file: SourceFile


def lister_writes(
    types: TypeResolver, file: SourceFile, calls: Calls | None = None
) -> list[ListerWrite]:
    """The map writes into objects of an informer's shared cache that
    ``file`` obtains (some may sit in the functions of the package it hands
    them to)."""
    if is_test_file(file):
        return []
    every = types.package.imports.values()
    if not any(_shared_package(path) for imports in every for path in imports.values()):
        return []
    sources: list[_Source | _Foreign] = list(_read_sources(types, file))
    imports = types.package.imports.get(file.path, {})
    if calls is not None and CACHE_PACKAGE in imports.values():
        sources += _handler_sources(types, file, calls)
    found: list[ListerWrite] = []
    seen: set[int] = set()
    for source in sources:
        for write in _writes_of(types, file, source, calls, seen):
            found.append(write)
    return found


def read_locked_writes(
    types: TypeResolver, file: SourceFile, calls: Calls, locks: Locks
) -> list[ListerWrite]:
    """The map writes into values that a method of ``file`` takes from a
    field of its receiver while it holds only the read lock of the
    receiver's ``sync.RWMutex`` (:func:`_read_locked_sources`), made
    without a write lock held."""
    if is_test_file(file) or b"RLock" not in file.data:
        return []
    found: list[ListerWrite] = []
    seen: set[int] = set()
    for source in _read_locked_sources(types, file, calls, locks):
        for write in _writes_of(types, file, source, calls, seen):
            held = locks.access(write.file, write.expr).held
            if not any(mode == "w" for _, mode in held):
                found.append(write)
    return found


def _read_locked_sources(
    types: TypeResolver, file: SourceFile, calls: Calls, locks: Locks
) -> Iterator[_Source]:
    """The values a method reads out of a map or slice field of its receiver
    (``for _, c := range p.clients``, ``e := p.entries[k]``, ``e, ok :=
    ...``) while it holds the read lock of a mutex of the receiver
    (``p.mu.RLock()``) and no write lock: any number of goroutines hold a
    read lock at once, so every reader gets the same values, and a write
    into one of their maps is made by all of them at once (and races with
    the reads of the others)."""
    for decl in calls.package.funcs.values():
        if decl.file is not file or not decl.receiver_name or decl.body is None:
            continue
        recv = decl.receiver_name
        for node in sx.nodes(decl.body, ("range_clause", "index_expression"), closures=False):
            operand = (
                node.child_by_field_name("right")
                if node.type == "range_clause"
                else node.child_by_field_name("operand")
            )
            if operand is None or operand.type != "selector_expression":
                continue
            base = operand.child_by_field_name("operand")
            field = operand.child_by_field_name("field")
            if base is None or field is None or not _is_var(file, base, recv):
                continue
            lock = _read_lock_only(locks.access(file, operand).held, recv)
            if not lock:
                continue
            origin = f"comes from {file.text(operand)}, read under only the read lock of {lock}"
            sharers = f"the other readers that hold {lock}.RLock() get the same value at once"
            note = f"copy the value and its maps before writing, or write under {lock}.Lock()"
            # a range value lives in its loop, a value read by index in the body
            if node.type == "range_clause":
                var, body = _range_item(file, node), node.parent
            else:
                var, body = _assigned_to(file, node), decl.body
            if var and body is not None:
                source = _Source(var, node.end_byte, body, origin, operand, note, False, sharers)
                yield from _asserted(types, file, source)


def _read_lock_only(held: frozenset[tuple[str, str]], recv: str) -> str:
    """The receiver's mutex whose read lock ``held`` holds, when it holds no
    write lock (``""`` otherwise)."""
    if any(mode == "w" for _, mode in held):
        return ""
    return next((t for t, mode in sorted(held) if mode == "r" and t.startswith(recv + ".")), "")


# ---------------------------------------------------------------- sources


def _shared_package(path: str) -> bool:
    """A lister, cache or informer package of client-go or of the listers
    and informers client-gen generates (also the factories' own package,
    ``k8s.io/client-go/informers``, whose chains ``Core().V1().Nodes()``
    lead to a shared informer's lister)."""
    return (
        path == CACHE_PACKAGE
        or "/listers/" in path
        or "/informers/" in path
        or path.endswith("/informers")
    )


def _read_sources(types: TypeResolver, file: SourceFile) -> Iterator[_Source]:
    for call in src.of_types(file.root, ("call_expression",)):
        fn = call.child_by_field_name("function")
        field = fn.child_by_field_name("field") if fn is not None else None
        if fn is None or fn.type != "selector_expression" or field is None:
            continue
        method = file.text(field)
        if method not in READS:
            continue
        package = _through(types, file, fn)
        if not package:
            continue
        kind = "a lister's" if "/listers/" in package else "the informer cache's"
        origin = f"comes from {kind} {method}"
        func = sx.enclosing_function(call)
        body = sx.body(func) if func is not None else None
        if body is None:
            continue
        parent = call.parent
        if parent is not None and parent.type == "range_clause":
            item = _range_item(file, parent)
            loop = parent.parent
            if item and loop is not None:
                yield from _asserted(
                    types, file, _Source(item, parent.end_byte, loop, origin, call)
                )
            continue
        var = _assigned_to(file, call)
        if not var:
            continue
        if method in ("Get", "GetByKey"):
            yield from _asserted(types, file, _Source(var, call.end_byte, body, origin, call))
            continue
        note = f"copy each item first ({var}[i].DeepCopy())"
        listed = _Source(var, call.end_byte, body, origin, call, note, plural=True)
        yield from _asserted(types, file, listed)  # list[i].Labels
        for loop, item in _ranged(file, body, var, call.end_byte):
            yield from _asserted(
                types, file, _Source(item, loop.end_byte, loop.parent or loop, origin, call)
            )


def _handler_sources(
    types: TypeResolver, file: SourceFile, calls: Calls
) -> list[_Source | _Foreign]:
    """The parameters of the functions a ``cache.ResourceEventHandlerFuncs``
    literal names for ``AddFunc``/``UpdateFunc``/``DeleteFunc``."""
    imports = types.package.imports.get(file.path, {})
    found: list[_Source | _Foreign] = []
    for literal in src.of_types(file.root, ("composite_literal",)):
        type_node = literal.child_by_field_name("type")
        text = file.text(type_node) if type_node is not None else ""
        alias, _, name = text.partition(".")
        if name not in HANDLER_TYPES or imports.get(alias) != CACHE_PACKAGE:
            continue
        for _, key, value in sx.keyed_elements(literal):
            handler = file.text(key)
            if handler not in HANDLERS:
                continue
            origin = f"is the argument of an informer's {handler} handler"
            func, func_file = _handler_func(file, calls, value)
            if func is None or func_file is None:
                continue
            body = func.child_by_field_name("body")
            params = func.child_by_field_name("parameters")
            if body is None or params is None:
                continue
            for decl in params.named_children:
                for ident in decl.children_by_field_name("name"):
                    name_text = func_file.text(ident)
                    if name_text == "_":
                        continue
                    source = _Source(name_text, body.start_byte, body, origin, value)
                    if func_file is file:
                        found.extend(_asserted(types, file, source))
                    else:
                        found.append(_Foreign(source, func_file))
    return found


def _handler_func(
    file: SourceFile, calls: Calls, value: Node
) -> tuple[Node | None, SourceFile | None]:
    """The function a handler field names: a func literal, a function of the
    package, or a method value ``c.onAdd`` of the package's only method of
    that name."""
    if value.type == "func_literal":
        return value, file
    decl: FuncDecl | None = None
    if value.type == "identifier":
        decl = calls.package.funcs.get(file.text(value))
        if decl is not None and decl.receiver:
            decl = None
    elif value.type == "selector_expression":
        field = value.child_by_field_name("field")
        methods = calls.methods_named(file.text(field)) if field is not None else []
        decl = methods[0] if len(methods) == 1 else None
    if decl is None:
        return None, None
    return decl.node, decl.file


def _through(types: TypeResolver, file: SourceFile, fn: Node) -> str:
    """The import path of a lister, cache or informer package that some
    value of the selector chain before ``.Get`` has a type of
    (``corelisters.SecretLister``, the namespace lister ``Secrets(ns)``
    returns, ``cache.SharedIndexInformer`` before ``.GetIndexer()``), or
    ``""``. A field's type is read with the imports of the file that
    declares its struct."""
    current: Node | None = fn.child_by_field_name("operand")
    # (a factory's chain, c.f.Core().V1().Nodes().Lister(), is nine steps)
    for _ in range(16):
        if current is None:
            return ""
        text = (types.type_of(file, current) or "").lstrip("*[]")
        if "." in text:
            path = _package_of(types, file, current, text.split(".", 1)[0])
            if _shared_package(path):
                return path
        if current.type == "call_expression":
            current = current.child_by_field_name("function")
        elif current.type == "selector_expression":
            current = current.child_by_field_name("operand")
        else:
            return ""
    return ""


def _package_of(types: TypeResolver, file: SourceFile, node: Node, name: str) -> str:
    """The import path ``name`` stands for in the type of ``node``: in the
    file that declares the struct when ``node`` selects one of its fields,
    else in ``file``."""
    where = file
    operand = node.child_by_field_name("operand") if node.type == "selector_expression" else None
    owner = types.type_of(file, operand) if operand is not None else None
    if owner:
        where = types.struct_decl_file(owner.lstrip("*")) or file
    return types.package.imports.get(where.path, {}).get(name, "")


def _range_item(file: SourceFile, clause: Node) -> str:
    """``x`` of ``for _, x := range ...``."""
    left = clause.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 2 or names[1].type != "identifier" or file.text(names[1]) == "_":
        return ""
    return file.text(names[1])


def _ranged(file: SourceFile, body: Node, var: str, after: int) -> Iterator[tuple[Node, str]]:
    """The range clauses over ``var`` after ``after`` and their item names."""
    for clause in sx.nodes(body, ("range_clause",), closures=False):
        right = clause.child_by_field_name("right")
        if clause.start_byte <= after or right is None or right.type != "identifier":
            continue
        if file.text(right) != var:
            continue
        item = _range_item(file, clause)
        if item:
            yield clause, item


def _asserted(types: TypeResolver, file: SourceFile, source: _Source) -> Iterator[_Source]:
    """``source`` and the variables that hold the same object or a shallow
    copy of it, sharing its maps: a type assertion of it (``pod :=
    obj.(*v1.Pod)``, ``pod, ok := obj.(*v1.Pod)``), the pointer copied
    (``p := pod``), the struct copied by value (``cp := *pod``), or
    apimachinery's ``meta.Accessor(obj)`` (the object itself as a
    ``metav1.Object``)."""
    yield source
    imports = types.package.imports.get(file.path, {})
    meta = {name for name, path in imports.items() if path == META_PACKAGE}
    kinds = (
        "type_assertion_expression",
        "unary_expression",
        "identifier",
        "call_expression",
        "index_expression",
        "selector_expression",
    )
    for node in sx.nodes(source.body, kinds, closures=False):
        if node.start_byte <= source.after:
            continue
        deref = node.type == "unary_expression" and file.text(node).startswith("*")
        if node.type == "selector_expression":
            # a part of the object (``src := client.source``, ``spec :=
            # obj.Spec``): a pointer or a struct copied by value, whose
            # maps are the object's own (only for the sources whose values
            # are not API objects: the informer's keep their reading)
            root = _root(node)
            if not source.sharers or not _is_var(file, root, source.var):
                continue
            var = _assigned_to(file, node, alone=True)
            if var and var != source.var:
                yield replace(source, var=var, after=node.end_byte, plural=False)
            continue
        if node.type in ("identifier", "index_expression"):
            operand: Node | None = node
        elif deref or node.type == "type_assertion_expression":
            operand = node.child_by_field_name("operand")
        elif node.type == "call_expression" and _accessor_of(file, node, meta):
            args = node.child_by_field_name("arguments")
            operand = args.named_children[0] if args is not None else None
        else:
            continue
        item = operand is not None and _is_item(file, operand, source)
        if operand is None or not (item or _is_var(file, operand, source.var)):
            continue
        alone = node.type not in ("type_assertion_expression", "call_expression")
        var = _assigned_to(file, node, alone=alone)
        if var and var != source.var:
            note = "" if item else source.note
            if deref:
                note = f"copy it deeply ({var} := *{file.text(operand)}.DeepCopy())"
            plural = source.plural and not item
            yield replace(source, var=var, after=node.end_byte, note=note, plural=plural)


def _is_var(file: SourceFile, node: Node, var: str) -> bool:
    return node.type == "identifier" and file.text(node) == var


def _is_item(file: SourceFile, node: Node, source: _Source) -> bool:
    """``node`` is an element of the list ``source`` holds (``pods[i]``)."""
    if not source.plural or node.type != "index_expression":
        return False
    operand = node.child_by_field_name("operand")
    return operand is not None and _is_var(file, operand, source.var)


def _accessor_of(file: SourceFile, call: Node, meta: set[str]) -> bool:
    """``meta.Accessor(x)`` with ``meta`` apimachinery's ``api/meta``."""
    parts = sx.call_parts(file, call)
    args = call.child_by_field_name("arguments")
    if parts is None or parts[0] not in meta or parts[1] != "Accessor" or args is None:
        return False
    return len(args.named_children) == 1


def _assigned_to(file: SourceFile, value: Node, *, alone: bool = False) -> str:
    """``x`` of ``x, err := <value>`` / ``x, err = <value>`` / ``x := <value>``
    (only ``x := <value>`` when ``alone``)."""
    right = value.parent
    stmt = right.parent if right is not None and right.type == "expression_list" else None
    if right is None or stmt is None:
        return ""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return ""
    if stmt.child_by_field_name("right") != right or right.named_children[:1] != [value]:
        return ""
    left = stmt.child_by_field_name("left")
    first = left.named_children[0] if left is not None and left.named_children else None
    if left is None or first is None or first.type != "identifier" or file.text(first) == "_":
        return ""
    if alone and (len(left.named_children) != 1 or len(right.named_children) != 1):
        return ""
    op = stmt.child_by_field_name("operator")
    if stmt.type == "assignment_statement" and op is not None and file.text(op) != "=":
        return ""
    return file.text(first)


# ---------------------------------------------------------------- writes


def _writes_of(
    types: TypeResolver,
    file: SourceFile,
    source: _Source | _Foreign,
    calls: Calls | None,
    seen: set[int],
) -> Iterator[ListerWrite]:
    if isinstance(source, _Foreign):
        for found in _asserted(types, source.file, source.source):
            yield from _local_writes(types, source.file, found, seen)
        return
    yield from _local_writes(types, file, source, seen)
    if calls is not None:
        yield from _callee_writes(types, file, source, calls, seen)


def _local_writes(
    types: TypeResolver,
    file: SourceFile,
    source: _Source,
    seen: set[int],
    callee: str = "",
    holder: str = "",
    param: str = "",
) -> Iterator[ListerWrite]:
    """The writes through ``source.var`` in its body, directly or through a
    map of it aliased first."""
    stop = _stop(file, source.body, source.var, source.after)

    def write(site: Node, expr: Node, alias: str = "") -> ListerWrite:
        return ListerWrite(
            site,
            expr,
            source.var,
            source.at,
            source.origin,
            file,
            alias=alias,
            callee=callee,
            holder=holder,
            param=param,
            note=source.note,
            plural=source.plural,
            sharers=source.sharers,
        )

    for site, expr in _writes_through(file, source.body, source.var, source.after, stop):
        if site.id not in seen:
            seen.add(site.id)
            yield write(site, expr)
    for alias, of, start in _aliases(types, file, source.body, source.var, source.after, stop):
        end = _stop(file, source.body, alias, start)
        for site, expr in _writes_to(file, source.body, alias, start, end):
            if site.id not in seen:
                seen.add(site.id)
                yield write(site, expr, of)


def _callee_writes(
    types: TypeResolver, file: SourceFile, source: _Source, calls: Calls, seen: set[int]
) -> Iterator[ListerWrite]:
    """The object handed to a function of the package (``annotate(pod)``),
    whose parameter's maps that function writes."""
    stop = _stop(file, source.body, source.var, source.after)
    receiver = calls.receiver_of(source.body)
    for call in sx.nodes(source.body, ("call_expression",), closures=False):
        if not source.after < call.start_byte < stop:
            continue
        args = call.child_by_field_name("arguments")
        positions = [
            (i, file.text(arg), not _is_item(file, arg, source) and source.plural)
            for i, arg in enumerate(args.named_children if args is not None else ())
            if _is_var(file, arg, source.var) or _is_item(file, arg, source)
        ]
        key = calls.resolve(file, call, receiver) if positions else None
        decl = calls.package.funcs.get(key) if key else None
        body = decl.body if decl is not None else None
        if decl is None or body is None or decl.node == sx.declaration_of(call):
            continue
        for i, held, plural in positions:
            if i >= len(decl.params) or decl.params[i].type_text.startswith("..."):
                continue
            name = decl.params[i].name
            if not name or name == "_":
                continue
            note = f"copy each item first ({name}[i].DeepCopy())" if plural else ""
            if source.sharers:
                note = note or source.note
            inner = _Source(
                name, body.start_byte, body, source.origin, source.at, note, plural, source.sharers
            )
            for found in _asserted(types, decl.file, inner):
                yield from _local_writes(
                    types, decl.file, found, seen, callee=decl.name, holder=held, param=name
                )


def _stop(file: SourceFile, body: Node, var: str, after: int) -> int:
    """Where ``var`` (a name or a selector chain's text) is assigned again
    after ``after`` in ``body``, other than in an ``if var == nil`` branch
    (the end of ``body`` if never)."""
    stop = body.end_byte
    for stmt in sx.nodes(body, ("short_var_declaration", "assignment_statement"), closures=False):
        if stmt.start_byte <= after:
            continue
        left = stmt.child_by_field_name("left")
        names = [sx.norm(file.text(n)) for n in left.named_children] if left is not None else []
        if sx.norm(var) in names and not _in_nil_branch(file, stmt, var):
            stop = min(stop, stmt.start_byte)
    return stop


def _root(node: Node) -> Node:
    base = node
    while base.type in ("selector_expression", "index_expression"):
        operand = base.child_by_field_name("operand")
        if operand is None:
            break
        base = operand
    return base


def _writes_through(
    file: SourceFile, body: Node, var: str, after: int, stop: int
) -> list[tuple[Node, Node]]:
    """Map writes ``var.F...[k] = v`` / ``delete(var.F, k)`` between
    ``after`` and ``stop`` in ``body``, unless a part of the chain
    (``var.F``) was replaced before (``cp.Labels = map[string]string{}``)."""
    result: list[tuple[Node, Node]] = []
    for sel in src.of_types(body, ("selector_expression",), "func_literal"):
        if not after < sel.start_byte < stop:
            continue
        base = _root(sel)
        if base.type != "identifier" or file.text(base) != var:
            continue
        if sel.parent is not None and sel.parent.type == "selector_expression":
            continue  # the longest chain only
        kind, site = access_kind(file, sel)
        if kind != "write":
            continue
        part: Node | None = sel
        replaced = False
        while part is not None and part != base and not replaced:
            replaced = _stop(file, body, file.text(part), after) < sel.start_byte
            part = part.child_by_field_name("operand")
        if not replaced:
            result.append((site, sel))
    return result


def _writes_to(
    file: SourceFile, body: Node, alias: str, after: int, stop: int
) -> list[tuple[Node, Node]]:
    """Map writes ``alias[k] = v`` / ``delete(alias, k)`` (``alias`` a name
    or a selector chain) between ``after`` and ``stop`` in ``body``."""
    want = sx.norm(alias)
    result: list[tuple[Node, Node]] = []
    kinds = ("identifier",) if "." not in alias else ("selector_expression",)
    for node in src.of_types(body, kinds, "func_literal"):
        if not after < node.start_byte < stop or sx.norm(file.text(node)) != want:
            continue
        kind, site = access_kind(file, node)
        if kind == "write":
            result.append((site, node))
    return result


def _aliases(
    types: TypeResolver, file: SourceFile, body: Node, var: str, after: int, stop: int
) -> Iterator[tuple[str, str, int]]:
    """``m := var.Labels`` / ``out.Labels = var.GetLabels()`` between
    ``after`` and ``stop``: (the alias's text, the aliased map's text, the
    end of the statement)."""
    for stmt in sx.nodes(body, ("short_var_declaration", "assignment_statement"), closures=False):
        if not after < stmt.start_byte < stop:
            continue
        op = stmt.child_by_field_name("operator")
        if stmt.type == "assignment_statement" and op is not None and file.text(op) != "=":
            continue
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None or right is None:
            continue
        if len(left.named_children) != 1 or len(right.named_children) != 1:
            continue
        target, value = left.named_children[0], right.named_children[0]
        if target.type not in ("identifier", "selector_expression") or file.text(target) == "_":
            continue
        if _is_map_of(types, file, value, var):
            yield file.text(target), file.text(value), stmt.end_byte
            continue
        literal = sx.composite_literal(value)
        if literal is not None:
            for path, of in _literal_maps(types, file, literal, var):
                yield ".".join((file.text(target), *path)), of, stmt.end_byte


def _literal_maps(
    types: TypeResolver, file: SourceFile, literal: Node, var: str
) -> Iterator[tuple[tuple[str, ...], str]]:
    """The fields of a composite literal (and of the literals nested in it)
    set to a map of ``var`` (``T{ObjectMeta: metav1.ObjectMeta{Labels:
    var.GetLabels()}}``): (the field path, the map's text); an embedded
    field's literal (its key is its type's name) also without its name, as
    its fields are promoted (``x.Labels``)."""
    for _, key, value in sx.keyed_elements(literal):
        name = file.text(key)
        if key.type not in ("field_identifier", "identifier") or not name:
            continue
        if _is_map_of(types, file, value, var):
            yield (name,), file.text(value)
            continue
        inner = sx.composite_literal(value)
        if inner is None:
            continue
        type_node = inner.child_by_field_name("type")
        embedded = type_node is not None and file.text(type_node).rsplit(".", 1)[-1] == name
        for path, of in _literal_maps(types, file, inner, var):
            yield (name, *path), of
            if embedded:
                yield path, of


def _is_map_of(types: TypeResolver, file: SourceFile, value: Node, var: str) -> bool:
    """``value`` is a map of ``var``: ``var.F...`` of a map type, or
    ``var.GetLabels()`` / ``var.GetAnnotations()``."""
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            return False
        field = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        if field is None or operand is None or file.text(field) not in MAP_GETTERS:
            return False
        base = _root(operand)
        return not args.named_children and base.type == "identifier" and file.text(base) == var
    if value.type != "selector_expression":
        return False
    base = _root(value)
    if base.type != "identifier" or file.text(base) != var:
        return False
    field = value.child_by_field_name("field")
    if field is not None and file.text(field) in ("Labels", "Annotations"):
        return True
    return types.is_map(types.type_of(file, value), file)


def _in_nil_branch(file: SourceFile, stmt: Node, var: str) -> bool:
    """``stmt`` runs only when ``var == nil`` (inside ``if var == nil {``)."""
    want = sx.norm(var).replace(" ", "")
    for node in sx.ancestors(stmt):
        if node.type != "if_statement":
            continue
        cond = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        if cond is None or consequence is None:
            continue
        inside = consequence.start_byte <= stmt.start_byte < consequence.end_byte
        if inside and file.text(cond).replace(" ", "") == f"{want}==nil":
            return True
    return False
