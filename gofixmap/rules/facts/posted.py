"""Func values posted on a channel run where the receiving side calls them.

An event loop often takes work from other goroutines as func values sent on
a channel of its own struct and calls them on its goroutine::

    func (t *T) later(cb func(string)) {
        go func() {
            out := work()
            t.results <- result{t.version, func() { cb(out) }}
        }()
    }

    // in t's loop, under t.mu:
    case r := <-t.results:
        r.fn()

The literal sent does not run where it is written, nor on the goroutine
that sends it: it runs at the calls of the values received from the
channel. So ``cb`` runs there too, under the locks held at those calls.

Followed here, for a parameter ``cb`` of a function whose every use of it is
a direct call of it in a literal that is itself sent, as the value or as a
func field of a struct literal, on a channel field of the function's
receiver (``t.results``), and that takes no lock of its own:

- a struct element (``chan result``, the literal in field ``fn``): the
  calls ``x.fn(...)`` of that field in the package; the field name must
  belong to no other struct type and no method of the package, so the
  calls are of this field whatever ``x`` is;
- a func element (``chan func()``): ``(<-t.results)()``, or ``f := <-t.results``
  (also as a ``select`` case) followed by calls ``f()`` in that function, the
  received value used nowhere else.

Anything else (the value stored, passed on, received in another package)
answers ``None``: where the literal runs is not known.
"""

from __future__ import annotations

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl, PackageIndex, TypeDecl
from gofixmap.codemod.source import SourceFile

Site = tuple[SourceFile, Node]

_LOCKING = frozenset({"Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock"})


def posted_runs(package: PackageIndex, decl: FuncDecl, param: str) -> list[Site] | None:
    """Where the func parameter ``param`` of ``decl`` runs when ``decl``
    only posts it on a channel of its receiver (see the module): the calls,
    else ``None``."""
    body = decl.body
    owner = package.types.get(decl.receiver) if decl.receiver else None
    if body is None or owner is None or not param or param == "_":
        return None
    targets: set[tuple[str, str]] = set()
    for node in sx.walk(body):
        if node.type != "identifier" or decl.file.text(node) != param:
            continue
        call = node.parent
        if call is None or call.type != "call_expression":
            return None
        if call.child_by_field_name("function") != node:
            return None
        literal = sx.enclosing_function(node)
        if literal is None or literal.type != "func_literal":
            return None
        if _starts_or_locks(decl.file, literal):
            return None
        if call.parent is not None and call.parent.type in ("go_statement", "defer_statement"):
            return None
        target = _posted_on(package, decl, owner, literal)
        if target is None:
            return None
        targets.add(target)
    if not targets:
        return None
    sites: list[Site] = []
    for channel, func_field in sorted(targets):
        found = (
            _field_calls(package, func_field)
            if func_field
            else _received_calls(package, decl.receiver, channel)
        )
        if not found:
            return None
        sites.extend(found)
    return sites


def _starts_or_locks(file: SourceFile, literal: Node) -> bool:
    for node in sx.walk(literal):
        if node.type == "go_statement":
            return True
        if node.type == "call_expression":
            parts = sx.call_parts(file, node)
            if parts is not None and parts[0] and parts[1] in _LOCKING:
                return True
    return False


def _posted_on(
    package: PackageIndex, decl: FuncDecl, owner: TypeDecl, literal: Node
) -> tuple[str, str] | None:
    """(channel field, func field or "") when ``literal`` is sent on a
    channel field of ``decl``'s receiver, as the value or as a func field of
    a struct literal of the channel's element type."""
    file = decl.file
    value = literal
    func_field = ""
    holder = literal.parent
    if holder is not None and holder.type == "literal_element":
        outer = holder.parent
        if outer is None:
            return None
        if outer.type == "keyed_element":
            if outer.named_children[-1] != holder or len(outer.named_children) != 2:
                return None
            key = outer.named_children[0]
            func_field = file.text(key).strip()
            body = outer.parent
        elif outer.type == "literal_value":
            body = outer
            elements = [c for c in outer.named_children if c.type == "literal_element"]
            func_field = str(elements.index(holder))
        else:
            return None
        composite = body.parent if body is not None else None
        if composite is None or composite.type != "composite_literal":
            return None
        value = composite
    send = value.parent
    if send is None or send.type != "send_statement" or send.child_by_field_name("value") != value:
        return None
    channel = send.child_by_field_name("channel")
    if channel is None or channel.type != "selector_expression":
        return None
    operand = channel.child_by_field_name("operand")
    name = channel.child_by_field_name("field")
    if operand is None or name is None or file.text(operand) != decl.receiver_name:
        return None
    chan = next((f for f in owner.fields if f.name == file.text(name)), None)
    element = _element(chan.type_text) if chan is not None else None
    if chan is None or element is None:
        return None
    if value is literal:
        return (chan.name, "") if element.startswith("func(") else None
    kind = value.child_by_field_name("type")
    struct = package.types.get(element)
    if kind is None or file.text(kind) != element or struct is None or not struct.is_struct:
        return None
    fields = list(struct.fields)
    if func_field.isdigit():
        index = int(func_field)
        if index >= len(fields):
            return None
        func_field = fields[index].name
    found = next((f for f in fields if f.name == func_field), None)
    if found is None or not found.type_text.startswith("func("):
        return None
    return chan.name, func_field


