"""Where a variable that holds a Kubernetes object (or one of its maps)
comes from, in one file: a literal, a zero value, a parameter, a client's
``Get``/``List``, a ``DeepCopy``, a type assertion, a range over a list, a
factory of the package; for a variable that holds a map: ``maps.Clone``, the
field itself, a getter. Part of :data:`~gofixmap.rules.facts.apiobjects.API_OBJECTS`.

The module is longer than 600 lines because every form of definition Go has
(a declaration, an assignment, a range, a type assertion, a call of a
function, of a method on the receiver or on a field of it) is read here, with
the static-type lookups a method call needs (the receiver's struct and its
fields' declared types).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.rules.facts.apitypes import ApiTypes, MapField, TypeRef, is_api_type
from gofixmap.rules.facts.fieldinit import terminates

# the node types Origins._declares answers for
DECLARING = frozenset(("var_spec", "short_var_declaration", "assignment_statement", "range_clause"))


@dataclass(frozen=True)
class Origin:
    type: TypeRef | None
    # "literal", "zero", "decoded", "param", "asserted", "deepcopy", "lister", "range",
    # "factory" (a function's result), "items" (an item of a slice a function returns);
    # for a variable that holds a map: "clone" (maps.Clone(x.Labels)),
    # "alias" (x.Labels itself), "getter" (x.GetLabels())
    kind: str
    literal: tree_sitter.Node | None = None  # the composite literal, for "literal"
    why: str = ""
    source: tree_sitter.Node | None = None  # what "deepcopy" copies
    chain: bool = False  # the type comes from a typed clientset's call chain
    # where the definition the origin was read from starts, when it is in a
    # block that holds the use (so runs on the way to it); else -1. A call that
    # decodes into the variable counts only after it: `x = &T{...}` after a
    # `Get(ctx, k, x)` is a new object
    defined: int = -1
    # "factory"/"items": the callee's key in the package index ("F", or
    # "Recv.M" for a method called on the receiver or one of its fields)
    key: str = ""
    # "lister": a part of an API object a client read (a helper of the
    # module returns ``&cr.Spec.Workloads``): its maps are judged as the
    # object's, whatever its own type
    part: bool = False


def _left_before(definition: tree_sitter.Node, before: int) -> bool:
    """``definition`` sits in a branch that leaves the function (its block,
    or a block around it that does not hold ``before``, ends in a ``return``
    or a ``panic``): the value it gives never reaches ``before``."""
    current = definition.parent
    while current is not None and current.type not in sx.FUNCTION_TYPES:
        if current.start_byte <= before < current.end_byte:
            return False
        if current.type == "block" and terminates(current, jumps=False):
            return True
        current = current.parent
    return False


def rebound(file: src.SourceFile, base: str, at: tree_sitter.Node) -> tree_sitter.Node | None:
    """The last ``base = v`` before ``at`` in the function around it that may
    run on the way there (not an ancestor of ``at``, not in a branch that
    leaves the function, not in a function literal): from there on ``base``
    is another object, so what made or checked a map of the one it held
    before (``if pod.Labels == nil { ... }; pod = &corev1.Pod{}``) proves
    nothing of it; a branch's assignment replaces the object on its path."""
    funcs = enclosing_funcs(at)
    body = funcs[0].child_by_field_name("body") if funcs else None
    if body is None:
        return None
    last: tree_sitter.Node | None = None
    for node in src.of_types(body, ("assignment_statement",), "func_literal"):
        if node.start_byte >= at.start_byte:
            break
        if node.end_byte > at.start_byte:
            continue  # holds ``at``: `pod = f(pod.Labels)` evaluates the old one
        sides = sx.plain_assignment(node)
        if sides is None:
            continue
        if not any(file.text(n) == base for n in sides[0].named_children):
            continue
        if _left_before(node, at.start_byte):
            continue
        last = node
    return last


