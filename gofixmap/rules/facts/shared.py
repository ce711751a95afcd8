"""SHARED_MAPS: the maps that more than one function can reach, with every
access to them, and the struct mutexes that guard them.

- map fields of the package's structs, with their accesses in the methods of
  the struct (``fields``), also through a value a method builds with the
  receiver's map (``m := &T{stores: t.stores}``, then ``m.stores[k] = v``
  with no lock held: the same map);
- package-level map variables, with their accesses in the package's
  functions (``globals``; a variable made of a named map type of the
  package, ``var c = make(cache)``, is one too, and the calls of its
  methods that write or read the receiver are its accesses), and the map
  variables of other packages that the package writes, with its own
  accesses (``imported``, :mod:`.importedmaps`);
- local maps (and map parameters) of functions that start goroutines
  (``locals``), the goroutines that use them, and the package functions a
  local map is passed to by ``go f(m)`` (``go_passes``);
- the mutex that guards a map field (``guarding_mutex``; the mutexes and
  their groups of fields by convention are in :mod:`.mutexes`), and the
  methods that run with it held (``helpers``: named ``fooLocked``,
  documented so (``// Lock should be held.``, :mod:`.contracts`) or called
  only where it is held);
- the package's calls made on the caller's goroutine (``direct_calls``; the
  locks they make incidental are in :mod:`.incidental`);
- the functions from which a method runs on the same goroutine (``roots``).

The values (:class:`SharedMap`, a local map's concurrent accesses) are in
:mod:`.localmaps`. Why this module is longer than 600 lines: the three kinds
of shared maps and the helper methods of a mutex are found in one pass over
the package's calls and identifiers, which they share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tree_sitter import Node

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass
from gofixmap.codemod.index import Field, FuncDecl, PackageIndex, VarDecl
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.calls import CALLS, Calls
from gofixmap.rules.facts.constants import CONSTANTS, Constants
from gofixmap.rules.facts.contracts import documented_locked
from gofixmap.rules.facts.goroutines import (
    GOROUTINES,
    Goroutines,
    go_starts,
    launch_of,
)
from gofixmap.rules.facts.importedmaps import MAP_VARS, imported_maps
from gofixmap.rules.facts.localmaps import GoPass, SharedMap, map_value_of
from gofixmap.rules.facts.locks import (
    LOCKS,
    Access,
    Locks,
    is_test_file,
    lock_op,
)
from gofixmap.rules.facts.mapuses import (
    MAP_USES,
    argument_use,
    method_use,
    named_map_type,
    type_ref,
)
from gofixmap.rules.facts.mutexes import (
    field_decl_node,
    locked_by_owner,
    locks_first,
    mutex_field,
    mutex_fields,
    same_group,
    struct_of_var,
)
from gofixmap.rules.facts.types import TYPES, TypeResolver
from gofixmap.rules.facts.writes import identifiers_named


def used_as_value(index: PackageIndex, calls: Calls, decl: FuncDecl) -> bool:
    """The method ``decl`` is named somewhere other than as a callee
    (``x.m`` handed on as a method value): found from the bytes, kept when
    the selector may name this method (the receiver of the enclosing method
    of the same type, or an operand the package cannot tell apart)."""
    if not decl.receiver:
        return False
    pattern = re.compile(rb"\." + re.escape(decl.name.encode()) + rb"\b(?!\s*\()")
    for file in index.files:
        for match in pattern.finditer(file.data):
            node = file.root.descendant_for_byte_range(match.start() + 1, match.end())
            sel = node.parent if node is not None else None
            if node is None or sel is None or sel.type != "selector_expression":
                continue
            operand = sel.child_by_field_name("operand")
            recv = calls.receiver_of(sel)
            if (
                recv is not None
                and operand is not None
                and operand.type == "identifier"
                and file.text(operand) == recv[0]
                and recv[1] != decl.receiver
            ):
                continue  # a method of the enclosing method's own type
            return True
    return False


def copied_into_own_field(sm: SharedMap, access: Access) -> bool:
    """``&T{F: r.F}`` in a method of ``T`` (a ``Clone``): the map goes into
    the same field of another ``T``. That is no map operation, and every
    operation on the copy is an access of the same field by ``T``'s methods,
    which is already one of ``sm.accesses``."""
    if access.kind != "escape":
        return False
    element = access.node.parent
    keyed = element.parent if element is not None else None
    if element is None or keyed is None or element.type != "literal_element":
        return False
    if keyed.type != "keyed_element" or keyed.child_by_field_name("value") != element:
        return False
    key = keyed.child_by_field_name("key")
    literal = keyed.parent.parent if keyed.parent is not None else None
    if key is None or literal is None or literal.type != "composite_literal":
        return False
    if access.file.text(key) != sm.name:
        return False
    kind = literal.child_by_field_name("type")
    if kind is not None and kind.type == "generic_type":
        kind = kind.child_by_field_name("type")
    return (
        kind is not None and kind.type == "type_identifier" and access.file.text(kind) == sm.owner
    )


@dataclass(eq=False)
class SharedMaps:
    """The value of SHARED_MAPS (each part computed on first use)."""

    package: PackageIndex
    types: TypeResolver
    calls: Calls
    constants: Constants
    locks: Locks
    goroutines: Goroutines
    pass_: Pass | None = None
    _fields: list[SharedMap] | None = None
    _globals: list[SharedMap] | None = None
    _global_fields: list[SharedMap] | None = None
    _imported: list[SharedMap] | None = None
    _selectors: dict[str, list[tuple[SourceFile, Node]]] | None = None
    _helpers: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _locked_by: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _callers: dict[str, set[tuple[str, bool]]] | None = None
    _roots: dict[tuple[str, bool], frozenset[str]] = field(default_factory=dict)
    _direct: tuple[dict[str, set[str]], dict[str, list[tuple[str, bool, bool]]]] | None = None

    def fields(self) -> list[SharedMap]:
        """Map fields of the package's structs with their accesses in methods."""
        if self._fields is not None:
            return self._fields
        index = self.package
        result: list[SharedMap] = []
        for decl in index.types.values():
            if not decl.is_struct:
                continue
            for f in decl.fields:
                if f.embedded or not self._is_map(f.type_text, decl.file):
                    continue
                sm = SharedMap(
                    "field",
                    f.name,
                    decl.name,
                    field_decl_node(self.package, decl.name, f.name),
                    decl.file,
                )
                for method in index.methods(decl.name):
                    body = method.body
                    if body is None or not method.receiver_name or method.receiver_name == "_":
                        continue
                    for node in src.of_types(body, ("selector_expression",)):
                        operand = node.child_by_field_name("operand")
                        name = node.child_by_field_name("field")
                        if (
                            operand is not None
                            and name is not None
                            and operand.type == "identifier"
                            and method.file.text(operand) == method.receiver_name
                            and method.file.text(name) == f.name
                            and not self.constants.dead(method.file, node)
                        ):
                            sm.accesses.append(self._access(method.file, node, f.type_text))
                    sm.accesses.extend(self._alias_accesses(method, decl.name, f.name, f.type_text))
                result.append(sm)
        self._fields = result
        return result

    def _alias_accesses(
        self, method: FuncDecl, owner: str, name: str, type_text: str
    ) -> list[Access]:
        """The accesses, without any lock held, of the field ``name`` of a
        new value of ``owner`` that a method builds with the receiver's map
        (``m := &T{stores: f.stores}``; then ``m.stores[k] = v``): the same
        map as the receiver's, shared with every value that holds it."""
        body = method.body
        file = method.file
        if body is None:
            return []
        found: list[Access] = []
        for decl in src.of_types(body, ("short_var_declaration",)):
            names, values = sx.defined_values(decl)
            literal = sx.composite_literal(values[0]) if len(values) == 1 else None
            if (
                len(names) != 1
                or literal is None
                or not _sets_from_receiver(file, literal, owner, name, method.receiver_name)
            ):
                continue
            for operand in sx.selections(file, body, file.text(names[0]), name):
                node = operand.parent
                if node is None or node.start_byte < literal.end_byte:
                    continue
                access = self._access(file, node, type_text)
                if not access.held:
                    found.append(access)
        return found

    def helpers(self, owner: str, mutex: tuple[str, str, bool]) -> set[str]:
        """Methods of ``owner`` that run with its lock held: named ``fooLocked``,
        or called only where the lock is held, directly or through other such
        methods. Calls from test files do not count when the package itself
        calls the method (tests call helpers directly, on one goroutine)."""
        cached = self._helpers.get((owner, mutex[0]))
        if cached is not None:
            return cached
        index = self.package
        # callee key → [(caller key, locked at the call, from a test file)]
        sites: dict[str, list[tuple[str, bool, bool]]] = {}
        locked_by: dict[str, str] = {}  # callee key → a caller holding this very lock
        prefix = f"{owner}."

        def record(key: str, decl: FuncDecl, caller: str, under: bool, held: bool) -> None:
            test = is_test_file(decl.file)
            if not test:
                # every call under this very lock, or none counts
                if under and locked_by.get(key, decl.key):
                    locked_by.setdefault(key, decl.key)
                else:
                    locked_by[key] = ""
            sites.setdefault(key, []).append((caller, under or held, test))

        for resolved in self.calls.resolved():
            decl, call, key = resolved.caller, resolved.call, resolved.callee
            if key.startswith(prefix):
                recv = (decl.receiver_name, decl.receiver) if decl.receiver else None
                access = self.locks.access(decl.file, call)
                under = recv is not None and locked_by_owner(access, recv[0], mutex)
                in_closure = sx.enclosing_function(call) != decl.node
                record(key, decl, "" if in_closure else decl.key, under, bool(access.held))
        # ``c.topo.fill(k)`` from another type's method: a known call, made
        # under this lock only when the caller holds ``c.topo``'s mutex
        for resolved, value in self.calls.through_fields():
            decl, call, key = resolved.caller, resolved.call, resolved.callee
            if key.startswith(prefix) and decl.receiver != owner:
                access = self.locks.access(decl.file, call)
                under = locked_by_owner(access, value, mutex)
                record(key, decl, "", under, bool(access.held))
        helpers = {
            decl.key
            for decl in index.methods(owner)
            if decl.name.endswith("Locked")
            or decl.name.endswith("_locked")
            or documented_locked(decl, mutex[0])
        }
        # Greatest fixed point, so that recursive helpers stay helpers: drop a
        # method while one of its calls is neither locked nor made by a helper.
        relevant = {key: [c for c in calls if not c[2]] or calls for key, calls in sites.items()}
        candidates = set(relevant) | helpers
        # An unexported method that no call we can resolve reaches is called
        # indirectly (``state.enc.m()``, a method value in a table): its callers
        # are unknown, so it does not break its callees' contract.
        launched = self.goroutines.funcs
        for decl in index.methods(owner):
            name = decl.name
            if decl.key not in sites and name[:1].islower() and decl.key not in launched:
                candidates.add(decl.key)
        # A method that takes the lock itself (before any Unlock of it) is
        # never called with it held: Go's mutexes are not reentrant.
        for decl in index.methods(owner):
            if decl.key in candidates and decl.key not in helpers and locks_first(decl, mutex):
                candidates.discard(decl.key)
        changed = True
        while changed:
            changed = False
            for key, calls in relevant.items():
                if key not in candidates or key in helpers:
                    continue
                if not all(locked or caller in candidates for caller, locked, _t in calls):
                    candidates.discard(key)
                    changed = True
        helpers |= candidates
        self._helpers[(owner, mutex[0])] = helpers
        self._locked_by[(owner, mutex[0])] = {
            key: caller for key, caller in locked_by.items() if caller and key in helpers
        }
        return helpers

    def locked_by(self, owner: str, mutex: tuple[str, str, bool]) -> dict[str, str]:
        """The helpers of ``owner``'s ``mutex`` (:meth:`helpers`) that the
        package calls (outside tests) only with that very lock held: helper
        key → such a caller's key. An access in one is made under the lock
        (a call that holds another value's lock says nothing of this one)."""
        self.helpers(owner, mutex)
        return self._locked_by[(owner, mutex[0])]

    def direct_calls(
        self,
    ) -> tuple[dict[str, set[str]], dict[str, list[tuple[str, bool, bool]]]]:
        """The package's calls made on the caller's goroutine: caller key →
        callee keys (calls in the caller's own body, not from ``go`` or a
        func literal); and callee key → (caller key, made so, from a test
        file) for every resolved call."""
        if self._direct is None:
            direct: dict[str, set[str]] = {}
            callers: dict[str, list[tuple[str, bool, bool]]] = {}
            for resolved in self.calls.resolved():
                decl, call = resolved.caller, resolved.call
                own = (
                    sx.enclosing_function(call) == decl.node
                    and call.parent is not None
                    and call.parent.type != "go_statement"
                )
                if own:
                    direct.setdefault(decl.key, set()).add(resolved.callee)
                callers.setdefault(resolved.callee, []).append(
                    (decl.key, own, is_test_file(decl.file))
                )
            self._direct = (direct, callers)
        return self._direct

    def roots(self, key: str, tests: bool = False) -> frozenset[str]:
        """The functions of the package from which ``key`` runs on the same
        goroutine: followed up through the calls of the package (a call in a
        closure started with ``go``, or a function used as a value, makes a
        root of its own, ``*``: another goroutine may run it). Calls from
        test files count only with ``tests``."""
        cached = self._roots.get((key, tests))
        if cached is not None:
            return cached
        callers = self._caller_map()
        found: set[str] = set()
        seen: set[str] = set()
        todo = [key]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            ups = {c for c, in_test in callers.get(current, set()) if tests or not in_test}
            decl = self.package.funcs.get(current)
            if decl is not None and used_as_value(self.package, self.calls, decl):
                ups.add("*")  # handed on: called from anywhere
            if not ups or current.rsplit(".", 1)[-1][:1].isupper():
                found.add(current)  # exported: callable from other packages too
            todo.extend(ups)
        result = frozenset(found)
        self._roots[(key, tests)] = result
        return result

    def _caller_map(self) -> dict[str, set[tuple[str, bool]]]:
        if self._callers is None:
            callers: dict[str, set[tuple[str, bool]]] = {}
            for resolved in self.calls.resolved():
                decl, call = resolved.caller, resolved.call
                started = launch_of(call, decl.node) is not None or (
                    call.parent is not None and call.parent.type == "go_statement"
                )
                caller = "*" if started else decl.key
                callers.setdefault(resolved.callee, set()).add((caller, is_test_file(decl.file)))
            self._callers = callers
        return self._callers

    def mutex_field(self, owner: str) -> tuple[str, str, bool] | None:
        """The struct's mutex: (field name, "rw"|"m", embedded)."""
        return mutex_field(self.package, owner)

    def guarding_mutex(self, sm: SharedMap) -> tuple[str, str, bool] | None:
        """The struct mutex that guards the field ``sm``: the one held at
        most of its accesses (``c.mu.Lock()`` in the method, or at every call
        of a helper), else the one in its block of fields, else the first."""
        mutexes = mutex_fields(self.package, sm.owner)
        if len(mutexes) <= 1:
            return mutexes[0] if mutexes else None
        best: tuple[int, int, tuple[str, str, bool]] | None = None
        for order, mutex in enumerate(mutexes):
            locked = sum(1 for a in sm.accesses if locked_by_owner(a, self.receiver_name(a), mutex))
            helpers = self.helpers(sm.owner, mutex)
            # (an access that holds another lock there counts for that one)
            locked += sum(1 for a in sm.accesses if self.method_key(a) in helpers and not a.held)
            if locked and (best is None or locked > best[0]):
                best = (locked, -order, mutex)
        if best is not None:
            return best[2]
        for mutex in mutexes:
            if same_group(self.package, sm.owner, mutex[0], sm.name):
                return mutex
        return mutexes[0]

    def locks_mutex(self, owner: str, mutex: tuple[str, str, bool]) -> bool:
        """Some method of ``owner`` locks its mutex."""
        name, _, embedded = mutex
        for method in self.package.methods(owner):
            body = method.body
            if body is None:
                continue
            target = method.receiver_name if embedded else f"{method.receiver_name}.{name}"
            for node in sx.walk(body):
                op = lock_op(method.file, node)
                if op is not None and op[0] in (target, f"{method.receiver_name}.{name}"):
                    return True
        return False

    def receiver_name(self, access: Access) -> str:
        top = sx.declaration_of(access.node)
        if top is None:
            return ""
        recv = self.calls.receiver_of(top)
        return recv[0] if recv else ""

    def method_decl(self, access: Access) -> FuncDecl | None:
        top = sx.declaration_of(access.node)
        return self.calls.decl_of(top) if top is not None else None

    def method_key(self, access: Access) -> str:
        """``Type.Name`` of the method around the access, also for a method
        defined again in another build-tagged file (the index keeps one)."""
        decl = self.method_decl(access)
        if decl is not None:
            return decl.key
        top = sx.declaration_of(access.node)
        if top is None or top.type != "method_declaration":
            return ""
        name = top.child_by_field_name("name")
        recv = top.child_by_field_name("receiver")
        if name is None or recv is None:
            return ""
        types = [n for n in sx.walk(recv) if n.type == "type_identifier"]
        if not types:
            return ""
        return f"{access.file.text(types[0])}.{access.file.text(name)}"

    def _identifiers_in_funcs(self, names: Iterable[str]) -> dict[str, list[tuple[FuncDecl, Node]]]:
        """The identifiers spelled as one of ``names`` in the bodies of the
        package's functions (but its ``init`` functions), by name, in function
        order then source order. Bodies whose bytes hold none of the names are
        not walked."""
        wanted = set(names)
        uses: dict[str, list[tuple[FuncDecl, Node]]] = {}
        for key, decl in self.package.funcs.items():
            body = decl.body
            if key.startswith("init#") or body is None:
                continue
            for node in identifiers_named(body, wanted):
                uses.setdefault(decl.file.text(node), []).append((decl, node))
        return uses

    def globals(self) -> list[SharedMap]:
        if self._globals is not None:
            return self._globals
        index = self.package
        result: list[SharedMap] = []
        maps: list[tuple[VarDecl, str]] = []
        for var in index.vars.values():
            if var.type_text:
                if self.types.is_map(var.type_text, var.file):
                    maps.append((var, var.type_text))
            elif map_value_of(var.value, var.file):
                maps.append((var, ""))
            else:
                named = self._made_named_map(var)
                if named:
                    maps.append((var, named))
        uses = self._identifiers_in_funcs({var.name for var, _ in maps}) if maps else {}
        for var, type_text in maps:
            sm = SharedMap("global", var.name, decl=var.node, decl_file=var.file)
            for decl, node in uses.get(var.name, ()):
                binding = self.types.resolve(decl.file, var.name, node)
                if binding is None or binding.kind != "package":
                    continue
                if not self.constants.dead(decl.file, node):
                    sm.accesses.append(self._access(decl.file, node, type_text))
            result.append(sm)
        self._globals = result
        return result

    def global_fields(self) -> list[SharedMap]:
        """The map fields of package-level variables of the package's struct
        types that carry a mutex (``var state struct{ mu sync.Mutex; pods
        map[K]V }``-like, named ``state.pods``), with their accesses in the
        package's functions (but ``init``): one map for every function, as
        a package map is, and its variable's mutex a package-level lock."""
        if self._global_fields is not None:
            return self._global_fields
        index = self.package
        wanted: dict[str, list[tuple[VarDecl, Field]]] = {}
        for var in index.vars.values():
            owner = struct_of_var(index, var)
            if not owner or not mutex_fields(index, owner):
                continue
            for f in index.types[owner].fields:
                if not f.embedded and self._is_map(f.type_text, index.types[owner].file):
                    wanted.setdefault(var.name, []).append((var, f))
        result: list[SharedMap] = []
        uses = self._identifiers_in_funcs(wanted) if wanted else {}
        for name, fields in wanted.items():
            for var, f in fields:
                sm = SharedMap("global", f"{name}.{f.name}", decl=var.node, decl_file=var.file)
                for decl, node in uses.get(name, ()):
                    parent = node.parent
                    selected = parent.child_by_field_name("field") if parent is not None else None
                    if (
                        parent is None
                        or parent.type != "selector_expression"
                        or parent.child_by_field_name("operand") != node
                        or selected is None
                        or decl.file.text(selected) != f.name
                    ):
                        continue
                    binding = self.types.resolve(decl.file, name, node)
                    if binding is None or binding.kind != "package":
                        continue
                    if not self.constants.dead(decl.file, parent):
                        sm.accesses.append(self._access(decl.file, parent, f.type_text))
                result.append(sm)
        self._global_fields = result
        return result

    def _made_named_map(self, var: VarDecl) -> str:
        """The named map type of the package that the initializer of the
        untyped package variable ``var`` makes: ``make(T)``, ``make(T, n)``
        or ``T{...}`` with ``type T map[K]V`` (its methods' uses of the
        receiver are uses of the variable's map); "" otherwise."""
        value = var.value
        if value is None:
            return ""
        kind: Node | None = None
        if value.type == "composite_literal":
            kind = value.child_by_field_name("type")
        elif value.type == "call_expression":
            args = value.child_by_field_name("arguments")
            if sx.call_parts(var.file, value) == ("", "make") and args is not None:
                kind = args.named_children[0] if args.named_children else None
        if kind is None or kind.type not in ("type_identifier", "generic_type"):
            return ""
        text = var.file.text(kind)
        if text.split("[", 1)[0] not in self.package.types:
            return ""
        return text if self.types.is_map(text, var.file) else ""

    def selectors(self, name: str) -> list[tuple[SourceFile, Node]]:
        """Every ``x.name`` selector of the package (read once per package)."""
        return self.selector_table().get(name, [])

    def selector_table(self) -> dict[str, list[tuple[SourceFile, Node]]]:
        """Every ``x.name`` selector of the package, by ``name``."""
        if self._selectors is None:
            self._selectors = sx.selectors_by_field(self.package.files)
        return self._selectors

    def imported(self) -> list[SharedMap]:
        """The map variables of other packages that this package writes
        (``conf.Enabled[n] = true``), with this package's accesses."""
        if self._imported is None:
            self._imported = (
                imported_maps(
                    self.pass_,
                    self.package,
                    lambda file, node: self._access(file, node, ""),
                    self.constants.dead,
                )
                if self.pass_ is not None
                else []
            )
        return self._imported

    def locals(
        self, file: SourceFile, everywhere: bool = False, starts_at: Iterable[int] = ()
    ) -> list[SharedMap]:
        """Local maps of functions that start goroutines (or hand a func
        literal to a runner: ``starts_at``, the calls' offsets), with their
        accesses (``everywhere``: of every function, for maps a race report
        names)."""
        result: list[SharedMap] = []
        starts = [] if everywhere else [stmt.start_byte for stmt in go_starts(file)]
        starts.extend(starts_at)
        if not everywhere and not starts:
            return result  # no function of the file starts a goroutine
        for top in file.root.named_children:
            if top.type not in sx.DECLARATION_TYPES:
                continue
            body = sx.body(top)
            if body is None or not (
                everywhere or any(body.start_byte <= s < body.end_byte for s in starts)
            ):
                continue
            for func in sx.functions(top):
                fbody = sx.body(func)
                if fbody is None:
                    continue
                declaring = ("short_var_declaration", "var_spec")
                typed: dict[int, str] = {}  # a local of a named map type: its type
                for node in [
                    *self._map_params(file, func),
                    *src.of_types(fbody, declaring, "func_literal"),
                ]:
                    names: list[Node] = []
                    if node.type == "parameter_declaration":
                        names = list(node.children_by_field_name("name"))
                        kind = node.child_by_field_name("type")
                        for ident in names:
                            typed[ident.id] = file.text(kind) if kind is not None else ""
                    elif node.type == "short_var_declaration":
                        left = node.child_by_field_name("left")
                        right = node.child_by_field_name("right")
                        if left is None or right is None:
                            continue
                        values = right.named_children
                        for i, ident in enumerate(left.named_children):
                            if i < len(values) and map_value_of(values[i], file):
                                names.append(ident)
                            elif i < len(values) and len(values) == len(left.named_children):
                                named = self._named_map(file, values[i])
                                if named is not None:
                                    names.append(ident)
                                    typed[ident.id] = named
                    elif node.type == "var_spec":
                        kind = node.child_by_field_name("type")
                        value = node.child_by_field_name("value")
                        values = value.named_children if value is not None else []
                        for i, ident in enumerate(node.children_by_field_name("name")):
                            if (kind is not None and self.types.is_map(file.text(kind), file)) or (
                                i < len(values) and map_value_of(values[i], file)
                            ):
                                names.append(ident)
                                typed[ident.id] = file.text(kind) if kind is not None else ""
                    if node.type == "short_var_declaration":
                        result.extend(self._literal_fields(file, func, fbody, node))
                    for ident in names:
                        name = file.text(ident)
                        stmt = (
                            sx.statement_of(node) if node.type != "parameter_declaration" else node
                        )
                        sm = SharedMap("local", name, decl=stmt, decl_file=file, func=func)
                        for use in src.of_types(fbody, ("identifier",)):
                            if use == ident or file.text(use) != name:
                                continue
                            binding = self.types.resolve(file, name, use)
                            if binding is None or binding.name_node != ident:
                                continue
                            if not self.constants.dead(file, use):
                                sm.accesses.append(self._access(file, use, typed.get(ident.id, "")))
                        result.append(sm)
        return result

    def _literal_fields(
        self, file: SourceFile, func: Node, body: Node, decl: Node
    ) -> list[SharedMap]:
        """The map fields a local struct literal makes (``s := &Info{Nodes:
        make(map[string]*Node)}``): each ``s.Nodes`` is a local map as
        ``nodes := make(...)`` would be, shared with the goroutines whose
        closures use ``s``."""
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
        if left is None or right is None:
            return []
        found: list[SharedMap] = []
        idents, values = left.named_children, right.named_children
        for ident, value in zip(idents, values, strict=False):
            literal = sx.composite_literal(value)
            if literal is None:
                continue
            name = file.text(ident)
            for _, key, made in sx.keyed_elements(literal):
                if key.type not in ("identifier", "field_identifier") or not map_value_of(
                    made, file
                ):
                    continue
                field_name = file.text(key)
                sm = SharedMap(
                    "local", f"{name}.{field_name}", decl=decl, decl_file=file, func=func
                )
                for operand in sx.selections(file, body, name, field_name):
                    use = operand.parent
                    binding = self.types.resolve(file, name, operand)
                    if use is None or binding is None or binding.name_node != ident:
                        continue
                    if not self.constants.dead(file, use):
                        sm.accesses.append(self._access(file, use, ""))
                found.append(sm)
        return found

    def _is_map(self, type_text: str, file: SourceFile) -> bool:
        """A map type, or a named map type of a dependency whose methods
        write or read its map (``sets.Set[string]``)."""
        if self.types.is_map(type_text, file):
            return True
        return self.pass_ is not None and type_ref(self.pass_, file, type_text) is not None

    def _named_map(self, file: SourceFile, value: Node) -> str | None:
        """The named map type with write methods that ``value`` builds or
        returns (``sets.New[string]()``), see :mod:`.mapuses`."""
        if self.pass_ is None:
            return None
        return named_map_type(self.pass_, file, value)

    def access_of(self, file: SourceFile, node: Node, type_text: str) -> Access:
        """:meth:`_access` for a map field's selector found elsewhere (in a
        func literal, on a parameter)."""
        return self._access(file, node, type_text)

    def _access(self, file: SourceFile, node: Node, type_text: str) -> Access:
        """The access at ``node``; a call of a method of the named map type
        ``type_text`` that writes or reads its receiver (``s.Insert(x)``,
        ``s.Has(x)``) is that write or read of the map."""
        access = self.locks.access(file, node)
        if access.kind != "escape" or self.pass_ is None:
            return access
        use = method_use(self.pass_, file, node, type_text) if type_text else None
        if use is None:
            use = argument_use(self.pass_, file, node, lambda call: self._callee(file, call))
        if use is None:
            return access
        # a callee that uses the map under a lock of another argument, of its
        # receiver or of the package holds it for the caller's access
        # (``getObjs(p.Identity, p)`` taking ``p.mu.RLock()``)
        held = access.held | self.locks.param_held(file, use[1], node)
        return replace(access, kind=use[0], site=use[1], held=held)

    def _callee(self, file: SourceFile, call: Node) -> str | None:
        """The key of the package function or method ``call`` reaches."""
        return self.calls.resolve(file, call, self.calls.receiver_of(call))

    def _map_params(self, file: SourceFile, func: Node) -> list[Node]:
        """The map-typed parameter declarations of ``func``: a map the caller
        hands in is shared with the goroutines the function starts on it
        (``go func() { for k := range cfg {...} }()`` while ``cfg[k] = v``
        follows) as a local map is; so is the receiver of a method of a
        named map type (``func (m mapFiles) Refresh()``: the caller's map)."""
        found: list[Node] = []
        lists = [func.child_by_field_name("receiver"), func.child_by_field_name("parameters")]
        for decl in (d for ps in lists if ps is not None for d in ps.named_children):
            kind = decl.child_by_field_name("type")
            is_param = decl.type == "parameter_declaration" and kind is not None
            if is_param and kind is not None and self.types.is_map(file.text(kind), file):
                found.append(decl)
        return found

    def go_passes(self, sm: SharedMap) -> list[GoPass]:
        """The go statements that pass the local map ``sm`` to a package function."""
        file = sm.decl_file
        if file is None:
            return []
        result: list[GoPass] = []
        for access in sm.accesses:
            args = access.node.parent
            if access.kind != "escape" or args is None or args.type != "argument_list":
                continue
            call = args.parent
            if call is None or call.type != "call_expression":
                continue
            go_stmt = call.parent
            if go_stmt is None or go_stmt.type != "go_statement":
                continue
            position = next(
                (i for i, arg in enumerate(args.named_children) if arg == access.node), -1
            )
            func = sx.enclosing_function(call)
            recv = self.calls.receiver_of(func) if func is not None else None
            key = self.calls.resolve(file, call, recv)
            decl = self.package.funcs.get(key) if key else None
            if decl is None or decl.body is None or not 0 <= position < len(decl.params):
                continue
            param = decl.params[position].name
            if not param or param == "_" or decl.params[position].type_text.startswith("[]"):
                continue
            inner: list[Access] = []
            for node in src.of_types(decl.body, ("identifier",)):
                if decl.file.text(node) != param:
                    continue
                binding = self.types.resolve(decl.file, param, node)
                if (
                    binding is None
                    or binding.kind != "param"
                    or not decl.node.start_byte <= binding.node.start_byte < decl.body.start_byte
                ):
                    continue
                if not self.constants.dead(decl.file, node):
                    inner.append(self.locks.access(decl.file, node))
            if inner:
                result.append(GoPass(access, go_stmt, call, decl, param, tuple(inner)))
        return result


def _produce(pkg: Pass) -> SharedMaps:
    return SharedMaps(
        pkg.package,
        pkg.fact(TYPES),
        pkg.fact(CALLS),
        pkg.fact(CONSTANTS),
        pkg.fact(LOCKS),
        pkg.fact(GOROUTINES),
        pkg,
    )


SHARED_MAPS: Fact[SharedMaps] = Fact(
    "shared-maps",
    _produce,
    (TYPES, CALLS, CONSTANTS, LOCKS, GOROUTINES, MAP_USES, MAP_VARS),
)


def _sets_from_receiver(
    file: SourceFile, literal: Node, owner: str, name: str, receiver: str
) -> bool:
    """``literal`` is a literal of ``owner`` that sets the field ``name`` to
    the receiver's (``T{name: r.name}``)."""
    type_node = literal.child_by_field_name("type")
    if type_node is None or file.text(type_node).strip() != owner:
        return False
    return any(
        file.text(key).strip() == name and sx.norm(file.text(value)) == f"{receiver}.{name}"
        for _, key, value in sx.keyed_elements(literal)
    )
