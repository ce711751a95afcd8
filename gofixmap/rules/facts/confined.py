"""Struct types whose values never leave the goroutine that made them.

A value made during a call (``g := &group{remotes: make(...)}`` in a
reconcile) is reached by another goroutine only when the program hands it
over: it stores it where other code can find it (a field, a package
variable, an element of a slice, map or channel), captures it in a
function literal or a ``go`` statement, or converts it to an interface.
When no value of a type can be handed over, each one lives on the
goroutine that made it, with its maps: two goroutines that run the same
methods (two reconciles at once) each write their own value's map, which
races with nothing.

So an unexported struct type ``T`` of a package is *confined* when, in the
package's production files:

- ``T`` is named only as the type of a composite literal or ``new(T)`` in
  a function body, of a declared function's or method's receiver,
  parameter or result, or of a ``var`` in a function body (``T`` or
  ``*T``): never as a field, element, package variable, type argument,
  conversion or assertion type;
- a function that returns a ``T`` is unexported (or a method of an
  unexported type), so no other package gets one;
- every ``T`` value made (a literal, ``new(T)``, a call that returns one)
  goes into a local variable, is returned where the function returns a
  ``T``, or is passed where a function of the package takes a ``T``;
- every use of such a local, parameter or receiver is a field access, a
  method call, a comparison, or again one of the above; never a method
  value, a dereference, a copy, or a use in a function literal or ``go``
  statement;
- the map field is only indexed, ranged over, measured, deleted from,
  cleared or assigned (``v.m[k] = x``, ``len(v.m)``, ``v.m = make(...)``):
  it is never handed on itself.

Test files are not read: a test that shares a value between goroutines is
the test's race, not one of the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile

_MAP_CALLS = ("len", "delete", "clear")


@dataclass
class Confined:
    """The value of CONFINED: :meth:`confined` answers per type and field,
    each type judged once per package."""

    package: PackageIndex
    _judged: dict[tuple[str, str], bool] = field(default_factory=dict)

    def confined(self, owner: str, map_field: str) -> bool:
        """No value of the struct type ``owner`` leaves the goroutine that
        made it, nor does its map field ``map_field`` (see the module)."""
        key = (owner, map_field)
        if key not in self._judged:
            self._judged[key] = _Judge(self.package, owner, map_field).confined()
        return self._judged[key]


def _is_owner_type(text: str, owner: str) -> bool:
    return text.replace(" ", "") in (owner, "*" + owner)


class _Judge:
    def __init__(self, package: PackageIndex, owner: str, map_field: str) -> None:
        self.package = package
        self.owner = owner
        self.map_field = map_field
        decl = package.types.get(owner)
        self.type_decl = decl
        self.methods = {f.name for f in package.funcs.values() if f.receiver == owner}
        # a type of the production files is judged by them; one a test
        # file declares, by every file (its values live in the tests)
        tests = decl is not None and decl.file.path.endswith("_test.go")
        self.files = [f for f in package.files if tests or not f.path.endswith("_test.go")]
        self.funcs = [f for f in package.funcs.values() if f.file in self.files]
        self.by_name: dict[str, list[FuncDecl]] = {}
        for func in self.funcs:
            self.by_name.setdefault(func.name, []).append(func)

    def confined(self) -> bool:
        decl = self.type_decl
        if decl is None or not decl.is_struct or self.owner[:1].isupper():
            return False
        for func in self.funcs:
            if any(_is_owner_type(r.type_text, self.owner) for r in func.results) and (
                func.name[:1].isupper() and (not func.receiver or func.receiver[:1].isupper())
            ):
                return False
        made = False  # some literal or new(T) makes a value: where they all come from is seen
        for file in self.files:
            for node in sx.scan(file.root, ("type_identifier",)):
                if file.text(node) != self.owner:
                    continue
                if not self._named_well(file, node):
                    return False
                made = made or _makes(node)
            # a call that returns one, also in a package variable's initializer
            for call in sx.scan(file.root, ("call_expression",)):
                if self._returns_owner(file, call) and not self._source_well(file, call):
                    return False
        if not made:
            return False
        return all(func.body is None or self._uses_well(func) for func in self.funcs)

    # -------------------------------------------------------------- the type's names

    def _named_well(self, file: SourceFile, node: Node) -> bool:
        parent = node.parent
        if parent is None:
            return False
        if parent.type == "type_spec":
            return parent.child_by_field_name("name") == node
        holder = parent if parent.type == "pointer_type" else node
        outer = holder.parent
        if outer is None:
            return False
        if outer.type == "composite_literal" and holder is node:
            return _in_function(outer) and self._source_well(file, _with_address(outer))
        if outer.type == "argument_list" and holder is node:
            call = outer.parent
            return (
                call is not None
                and call.type == "call_expression"
                and file.text(call.child_by_field_name("function") or call).strip() == "new"
                and _in_function(call)
                and self._source_well(file, call)
            )
        if outer.type == "parameter_declaration":
            params = outer.parent
            func = params.parent if params is not None else None
            return func is not None and func.type in ("function_declaration", "method_declaration")
        if outer.type in ("function_declaration", "method_declaration"):
            return outer.child_by_field_name("result") == holder
        if outer.type == "var_spec":
            return _in_function(outer) and outer.child_by_field_name("type") == holder
        return False

    def _source_well(self, file: SourceFile, value: Node) -> bool:
        """A new value (a literal, ``new(T)``, a call returning one) lands
        in a local, a return of the type or a parameter of the type."""
        parent = value.parent
        while parent is not None and parent.type == "parenthesized_expression":
            value, parent = parent, parent.parent
        if parent is None:
            return False
        if parent.type == "expression_list":
            holder = parent.parent
            if holder is None:
                return False
            if holder.type == "return_statement":
                return self._returned_well(holder, parent, value)
            if holder.type in ("short_var_declaration", "assignment_statement"):
                return self._assigned_to_local(file, holder, parent, value)
            return False
        if parent.type == "return_statement":
            return self._returned_well(parent, None, value)
        if parent.type == "argument_list":
            return self._argument_well(file, parent, value)
        if parent.type == "var_spec":
            return True
        if parent.type == "selector_expression":
            return parent.child_by_field_name("operand") == value and self._selector_well(
                file, parent
            )
        return False

    def _assigned_to_local(self, file: SourceFile, holder: Node, values: Node, value: Node) -> bool:
        if holder.child_by_field_name("right") != values:
            return False
        left = holder.child_by_field_name("left")
        if left is None:
            return False
        targets = left.named_children
        if len(values.named_children) == 1:
            return all(t.type in ("identifier", "blank_identifier") for t in targets)
        position = values.named_children.index(value)
        return position < len(targets) and targets[position].type == "identifier"

    def _returned_well(self, statement: Node, values: Node | None, value: Node) -> bool:
        decl = _enclosing_function(statement)
        if decl is None or decl.type == "func_literal":
            return False
        func = self._decl_of(decl)
        if func is None:
            return False
        position = values.named_children.index(value) if values is not None else 0
        return position < len(func.results) and _is_owner_type(
            func.results[position].type_text, self.owner
        )

    def _argument_well(self, file: SourceFile, arguments: Node, value: Node) -> bool:
        call = arguments.parent
        if call is None or call.type != "call_expression":
            return False
        position = arguments.named_children.index(value)
        candidates = self._callees(file, call)
        return bool(candidates) and all(
            position < len(f.params)
            and _is_owner_type(f.params[position].type_text, self.owner)
            and not f.params[position].type_text.lstrip().startswith("...")
            for f in candidates
        )

    def _selector_well(self, file: SourceFile, selector: Node) -> bool:
        """``v.name``: a field access, or a method of the type called."""
        name_node = selector.child_by_field_name("field")
        if name_node is None:
            return False
        name = file.text(name_node)
        parent = selector.parent
        if name in self.methods:
            return (
                parent is not None
                and parent.type == "call_expression"
                and parent.child_by_field_name("function") == selector
            )
        if name != self.map_field:
            return True
        return _map_use(file, selector)

    # -------------------------------------------------------------- the values' uses

    def _uses_well(self, func: FuncDecl) -> bool:
        file = func.file
        body = func.body
        assert body is not None
        tracked: set[str] = set()
        if func.receiver == self.owner and func.receiver_name:
            tracked.add(func.receiver_name)
        for param in func.params:
            if param.name and _is_owner_type(param.type_text, self.owner):
                tracked.add(param.name)
        for spec in sx.scan(body, ("var_spec",)):
            kind = spec.child_by_field_name("type")
            if kind is not None and _is_owner_type(file.text(kind), self.owner):
                tracked.update(file.text(n) for n in spec.children_by_field_name("name"))
        for holder in sx.scan(body, ("short_var_declaration", "assignment_statement")):
            tracked.update(self._new_locals(file, holder))
        if not tracked:
            return True
        for ident in sx.scan(body, ("identifier",)):
            if file.text(ident) in tracked and not self._use_well(file, ident):
                return False
        return True

    def _returns_owner(self, file: SourceFile, call: Node) -> bool:
        return any(
            any(_is_owner_type(r.type_text, self.owner) for r in f.results)
            for f in self._callees(file, call)
        )

    def _new_locals(self, file: SourceFile, holder: Node) -> set[str]:
        """The identifiers ``holder`` gives a new value of the type: a
        literal of it, ``new(T)``, or a call of the package that returns
        one at that position."""
        left = holder.child_by_field_name("left")
        right = holder.child_by_field_name("right")
        if left is None or right is None:
            return set()
        targets = left.named_children
        values = right.named_children
        found: set[str] = set()
        if len(values) == 1 and len(targets) > 1 and values[0].type == "call_expression":
            for func in self._callees(file, values[0]):
                for position, result in enumerate(func.results):
                    if position < len(targets) and _is_owner_type(result.type_text, self.owner):
                        found.add(file.text(targets[position]))
            return found
        for target, value in zip(targets, values, strict=False):
            if self._makes_owner(file, value):
                found.add(file.text(target))
        return found

    def _callees(self, file: SourceFile, call: Node) -> list[FuncDecl]:
        callee = call.child_by_field_name("function")
        if callee is None:
            return []
        if callee.type == "identifier":
            return [f for f in self.by_name.get(file.text(callee), []) if not f.receiver]
        if callee.type == "selector_expression":
            name_node = callee.child_by_field_name("field")
            if name_node is not None:
                return [f for f in self.by_name.get(file.text(name_node), []) if f.receiver]
        return []

    def _makes_owner(self, file: SourceFile, value: Node) -> bool:
        while value.type == "parenthesized_expression" and value.named_children:
            value = value.named_children[0]
        if value.type == "unary_expression":
            operand = value.child_by_field_name("operand")
            if operand is None:
                return False
            value = operand
        if value.type == "composite_literal":
            kind = value.child_by_field_name("type")
            return kind is not None and file.text(kind).strip() == self.owner
        if value.type == "call_expression":
            callee = value.child_by_field_name("function")
            if callee is not None and file.text(callee).strip() == "new":
                args = value.child_by_field_name("arguments")
                return args is not None and file.text(args).replace(" ", "") == f"({self.owner})"
            return any(
                f.results and _is_owner_type(f.results[0].type_text, self.owner)
                for f in self._callees(file, value)
            )
        return False

    def _use_well(self, file: SourceFile, ident: Node) -> bool:
        parent = ident.parent
        if parent is None:
            return False
        if _captured(ident):
            # a function literal or ``go`` statement may only read another
            # field of the value: what it runs then touches no map of it
            # (or, in a literal handed to a call, read the map: the call
            # runs it while the owner waits for the call to return)
            name_node = parent.child_by_field_name("field")
            if (
                parent.type != "selector_expression"
                or parent.child_by_field_name("operand") != ident
                or name_node is None
                or file.text(name_node) in self.methods
            ):
                return False
            if file.text(name_node) != self.map_field:
                return True
            return _called_with(ident) and _map_read(parent)
        if parent.type == "selector_expression":
            if parent.child_by_field_name("operand") != ident:
                return True  # ``x.v``: another name
            return self._selector_well(file, parent)
        if parent.type == "binary_expression":
            return any(file.text(c) == "nil" for c in parent.named_children)
        if parent.type == "expression_list":
            holder = parent.parent
            if holder is not None and holder.type in (
                "short_var_declaration",
                "assignment_statement",
            ):
                # (re)defined here; on the right, a copy or a store
                return holder.child_by_field_name("left") == parent
            if holder is not None and holder.type == "return_statement":
                return self._returned_well(holder, parent, ident)
            return False
        if parent.type == "return_statement":
            return self._returned_well(parent, None, ident)
        if parent.type == "argument_list":
            return self._argument_well(file, parent, ident)
        if parent.type == "unary_expression" and file.text(parent).startswith("&"):
            # ``return &v``, ``f(&v)``: the pointer goes where a T may
            outer = parent.parent
            if outer is not None and outer.type == "expression_list":
                holder = outer.parent
                return (
                    holder is not None
                    and holder.type == "return_statement"
                    and self._returned_well(holder, outer, parent)
                )
            if outer is not None and outer.type == "return_statement":
                return self._returned_well(outer, None, parent)
            return (
                outer is not None
                and outer.type == "argument_list"
                and self._argument_well(file, outer, parent)
            )
        return parent.type in ("parameter_declaration", "var_spec")  # its declaration

    def _decl_of(self, node: Node) -> FuncDecl | None:
        for func in self.package.funcs.values():
            if func.node == node:
                return func
        return None


def _makes(node: Node) -> bool:
    """The type name ``node`` is that of a composite literal or of
    ``new(T)``."""
    parent = node.parent
    return parent is not None and (
        parent.type == "composite_literal" or parent.type == "argument_list"
    )


def _map_use(file: SourceFile, selector: Node) -> bool:
    """``v.m`` is indexed, ranged over, measured, deleted from, cleared or
    assigned: the map itself goes nowhere."""
    parent = selector.parent
    if parent is None:
        return False
    if parent.type == "index_expression":
        return parent.child_by_field_name("operand") == selector
    if parent.type == "range_clause":
        return parent.child_by_field_name("right") == selector
    if parent.type == "argument_list":
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        return (
            callee is not None
            and file.text(callee) in _MAP_CALLS
            and parent.named_children[0] == selector
        )
    if parent.type == "expression_list":
        holder = parent.parent
        return (
            holder is not None
            and holder.type == "assignment_statement"
            and (holder.child_by_field_name("left") == parent)
        )
    if parent.type == "binary_expression":
        return any(file.text(c) == "nil" for c in parent.named_children)
    return False


def _with_address(literal: Node) -> Node:
    parent = literal.parent
    if parent is not None and parent.type == "unary_expression":
        return parent
    return literal


def _in_function(node: Node) -> bool:
    return _enclosing_function(node) is not None


def _enclosing_function(node: Node) -> Node | None:
    current = node.parent
    while current is not None:
        if current.type in ("function_declaration", "method_declaration", "func_literal"):
            return current
        current = current.parent
    return None


def _called_with(ident: Node) -> bool:
    """``ident`` is in a function literal that is an argument of a call
    (not of a ``go`` or ``defer`` statement), and in no other literal."""
    current = ident.parent
    literal: Node | None = None
    while current is not None and current.type not in (
        "function_declaration",
        "method_declaration",
    ):
        if current.type == "go_statement" or current.type == "defer_statement":
            return False
        if current.type == "func_literal":
            if literal is not None:
                return False
            literal = current
        current = current.parent
    if literal is None:
        return False
    arguments = literal.parent
    return arguments is not None and arguments.type == "argument_list"


def _map_read(selector: Node) -> bool:
    """``v.m[k]`` read (not assigned to), or ranged over."""
    parent = selector.parent
    if parent is None:
        return False
    if parent.type == "range_clause":
        return parent.child_by_field_name("right") == selector
    if parent.type != "index_expression" or parent.child_by_field_name("operand") != selector:
        return False
    outer = parent.parent
    if outer is not None and outer.type == "expression_list":
        holder = outer.parent
        if holder is not None and holder.type == "assignment_statement":
            return holder.child_by_field_name("left") != outer
    return outer is None or outer.type not in ("inc_statement", "dec_statement")


def _captured(ident: Node) -> bool:
    """``ident`` is in a function literal or a ``go`` statement."""
    current = ident.parent
    while current is not None and current.type not in (
        "function_declaration",
        "method_declaration",
    ):
        if current.type in ("func_literal", "go_statement"):
            return True
        current = current.parent
    return False


def _produce(pkg: Pass) -> Confined:
    """Struct types of the package whose values stay on the goroutine that
    made them (:mod:`.confined`)."""
    return Confined(pkg.package)


CONFINED: Fact[Confined] = Fact("confined types", _produce)