def enclosing_funcs(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    funcs = []
    current = node.parent
    while current is not None:
        if current.type in sx.FUNCTION_TYPES:
            funcs.append(current)
        current = current.parent
    return funcs


class Origins:
    """The origins of the variables of one file."""

    def __init__(
        self,
        file: src.SourceFile,
        package: idx.PackageIndex,
        types: ApiTypes,
        server_result: Callable[[str, str], str | None] | None = None,
    ) -> None:
        # (import path, function) -> the qualified type of the object the
        # function returns as a client read it (SERVER_RESULTS)
        self._server_result = server_result
        self.file = file
        self.package = package
        self.types = types
        self.k8s = any(p.startswith("k8s.io/") for p in types.imports.values())

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def origin(self, name: str, at: tree_sitter.Node) -> Origin | None:
        for func in enclosing_funcs(at):
            found = self.origin_in(func, name, at.start_byte)
            if found is not None:
                return found if found.kind else None
        return None

    def origin_in(self, func: tree_sitter.Node, name: str, before: int) -> Origin | None:
        best: tuple[int, Origin] | None = None
        params = [func.child_by_field_name("parameters"), func.child_by_field_name("receiver")]
        for plist in params:
            if plist is None:
                continue
            for decl in plist.named_children:
                names = [self.text(n) for n in decl.children_by_field_name("name")]
                type_node = decl.child_by_field_name("type")
                if name in names and type_node is not None:
                    t = self.types.resolve(self.text(type_node), self.package)
                    best = (decl.start_byte, Origin(t, "param", why=f"{name} is a parameter"))
        body = func.child_by_field_name("body")
        if body is None:
            return best[1] if best else None
        for node in src.walk(body):
            if node.start_byte >= before:
                break
            kind = node.type
            if kind not in DECLARING:
                continue  # (_declares would find nothing)
            if node.end_byte > before:
                if kind != "range_clause":
                    continue
                # the range expression is evaluated in the enclosing scope:
                # `for _, x := range x.Items` reads the outer x there
                right = node.child_by_field_name("right")
                if right is not None and before >= right.start_byte:
                    continue
            found = self._declares(node, name)
            if found is not None and not _left_before(node, before):
                # a definition in a block that also holds `before` runs on
                # the way there; one in a branch beside it may not
                block = node.parent
                on_the_way = block is not None and block.end_byte > before
                best = (node.start_byte if on_the_way else -1, found)
        return replace(best[1], defined=best[0]) if best else None

    def _declares(self, node: tree_sitter.Node, name: str) -> Origin | None:
        if node.type == "var_spec":
            names = [self.text(n) for n in node.children_by_field_name("name")]
            if name not in names:
                return None
            type_node = node.child_by_field_name("type")
            value = node.child_by_field_name("value")
            if value is not None:
                values = value.named_children
                i = names.index(name)
                return self.from_value(values[i], name) if i < len(values) else Origin(None, "")
            if type_node is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.package)
            return Origin(t, "zero", why=f"{name} is declared without a value")
        if node.type == "short_var_declaration" or (
            node.type == "assignment_statement" and self.text(node.child(1) or node) == "="
        ):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return None
            names = [self.text(n) for n in left.named_children]
            if name not in names:
                return None
            i = names.index(name)
            values = right.named_children
            if len(values) == len(names):
                return self.from_value(values[i], name)
            if len(values) == 1 and i == 0:  # v, ok := x.(*T) / a, b := f()
                if sx.unparen(values[0]).type == "type_assertion_expression":
                    return self.from_value(values[0], name)
                return self._from_call(values[0], name)
            return Origin(None, "")
        if node.type == "range_clause":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return None
            names = [self.text(n) for n in left.named_children]
            if len(names) == 2 and names[1] == name:
                elem = self.expr_type(right)
                why = f"{name} is an item of {self.text(right)}"
                if elem is not None and elem[1]:
                    return Origin(elem[0], "range", why=why, source=right)
                listed = self.chain(right)
                if listed is not None and listed[1] == ["Items"]:
                    # the items of a list a client returned (type unwritten)
                    found = self.origin(listed[0], right)
                    if found is not None and found.kind == "lister" and found.type is None:
                        return Origin(None, "range", why=why, source=right)
                helper = self._helper(right)
                if helper is None and listed is not None and not listed[1]:
                    # a local that holds the slice such a function returned
                    held = self.origin(listed[0], right)
                    if held is not None and held.kind == "factory" and held.source is not None:
                        helper = self._helper_key(held.source, held.key)
                if helper is not None:
                    # items of a slice a function of the package returns:
                    # judged by what it returns (as a factory's value)
                    return Origin(None, "items", why=why, source=helper[0], key=helper[1])
                return Origin(None, "")
            if name in names:
                return Origin(None, "")
        return None

    def from_value(self, value: tree_sitter.Node, name: str) -> Origin:
        value = sx.unparen(value)
        if value.type == "unary_expression" and self.text(value).startswith("&"):
            operand = value.child_by_field_name("operand")
            if operand is not None:
                value = sx.unparen(operand)
        if value.type == "composite_literal":
            type_node = value.child_by_field_name("type")
            if type_node is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.package)
            return Origin(t, "literal", value, f"{name} is built by a literal")
        if value.type == "selector_expression":  # l := obj.Labels: the map itself
            return Origin(None, "alias", value, f"{name} is {self.text(value)}")
        if value.type in ("identifier", "index_expression"):
            # stage := pod, x := list.Items[i], p := &list.Items[i]: a copy of
            # (or a pointer to) a value whose origin decides
            shown = re.sub(r"\s+", "", self.text(value))
            return Origin(None, "copy", why=f"{name} is {shown}", source=value)
        if value.type == "type_assertion_expression":
            # an object handed over as an interface (informer handlers,
            # runtime.Object): like a parameter, it comes as the API sent it
            type_node = value.child_by_field_name("type")
            operand = value.child_by_field_name("operand")
            if type_node is None or operand is None:
                return Origin(None, "")
            t = self.types.resolve(self.text(type_node), self.package)
            return Origin(t, "asserted", why=f"{name} is asserted from {self.text(operand)}")
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if fn is not None and self.text(fn) == "new" and args is not None:
                inner = args.named_children
                if len(inner) == 1:
                    t = self.types.resolve(self.text(inner[0]), self.package)
                    return Origin(t, "zero", why=f"{name} is made by new")
            return self._from_call(value, name)
        return Origin(None, "")

    def _helper(self, call: tree_sitter.Node) -> tuple[tree_sitter.Node, str] | None:
        """The callee of ``f(...)`` (or ``r.m(...)``, :meth:`method_callee`),
        a function of the package with a body whose first result is a slice,
        and its key."""
        call = sx.unparen(call)
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        if fn is None:
            return None
        if fn.type == "identifier":
            key = self.text(fn)
        else:
            found = self.method_callee(fn)
            if found is None or found[0]:
                return None
            key = found[1]
        return self._helper_key(fn, key)

    def _helper_key(self, fn: tree_sitter.Node, key: str) -> tuple[tree_sitter.Node, str] | None:
        decl = self.package.funcs.get(key)
        if decl is None or decl.body is None or not decl.results:
            return None
        return (fn, key) if decl.results[0].type_text.startswith("[]") else None

    def method_callee(self, fn: tree_sitter.Node) -> tuple[str, str] | None:
        """The method ``r.m`` (or ``r.f.m``) names, where ``r`` is the
        receiver of the method around it (not shadowed by a local before
        ``fn``) and ``f`` a field of the receiver's struct with a declared
        named type: ``("", "Recv.m")`` for a method of the package, ``(import
        path, "T.m")`` for one of a type of another package (a field
        ``ds *datastore.DataStore``). Go's method sets make the callee
        certain: a field's static type decides, an interface field is
        no named struct of the module's and is left out by its caller."""
        fn = sx.unparen(fn)
        if fn.type != "selector_expression":
            return None
        method = fn.child_by_field_name("field")
        operand = sx.unparen(fn.child_by_field_name("operand") or fn)
        if method is None:
            return None
        field_name = ""
        if operand.type == "selector_expression":
            inner = operand.child_by_field_name("field")
            root = sx.unparen(operand.child_by_field_name("operand") or operand)
            if inner is None:
                return None
            field_name, operand = self.text(inner), root
        if operand.type != "identifier":
            return None
        funcs = enclosing_funcs(fn)
        if not funcs or funcs[-1].type != "method_declaration":
            return None
        receiver = funcs[-1].child_by_field_name("receiver")
        recv_type = ""
        for decl in receiver.named_children if receiver is not None else ():
            names = [self.text(n) for n in decl.children_by_field_name("name")]
            type_node = decl.child_by_field_name("type")
            if self.text(operand) in names and type_node is not None:
                recv_type = re.sub(r"\[.*\]", "", self.text(type_node)).lstrip("*").strip()
        if not recv_type or self._shadowed(funcs, self.text(operand), fn):
            return None
        if not field_name:
            return "", f"{recv_type}.{self.text(method)}"
        owner = self.package.types.get(recv_type)
        field = next((f for f in owner.fields if f.name == field_name), None) if owner else None
        if field is None or field.embedded:
            return None
        named = field.type_text.strip().lstrip("*").strip()
        qualifier, dot, type_name = named.partition(".")
        if not dot:
            if not qualifier.isidentifier() or qualifier not in self.package.types:
                return None
            return "", f"{qualifier}.{self.text(method)}"
        path = self.types.imports.get(qualifier)
        if path is None or not type_name.isidentifier():
            return None
        return path, f"{type_name}.{self.text(method)}"

    def _shadowed(self, funcs: list[tree_sitter.Node], name: str, at: tree_sitter.Node) -> bool:
        """A parameter of a func literal around ``at``, or a local declared
        before it, takes the receiver's name ``name``."""
        for func in funcs[:-1]:
            plist = func.child_by_field_name("parameters")
            for decl in plist.named_children if plist is not None else ():
                if name in [self.text(n) for n in decl.children_by_field_name("name")]:
                    return True
        found = self.origin_in(funcs[-1], name, at.start_byte)
        return found is not None and found.kind != "param"

    def _from_call(self, call: tree_sitter.Node, name: str) -> Origin:
        call = sx.unparen(call)
        if call.type != "call_expression":
            return Origin(None, "")
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            decl = self.package.funcs.get(self.text(fn))
            if decl is not None and decl.body is not None and not decl.receiver and decl.results:
                # a factory of the package: judged by what it returns
                why = f"{name} comes from {decl.name}"
                return Origin(None, "factory", why=why, source=fn, key=decl.name)
            return Origin(None, "")
        if fn is None or fn.type != "selector_expression":
            return Origin(None, "")
        method = self.text(fn.child_by_field_name("field") or fn)
        operand = fn.child_by_field_name("operand")
        args = call.child_by_field_name("arguments")
        callee = self.method_callee(fn)
        if callee is not None and not callee[0]:
            decl = self.package.funcs.get(callee[1])
            if decl is not None and decl.body is not None and decl.results:
                # a method of the package called on the receiver (or on a
                # field of it): judged by what it returns, as a factory
                why = f"{name} comes from {self.text(fn)}"
                return Origin(None, "factory", why=why, source=fn, key=callee[1])
        elif callee is not None and self._server_result is not None:
            returned = self._server_result(*callee)
            if returned is not None:
                why = f"{name} comes from {self.text(fn)}, which returns what a client read"
                return self._server_origin(returned, why, call)
        if (
            method == "Clone"
            and operand is not None
            and self.types.imports.get(self.text(operand)) == "maps"
            and args is not None
            and len(args.named_children) == 1
        ):
            return Origin(None, "clone", args.named_children[0], f"{name} is maps.Clone")
        if metadata_getter(self.file, call) is not None:
            return Origin(None, "getter", call, f"{name} is {self.text(call)}")
        if operand is not None and operand.type == "identifier":
            path = self.types.imports.get(self.text(operand))
            known = self._server_result
            returned = known(path, method) if path and known is not None else None
            if returned is not None:
                # a helper of another package of the module that returns
                # what a client read: judged as the client's read
                why = f"{name} comes from {self.text(fn)}, which returns what a client read"
                return self._server_origin(returned, why, call)
        if method in ("DeepCopy", "DeepCopyObject") and operand is not None:
            typed = self.expr_type(operand)
            t = typed[0] if typed is not None and not typed[1] else None
            return Origin(
                t, "deepcopy", why=f"{name} is a DeepCopy of {self.text(operand)}", source=operand
            )
        if method in ("Get", "List") and self.k8s:
            t = self._typed_client_result(fn, method)
            why = f"{name} comes from {self.text(fn)}"
            return Origin(t, "lister", why=why, source=call, chain=t is not None)
        return Origin(None, "")

    def _server_origin(self, returned: str, why: str, call: tree_sitter.Node) -> Origin:
        """The origin of a helper's result that SERVER_RESULTS maps to
        ``returned``: the object's type, or ``type:path`` for a part of an
        object (``v1.CDI:Spec.Workloads``), typed as the part only when the
        object's type is an API type and every step is a struct field that
        is no slice (else no known type)."""
        root, colon, path = returned.partition(":")
        t = self.types.qualified(root)
        if not colon:
            return Origin(t, "lister", why=why, source=call, chain=t is not None)
        if t is None or not is_api_type(t):
            return Origin(None, "")
        for step in path.split("."):
            found = self.types.member(t, step)
            last = found[-1] if found else None
            if last is None or last[2] or isinstance(last[1], MapField):
                return Origin(None, "")
            t = last[1]
        return Origin(t, "lister", why=why, source=call, chain=True, part=True)

    def _typed_client_result(self, fn: tree_sitter.Node, method: str) -> TypeRef | None:
        """The object type of ``cs.CoreV1().Secrets(ns).Get(...)`` (``List``:
        the list type): a generated typed clientset names the API group and
        version in its accessor (``<Group><Version>()``: the package
        ``k8s.io/api/<group>/<version>``) and the kind in the resource
        getter, its plural (``Secrets``, ``Ingresses``, ``NetworkPolicies``,
        ``Endpoints``); ``Get`` returns ``*<Kind>``, ``List`` ``*<Kind>List``.
        ``None`` when the chain is not of that shape or no such type is known."""
        getter_call = sx.unparen(fn.child_by_field_name("operand") or fn)
        if getter_call.type != "call_expression":
            return None
        getter = getter_call.child_by_field_name("function")
        if getter is None or getter.type != "selector_expression":
            return None
        plural = self.text(getter.child_by_field_name("field") or getter)
        accessor_call = sx.unparen(getter.child_by_field_name("operand") or getter)
        accessor = accessor_call.child_by_field_name("function")
        args = accessor_call.child_by_field_name("arguments")
        if (
            accessor_call.type != "call_expression"
            or accessor is None
            or accessor.type != "selector_expression"
            or args is None
            or args.named_children
        ):
            return None
        group_version = _GROUP_VERSION.fullmatch(
            self.text(accessor.child_by_field_name("field") or accessor)
        )
        if group_version is None:
            return None
        package = f"k8s.io/api/{group_version.group(1).lower()}/{group_version.group(2).lower()}"
        for kind in _kinds(plural):
            found = self.types.qualified(f"{package}.{kind}")
            if found is None or not is_api_type(found):
                continue
            if method == "Get":
                return found
            return self.types.qualified(f"{package}.{kind}List")
        return None

    def expr_type(self, node: tree_sitter.Node) -> tuple[TypeRef, bool] | None:
        """The type of a selector chain, and whether it is a slice."""
        chain = self.chain(node)
        if chain is None:
            return None
        base, steps = chain
        origin = self.origin(base, node)
        if origin is None or origin.type is None:
            return None
        t: TypeRef = origin.type
        is_slice = False
        for step in steps:
            if step == "[]":
                if not is_slice:
                    return None
                is_slice = False
                continue
            if is_slice:
                return None
            found = self.types.member(t, step)
            if found is None:
                return None
            last = found[-1][1]
            if isinstance(last, MapField):
                return None
            t, is_slice = last, found[-1][2]
        return t, is_slice

    def chain(self, node: tree_sitter.Node) -> tuple[str, list[str]] | None:
        """``a.B[i].C`` → ("a", ["B", "[]", "C"])."""
        steps: list[str] = []
        node = sx.unparen(node)
        while True:
            if node.type == "identifier":
                return self.text(node), list(reversed(steps))
            if node.type == "selector_expression":
                field = node.child_by_field_name("field")
                operand = node.child_by_field_name("operand")
                if field is None or operand is None:
                    return None
                steps.append(self.text(field))
                node = sx.unparen(operand)
            elif node.type == "index_expression":
                operand = node.child_by_field_name("operand")
                if operand is None:
                    return None
                steps.append("[]")
                node = sx.unparen(operand)
            else:
                return None

    def is_pointer_param(self, name: str, at: tree_sitter.Node) -> bool:
        """Whether ``name`` is a parameter (or receiver) of pointer type around ``at``."""
        for func in enclosing_funcs(at):
            for field in ("parameters", "receiver"):
                plist = func.child_by_field_name(field)
                if plist is None:
                    continue
                for decl in plist.named_children:
                    names = [self.text(n) for n in decl.children_by_field_name("name")]
                    type_node = decl.child_by_field_name("type")
                    if name in names and type_node is not None:
                        return self.text(type_node).startswith("*")
        return False


