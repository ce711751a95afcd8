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
  ``v``) before the return: the decoder fills the object.

The value maps to the qualified type of the first result (``*`` dropped),
for the caller to resolve. A function that builds the object itself is not
in the set (its literal is judged where it is written).
"""

from __future__ import annotations

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


def _read_before(
    file: SourceFile, body: Node, name: str, before: int, imports: dict[str, str]
) -> bool:
    """``name`` was read from a client in ``body`` before ``before``."""
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
                return True
            continue
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        targets = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        if not targets or file.text(targets[0]) != name or len(values) != 1:
            continue
        if client_read(file, values[0], imports):
            return True
    return False


def _returns_server_object(decl: FuncDecl, imports: dict[str, str]) -> str | None:
    body = decl.body
    if body is None or not decl.results:
        return None
    result = decl.results[0].type_text.strip().lstrip("*").strip()
    qualifier, dot, name = result.partition(".")
    path = imports.get(qualifier) if dot else None
    if path is None or not name.isidentifier():
        return None
    file = decl.file
    for ret in src.of_types(body, ("return_statement",), "func_literal"):
        values = ret.named_children[0] if ret.named_children else None
        if values is None:
            continue
        first = values.named_children[0] if values.type == "expression_list" else values
        text = sx.norm(file.text(first)).removeprefix("&").removesuffix(".DeepCopy()")
        if text.isidentifier() and _read_before(file, body, text, ret.start_byte, imports):
            return f"{path}.{name}"
    return None


def server_results(package: PackageIndex) -> dict[str, str]:
    """Function name → the qualified type of the object it may return as a
    client read it."""
    found: dict[str, str] = {}
    for key, decl in package.funcs.items():
        if decl.file.path.endswith("_test.go"):
            continue
        imports = package.imports.get(decl.file.path, {})
        qualified = _returns_server_object(decl, imports)
        if qualified is not None:
            found[key] = qualified
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
