"""The mutex fix of a shared map: lock every access that is not locked yet.

- a struct's map field: reuse the struct's mutex, else add a
  ``sync.RWMutex`` beside the field (declined when values of the struct are
  copied: a mutex in it would be copied too); ``Lock`` around writes,
  ``RLock`` around reads; declined in a method with a value receiver;
- a package variable: reuse the lock some access already holds, else declare
  ``var <name>Mu sync.RWMutex`` after it;
- a local map: a ``sync.Mutex`` declared beside it, also passed to the
  package function a ``go f(m)`` hands the map to (as a new parameter).

With ``--strategy syncmap`` the map is converted to ``sync.Map`` instead
(:mod:`.syncmap`). A plan that would call something taking the same lock
inside the locked region is declined with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.declarations import PREDECLARED
from gofixmap.codemod.facts import Pass
from gofixmap.codemod.index import PackageIndex
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.rule import FileContext
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.localmaps import GoPass, SharedMap
from gofixmap.rules.facts.locks import Access, guarded, lock_op
from gofixmap.rules.facts.mutexes import locked_by_owner
from gofixmap.rules.facts.packagelocks import package_lock
from gofixmap.rules.facts.shared import SHARED_MAPS, SharedMaps
from gofixmap.rules.facts.types import TYPES, TypeResolver
from gofixmap.rules.fixes import syncmap
from gofixmap.rules.fixes.declare import free_name, identifiers, insert_field
from gofixmap.rules.fixes.imports import require as require_import
from gofixmap.rules.fixes.locking import line_end_after, plan_locks

TITLE_MUTEX = "Guard {name} with a mutex"


def local_fix(
    ctx: FileContext,
    sm: SharedMap,
    chosen: list[Access],
    passes: list[GoPass],
) -> tuple[Fix | None, str]:
    if ctx.settings.strategy == "syncmap":
        if passes:
            return None, (
                f"cannot convert {sm.name} to sync.Map: it is passed to "
                f"{passes[0].callee.name}, whose parameter type would change"
            )
        return syncmap.convert(ctx.pkg, sm)
    file = ctx.file
    inner = {a for gp in passes for a in gp.inner}
    todo = [a for a in chosen if not guarded(a) and a.kind != "escape" and a not in inner]
    existing = next((t for a in chosen if a not in inner for t, _ in a.held), None)
    edits: list[Edit] = []
    if passes and (existing is not None or any(a.held for a in inner)):
        return None, (
            f"{sm.name} is already locked in places: pass the same mutex to "
            f"{passes[0].callee.name} by hand"
        )
    if existing is not None:
        lock = existing
    else:
        func = sm.func
        assert func is not None
        lock = free_name(identifiers(func, file), "mu", f"{sm.name}Mu")
        stmt = sm.decl
        if stmt is not None and stmt.type == "parameter_declaration":
            # the caller's map: the mutex opens the function's body
            stmts = sx.statement_list(sx.body(func) or func)
            first = stmts.named_children[0] if stmts is not None and stmts.named_children else None
            opening = sx.body(func)
            if first is None or opening is None or first.start_point[0] == opening.start_point[0]:
                return None, f"cannot declare a mutex for {sm.name} in a one-line body"
            end = line_end_after(file.data, opening.start_byte + 1)  # after ``{``
            stmt = first
        elif stmt is None or not sx.in_statement_list(stmt):
            return None, f"cannot declare a mutex next to {sm.name}"
        else:
            end = line_end_after(file.data, stmt.end_byte)
        if end < 0:
            return None, "another statement shares the declaration's line"
        indent = file.indent_at(stmt.start_byte).decode()
        nl = file.newline.decode()
        edits.append(Edit(end, end, f"{nl}{indent}var {lock} sync.Mutex".encode()))
    plan = plan_locks(todo, lambda _a: lock, False, lambda _a, _c: False)
    if plan.reason:
        return None, plan.reason
    edits.extend(plan.edits)
    for gp in passes:
        threaded, why = _thread_mutex(ctx, gp, lock)
        if why:
            return None, why
        edits.extend(threaded)
    return Fix(TITLE_MUTEX.format(name=sm.name), tuple(edits), Applicability.UNSAFE, ("sync",)), ""


def _thread_mutex(ctx: FileContext, gp: GoPass, lock: str) -> tuple[list[Edit], str]:
    """Pass ``&lock`` to the goroutine's function as a new ``*sync.Mutex``
    parameter and lock its uses of the map parameter; or say why not."""
    decl = gp.callee
    name = decl.name
    uses = sum(
        1
        for file in ctx.package.files
        for node in sx.walk(file.root)
        if node.type in ("identifier", "field_identifier") and file.text(node) == name
    )
    if uses != 2:
        return [], (
            f"{name} is used elsewhere: a mutex parameter would change its other callers "
            f"(lock {gp.param} in {name} by hand)"
        )
    if any(a.kind == "escape" for a in gp.inner):
        return [], f"{name} passes {gp.param} on to other code: lock it there by hand"
    cfile = decl.file
    params = decl.node.child_by_field_name("parameters")
    args = gp.call.child_by_field_name("arguments")
    if params is None or args is None:
        return [], f"cannot find the parameters of {name}"
    if params.named_children and params.named_children[-1].type == (
        "variadic_parameter_declaration"
    ):
        return [], f"{name} is variadic: a mutex parameter cannot follow"
    for node, file in ((params, cfile), (args, ctx.file)):
        if b"\n" in file.data[node.start_byte : node.end_byte] or not file.text(node).endswith(")"):
            return [], f"the parameters of {name} span several lines"
    pname = free_name(identifiers(decl.node, cfile), "mu", f"{gp.param}Mu")
    close = params.end_byte - 1
    edits = [
        Edit(close, close, f", {pname} *sync.Mutex".encode(), cfile.path),
        Edit(args.end_byte - 1, args.end_byte - 1, f", &{lock}".encode(), ctx.file.path),
    ]
    todo = [a for a in gp.inner if not guarded(a)]
    plan = plan_locks(todo, lambda _a: pname, False, lambda _a, _c: False)
    if plan.reason:
        return [], plan.reason
    edits.extend(Edit(e.start, e.end, e.new_text, cfile.path) for e in plan.edits)
    if cfile.path != ctx.file.path:
        imp = require_import(cfile, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
    return edits, ""


def copies(types: TypeResolver, owner: str) -> str:
    """Why values of ``owner`` are copied (a mutex in it would be), or ""."""
    index = types.package
    for decl in index.methods(owner):
        if not decl.pointer_receiver:
            return f"method {decl.name} has a value receiver"
    for decl in index.funcs.values():
        for param in (*decl.params, *decl.results):
            if param.type_text.strip() == owner:
                return f"{decl.name} takes or returns {owner} by value"
    for tdecl in index.types.values():
        for f in tdecl.fields:
            if _holds_values(f.type_text, owner):
                return f"{tdecl.name}.{f.name} holds {owner} values"
    for file in index.files:
        for node in sx.walk(file.root):
            if node.type in ("slice_type", "array_type", "map_type", "channel_type"):
                if _holds_values(file.text(node), owner):
                    return f"{file.text(node)} values copy {owner}"
            elif node.type == "unary_expression" and file.text(node).startswith("*"):
                operand = node.child_by_field_name("operand")
                if operand is not None and _is_pointer_to(types, file, operand, owner):
                    return f"{file.text(node)} copies a {owner}"
            elif node.type == "var_spec":
                kind = node.child_by_field_name("type")
                if kind is not None and file.text(kind) == owner:
                    return f"variables of type {owner} are copied by value"
            elif node.type == "short_var_declaration":
                right = node.child_by_field_name("right")
                if right is not None and any(
                    v.type == "composite_literal" and _type_name(file, v) == owner
                    for v in right.named_children
                ):
                    return f"{file.text(node).splitlines()[0]} holds a {owner} value"
    return ""


def _type_name(file: SourceFile, literal: Node) -> str:
    kind = literal.child_by_field_name("type")
    return file.text(kind) if kind is not None else ""


def _holds_values(type_text: str, owner: str) -> bool:

    return re.search(rf"(\]|chan\s+){re.escape(owner)}\b(?!\.)", type_text) is not None


def _is_pointer_to(types: TypeResolver, file: SourceFile, expr: Node, owner: str) -> bool:
    try:
        kind = types.type_of(file, expr)
    except Exception:
        return False
    return kind is not None and kind.strip() == f"*{owner}"


def _takes_field_lock(pkg: Pass, sm: SharedMap, mutex_name: str) -> Callable[[Access, Node], bool]:
    index = pkg.package
    calls = pkg.fact(CALLS)
    touching = {
        calls.key_of(t) for a in sm.accesses if (t := sx.declaration_of(a.node)) is not None
    }
    locking = set()
    for method in index.methods(sm.owner):
        body = method.body
        if body is None:
            continue
        for node in sx.walk(body):
            op = lock_op(method.file, node)
            if op is not None and op[0] in (
                method.receiver_name,
                f"{method.receiver_name}.{mutex_name}",
            ):
                locking.add(method.key)
    # functions locking the mutex of an owner they are handed (``func
    # snapshot(m map[K]V, r *Registry) { r.mu.RLock() ... }``)
    handed: set[str] = set()
    for decl in index.funcs.values():
        owners = {
            p.name
            for p in decl.params
            if p.name and p.type_text.strip().lstrip("*").strip() == sm.owner
        }
        if not owners or decl.body is None:
            continue
        targets = owners | {f"{o}.{mutex_name}" for o in owners}
        for node in sx.walk(decl.body):
            op = lock_op(decl.file, node)
            if op is not None and op[0] in targets:
                handed.add(decl.key)
                break

    def takes(access: Access, call: Node) -> bool:
        top = sx.declaration_of(access.node)
        recv = calls.receiver_of(top) if top is not None else None
        parts = sx.call_parts(access.file, call)
        own = (recv[0], f"{recv[0]}.{mutex_name}") if recv is not None else ()
        if parts is not None and parts[1] in ("Lock", "RLock") and parts[0] in own:
            return True  # the region locks the same mutex itself (``if doLock {...}``)
        key = calls.resolve(access.file, call, recv)
        if _hands_over(access.file, call, touching | locking, sm.accesses):
            return True
        if key is not None and key in handed:
            return True
        if key is None or not key.startswith(f"{sm.owner}."):
            return False
        return key in touching or key in locking

    return takes


def _hands_over(
    file: SourceFile, call: Node, touching: set[str | None], accesses: list[Access]
) -> bool:
    """``Each(n, Mark)``, ``run(func() { m[k]++ })``: the call is handed a
    function that uses the map (and would take its lock), so it can run it."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return False
    names = {key.rsplit(".", 1)[-1] for key in touching if key}
    for arg in args.named_children:
        if arg.type == "identifier" and file.text(arg) in names:
            return True
        if arg.type == "selector_expression":
            name = arg.child_by_field_name("field")
            if name is not None and file.text(name) in names:
                return True
        if arg.type == "func_literal" and any(
            a.file is file and arg.start_byte <= a.node.start_byte < arg.end_byte for a in accesses
        ):
            return True
    return False