def _element(type_text: str) -> str | None:
    """``chan X`` / ``chan<- X`` → ``X``."""
    text = type_text.strip()
    if not text.startswith("chan"):
        return None
    rest = text[4:].lstrip()
    if rest.startswith("<-"):
        rest = rest[2:].lstrip()
    return rest or None


def _field_calls(package: PackageIndex, func_field: str) -> list[Site] | None:
    """The calls ``x.func_field(...)`` in the package, when the name is a
    field of one struct type and no method's."""
    owners = [t for t in package.types.values() if any(f.name == func_field for f in t.fields)]
    if len(owners) != 1 or any(d.name == func_field and d.receiver for d in package.funcs.values()):
        return None
    sites: list[Site] = []
    needle = func_field.encode()
    for file in package.files:
        if needle not in file.data:
            continue
        for call in sx.nodes(file.tree.root_node, ("call_expression",)):
            fn = call.child_by_field_name("function")
            name = fn.child_by_field_name("field") if fn is not None else None
            if fn is None or fn.type != "selector_expression" or name is None:
                continue
            if file.text(name) == func_field and sx.enclosing_function(call) is not None:
                sites.append((file, call))
    return sites


def _received_calls(package: PackageIndex, receiver: str, channel: str) -> list[Site] | None:
    """The calls of func values received from ``r.channel`` in methods of
    the receiver's type: ``(<-r.ch)()``, or ``f := <-r.ch`` then ``f()``."""
    sites: list[Site] = []
    needle = channel.encode()
    for decl in package.funcs.values():
        body = decl.body
        if decl.receiver != receiver or body is None or needle not in decl.file.data:
            continue
        file = decl.file
        for unary in sx.nodes(body, ("unary_expression",)):
            operand = unary.child_by_field_name("operand")
            if operand is None or operand.type != "selector_expression":
                continue
            field = operand.child_by_field_name("field")
            root = operand.child_by_field_name("operand")
            if field is None or root is None or file.text(field) != channel:
                continue
            if file.text(root) != decl.receiver_name or not file.text(unary).startswith("<-"):
                continue
            found = _calls_of_received(file, unary)
            if found is None:
                return None
            sites.extend((file, c) for c in found)
    return sites


def _calls_of_received(file: SourceFile, unary: Node) -> list[Node] | None:
    around = unary.parent
    if around is not None and around.type == "parenthesized_expression":
        call = around.parent
        if (
            call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == around
        ):
            return [call]
        return None
    if around is None or around.type not in ("expression_list", "receive_statement"):
        return None
    stmt = around.parent if around.type == "expression_list" else around
    if stmt is None or stmt.type not in ("short_var_declaration", "receive_statement"):
        return None
    left = stmt.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 1 or names[0].type != "identifier":
        return None
    name = file.text(names[0])
    scope = sx.enclosing_function(stmt)
    body = sx.body(scope)
    if body is None:
        return None
    calls: list[Node] = []
    for node in sx.walk(body):
        if node == names[0] or node.type != "identifier" or file.text(node) != name:
            continue
        if node.start_byte < stmt.start_byte:
            continue
        call = node.parent
        if call is None or call.type != "call_expression":
            return None
        if call.child_by_field_name("function") != node:
            return None
        calls.append(call)
    return calls
