"""Entry points that a server or a framework runs concurrently: functions
the package never starts with ``go`` itself, but hands to code that calls
them from goroutines of its own once it serves.

- HTTP handlers: ``ServeHTTP`` methods; functions and method values handed
  to a registration call (``HandleFunc``, ``Handle``, ``HandlerFunc`` and the
  other names of ``HANDLER_CALLS``, or any call whose first argument is a
  route pattern: ``r.Get("/users", s.list)``, ``mux.Handle("GET /x", h)``);
  and any function with the signature ``(http.ResponseWriter,
  *http.Request)`` used as a value (``http.HandlerFunc(h)``,
  ``Handler: h``). The server runs each request on its own goroutine:
  several at once.
- controller-runtime reconcilers: ``Reconcile(ctx context.Context, req
  reconcile.Request)`` (any request type named ``...Request``). One
  reconciler runs one request at a time unless a method of its type (its
  ``SetupWithManager``) sets ``MaxConcurrentReconciles``, or one value of
  its type is handed to two controllers (:mod:`.reconcilers`); different
  controllers run concurrently with each other and with the rest of the
  manager.
- admission webhooks: ``Handle(ctx context.Context, req admission.Request)``
  (any request type named ``...Request``)
  and the ``Default``/``ValidateCreate``/``ValidateUpdate``/``ValidateDelete``
  methods of a custom defaulter or validator (a ``context.Context`` first):
  served over HTTPS, several at once.
- client-go informer event handlers: the functions of a
  ``ResourceEventHandlerFuncs`` literal (``AddFunc``, ``UpdateFunc``,
  ``DeleteFunc``) and the ``OnAdd``/``OnUpdate``/``OnDelete`` methods of a
  handler type. One registration's handlers run one at a time, on a
  goroutine of the informer.
- Prometheus collectors: a method with a ``chan<- prometheus.Metric``
  parameter (client_golang's ``Collector.Collect``, and the per-collector
  methods a ``Collect`` fans out to). The registry calls ``Collect`` on
  every scrape and gather, and the contract says it "may be called
  concurrently": several at once. Not such a method other than ``Collect``
  that the package only calls, by calls resolved to it (no method value,
  no interface call): it runs where those calls run, under the locks they
  hold (``e.scrape(ch)`` in a ``Collect`` that holds ``e.Lock()``).
- gRPC service methods: the methods of a type whose value is handed to a
  generated ``RegisterXxxServer(grpcServer, impl)`` call of the package
  (``pb.RegisterGreeterServer(s, &server{})``, ``pb.RegisterAdsServer(g,
  s)`` in a method of the type) that have a handler's shape: unary
  ``(context.Context, *Req) (*Resp, error)``, or streaming with the
  generated stream (``Svc_MethodServer``, ``grpc.BidiStreamingServer[...]``)
  and an ``error`` result; and, registered or not, any exported method
  taking such a generated server stream (only a gRPC server makes one).
  grpc-go runs each RPC, and each stream's handler, on its own goroutine:
  several at once.
- callbacks handed to another package: a method value of the package set as
  a field of a composite literal of an imported type
  (``datapath.Callbacks{OnCancelled: r.onCancelled}``,
  ``predicate.Funcs{UpdateFunc: r.update}``). The other package calls it
  when it chooses, from a goroutine of its own as far as this package can
  tell: one at a time per registration.
- the exported methods of a struct type whose doc comment promises
  concurrent use (``// Cache is safe for concurrent use.``, ``shared among
  goroutines``: :mod:`.concurrentdocs`): its callers, in any package, call
  them from several goroutines at once; likewise an exported method whose
  own doc comment does (``// Lookup may be called concurrently.``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.concurrentdocs import documented_concurrent, promises_concurrency
from gofixmap.rules.facts.contracts import doc_comment
from gofixmap.rules.facts.grpcservers import grpc_method, grpc_registered
from gofixmap.rules.facts.reconcilers import registered_twice
from gofixmap.rules.facts.types import TypeResolver

HANDLER_CALLS = ("HandleFunc", "Handle", "HandlerFunc", "Func", "AddFunc")

# A route pattern as a registration's first argument: "/path" or, since Go
# 1.22, "METHOD /path" or "host/path" (no space inside a host).
_ROUTE = re.compile(rb'\(\s*"(?:[A-Z]+ )?[A-Za-z0-9.\-{}]*/')

_HTTP_SIGNATURE = ("http.ResponseWriter", "*http.Request")
_WEBHOOK_METHODS = ("Default", "ValidateCreate", "ValidateUpdate", "ValidateDelete")
_INFORMER_METHODS = ("OnAdd", "OnUpdate", "OnDelete")
_INFORMER_LITERAL = re.compile(rb"ResourceEventHandler(?:Detailed)?Funcs\s*\{")
_MAX_CONCURRENT = re.compile(rb"MaxConcurrentReconciles\s*:\s*(\S+?)\s*[,}\n]")


@dataclass(frozen=True, eq=False)
class Entry:
    """A function run by a server or framework: ``closure`` is a func literal
    handed over, ``targets`` the package functions; ``node`` where it is
    handed over (or declared)."""

    node: Node
    file: SourceFile
    closure: Node | None
    targets: tuple[str, ...]
    multiplicity: int
    # entries of one group run one at a time with each other (the handlers
    # of one informer registration): one goroutine between them
    group: str = ""


def _params(decl: FuncDecl) -> list[str]:
    return [p.type_text.replace(" ", "") for p in decl.params]


def _reconciler(decl: FuncDecl) -> bool:
    params = _params(decl)
    return (
        decl.name == "Reconcile"
        and bool(decl.receiver)
        and len(params) == 2
        and params[0] == "context.Context"
        and params[1].lstrip("*").endswith("Request")
    )


def _webhook(decl: FuncDecl) -> bool:
    params = _params(decl)
    if not decl.receiver or not params or params[0] != "context.Context":
        return False
    if decl.name == "Handle":
        return len(params) == 2 and params[1].lstrip("*").endswith("Request")
    return decl.name in _WEBHOOK_METHODS


def _informer_method(decl: FuncDecl) -> bool:
    params = _params(decl)
    return (
        decl.name in _INFORMER_METHODS
        and bool(decl.receiver)
        and bool(params)
        and params[0] in ("interface{}", "any")
    )


_PROMETHEUS = "github.com/prometheus/client_golang/prometheus"


def _collector(index: PackageIndex, decl: FuncDecl) -> bool:
    """A method that sends metrics on a ``chan<- prometheus.Metric``
    parameter: part of a Prometheus collector's ``Collect``, which the
    registry runs concurrently (a scrape each, and any gather)."""
    if not decl.receiver:
        return False
    imports = index.imports.get(decl.file.path, {})
    for text in _params(decl):
        if text.startswith("chan<-") and text.endswith(".Metric"):
            qualifier = text.removeprefix("chan<-").removesuffix(".Metric")
            if imports.get(qualifier) == _PROMETHEUS:
                return True
    return False


def http_handler(decl: FuncDecl) -> bool:
    """``func(w http.ResponseWriter, r *http.Request)`` (or such a method)."""
    return tuple(_params(decl)) == _HTTP_SIGNATURE


def _max_concurrent(index: PackageIndex, owner: str, reconcilers: set[str]) -> bool:
    """The controller of the reconciler type ``owner`` may run more than one
    worker. controller-runtime defaults ``MaxConcurrentReconciles`` to 1 (the
    manager's ``config.Controller`` can raise the default for every
    controller, set in ``main``); it is more when the options of the
    controller built in a method of ``owner`` (its ``SetupWithManager``) or
    in a function of the package (``add(mgr, r)``: every function when the
    package has one reconciler type, else those naming ``owner``) set it to
    something but 1, or when those options come from elsewhere
    (``WithOptions(options)`` with a parameter or a field,
    ``controller.New(name, mgr, opts)`` likewise): not known to be 1."""
    places = list(index.methods(owner))
    for decl in index.funcs.values():
        if decl.receiver or decl.body is None:
            continue
        if len(reconcilers) == 1 or owner.encode() in (decl.body.text or b""):
            places.append(decl)
    for decl in places:
        body = decl.body
        if body is None or decl.file.path.endswith("_test.go"):
            continue
        for match in _MAX_CONCURRENT.finditer(decl.file.data, body.start_byte, body.end_byte):
            if match.group(1) != b"1":
                return True
        if b"WithOptions" not in (body.text or b"") and b"New" not in (body.text or b""):
            continue
        params = {p.name for p in decl.params}
        for call in sx.nodes(body, ("call_expression",)):
            options = _controller_options(index, decl.file, call)
            if options is not None and _options_unknown(decl.file, options, params):
                return True
    return False


_CONTROLLER_NEW = ("New", "NewUnmanaged", "NewTyped", "NewTypedUnmanaged")


def _controller_options(index: PackageIndex, file: SourceFile, call: Node) -> Node | None:
    """The options argument of ``b.WithOptions(o)`` or of
    ``controller.New(name, mgr, o)`` (controller-runtime)."""
    parts = sx.call_parts(file, call)
    args = call.child_by_field_name("arguments")
    if parts is None or args is None or not parts[0]:
        return None
    values = args.named_children
    if parts[1] == "WithOptions" and len(values) == 1:
        return values[0]
    if parts[1] in _CONTROLLER_NEW and len(values) == 3:
        path = index.imports.get(file.path, {}).get(parts[0], "")
        if path.endswith("controller-runtime/pkg/controller"):
            return values[2]
    return None


def _options_unknown(file: SourceFile, options: Node, params: set[str]) -> bool:
    """Options handed in from elsewhere: a parameter, a field, a call's
    result (a literal's ``MaxConcurrentReconciles`` is read from the text)."""
    options = sx.unparen(options)
    if options.type == "unary_expression" and options.named_children:
        options = options.named_children[-1]
    if options.type == "composite_literal":
        return False
    if options.type == "identifier":
        return file.text(options) in params
    return options.type in ("selector_expression", "call_expression", "index_expression")


def func_value(index: PackageIndex, calls: Calls, file: SourceFile, arg: Node) -> str | None:
    """The package function a function value names: ``h``, ``s.handle``
    (the enclosing method's receiver, or the one method of that name when no
    struct of the package has a field of that name: ``s.Resource`` with ``s``
    a value whose type is not known here may read a field),
    ``http.HandlerFunc(h)``."""
    arg = sx.unparen(arg)
    if arg.type == "call_expression":
        inner = arg.child_by_field_name("arguments")
        if inner is not None and len(inner.named_children) == 1:
            return func_value(index, calls, file, inner.named_children[0])
        return None
    if arg.type == "identifier":
        decl = index.funcs.get(file.text(arg))
        return decl.key if decl is not None and not decl.receiver else None
    if arg.type != "selector_expression":
        return None
    operand = arg.child_by_field_name("operand")
    name = arg.child_by_field_name("field")
    if operand is None or name is None or operand.type != "identifier":
        return None
    method = file.text(name)
    recv = calls.receiver_of(arg)
    if recv is not None and file.text(operand) == recv[0]:
        key = f"{recv[1]}.{method}"
        return key if key in index.funcs else None
    if file.text(operand) in index.imports.get(file.path, {}):
        return None
    if _field_named(index, method):
        return None  # ``s.Name`` may read a field of that name: no method value known
    candidates = calls.methods_named(method)
    return candidates[0].key if len(candidates) == 1 else None


def _field_named(index: PackageIndex, name: str) -> bool:
    """Some struct of the package has a field ``name``."""
    return any(f.name == name for t in index.types.values() if t.is_struct for f in t.fields)


def _handed(
    index: PackageIndex,
    calls: Calls,
    file: SourceFile,
    node: Node,
    args: list[Node],
    mult: int,
    group: str = "",
) -> list[Entry]:
    found: list[Entry] = []
    for arg in args:
        if arg.type == "func_literal":
            found.append(Entry(node, file, arg, (), mult, group))
            continue
        key = func_value(index, calls, file, arg)
        if key is not None:
            found.append(Entry(node, file, None, (key,), mult, group))
    return found


def registrations(index: PackageIndex, calls: Calls, file: SourceFile, call: Node) -> list[Entry]:
    """The handlers that the registration call ``call`` hands over: a call
    named in HANDLER_CALLS, or one whose first argument is a route pattern."""
    parts = sx.call_parts(file, call)
    args = call.child_by_field_name("arguments")
    if parts is None or not parts[0] or args is None or not args.named_children:
        return []
    if parts[1] not in HANDLER_CALLS and not _route_first(file, args):
        return []
    return _handed(index, calls, file, call, list(args.named_children), 2)


def _route_first(file: SourceFile, args: Node) -> bool:
    first = args.named_children[0]
    if first.type != "interpreted_string_literal":
        return False
    return _ROUTE.match(b"(" + (first.text or b"")) is not None


def route_calls(file: SourceFile) -> list[Node]:
    """Calls whose first argument is a route pattern, found from the bytes."""
    found: list[Node] = []
    for match in _ROUTE.finditer(file.data):
        args = file.root.descendant_for_byte_range(match.start(), match.start() + 1)
        call = args.parent if args is not None else None
        if (
            args is not None
            and args.type == "argument_list"
            and call is not None
            and call.type == "call_expression"
        ):
            found.append(call)
    return found


def entries(
    index: PackageIndex,
    calls: Calls,
    manager_workers: bool = False,
    types: Callable[[], TypeResolver] | None = None,
) -> list[Entry]:
    """The package's declared entry points (handler signatures used as
    values, reconcilers, webhooks, informer handlers, gRPC methods).
    ``manager_workers``: the module's manager sets every controller's
    default worker count above 1 (:mod:`.managerworkers`), so every
    reconciler may run on several workers. ``types``: the package's type
    resolver, read only for a gRPC registration's implementation."""
    found: list[Entry] = []
    grpc = grpc_registered(index, calls, types) if types is not None else set()
    reconcilers = {decl.receiver for decl in index.funcs.values() if _reconciler(decl)}
    twice = registered_twice(index) if reconcilers else frozenset()
    handlers = {key for key, decl in index.funcs.items() if http_handler(decl)}
    valued = _used_as_values(index, calls, handlers) if handlers else set()
    promised = documented_concurrent(index)
    senders = {
        key
        for key, decl in index.funcs.items()
        if decl.name != "Collect" and _collector(index, decl)
    }
    # a metric sender the package only calls (``e.scrape(ch)`` in Collect)
    # runs where its callers run: reached from them, under what they hold
    inner = _only_called(index, calls, senders) if senders else set()
    for key, decl in index.funcs.items():
        if (decl.name == "ServeHTTP" and decl.receiver) or key in valued:
            found.append(Entry(decl.node, decl.file, None, (key,), 2))
        elif _reconciler(decl):
            several = decl.receiver in twice  # one value, two controllers
            mult = (
                2
                if several or manager_workers or _max_concurrent(index, decl.receiver, reconcilers)
                else 1
            )
            found.append(Entry(decl.node, decl.file, None, (key,), mult))
        elif _webhook(decl) or (_collector(index, decl) and key not in inner):
            found.append(Entry(decl.node, decl.file, None, (key,), 2))
        elif _informer_method(decl):
            group = f"informer:{decl.receiver}"
            found.append(Entry(decl.node, decl.file, None, (key,), 1, group))
        elif grpc_method(index, decl, grpc) or _promised(decl, promised):
            found.append(Entry(decl.node, decl.file, None, (key,), 2))
    for file in index.files:
        for match in _INFORMER_LITERAL.finditer(file.data):
            found.extend(_informer_literal(index, calls, file, match.end() - 1))
        found.extend(_foreign_callbacks(index, calls, file))
    return found


def _informer_literal(index: PackageIndex, calls: Calls, file: SourceFile, at: int) -> list[Entry]:
    body = file.root.descendant_for_byte_range(at, at + 1)
    if body is not None and body.type == "{":
        body = body.parent  # the brace token: its literal_value
    literal = body.parent if body is not None else None
    if body is None or literal is None or literal.type != "composite_literal":
        return []
    values: list[Node] = []
    for element in body.named_children:
        if element.type != "keyed_element":
            continue
        value = element.child_by_field_name("value")
        if value is not None and value.type == "literal_element" and value.named_children:
            values.append(value.named_children[0])
    group = f"informer@{file.path}:{literal.start_byte}"
    return _handed(index, calls, file, literal, values, 1, group)


def _foreign_callbacks(index: PackageIndex, calls: Calls, file: SourceFile) -> list[Entry]:
    """Method values of the package set as fields of a composite literal of
    an imported struct type (``pkg.T{OnDone: r.onDone}``): callbacks another
    package runs when it chooses. Map literals (``template.FuncMap{"f":
    r.f}``) are not; literals of informer handler types are counted by
    ``_informer_literal``."""
    imports = index.imports.get(file.path, {})
    if not imports or b"{" not in file.data:
        return []
    found: list[Entry] = []
    for literal in sx.nodes(file.root, ("composite_literal",)):
        kind = literal.child_by_field_name("type")
        if kind is not None and kind.type == "generic_type":
            kind = kind.child_by_field_name("type")
        if kind is None or kind.type != "qualified_type":
            continue
        package = kind.child_by_field_name("package")
        name = kind.child_by_field_name("name")
        if package is None or file.text(package) not in imports:
            continue
        if name is not None and _INFORMER_LITERAL.match(file.text(name).encode() + b"{"):
            continue
        body = literal.child_by_field_name("body")
        values: list[Node] = []
        for element in body.named_children if body is not None else []:
            if element.type != "keyed_element":
                continue
            key = element.child_by_field_name("key")
            if key is not None and key.type == "literal_element" and key.named_children:
                key = key.named_children[0]
            if key is None or key.type not in ("identifier", "field_identifier"):
                continue  # a map literal's key (``template.FuncMap{"f": r.f}``)
            value = element.child_by_field_name("value")
            if value is not None and value.type == "literal_element" and value.named_children:
                value = value.named_children[0]
            if value is not None and value.type == "selector_expression":
                values.append(value)
        for value in values:
            target = func_value(index, calls, file, value)
            decl = index.funcs.get(target) if target is not None else None
            if target is not None and decl is not None and decl.receiver:
                group = f"callback@{file.path}:{value.start_byte}"
                found.append(Entry(literal, file, None, (target,), 1, group))
    return found


def _promised(decl: FuncDecl, types: frozenset[str]) -> bool:
    """An exported method of a type whose doc comment promises concurrent
    use, or whose own doc comment does (``// Get may be called
    concurrently.``), outside test files."""
    if not decl.receiver or not decl.name[:1].isupper() or decl.file.path.endswith("_test.go"):
        return False
    return decl.receiver in types or promises_concurrency(doc_comment(decl), decl.name)


def _only_called(index: PackageIndex, calls: Calls, keys: set[str]) -> set[str]:
    """The functions of ``keys`` that the package names only as the callee
    of calls resolved to them, at least one outside tests: no method value
    or interface call hands them to a caller unseen, so they run only
    where those calls run (a ``Collect``'s helpers taking its channel)."""
    direct: dict[str, set[tuple[str, int]]] = {}
    production: set[str] = set()
    for resolved in (r for key in keys for r in calls.calls_to(key)):
        fn = resolved.call.child_by_field_name("function")
        if fn is None:
            continue
        direct.setdefault(resolved.callee, set()).add((resolved.caller.file.path, fn.start_byte))
        if not resolved.caller.file.path.endswith("_test.go"):
            production.add(resolved.callee)
    by_name: dict[str, set[str]] = {}
    for key in production:
        by_name.setdefault(index.funcs[key].name, set()).add(key)
    found = set(production)
    for file, node, value, holder in _named(index, set(by_name)):
        named = by_name[file.text(node)]
        if value.type == "selector_expression" and value.child_by_field_name("field") != node:
            continue
        if _callee(value, holder):
            if any((file.path, value.start_byte) in direct.get(key, ()) for key in named):
                continue
            if calls.resolve(file, holder, calls.receiver_of(holder)) is not None:
                continue  # a call of another function of that name
        found -= named  # handed on, or called through an interface
    return found


def _used_as_values(index: PackageIndex, calls: Calls, keys: set[str]) -> set[str]:
    """The functions of ``keys`` named somewhere other than as the callee of
    a call (a function value handed on)."""
    names = {index.funcs[k].name for k in keys}
    found: set[str] = set()
    for file, _, value, holder in _named(index, names):
        if _callee(value, holder):
            continue
        key = func_value(index, calls, file, value)
        if key in keys:
            found.add(key)
    return found


def _named(index: PackageIndex, names: set[str]) -> Iterator[tuple[SourceFile, Node, Node, Node]]:
    """Every use of one of ``names`` in the package, as an identifier or a
    selector's field, other than the name a declaration declares:
    ``(file, name node, value, holder)``, the value being the identifier or
    the selector it ends, the holder the value's parent."""
    for file in index.files:
        if not any(n.encode() in file.data for n in names):
            continue
        for node in sx.nodes(file.root, ("identifier", "field_identifier")):
            if file.text(node) not in names:
                continue
            value = node.parent if node.type == "field_identifier" else node
            if value is None or value.type == "method_declaration":
                continue
            holder = value.parent
            if holder is None or holder.type in sx.DECLARATION_TYPES:
                continue
            yield file, node, value, holder


def _callee(value: Node, holder: Node) -> bool:
    """``value`` is the function a call calls."""
    return holder.type == "call_expression" and holder.child_by_field_name("function") == value
