"""SERVER_RESULTS: the functions of a package that hand back an object as a
client read it from the API server (an exported fact computed from source,
like a go/analysis object fact), so that a caller in another package of the
module judges ``ns, found, err := kubeapi.GetNamespace(cs, name)`` as it
judges the client's ``Get`` itself (NM004).

A function or a method (keyed ``T.M``: a caller that knows the static type
of the operand, a field ``ds *datastore.DataStore`` of its receiver, asks
for ``DataStore.GetSecret``) whose first result is a pointer to, or a value
of, a named type of another package is in the set when some ``return`` of
its own (not of a function literal in it) gives, as that result, a local
variable (or its address, or its ``DeepCopy()``: a lister's cached object
is copied before it is handed out) that the body read from a client before
the return:

- ``v, err := x.Get(...)`` / ``x.List(...)``, where ``x`` is a chain of
  calls or fields (a typed clientset's ``cs.CoreV1().Namespaces()``, a
  lister) and not an imported package (``json.Get`` is no client);
- ``var v T`` (or ``v := &T{}``) and then ``x.Get(ctx, key, &v)`` (or
  ``v``) before the return: the decoder fills the object;
- an item of a list read so (``return &list.Items[0], nil`` after
  ``x.List(ctx, list)``): the decoder fills every item;
- a variable given the result of a function of the same package that is in
  the set (``cr, err := GetActive(ctx, c)``): a wrapper of a wrapper.

The last two (and the parts below) count only when the function does not
touch the object before the return: no assignment into it, no method called
on it, no call handed it, its address, a part's address or its items (any of
these may make a map: ``setDefaults(&cr.Spec)``).

The value maps to the qualified type of the first result (``*`` dropped),
for the caller to resolve. A function that returns a part of such an object
(``return &cr.Spec.Workloads, nil``, ``cr`` given the result of a function
of the package in the set) maps to ``<the object's type>:<the field path>``
(``example.com/api/v1.CDI:Spec.Workloads``): the caller judges the part's
maps only when the object's type is an API type, whose maps JSON leaves nil.
A function that builds the object itself is not in the set (its literal is
judged where it is written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.codemod.stdlib import is_std

Node = tree_sitter.Node

_READS = ("Get", "List")
_STATEMENTS = ("short_var_declaration", "assignment_statement", "call_expression")


def client_read(
    file: SourceFile, call: Node, imports: Mapping[str, str], methods: tuple[str, ...] = _READS
) -> bool:
    """``x.Get(...)`` / ``x.List(...)`` (one of ``methods``) on something that
    is not a package (``imports``: the file's)."""
    call = sx.unparen(call)
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    method = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if method is None or operand is None or file.text(method) not in methods:
        return False
    return not (operand.type == "identifier" and file.text(operand) in imports)


def _read_at(
    file: SourceFile, body: Node, name: str, before: int, imports: dict[str, str]
) -> int | None:
    """Where ``body`` last read ``name`` from a client before ``before`` (the
    start of the statement or call), ``None`` when it did not."""
    found: int | None = None
    for node in src.of_types(
        body, ("short_var_declaration", "assignment_statement", "call_expression")
    ):
        if node.start_byte >= before:
            break
        if node.type == "call_expression":
            args = node.child_by_field_name("arguments")
            if args is None or not client_read(file, node, imports):
                continue
            if any(sx.norm(file.text(a)) in (name, f"&{name}") for a in args.named_children):
                found = node.start_byte
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        targets = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        if not targets or file.text(targets[0]) != name or len(values) != 1:
            continue
        if client_read(file, values[0], imports):
            found = node.start_byte
    return found


def _redefined(file: SourceFile, body: Node, name: str, after: int, before: int) -> bool:
    """``name`` is given another value between ``after`` (a statement that
    starts there is the definition itself) and ``before``: ``ns = &T{...}``
    after the read makes it another object."""
    for node in src.of_types(body, ("short_var_declaration", "assignment_statement")):
        if node.start_byte <= after:
            continue
        if node.start_byte >= before:
            break
        left = node.child_by_field_name("left")
        if any(file.text(t) == name for t in (left.named_children if left is not None else [])):
            return True
    return False


# `list.Items[i]`: an item of a list (the index any expression)
_ITEM = re.compile(r"([A-Za-z_]\w*)\.Items\[[^\[\]]+\]")
# `cr.Spec.Workloads`: a part of an object, through fields only
_PART = re.compile(r"([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)")


def _own_result(
    file: SourceFile, body: Node, name: str, before: int, own: Mapping[str, str]
) -> str | None:
    """What ``own`` (the functions of the package found so far) maps the
    function to whose result the last ``name :=``/``name =`` of ``body``
    before ``before`` gives ``name`` (``cr, err := GetActive(ctx, c)``);
    ``None`` when that definition is no call of one of them."""
    last: str | None = None
    for node in src.of_types(body, ("short_var_declaration", "assignment_statement")):
        if node.start_byte >= before:
            break
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        targets = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        if not any(file.text(t) == name for t in targets):
            continue
        last = None
        if not targets or file.text(targets[0]) != name or len(values) != 1:
            continue
        call = sx.unparen(values[0])
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        if fn is not None and fn.type == "identifier":
            last = own.get(file.text(fn))
    return last


def _touched(file: SourceFile, body: Node, root: str, before: int, imports: dict[str, str]) -> bool:
    """Before ``before``, ``body`` assigns into ``root`` (``root.F = v``,
    ``root.Items[0].Labels = m``), calls a method on it or a part of it
    (``root.Default()``), or hands a call other than a client's read what
    can reach its maps: ``root`` itself, its address or a part's
    (``setDefaults(&root.Spec)``), its items (a slice shares its elements):
    what the function returns may have had its maps made. A part passed by
    value (``f(root.Spec)``) cannot make a map the object holds."""
    prefixes = (f"{root}.", f"{root}[")
    for node in src.of_types(body, ("assignment_statement", "call_expression")):
        if node.start_byte >= before:
            break
        if node.type == "assignment_statement":
            left = node.child_by_field_name("left")
            for target in left.named_children if left is not None else []:
                if sx.norm(file.text(target)).startswith(prefixes):
                    return True
            continue
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or args is None or client_read(file, node, imports):
            continue
        if fn.type == "identifier" and file.text(fn) in ("len", "cap"):
            continue
        if fn.type == "selector_expression" and sx.norm(file.text(fn)).startswith(prefixes):
            return True
        for arg in args.named_children:
            text = sx.norm(file.text(arg))
            if text == root or text.startswith((f"&{root}", f"{root}.Items")):
                return True
    return False


def _returns_server_object(
    decl: FuncDecl, imports: dict[str, str], own: Mapping[str, str] | None = None
) -> tuple[str, bool] | None:
    """What the function maps to (see the module's doc) and whether that is
    sure enough to be followed through its callers in the package (the
    object is not given another value after the read, nor touched before
    the return), ``None`` when it returns no object as a client read it."""
    body = decl.body
    if body is None or not decl.results:
        return None
    result = decl.results[0].type_text.strip().lstrip("*").strip()
    qualifier, dot, name = result.partition(".")
    path = imports.get(qualifier) if dot else None
    if path is None or not name.isidentifier():
        return None
    own = own or {}
    file = decl.file
    loose: tuple[str, bool] | None = None
    for ret in src.of_types(body, ("return_statement",), "func_literal"):
        values = ret.named_children[0] if ret.named_children else None
        if values is None:
            continue
        first = values.named_children[0] if values.type == "expression_list" else values
        text = sx.norm(file.text(first)).removeprefix("&").removesuffix(".DeepCopy()")
        item = _ITEM.fullmatch(text)
        part = _PART.fullmatch(text)
        root = item.group(1) if item else part.group(1) if part else text
        if not root.isidentifier():
            continue
        read = _read_at(file, body, root, ret.start_byte, imports)
        touched = _touched(file, body, root, ret.end_byte, imports)
        if read is not None and item is None and part is None:
            sure = not touched and not _redefined(file, body, root, read, ret.start_byte)
            if sure:
                return f"{path}.{name}", True
            loose = loose or (f"{path}.{name}", False)  # as before: any read
            continue
        if touched:
            continue
        if item is not None and read is not None:
            if not _redefined(file, body, root, read, ret.start_byte):
                return f"{path}.{name}", True  # an item of a list the client decoded
            continue
        returned = _own_result(file, body, root, ret.start_byte, own)
        if item is not None or returned is None or ":" in returned:
            continue
        if part is None:
            return f"{path}.{name}", True  # what a function of the package returns as read
        # a part of an object a function of the package returns as read
        return f"{returned}:{part.group(2).lstrip('.')}", True
    return loose


def server_results(package: PackageIndex) -> dict[str, str]:
    """Function name → the qualified type of the object it may return as a
    client read it (``type:path`` for a part of one). Functions that return
    the result of another of the set are found in rounds, until none is
    added."""
    found: dict[str, str] = {}
    sure: dict[str, str] = {}  # the ones followed through their callers
    while True:
        added = False
        for key, decl in package.funcs.items():
            if key in sure or decl.file.path.endswith("_test.go"):
                continue
            imports = package.imports.get(decl.file.path, {})
            returned = _returns_server_object(decl, imports, sure)
            if returned is None:
                continue
            found[key] = returned[0]
            if returned[1]:
                sure[key] = returned[0]
                added = True
        if not added:
            return found


def _produce(pkg: Pass) -> dict[str, str]:
    return server_results(pkg.package)


SERVER_RESULTS: Fact[dict[str, str]] = Fact(
    "server-results",
    _produce,
    (),
    from_source=True,
    doc="functions that return an object as a client read it from the API server",
)


def imported_server_result(pkg: Pass | None, import_path: str, name: str) -> str | None:
    """The qualified type of the object the function ``name`` of the package
    ``import_path`` returns as a client read it (``None``: it does not, or
    its source cannot be read)."""
    if pkg is None or is_std(import_path):
        return None
    other = pkg.dependency(import_path)
    if other is None:
        return None
    try:
        return other.fact(SERVER_RESULTS).get(name)
    except UndeclaredFact:
        return None