# packages whose import makes a file test code (besides `testing`)
_TEST_FRAMEWORKS = (
    "github.com/onsi/ginkgo",
    "github.com/onsi/gomega",
    "github.com/stretchr/testify",
)


def is_test_code(path: str, imports: Iterable[str]) -> bool:
    """A ``_test.go`` file, or a file of test support code: it imports
    ``testing`` or a test framework (ginkgo, gomega, testify), so it runs
    only in a test binary, where the objects it reads back from a client are
    the ones the test (or its fixtures) stored."""
    if path.endswith("_test.go"):
        return True
    return any(
        p == "testing" or any(p == f or p.startswith(f + "/") for f in _TEST_FRAMEWORKS)
        for p in imports
    )


def argument(
    file: src.SourceFile, call: tree_sitter.Node, position: int
) -> tree_sitter.Node | None:
    """The argument at ``position`` of ``call`` (-1: the method's receiver)."""
    if position < 0:
        fn = sx.unparen(call.child_by_field_name("function") or call)
        return fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
    args = call.child_by_field_name("arguments")
    values = args.named_children if args is not None else []
    if position >= len(values) or any(c.type == "..." for c in (args.children if args else [])):
        return None
    return values[position]


def literal_omits(file: src.SourceFile, literal: tree_sitter.Node, path: list[str]) -> bool:
    """Whether the composite literal leaves the field at ``path`` unset (for
    ``[]``, a slice or array literal: in some element)."""
    node = literal
    for i, step in enumerate(path):
        body = node if node.type == "literal_value" else node.child_by_field_name("body")
        if body is None:
            return False
        if step == "[]":
            kind = node.child_by_field_name("type") if node.type == "composite_literal" else None
            if kind is None or kind.type not in ("slice_type", "array_type"):
                return False
            rest = path[i + 1 :]
            for element in body.named_children:
                if element.type != "literal_element" or not element.named_children:
                    return False  # an indexed element: not followed
                inner = _literal_of(element.named_children[0])
                if inner is not None and literal_omits(file, inner, rest):
                    return True
            return False
        value: tree_sitter.Node | None = None
        positional = False
        for element in body.named_children:
            if element.type != "keyed_element":
                positional = True
                continue
            key = element.child_by_field_name("key")
            val = element.child_by_field_name("value")
            if key is not None and file.text(key) == step:
                value = val
        if positional:
            return False
        if value is None:
            return True
        inner = value.named_children[0] if value.named_children else value
        found = _literal_of(inner)
        if found is None:
            return file.text(sx.unparen(inner)) == "nil"
        node = found
    return False


