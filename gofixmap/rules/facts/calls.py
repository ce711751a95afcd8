"""CALLS: the package's functions and the calls between them.

- which declaration a function node is (``decl_of``, ``key_of``, a method's
  receiver), without a scan of every function;
- the package function a call reaches (``resolve``): ``f()``, ``r.M()`` with
  ``r`` the caller's receiver, ``x.M()`` when only one type of the package
  has a method ``M``; and every such resolved call of the package
  (``resolved``);
- the functions each function may call by the names its body mentions
  (``callees``, a superset: method values, functions passed as arguments,
  closures stored and called later), and reachability over them;
- the methods that run one of a set of methods on their own receiver
  (``calling_methods``).

Parts that cost a walk of every body are computed the first time they are
asked for, once per package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import FuncDecl, PackageIndex
from gofixmap.codemod.source import SourceFile

Receiver = tuple[str, str]  # (receiver name, receiver type name)


@dataclass(frozen=True, eq=False)
class ResolvedCall:
    caller: FuncDecl  # the declaration whose body holds the call
    call: Node
    callee: str  # the key of the called function ("F", "T.M")


@dataclass(eq=False)
class Calls:
    package: PackageIndex
    _decls: dict[tuple[int, int], list[FuncDecl]] = field(default_factory=dict)
    _methods: dict[str, list[FuncDecl]] = field(default_factory=dict)
    _resolved: list[ResolvedCall] | None = None
    _callees: dict[str, set[str]] | None = None
    _to: dict[str, list[ResolvedCall]] | None = None
    _through: list[tuple[ResolvedCall, str]] | None = None
    _by_name: dict[str, set[str]] = field(default_factory=dict)
    _calling: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)
    _sole: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, decl in self.package.funcs.items():
            self._decls.setdefault((decl.node.start_byte, decl.node.end_byte), []).append(decl)
            self._by_name.setdefault(decl.name, set()).add(key)
            if decl.receiver:
                self._methods.setdefault(decl.name, []).append(decl)

    # -- declarations

    def decl_of(self, func: Node) -> FuncDecl | None:
        """The declaration of a function or method node (``None`` for a func
        literal, or a declaration the index keeps another copy of: a method
        defined again in another build-tagged file)."""
        for decl in self._decls.get((func.start_byte, func.end_byte), ()):
            if decl.node == func:
                return decl
        return None

    def key_of(self, func: Node) -> str | None:
        decl = self.decl_of(func)
        return decl.key if decl is not None else None

    def receiver_of(self, node: Node) -> Receiver | None:
        """(receiver name, type) of the method declaration around ``node``."""
        top = sx.declaration_of(node)
        if top is None or top.type != "method_declaration":
            return None
        decl = self.decl_of(top)
        return (decl.receiver_name, decl.receiver) if decl is not None else None

    def methods_named(self, name: str) -> list[FuncDecl]:
        return self._methods.get(name, [])

    def methods_by_name(self) -> dict[str, list[FuncDecl]]:
        """Method name → the package's methods of that name."""
        return self._methods

    # -- calls

    def resolve(self, file: SourceFile, call: Node, receiver: Receiver | None) -> str | None:
        """The package function a call reaches: ``f()``, ``r.M()`` with ``r``
        the receiver, ``x.M()`` when only one type of the package has a
        method ``M``."""
        parts = sx.call_parts(file, call)
        if parts is None:
            return None
        operand, name = parts
        index = self.package
        if not operand:
            decl = index.funcs.get(name)
            return decl.key if decl is not None and not decl.receiver else None
        if receiver is not None and operand == receiver[0]:
            key = f"{receiver[1]}.{name}"
            return key if key in index.funcs else None
        if "." in operand or "(" in operand:
            return None
        if operand in index.imports.get(file.path, {}):
            return None
        candidates = self._methods.get(name, [])
        if len(candidates) == 1:
            return candidates[0].key
        return None

    def resolve_through_fields(
        self, file: SourceFile, call: Node, decl: FuncDecl | None
    ) -> tuple[str, str] | None:
        """``s.store.Put()``: a method of the package type of a field chain
        that starts at the receiver of ``decl`` (pointer or value fields of
        the package's struct types: the receiver's own parts, not the values
        a parameter brings along), as (the method's key, the receiver's
        name)."""
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if decl is None or fn is None or fn.type != "selector_expression" or operand is None:
            return None
        kind = self.resolve_through_fields_type(file, operand, decl)
        method = fn.child_by_field_name("field")
        key = f"{kind.lstrip('*')}.{file.text(method)}" if kind and method is not None else ""
        return (key, decl.receiver_name) if key in self.package.funcs else None

    def resolve_interface(self, file: SourceFile, call: Node, decl: FuncDecl | None) -> str | None:
        """``x.M()`` on a parameter of ``decl``, or a field chain from its
        receiver (as :meth:`resolve_through_fields`), whose type is an
        interface of the package that one type of the package implements
        (:meth:`sole_implementation`): that type's ``M``, the one method of
        the package the call can run (other values the interface holds come
        from other packages, whose methods are none of the package's)."""
        fn = call.child_by_field_name("function")
        method = fn.child_by_field_name("field") if fn is not None else None
        if decl is None or fn is None or fn.type != "selector_expression" or method is None:
            return None
        operand = fn.child_by_field_name("operand")
        kind = ""
        if operand is not None and operand.type == "identifier":
            name = file.text(operand)
            kind = next((p.type_text for p in decl.params if p.name == name), "")
        elif operand is not None and operand.type == "selector_expression":
            inner = operand.child_by_field_name("operand")
            field = operand.child_by_field_name("field")
            if inner is None or field is None:
                return None
            root = file.text(inner)
            if inner.type == "identifier" and root == decl.receiver_name and decl.receiver:
                owner = self.package.types.get(decl.receiver)
            else:  # a longer chain: the field's owner type as resolve_through_fields finds it
                probe = self.resolve_through_fields_type(file, inner, decl)
                owner = self.package.types.get(probe.lstrip("*")) if probe else None
            part = file.text(field)
            found = next((f for f in owner.fields if f.name == part), None) if owner else None
            kind = found.type_text if found is not None else ""
        implementation = self.sole_implementation(kind) if kind else None
        key = f"{implementation}.{file.text(method)}" if implementation else ""
        return key if key in self.package.funcs else None

    def resolve_through_fields_type(self, file: SourceFile, node: Node, decl: FuncDecl) -> str:
        """The type (as written) of a field chain ``r.a.b`` from the receiver
        of ``decl`` through the package's struct types, or ""."""
        chain: list[str] = []
        operand: Node | None = node
        while operand is not None and operand.type == "selector_expression":
            name = operand.child_by_field_name("field")
            if name is None:
                return ""
            chain.append(file.text(name))
            operand = operand.child_by_field_name("operand")
        if operand is None or operand.type != "identifier" or not chain:
            return ""
        if file.text(operand) != decl.receiver_name or not decl.receiver:
            return ""
        kind = decl.receiver
        for part in reversed(chain):
            owner = self.package.types.get(kind.lstrip("*"))
            found = next((f for f in owner.fields if f.name == part), None) if owner else None
            if found is None:
                return ""
            kind = found.type_text
        return kind

    def sole_implementation(self, name: str) -> str | None:
        """The one type of the package that implements its interface type
        ``name`` (declared in a non-test file, not generic, methods only: no
        embedded interface): the only type whose own methods in the
        package's non-test files cover the interface's. None when there are
        none or several, or when a struct type of the package could get the
        rest of the methods promoted from an embedded field. (A test file's
        fake is no value production code holds.)"""
        if name in self._sole:
            return self._sole[name]
        self._sole[name] = None
        decl = self.package.types.get(name)
        kind = decl.node.child_by_field_name("type") if decl is not None else None
        if (
            decl is None
            or kind is None
            or kind.type != "interface_type"
            or decl.type_params
            or decl.file.path.endswith("_test.go")
        ):
            return None
        methods: set[str] = set()
        for elem in kind.named_children:
            if elem.type == "comment":
                continue
            found = elem.child_by_field_name("name") if elem.type == "method_elem" else None
            if found is None:
                return None  # an embedded interface or a type set
            methods.add(decl.file.text(found))
        if not methods:
            return None
        owners: dict[str, set[str]] = {}
        for fd in self.package.funcs.values():
            if fd.receiver and fd.name in methods and not fd.file.path.endswith("_test.go"):
                owners.setdefault(fd.receiver, set()).add(fd.name)
        full = [t for t, own in owners.items() if own == methods]
        if len(full) != 1:
            return None
        # A struct type with an embedded field can implement the interface
        # with promoted methods: one that also has methods of the interface
        # of its own, or embeds a package type (other than the one found)
        # that has some, runs package methods we would not follow. (One
        # that gets them all from an imported type runs none of the
        # package's; one that embeds the type found runs its methods.)
        for t in self.package.types.values():
            embedded = [f.type_text.lstrip("*") for f in t.fields if f.embedded]
            if not embedded or t.name == full[0] or t.file.path.endswith("_test.go"):
                continue
            if owners.get(t.name) or any(e != full[0] and owners.get(e) for e in embedded):
                return None
        self._sole[name] = full[0]
        return full[0]

    def resolved(self) -> list[ResolvedCall]:
        """Every call in a function of the package that :meth:`resolve`
        resolves, with the function around it."""
        if self._resolved is None:
            found: list[ResolvedCall] = []
            for decl in self.package.funcs.values():
                body = decl.body
                if body is None:
                    continue
                recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
                for call in src.of_types(body, ("call_expression",)):
                    key = self.resolve(decl.file, call, recv)
                    if key is not None:
                        found.append(ResolvedCall(decl, call, key))
            self._resolved = found
        return self._resolved

    def through_fields(self) -> list[tuple[ResolvedCall, str]]:
        """Every call in a method of the package that :meth:`resolve` leaves
        and :meth:`resolve_through_fields` resolves (``c.topo.fill(k)``: a
        method of the type of a field chain from the receiver), with the
        text of the value it is called on (``c.topo``); found once per pass."""
        if self._through is None:
            found: list[tuple[ResolvedCall, str]] = []
            for decl in self.package.funcs.values():
                body = decl.body
                if body is None or not decl.receiver:
                    continue
                recv = (decl.receiver_name, decl.receiver)
                for call in src.of_types(body, ("call_expression",)):
                    if self.resolve(decl.file, call, recv) is not None:
                        continue
                    deep = self.resolve_through_fields(decl.file, call, decl)
                    fn = call.child_by_field_name("function")
                    operand = fn.child_by_field_name("operand") if fn is not None else None
                    if deep is not None and operand is not None:
                        found.append(
                            (ResolvedCall(decl, call, deep[0]), sx.norm(decl.file.text(operand)))
                        )
            self._through = found
        return self._through

    def calls_to(self, key: str) -> list[ResolvedCall]:
        """The resolved calls of the function ``key``, in the order of
        :meth:`resolved` (indexed once per pass)."""
        if self._to is None:
            to: dict[str, list[ResolvedCall]] = {}
            for resolved in self.resolved():
                to.setdefault(resolved.callee, []).append(resolved)
            self._to = to
        return self._to.get(key, [])

    # -- by names mentioned

    def callees(self) -> dict[str, set[str]]:
        """Function key → the keys of the functions its body mentions by name
        (``errors.New`` is not the package's ``New``)."""
        if self._callees is None:
            by_name = self._by_name
            callees: dict[str, set[str]] = {}
            for key, decl in self.package.funcs.items():
                body = decl.body
                found: set[str] = set()
                imports = self.package.imports.get(decl.file.path, {})
                if body is not None:
                    for node in src.of_types(body, ("identifier", "field_identifier")):
                        if node.type == "identifier":
                            found |= by_name.get(decl.file.text(node), set())
                        elif node.type == "field_identifier":
                            parent = node.parent
                            operand = (
                                parent.child_by_field_name("operand")
                                if parent is not None
                                else None
                            )
                            if operand is not None and decl.file.text(operand) in imports:
                                continue
                            found |= by_name.get(decl.file.text(node), set())
                callees[key] = found
            self._callees = callees
        return self._callees

    def named(self, name: str) -> set[str]:
        """The keys of the functions and methods called ``name``."""
        return self._by_name.get(name, set())

    def reaches(self, start: set[str], target: str) -> bool:
        """Whether ``target`` can be reached from ``start`` by :meth:`callees`."""
        callees = self.callees()
        seen: set[str] = set()
        work = list(start)
        while work:
            key = work.pop()
            if key == target:
                return True
            if key in seen:
                continue
            seen.add(key)
            work.extend(callees.get(key, set()) - seen)
        return False

    def calling_methods(self, initialisers: set[str]) -> set[str]:
        """``initialisers`` and the methods that call one of them on their own
        receiver, transitively: ``b.runN(1)`` runs ``b.ResetTimer()``."""
        if not initialisers:
            return initialisers
        wanted = frozenset(initialisers)
        cached = self._calling.get(wanted)
        if cached is not None:
            return set(cached)
        calls: dict[str, set[str]] = {}
        for decl in self.package.funcs.values():
            body = decl.body
            if not decl.receiver or decl.receiver_name in ("", "_") or body is None:
                continue
            names = calls.setdefault(decl.name, set())
            for node in src.of_types(body, ("call_expression",)):
                fn = node.child_by_field_name("function")
                if fn is None or fn.type != "selector_expression":
                    continue
                operand = fn.child_by_field_name("operand")
                method = fn.child_by_field_name("field")
                if (
                    operand is not None
                    and method is not None
                    and decl.file.text(operand) == decl.receiver_name
                ):
                    names.add(decl.file.text(method))
        result = set(initialisers)
        changed = True
        while changed:
            changed = False
            for name, called in calls.items():
                if name not in result and called & result:
                    result.add(name)
                    changed = True
        self._calling[wanted] = frozenset(result)
        return result


def decl_key(file: SourceFile, func: Node) -> str | None:
    """``F`` or ``T.M`` of a function or method declaration node, from its
    own text (also for a copy the index does not keep)."""
    name = func.child_by_field_name("name")
    if name is None:
        return None
    if func.type == "function_declaration":
        return file.text(name)
    recv = func.child_by_field_name("receiver")
    if recv is None:
        return None
    for decl in recv.named_children:
        t = decl.child_by_field_name("type")
        if t is not None:
            base = file.text(t).lstrip("*").split("[", 1)[0].strip()
            return f"{base}.{file.text(name)}"
    return None


def calls_in(node: Node) -> list[Node]:
    """The calls under ``node``, not those inside func literals."""
    return src.of_types(node, ("call_expression",), "func_literal")


def _produce(pkg: Pass) -> Calls:
    return Calls(pkg.package)


CALLS: Fact[Calls] = Fact("calls", _produce, exported=False)