def field_fix(
    pkg: Pass,
    sm: SharedMap,
    todo: list[Access],
    mutex: tuple[str, str, bool] | None,
) -> tuple[Fix | None, str]:
    """Lock every access of a struct's map field, reusing its mutex or adding one."""
    index = pkg.package
    shared = pkg.fact(SHARED_MAPS)
    if pkg.settings.strategy == "syncmap":
        return syncmap.convert(pkg, sm)
    todo = [a for a in todo if a.kind != "escape"]
    for access in todo:
        decl = shared.method_decl(access)
        if decl is not None and not decl.pointer_receiver:
            return None, (f"method {decl.name} has a value receiver: a lock there guards a copy")
    edits: list[Edit] = []
    if mutex is None:
        why = copies(pkg.fact(TYPES), sm.owner)
        if why:
            return None, f"{sm.owner} is copied by value ({why}): a mutex in it would be copied"
        owner_decl = index.types[sm.owner]
        taken = {f.name for f in owner_decl.fields} | {m.name for m in index.methods(sm.owner)}
        name = free_name(taken, "mu", f"{sm.name}Mu")
        field_node = sm.decl
        if field_node is None or sm.decl_file is None:
            return None, f"cannot find the declaration of {sm.owner}.{sm.name}"
        edit = insert_field(sm.decl_file, field_node, name, "sync.RWMutex")
        if edit is None:
            return None, f"cannot add a mutex beside {sm.owner}.{sm.name} (irregular layout)"
        edits.append(Edit(edit.start, edit.end, edit.new_text, sm.decl_file.path))
        imp = require_import(sm.decl_file, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
        mutex = (name, "rw", False)
        mutex_name = name
    else:
        mutex_name = mutex[0]
        caller = _held_by_caller(shared, sm.owner, mutex, todo)
        if caller:
            return None, caller
    rw = mutex[1] == "rw"
    embedded = mutex[2]

    def lock_expr(access: Access) -> str:
        recv = shared.receiver_name(access)
        return recv if embedded else f"{recv}.{mutex_name}"

    takes = _takes_field_lock(pkg, sm, mutex_name)
    by_file: dict[str, list[Access]] = {}
    for access in todo:
        by_file.setdefault(access.file.path, []).append(access)
    for path, group in by_file.items():
        plan = plan_locks(group, lock_expr, rw, takes)
        if plan.reason:
            return None, plan.reason
        edits.extend(Edit(e.start, e.end, e.new_text, path) for e in plan.edits)
    return Fix(
        TITLE_MUTEX.format(name=f"{sm.owner}.{sm.name}"),
        tuple(edits),
        Applicability.UNSAFE,
        ("sync",),
    ), ""


def _held_by_caller(
    shared: SharedMaps, owner: str, mutex: tuple[str, str, bool], todo: list[Access]
) -> str:
    """Why a lock of ``mutex`` around these accesses would deadlock: a call
    of the method around one (or of a method that calls it on its receiver,
    up the chain) is made where the caller holds that value's ``mutex``
    (``Collect`` holds ``e.Lock()`` when it calls ``e.scrape(ch)``, which
    calls ``e.desc(name)``). Go's mutexes are not reentrant, and a read
    lock taken again can wait behind a writer. "" when no known caller
    holds it."""
    prefix = f"{owner}."
    todo_keys = [shared.method_key(a) for a in todo if a.func.type == "method_declaration"]
    frontier = [k for k in todo_keys if k.startswith(prefix)]
    seen = set(frontier)
    while frontier:
        key = frontier.pop()
        for resolved in shared.calls.calls_to(key):
            caller, call = resolved.caller, resolved.call
            fn = call.child_by_field_name("function")
            operand = fn.child_by_field_name("operand") if fn is not None else None
            if operand is None:
                continue
            recv = caller.file.text(operand)
            if locked_by_owner(shared.locks.access(caller.file, call), recv, mutex):
                lock = recv if mutex[2] else f"{recv}.{mutex[0]}"
                return (
                    f"{caller.name} holds {lock} when it calls "
                    f"{key.rsplit('.', 1)[-1]}, and a lock of it there would deadlock "
                    "(Go's mutexes are not reentrant); take the lock in the callers instead"
                )
            up = call.parent
            if (
                caller.receiver == owner
                and recv == caller.receiver_name
                and sx.enclosing_function(call) == caller.node
                and not (up is not None and up.type in ("go_statement", "defer_statement"))
                and caller.key not in seen
            ):
                seen.add(caller.key)
                frontier.append(caller.key)
    return ""


def _calls_value(index: PackageIndex, file: SourceFile, call: Node) -> bool:
    """``f(...)`` where ``f`` names no function of the package and no
    builtin: a func value, whose body is not known here."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return False
    name = file.text(fn)
    return name not in index.funcs and name not in index.types and name not in _BUILTINS


# the universe scope's functions; its types are conversions (PREDECLARED)
_BUILTINS = PREDECLARED | frozenset(
    (
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    )
)


def _assigned_outside_init(accesses: list[Access]) -> str | None:
    """The function (other than an ``init``) that assigns the package
    variable itself (``cache = make(...)``) unlocked, if any: a fix that
    locks only the map operations leaves that write of the variable racing
    them."""
    for access in accesses:
        if access.kind != "escape" or access.held or not sx.is_assigned(access.node):
            continue
        top = sx.declaration_of(access.node)
        name = top.child_by_field_name("name") if top is not None else None
        text = access.file.text(name) if name is not None else ""
        if text != "init":
            return text or "a function literal"
    return None


def global_fix(
    pkg: Pass,
    sm: SharedMap,
    todo: list[Access],
    accesses: list[Access],
    dynamic_calls: bool = False,
) -> tuple[Fix | None, str]:
    """Lock every access of a package-level map, reusing a lock an access
    holds or declaring a ``sync.RWMutex`` after it. With ``dynamic_calls``,
    a region that calls a func value (``f()``, a callback the map may hold)
    is declined too: the callee may take the same lock."""
    index = pkg.package
    calls = pkg.fact(CALLS)
    if pkg.settings.strategy == "syncmap":
        return syncmap.convert(pkg, sm)
    todo = [a for a in todo if a.kind != "escape"]
    assigned = _assigned_outside_init(accesses)
    if assigned is not None:
        return None, (
            f"{sm.name} itself is assigned in {assigned} (a new map, while other goroutines "
            "may use the old one), which locking its map operations would not cover: lock "
            "that assignment and its nil check with the same mutex"
        )
    # a lock some access holds, when it is a package-level mutex: the fix
    # names it at every access (a field's lock, or a value whose Lock()
    # method is no mutex's, cannot serve every function)
    existing = next(
        (t for a in accesses for t, _ in sorted(a.held) if package_lock(index, t)),
        None,
    )
    edits: list[Edit] = []
    if existing is not None:
        lock = existing
        rw = package_lock(index, existing) == "rw"
    elif "." in sm.name:
        return None, f"no lock of {sm.name.split('.', 1)[0]} guards {sm.name}"
    else:
        taken = set(index.vars) | set(index.funcs) | set(index.types)
        lock = free_name(taken, f"{sm.name}Mu")
        rw = True
        spec = sm.decl
        file = sm.decl_file
        if spec is None or file is None:
            return None, f"cannot find the declaration of {sm.name}"
        decl = spec
        while decl.parent is not None and decl.type != "var_declaration":
            decl = decl.parent
        end = line_end_after(file.data, decl.end_byte)
        if end < 0:
            return None, "another declaration shares the line"
        nl = file.newline.decode()
        text = f"{nl}{nl}var {lock} sync.RWMutex // guards {sm.name}"
        edits.append(Edit(end, end, text.encode(), file.path))
        imp = require_import(file, "sync")
        if imp is not None and imp.edit is not None:
            edits.append(imp.edit)
    touching = {calls.key_of(t) for a in accesses if (t := sx.declaration_of(a.node)) is not None}

    def takes(access: Access, call: Node) -> bool:
        top = sx.declaration_of(access.node)
        recv = calls.receiver_of(top) if top is not None else None
        key = calls.resolve(access.file, call, recv)
        if _hands_over(access.file, call, touching, accesses):
            return True
        if dynamic_calls and _calls_value(index, access.file, call):
            return True
        return key is not None and key in touching

    by_file: dict[str, list[Access]] = {}
    for access in todo:
        by_file.setdefault(access.file.path, []).append(access)
    for path, group in by_file.items():
        plan = plan_locks(group, lambda _a: lock, rw, takes)
        if plan.reason:
            return None, plan.reason
        edits.extend(Edit(e.start, e.end, e.new_text, path) for e in plan.edits)
    return Fix(TITLE_MUTEX.format(name=sm.name), tuple(edits), Applicability.UNSAFE, ("sync",)), ""