def _literal_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The composite literal ``node`` is (``T{...}``, ``&T{...}``, or an
    element's ``{...}`` whose type is elided)."""
    inner = sx.unparen(node)
    if inner.type == "unary_expression":
        operand = inner.child_by_field_name("operand")
        inner = operand if operand is not None else inner
    return inner if inner.type in ("composite_literal", "literal_value") else None


# the group-version accessor of a generated clientset: CoreV1, AppsV1,
# NetworkingV1beta1, AutoscalingV2
_GROUP_VERSION = re.compile(r"([A-Z][a-z]+)(V[0-9]+(?:(?:alpha|beta)[0-9]+)?)")


def _kinds(plural: str) -> list[str]:
    """The kinds whose plural (as client-gen makes it) may be ``plural``,
    most specific first: Endpoints, NetworkPolicies, Ingresses, Secrets."""
    found = [plural]
    if plural.endswith("ies"):
        found.append(plural[:-3] + "y")
    if plural.endswith("es"):
        found.append(plural[:-2])
    if plural.endswith("s"):
        found.append(plural[:-1])
    return found


def payload(field: str) -> bool:
    """The content maps of a ConfigMap or Secret (``Data``, ``BinaryData``,
    ``StringData``): an object a program reads back by name with a typed
    client holds the content it was created with, so these are not judged
    nil from that origin (its optional maps, labels and selectors are)."""
    return field in ("Data", "BinaryData", "StringData")


def metadata_getter(
    file: src.SourceFile, node: tree_sitter.Node
) -> tuple[tree_sitter.Node, str] | None:
    """``x.GetLabels()`` / ``x.GetAnnotations()`` (ObjectMeta's getters, no
    arguments): the operand ``x`` as written and the field the getter
    returns (``Labels``, ``Annotations``); else ``None``."""
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or args.named_children:
        return None
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    if operand is None or method is None:
        return None
    name = file.text(method)
    if name not in ("GetLabels", "GetAnnotations"):
        return None
    return operand, name.removeprefix("Get")
