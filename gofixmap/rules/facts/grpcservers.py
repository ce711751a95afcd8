"""gRPC service methods: what a gRPC server runs, one goroutine per RPC.

grpc-go serves each unary RPC, and each stream's handler, on a goroutine of
its own, many at once (its documentation: "each RPC handler attached to a
registered service will be invoked in its own goroutine"). A method is such
a handler when a value of its type is handed to a generated
``RegisterXxxServer(server, impl)`` call of the package and it has a
handler's shape (unary ``(context.Context, *Req) (*Resp, error)``, or
streaming with a generated server stream and an ``error`` result), or,
registered or not, when it is exported and takes a generated server stream
(``Svc_MethodServer``, ``grpc.BidiStreamingServer[Req, Resp]``): only a gRPC
server makes one. :mod:`.entries` lists them as entry points.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.types import TypeResolver


def _params(decl: FuncDecl) -> list[str]:
    return [p.type_text.replace(" ", "") for p in decl.params]


_GRPC = "google.golang.org/grpc"
# A generated registration, ``RegisterGreeterServer(s, impl)``, by bytes.
_GRPC_REGISTER = re.compile(rb"\bRegister\w*Server\s*\(")
_GRPC_REGISTER_NAME = re.compile(r"Register\w*Server")
# A generated stream type, ``Greeter_SayHelloServer``, and grpc-go's generic
# ones (1.64+): what only a gRPC server hands a handler.
_GRPC_STREAM_NAME = re.compile(r"[A-Za-z0-9]+_\w+Server")
_GRPC_GENERIC_STREAMS = ("ServerStreamingServer", "ClientStreamingServer", "BidiStreamingServer")


def _grpc_stream(index: PackageIndex, decl: FuncDecl, text: str) -> bool:
    """``text`` is the type of a generated server stream: ``pb.Svc_MServer``
    (or the package's own generated ``Svc_MServer``), or grpc-go's
    ``grpc.BidiStreamingServer[Req, Resp]`` and its siblings."""
    qualifier, _, name = text.partition(".") if "." in text else ("", "", text)
    name = name.split("[", 1)[0]
    if qualifier:
        path = index.imports.get(decl.file.path, {}).get(qualifier)
        if path is None:
            return False
        if path == _GRPC:
            return name in _GRPC_GENERIC_STREAMS
    elif name not in index.types:
        return False
    return _GRPC_STREAM_NAME.fullmatch(name) is not None


def _grpc_streaming(index: PackageIndex, decl: FuncDecl) -> bool:
    """An exported method shaped like a streaming RPC's handler: ``(stream)
    error`` or ``(*Req, stream) error`` with a generated server stream."""
    if not decl.receiver or not decl.name[:1].isupper():
        return False
    params = _params(decl)
    if [r.type_text.replace(" ", "") for r in decl.results] != ["error"]:
        return False
    if len(params) == 2 and not params[0].startswith("*"):
        return False
    return 1 <= len(params) <= 2 and _grpc_stream(index, decl, params[-1])


def _grpc_unary(decl: FuncDecl) -> bool:
    """An exported method shaped like a unary RPC's handler: ``(ctx
    context.Context, req *Req) (*Resp, error)``."""
    params = _params(decl)
    results = [r.type_text.replace(" ", "") for r in decl.results]
    return (
        bool(decl.receiver)
        and decl.name[:1].isupper()
        and len(params) == 2
        and params[0] == "context.Context"
        and params[1].startswith("*")
        and len(results) == 2
        and results[0].startswith("*")
        and results[1] == "error"
    )


def grpc_method(index: PackageIndex, decl: FuncDecl, registered: set[str]) -> bool:
    """A method that a gRPC server runs: streaming-shaped, or unary-shaped
    of a type handed to a registration (``registered``)."""
    if _grpc_streaming(index, decl):
        return True
    return decl.receiver in registered and _grpc_unary(decl)


def grpc_registered(
    index: PackageIndex, calls: Calls, types: Callable[[], TypeResolver]
) -> set[str]:
    """The package's struct types whose values the package hands to a
    generated ``RegisterXxxServer(server, impl)`` call (``impl`` a
    receiver, a composite literal, or a value whose type is known)."""
    found: set[str] = set()
    for file in index.files:
        if b"Server" not in file.data:
            continue
        for match in _GRPC_REGISTER.finditer(file.data):
            at = match.end() - 1  # the call's opening parenthesis
            args = file.root.descendant_for_byte_range(at, at + 1)
            if args is not None and args.type == "(":
                args = args.parent
            call = args.parent if args is not None else None
            if args is None or call is None or call.type != "call_expression":
                continue
            parts = sx.call_parts(file, call)
            if parts is None or not _GRPC_REGISTER_NAME.fullmatch(parts[1]):
                continue
            if len(args.named_children) != 2:
                continue
            owner = _impl_type(index, calls, types, file, args.named_children[1])
            if owner is not None:
                found.add(owner)
    return found


def _impl_type(
    index: PackageIndex,
    calls: Calls,
    types: Callable[[], TypeResolver],
    file: SourceFile,
    arg: Node,
) -> str | None:
    """The package struct type of the value ``arg``: ``&T{}``, ``T{}``, the
    enclosing method's receiver, or what the type resolver knows of it."""
    arg = sx.unparen(arg)
    text: str | None = None
    literal = sx.composite_literal(arg)
    if literal is not None:
        kind = literal.child_by_field_name("type")
        text = file.text(kind) if kind is not None else None
    elif arg.type == "identifier":
        recv = calls.receiver_of(arg)
        if recv is not None and recv[0] == file.text(arg):
            text = recv[1]
    if text is None:
        text = types().type_of(file, arg)
    if text is None:
        return None
    text = text.lstrip("*")
    decl = index.types.get(text)
    return text if decl is not None and decl.is_struct else None
