"""API_OBJECTS: whether the map of a Kubernetes object (or a CRD object of
the project) may be nil where the code writes it, per file of a package.

A map is nilable when the object comes from the API server (a client's
``Get``/``List``, a lister, decoding, an informer's handler), from a literal
or zero value that leaves the map out (or sets it to a call's result that
can be nil, or sets a part of the object to a value that lacks it), from a
``DeepCopy`` or a factory of the package that gives such a value, or
through a parameter that some caller in the package passes such an object
(followed back through up to three calls; calls in test code are no
evidence for production code), or held in
a field of a struct of the package (``rc.Datacenter`` of a reconcile
context: judged by each value the package stores there, :mod:`.heldfields`),
or, for an
exported function, some call in another package of the module
(:mod:`.importers`); the callers of one used as a value in its package
cannot all be seen, unless every use of it in the module is a callback's
(:mod:`.callsites`). The origins are :mod:`.apiorigins`, the guards
:mod:`.apiguards`, the types :mod:`.apitypes` (through ``TYPES.api``). A map
the API server never stores empty (:data:`SERVER_REQUIRED`: claims' storage
requests, apps/v1 workloads' template labels) is not nil on an object read
from it; nor is the ``Object`` of an ``unstructured.Unstructured`` that a
JSON decoder filled where its error leaves (UnmarshalJSON fails unless the
input is an object with a kind).

The module is longer than 600 lines because an object's origin is followed
here through copies, factories, list items and callers in other files of the
package, and each step needs the per-file analyses this object holds.
"""

from __future__ import annotations

import dataclasses
import re

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import Fact, Pass, UndeclaredFact
from gofixmap.codemod.imports import imported
from gofixmap.codemod.index import FuncDecl, PackageIndex, TypeDecl
from gofixmap.codemod.stdlib import is_std
from gofixmap.rules.facts import lookups
from gofixmap.rules.facts.apicallees import API_CALLEES, CalleeProofs, imported_proofs
from gofixmap.rules.facts.apiguards import (
    Guards,
    conditions_around,
    forms,
    promoted_meta,
    written_when,
)
from gofixmap.rules.facts.apiorigins import (
    Origin,
    Origins,
    argument,
    enclosing_funcs,
    is_test_code,
    literal_omits,
    payload,
    rebound,
)
from gofixmap.rules.facts.apitypes import Ext, MapField, Proj, TypeRef, is_api_type
from gofixmap.rules.facts.calls import CALLS, Calls, ResolvedCall
from gofixmap.rules.facts.callsites import CALLBACK_USES, used_as_value
from gofixmap.rules.facts.constants import CONSTANTS, NONZERO_CONSTANTS
from gofixmap.rules.facts.constdecoded import constant_text, sets_map
from gofixmap.rules.facts.fieldinit import terminates
from gofixmap.rules.facts.filled import Filler
from gofixmap.rules.facts.heldfields import Stored, holder_name, stored_values
from gofixmap.rules.facts.importers import (
    CALL_ARGUMENTS,
    MODULE_IMPORTERS,
    method_evidence,
    module_evidence,
)
from gofixmap.rules.facts.madereturns import imported_made
from gofixmap.rules.facts.nilflow import NIL_FLOW
from gofixmap.rules.facts.ownobjects import OwnObjects
from gofixmap.rules.facts.ownrefs import OWN_REFS, read_by_reference
from gofixmap.rules.facts.paramfields import literal_value, map_parameter, nil_argument
from gofixmap.rules.facts.serverresults import (
    client_read,
    imported_server_result,
)
from gofixmap.rules.facts.types import TYPES

# calls that read an object into their pointer argument (a client's Get and
# List, decoders): ``c.Get(ctx, key, obj)`` with ``obj := &T{}`` overwrites it
READS_INTO = frozenset(("Get", "List", "Unmarshal", "Decode", "DecodeInto", "Into"))

# (the map, why it may be nil, the explicit field path incl. embedded fields)
Nilable = tuple[MapField, str, list[str]]


class ApiObjects:
    """The analyses of a package's files, made on first use, so that a write
    through a parameter can be judged by what the callers pass."""

    MAX_DEPTH = 5  # parameters handed on through at most this many calls

    def __init__(self, pkg: Pass, *, across: bool = True) -> None:
        self.pkg = pkg
        # judge an exported function's parameter by the calls in the other
        # packages of the module too (CALL_ARGUMENTS); off in the analysis
        # of such a calling package, which follows its own callers only
        self.across = across
        self._files = {f.path: f for f in pkg.files}
        self._analyses: dict[str, Analysis] = {}
        self._calls: Calls | None = None
        self._used: dict[str, bool] = {}
        self._proofs: dict[str, CalleeProofs | None] = {}
        self._stored: dict[tuple[str, str], list[Stored]] = {}
        self._constants: dict[str, dict[str, bool]] = {}

    def stored(self, owner: str, field: str) -> list[Stored]:
        """:func:`.heldfields.stored_values` of this package, once per field."""
        key = (owner, field)
        if key not in self._stored:
            self._stored[key] = stored_values(self.pkg.package, owner, field)
        return self._stored[key]

    def proofs(self, import_path: str) -> CalleeProofs | None:
        """API_CALLEES of this package (``""``) or of a package it imports
        (``None``: the standard library, or sources not found)."""
        if import_path in self._proofs:
            return self._proofs[import_path]
        if not import_path:
            found: CalleeProofs | None = self.pkg.fact(API_CALLEES)
        elif is_std(import_path):
            found = None
        else:
            found = imported_proofs(self.pkg, import_path)
        self._proofs[import_path] = found
        return found

    def imported_nonzero(self, import_path: str, name: str) -> bool:
        """``name`` is a constant of the imported package ``import_path``
        with a non-zero value (its declarations read once per package)."""
        table = self._constants.get(import_path)
        if table is None:
            other = None if is_std(import_path) else self.pkg.dependency(import_path)
            try:
                table = other.fact(NONZERO_CONSTANTS) if other is not None else {}
            except UndeclaredFact:
                table = {}  # its sources cannot be read
            self._constants[import_path] = table
        return table.get(name, False)

    def returns_made(self, import_path: str, name: str) -> bool:
        """:func:`~gofixmap.rules.facts.madereturns.imported_made` here."""
        return imported_made(self.pkg, import_path, name)

    def server_result(self, import_path: str, name: str) -> str | None:
        """:func:`~gofixmap.rules.facts.serverresults.imported_server_result` here."""
        return imported_server_result(self.pkg, import_path, name)

    def analysis(self, path: str) -> Analysis:
        found = self._analyses.get(path)
        if found is None:
            found = self._analyses[path] = Analysis(self, self._files[path])
        return found

    @property
    def calls(self) -> Calls:
        if self._calls is None:
            self._calls = self.pkg.fact(CALLS)
        return self._calls

    def callers(self, key: str) -> list[ResolvedCall]:
        """The resolved calls of the function ``key`` (indexed once)."""
        return self.calls.calls_to(key)

    def used_as_value(self, name: str) -> bool:
        """``name`` appears in the package other than as the function of a
        call or its own declaration: handed on as a value, its callers are
        unknown (answered once per name)."""
        found = self._used.get(name)
        if found is None:
            found = self._used[name] = used_as_value(self.pkg.files, name)
        return found


class Analysis:
    """The objects of one file and the maps that may be nil in it."""

    def __init__(self, objects: ApiObjects, file: src.SourceFile) -> None:
        self.package = objects
        self.pkg = objects.pkg
        self.index = objects.pkg.package
        self.file = file
        self.types = objects.pkg.fact(TYPES).api(file)
        self.origins = Origins(file, self.index, self.types, objects.server_result)
        self.guards = Guards(
            file,
            lambda: objects.calls,
            self.index,
            objects.proofs,
            objects.returns_made,
            self._declared,
            self._constant,
        )
        self.k8s = self.origins.k8s
        self.test_code = is_test_code(file.path, self.types.imports.values())
        filler = Filler(self._callee_in, self.package.calls.decl_of, self._all_callers)
        self.own = OwnObjects(file, self._names_import, self._callee, self._import_path, filler)

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def _names_import(self, file: src.SourceFile, name: str, at: tree_sitter.Node) -> bool:
        """``name`` at ``at`` in ``file`` is an imported package, not a local
        (a parameter ``client``) that shadows it."""
        imports = self.pkg.package.imports.get(file.path, {})
        return name in imports and self.pkg.fact(TYPES).resolve(file, name, at) is None

    def _import_path(self, file: src.SourceFile, name: str, at: tree_sitter.Node) -> str | None:
        """The path of the package ``name`` names at ``at`` in ``file``, if
        it names one (:meth:`_names_import`)."""
        if not self._names_import(file, name, at):
            return None
        return self.pkg.package.imports.get(file.path, {}).get(name)

    def _callee(self, call: tree_sitter.Node) -> FuncDecl | None:
        """The function or method of the package that ``call`` calls."""
        calls = self.package.calls
        key = calls.resolve(self.file, call, calls.receiver_of(call))
        return self.index.funcs.get(key) if key is not None else None

    def _callee_in(self, file: src.SourceFile, call: tree_sitter.Node) -> FuncDecl | None:
        """The function or method of the package that ``call`` in ``file``
        calls."""
        calls = self.package.calls
        key = calls.resolve(file, call, calls.receiver_of(call))
        return self.index.funcs.get(key) if key is not None else None

    def _all_callers(self, decl: FuncDecl) -> list[tuple[FuncDecl, tree_sitter.Node]] | None:
        """Every call of ``decl`` (``None`` when not all are in sight: an
        exported name, or one handed on as a value)."""
        if decl.name[:1].isupper() or self.package.used_as_value(decl.name):
            return None
        return [(c.caller, c.call) for c in self.package.callers(decl.key)]

    def _constant(self, node: tree_sitter.Node) -> bool:
        """``node`` has a non-zero value fixed before the function runs: a
        constant of the package with a non-zero value (no local of that name
        in scope there), a constant of an imported package
        (``common.DefaultServer``), or a local defined from a non-zero
        literal and never assigned again (``expected := "v1"``)."""
        node = sx.unparen(node)
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is None or field is None or operand.type != "identifier":
                return False
            name = self.text(operand)
            path = self.types.imports.get(name)
            return (
                path is not None
                and self._names_import(self.file, name, node)
                and self.package.imported_nonzero(path, self.text(field))
            )
        if node.type != "identifier":
            return False
        name = self.text(node)
        binding = self.pkg.fact(TYPES).resolve(self.file, name, node)
        if binding is None:
            return self.pkg.fact(CONSTANTS).nonzero(name)
        return self._fixed_local(binding.kind, binding.value, binding.name_node, name)

    def _fixed_local(
        self,
        kind: str,
        value: tree_sitter.Node | None,
        declared: tree_sitter.Node | None,
        name: str,
    ) -> bool:
        """A local ``name := <non-zero literal>`` (or ``var name = ...``)
        that its function never assigns again, increments or takes the
        address of (closures included): it holds that value wherever it is
        in scope."""
        if kind not in ("short", "var") or value is None or declared is None:
            return False
        if not lookups.nonzero_literal(self.file, value):
            return False
        func = sx.outermost_function(declared)
        if func is None:
            return False
        for ident in sx.nodes(func, ("identifier",)):
            if ident.id == declared.id or self.text(ident) != name:
                continue
            up = ident.parent
            if (
                sx.is_assigned(ident)
                or (up is not None and up.type in ("inc_statement", "dec_statement"))
                or (up is not None and up.type == "unary_expression" and self.text(up)[:1] == "&")
            ):
                return False
        return True

    def _declared(self, node: tree_sitter.Node) -> tuple[str, str] | None:
        """(import path, name) of the type of the variable ``node`` names,
        or of the result of ``pkg.F(...)``, a function of an imported
        package (not the standard library) whose one result is a type that
        package declares (``cephv1.GetMgrAnnotations(a).ApplyToObjectMeta(m)``
        calls the method of that type)."""
        node = sx.unparen(node)
        if node.type == "call_expression":
            return self._call_result_type(node)
        if node.type == "selector_expression":
            return self._map_field_type(node)
        found = self.origin(self.text(node), node) if node.type == "identifier" else None
        if found is None or found.type is None:
            return None
        return self.types.declared_in(found.type)

    def _map_field_type(self, node: tree_sitter.Node) -> tuple[str, str] | None:
        """(import path, name) of the named type of the field ``node``
        selects (``rbd.Spec.Annotations`` of type ``cephv1.Annotations``),
        as this file writes it; the path is ``""`` for this package."""
        typed: str | None = None
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        owner = self._selected_type(operand) if operand is not None else None
        if owner is not None and not owner[1] and field is not None:
            # a field of an API type: its map type as this file writes it
            steps = self.types.member(owner[0], self.text(field))
            last = steps[-1][1] if steps else None
            typed = last.make_type if isinstance(last, MapField) else None
        if typed is None:
            typed = self.pkg.fact(TYPES).type_of(self.file, node)
        if typed is None:
            return None
        qualifier, dot, name = typed.strip().lstrip("*").partition(".")
        if not dot:
            named = qualifier.isidentifier() and qualifier in self.index.types
            return ("", qualifier) if named else None
        path = self.types.imports.get(qualifier)
        return (path, name) if path is not None and name.isidentifier() else None

    def _selected_type(self, node: tree_sitter.Node) -> tuple[TypeRef, bool] | None:
        """The API type of ``node`` (:meth:`.Origins.expr_type`), also below
        a value of another type whose field holds an API object
        (``c.store.Spec.Gateway`` with ``store *cephv1.CephObjectStore`` a
        field of the reconciler): the field's type as TYPES tells it, then
        the fields of the API type."""
        found = self.origins.expr_type(node)
        if found is not None:
            return found
        fields: list[str] = []
        current = sx.unparen(node)
        while current.type == "selector_expression":
            typed = self.pkg.fact(TYPES).type_of(self.file, current)
            t = self.types.resolve(typed) if typed is not None else None
            if t is not None:
                is_slice = False
                for name in reversed(fields):
                    steps = self.types.member(t, name)
                    last = steps[-1] if steps else None
                    if last is None or isinstance(last[1], MapField):
                        return None
                    t, is_slice = last[1], last[2]
                return t, is_slice
            field = current.child_by_field_name("field")
            operand = current.child_by_field_name("operand")
            if field is None or operand is None:
                return None
            fields.append(self.text(field))
            current = sx.unparen(operand)
        return None

    def _call_result_type(self, call: tree_sitter.Node) -> tuple[str, str] | None:
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        field = fn.child_by_field_name("field") if fn is not None else None
        if fn is None or fn.type != "selector_expression" or operand is None or field is None:
            return None
        if operand.type != "identifier" or self.pkg.fact(TYPES).resolve(
            self.file, self.text(operand), operand
        ):
            return None  # not a package name (a local shadows it)
        path = self.types.imports.get(self.text(operand))
        if path is None or is_std(path):
            return None
        package = self._module_package(path)
        decl = package.funcs.get(self.text(field)) if package is not None else None
        if package is None or decl is None or decl.receiver or len(decl.results) != 1:
            return None
        name = decl.results[0].type_text.strip().lstrip("*")
        if not name.isidentifier() or name not in package.types:
            return None
        return path, name

    def _module_package(self, path: str) -> PackageIndex | None:
        """The package ``path`` of this module, parsed whole (PROJECT_PACKAGES)."""
        types = self.types
        module = types.module_path
        if not module or types.module_root is None:
            return None
        if path != module and not path.startswith(module + "/"):
            return None
        rel = path[len(module) :].lstrip("/")
        return types.projects.package(types.module_root / rel, part=True)

    def origin(self, name: str, at: tree_sitter.Node) -> Origin | None:
        return self.origins.origin(name, at)

    def chain(self, node: tree_sitter.Node) -> tuple[str, list[str]] | None:
        """``a.B[i].C`` → ("a", ["B", "[]", "C"])."""
        return self.origins.chain(node)

    def guarded(self, write: tree_sitter.Node, forms: set[str], base: str) -> bool:
        """A check or an assignment before ``write`` that makes the map non-nil,
        made after the last time the object was read anew from the API server
        on the way there (:meth:`refill`), or after the last ``base = v``
        that may run on the way (:func:`.apiorigins.rebound`: a check of the
        object ``base`` held before proves nothing of the new one)."""
        refill = self.refill(base, write)
        since = refill.end_byte if refill is not None else -1
        assigned = rebound(self.file, base, write)
        if assigned is not None:
            since = max(since, assigned.end_byte)
        return self.guards.guarded(write, forms, base, since)

    def refill(self, base: str, at: tree_sitter.Node) -> tree_sitter.Node | None:
        """The last call before ``at``, in its function and on the way to it
        (in a block that holds ``at``), that reads the object ``base`` points
        to anew from a client: ``c.Get(ctx, key, base)``, ``c.Get(ctx, key,
        &base)``. The decoder replaces the whole object (a conflict retry's
        re-read), so a map made or checked before it is gone, whatever the
        variable held before."""
        call = self._filler(base, at)
        if call is None or not client_read(self.file, call, self.types.imports, ("Get",)):
            return None
        block = call.parent
        while block is not None and block.type not in ("block", "statement_list"):
            block = block.parent
        if block is None or not block.start_byte <= at.start_byte < block.end_byte:
            return None
        return call

    def nilable_map(self, node: tree_sitter.Node) -> Nilable | None:
        """If ``node`` is a Kubernetes/CRD map that may be nil here: the map,
        the reason, and the explicit field path (embedded fields included)."""
        chain = self.chain(node)
        if chain is None or not chain[1] or chain[1][-1] == "[]":
            return None
        return self.nilable(chain[0], chain[1], node)

    def unguarded_map(
        self, node: tree_sitter.Node, at: tree_sitter.Node
    ) -> tuple[Nilable, tuple[str, list[str]]] | None:
        """:meth:`nilable_map` of ``node`` when nothing before ``at`` makes
        or checks it: the map, the reason and the explicit path, and the
        chain ``(base, steps)``."""
        text = sx.norm(self.text(node))
        with written_when(text, conditions_around(self.file, at)):
            found = self.nilable_map(node)
            chain = self.chain(node) if found is not None else None
            if found is None or chain is None:
                return None
            if self.guarded(at, forms(chain[0], chain[1], found[2]), chain[0]):
                return None
        return found, chain

    def nilable(
        self,
        base: str,
        steps: list[str],
        node: tree_sitter.Node,
        origin: Origin | None = None,
        depth: int = 0,
        ranged: bool = True,
    ) -> Nilable | None:
        """:meth:`nilable_map` of the chain ``base.steps`` at ``node``;
        ``origin`` overrides where ``base`` comes from (an argument that is a
        literal or a call); ``depth`` counts the calls a parameter was
        followed back through. ``ranged``: an item of a range is judged by
        its slice too (:meth:`_item_nilable`)."""
        if origin is None:
            origin = self.origin(base, node)
        if origin is None:
            return None
        if ranged and origin.kind == "range" and origin.source is not None and steps:
            return self._item_nilable(base, steps, node, origin, depth)
        if self.own.stored(base, steps, node):
            return None  # read back what the program itself created with it
        refs = self.pkg.module(OWN_REFS)
        if read_by_reference(self.own, refs, decode_checked, base, steps, node):
            return None  # read at the name of its own object its status records
        if origin.kind not in ("zero", "param", "literal", "lister", "decoded"):
            refill = self.refill(base, node)
            fn = refill.child_by_field_name("function") if refill is not None else None
            if fn is not None:
                # read anew into the variable's object (a conflict retry's
                # re-read of a copy): the server's object, whatever it held
                why = f"{base} is decoded by {self.text(fn)}"
                origin = Origin(origin.type, "decoded", why=why, defined=origin.defined)
        if origin.kind == "deepcopy" and origin.source is not None:
            # a deep copy has the maps of what it copies: judge that value
            copied = self.chain(origin.source)
            if copied is not None and self.origin(copied[0], origin.source) is not None:
                inner = self.nilable(copied[0], [*copied[1], *steps], origin.source, None, depth)
                if inner is None:
                    return None
                # checked (or proved) on the original before it was copied
                names = forms(copied[0], [*copied[1], *steps], inner[2])
                if self.guarded(origin.source, names, copied[0]) or self.guards.parsed_range(
                    node, names
                ):
                    return None
                return inner[0], f"{origin.why}, and {inner[1]}", inner[2]
            made = None if copied is not None else self.origins.from_value(origin.source, base)
            if made is not None and made.kind == "factory" and made.source is not None:
                # ``newSecret(ns).DeepCopy()``: the copy of what the function
                # of the package returns, judged as its result
                inner = self._factory_nilable(made, steps, depth)
                if inner is None:
                    return None
                return inner[0], f"{origin.why}, and {inner[1]}", inner[2]
        if origin.kind in ("copy", "alias") and steps:
            source = origin.source or origin.literal
            copied = self.chain(source) if source is not None else None
            if source is None or copied is None:
                return None
            inner = self.nilable(copied[0], [*copied[1], *steps], source, None, depth)
            if inner is None:
                return None
            return inner[0], f"{origin.why}, and {inner[1]}", inner[2]
        if origin.kind == "factory" and origin.source is not None:
            return self._factory_nilable(origin, steps, depth)
        if origin.kind == "items" and origin.source is not None:
            return self._factory_nilable(origin, ["[]", *steps], depth, items=True)
        if steps[-1:] == ["Labels"] and self._label_selected(base, steps, node, origin):
            return None
        if self.test_code and self._read_back(origin):
            return None  # a test reads back what the test itself stored
        if origin.type is None and len(steps) >= 2 and origin.kind == "param":
            held = self._held_nilable(base, steps, node, depth)
            if held is not None:
                return held
        if origin.type is None:
            heuristic = origin.kind in ("lister", "deepcopy", "range", "decoded") and self.k8s
            meta = promoted_meta(steps)  # x.ObjectMeta.Labels is x.Labels
            if heuristic and meta in (["Labels"], ["Annotations"]):
                return MapField("map[string]string", meta[0]), origin.why, ["ObjectMeta", *meta]
            listed = meta in (["[]", "Labels"], ["[]", "Annotations"])
            if origin.kind == "lister" and self.k8s and listed:
                # an item of the slice a lister's List returns ([]*T): an object
                item = MapField("map[string]string", meta[1])
                return item, origin.why, ["[]", "ObjectMeta", meta[1]]
            return None
        t: TypeRef = origin.type
        root = t
        api_object = is_api_type(t)
        part = origin.kind == "param" and isinstance(t, Proj)  # a status struct by value
        part = part or origin.part  # a part of an object a client read
        if not api_object and origin.kind not in ("zero", "literal") and not part:
            # not an API object: nil only when known to be built without the map
            return None
        explicit: list[str] = []
        is_slice = False
        result: MapField | None = None
        for i, step in enumerate(steps):
            if result is not None:
                return None
            if step == "[]":
                if not is_slice:
                    return None
                is_slice = False
                explicit.append("[]")
                continue
            if is_slice:
                return None
            found = self.types.member(t, step)
            if found is None:
                return None
            for name, target, slice_ in found:
                explicit.append(name)
                if isinstance(target, MapField):
                    result = target
                else:
                    t, is_slice = target, slice_
            if result is not None and i != len(steps) - 1:
                return None
        if result is None or (origin.chain and payload(explicit[-1])):
            return None
        if _server_required(root, explicit) and self._from_server(base, origin, node):
            return None
        why = origin.why
        if origin.kind in ("zero", "param", "literal"):
            filler = self._filled_by(base, node, origin.defined)
            if filler and self.test_code:
                return None  # a test reads back what the test itself stored
            if filler and self._unstructured_decoded(root, explicit, base, node, origin):
                return None
            if filler and self._constant_decoded(root, explicit, base, node, origin):
                return None  # decoded from the program's own text that sets it
            if filler:
                return result, f"{base} is decoded by {filler}", explicit
        if origin.kind == "literal" and origin.literal is not None:
            if not literal_omits(self.file, origin.literal, explicit):
                passed = self._passed_parameter(origin.literal, explicit, node, depth)
                if passed is None:
                    passed = self._literal_part(origin.literal, explicit, depth)
                if passed is not None:
                    return result, passed, explicit
                return self._fallback_nilable(base, steps, node, origin, explicit, depth)
            field = explicit[-1]
            owner = f"{base}'s literal" if base else "the literal"
            return result, f"{owner} does not set {field}", explicit
        if origin.kind == "param":
            evidence = self.caller_evidence(base, steps, node, depth, origin.type)
            if evidence is None or (not api_object and not evidence):
                # a part of an API object (a status struct passed by value)
                # only on a caller's evidence: one that passes such a part
                # of an object whose map may be nil
                return None
            why = f"{why}{evidence}"
        return result, why, explicit

    # ---- API objects held in fields of the package's own structs ---------

    def _holder(self, base: str, node: tree_sitter.Node) -> TypeDecl | None:
        """The struct of the package (a reconcile or operation context, no
        API type) that the parameter or receiver ``base`` is declared as."""
        for func in enclosing_funcs(node):
            for field_name in ("receiver", "parameters"):
                plist = func.child_by_field_name(field_name)
                for decl in plist.named_children if plist is not None else ():
                    names = [self.text(n) for n in decl.children_by_field_name("name")]
                    type_node = decl.child_by_field_name("type")
                    if base in names and type_node is not None:
                        text = re.sub(r"\[.*\]", "", self.text(type_node)).lstrip("*").strip()
                        found = self.index.types.get(text)
                        return found if found is not None and found.is_struct else None
            if self.origins.origin_in(func, base, node.start_byte) is not None:
                return None  # a local of a closure around: not followed here
        return None

    def _item_nilable(
        self, base: str, steps: list[str], node: tree_sitter.Node, origin: Origin, depth: int
    ) -> Nilable | None:
        """``x`` of ``for _, x := range c.S``, judged as an item (its type,
        the list it came from), unless what holds the slice proves the map on
        every element: ``x`` is (or, for a slice of structs, is a copy of,
        sharing its maps) the element ``c.S[i]``, so a check before the loop
        that proves ``c.S[i].M`` for every ``i`` (a defaulting method that
        validates each element: API_CALLEES ``checked`` paths ``S[i].M``)
        proves ``x.M``; and for a parameter ``c`` of a function the package
        calls, every caller passing a value whose elements have the map does
        (judged at the calls, with the guards there)."""
        found = self.nilable(base, steps, node, origin, depth, ranged=False)
        assert origin.source is not None
        container = self.chain(origin.source)
        if found is None or container is None or container[1][-1:] == ["[]"]:
            return found
        outer_base, prefix = container
        outer = self.origin(outer_base, origin.source)
        if outer is None or self._slice_assigned(origin.source):
            return found
        path = [*prefix, "[]", *steps]
        names = forms(outer_base, path, [*prefix, "[]", *found[2]])
        if self.guarded(origin.source, names, outer_base):
            return None
        if (
            outer.kind == "param"
            and depth < ApiObjects.MAX_DEPTH
            and self._called(outer_base, origin.source)
        ):
            inner = self.nilable(outer_base, path, origin.source, outer, depth)
            if inner is None:
                return None
        return found

    def _called(self, base: str, node: tree_sitter.Node) -> bool:
        """The function declaring the parameter ``base`` (not a function
        literal) has callers in the package's production code: what they
        pass can be judged. (One with none, or a literal's parameter, is no
        evidence on its own for a map of the parameter; an item of its
        slice is still judged by its type.)"""
        func, _ = self._declaring_function(base, node)
        key = self.package.calls.key_of(func) if func is not None else None
        if key is None:
            return False
        return any(
            self.test_code or not is_test_code(c.caller.file.path, imported(c.caller.file))
            for c in self.package.callers(key)
        )

    def _slice_assigned(self, ranged: tree_sitter.Node) -> bool:
        """The function around the range over ``ranged`` (``c.S``) assigns
        the slice, a field on the way to it or one of its elements
        (``c.S = append(c.S, &T{})``): it may hold elements no check before
        saw."""
        funcs = enclosing_funcs(ranged)
        whole = sx.norm(self.text(ranged))
        for stmt in src.of_types(funcs[-1], ("assignment_statement",)) if funcs else []:
            left = stmt.child_by_field_name("left")
            for target in left.named_children if left is not None else []:
                text = sx.norm(self.text(sx.unparen(target)))
                if whole == text or whole.startswith(text + ".") or text.startswith(whole + "["):
                    return True
        return False

    def _held_nilable(
        self, base: str, steps: list[str], node: tree_sitter.Node, depth: int
    ) -> Nilable | None:
        """``rc.Pod.Labels`` where ``rc`` is a struct of the package whose
        field ``Pod`` holds an API object: judged by the values the package
        stores in that field (``rc.Pod = pod``, ``&Ctx{Pod: p}``), each where
        it is stored, unless the storing function makes the map through the
        holder before it returns."""
        if depth >= ApiObjects.MAX_DEPTH or steps[0] == "[]":
            return None
        holder = self._holder(base, node)
        if holder is None:
            return None
        field = next((f for f in holder.fields if f.name == steps[0] and not f.embedded), None)
        if field is None:
            return None
        held = self.types.resolve(field.type_text, self.index, holder.file.path)
        if held is None or not is_api_type(held):
            return None
        for file, value, at in self.package.stored(holder.name, field.name):
            if not self.test_code and is_test_code(file.path, imported(file)):
                continue  # a test's fixture is no evidence for production code
            caller = self.package.analysis(file.path)
            found = caller.argument_nilable(value, steps[1:], at, depth + 1, held)
            if found is None or caller.made_after_store(at, steps, [steps[0], *found[2]]):
                continue
            if found[1].rstrip(")").endswith(" is a parameter"):
                # the stored value is a parameter whose callers are not
                # seen: no object whose map is known to be missing
                continue
            shown = sx.flat_text(file, value)
            return found[0], f"{base}.{steps[0]} holds {shown} ({found[1]})", [steps[0], *found[2]]
        return None

    def made_after_store(self, at: tree_sitter.Node, steps: list[str], explicit: list[str]) -> bool:
        """The function that stores a value into a holder's field at ``at``
        makes (or checks) the map through the holder before each return
        after the store: ``woc := opCtx{wf: wf}; if woc.wf.Status.Nodes ==
        nil { woc.wf.Status.Nodes = ... }; return &woc``."""
        holder = holder_name(self.file, at)
        funcs = enclosing_funcs(at)
        body = funcs[0].child_by_field_name("body") if funcs else None
        if not holder or body is None:
            return False
        returns = [
            r
            for r in src.of_types(body, ("return_statement",), "func_literal")
            if r.start_byte > at.end_byte
        ]
        names = forms(holder, steps, explicit)
        # only what runs after the store counts (the store itself sets the field)
        return bool(returns) and all(
            self.guards.guarded(r, names, holder, at.end_byte) for r in returns
        )

    def _fallback_nilable(
        self,
        base: str,
        steps: list[str],
        node: tree_sitter.Node,
        origin: Origin,
        explicit: list[str],
        depth: int,
    ) -> Nilable | None:
        """``base`` holds the literal (which sets the map) only on the path
        where a read before it found no object: ``x, err := c.Get(...)``,
        then ``if IsNotFound(err) { x = &T{Data: map[K]V{}} }`` in a branch
        that goes on to the write. On the other path ``x`` is the object
        the read found, whatever another creator stored (an install
        manifest's ConfigMap without data, a Secret a user made empty): its
        map is judged as the read's, content maps too, since the program's
        own fallback shows the write needs a map the found object does not
        promise."""
        literal_stmt = _statement_of(origin.literal)
        func = sx.enclosing_function(node)
        if origin.defined != -1 or literal_stmt is None or func is None:
            return None
        branch = _fallback_branch(self.file, literal_stmt, node, func)
        if branch is None:
            return None
        read = self.origins.origin_in(func, base, branch.start_byte)
        if read is None or read.kind not in ("lister", "decoded") or read.defined == -1:
            return None
        field = explicit[-1]
        why = f"{read.why}, and only the object made where the read finds none sets {field}"
        found = dataclasses.replace(read, chain=False, why=why)
        return self.nilable(base, steps, node, found, depth)

    def _passed_parameter(
        self, literal: tree_sitter.Node, explicit: list[str], node: tree_sitter.Node, depth: int
    ) -> str | None:
        """Why the map the literal sets at ``explicit`` may be nil at
        ``node``: it is a map parameter of the function that builds the
        literal, never assigned there, that a caller in the package may pass
        as nil (:mod:`.paramfields`)."""
        value = literal_value(self.file, literal, explicit)
        func = sx.enclosing_function(literal)
        if value is None or value.type != "identifier" or func is None:
            return None
        name = self.text(value)
        position = map_parameter(self.file, func, name)
        key = self.package.calls.key_of(func) if position is not None else None
        if position is None or key is None or depth >= ApiObjects.MAX_DEPTH:
            return None
        if self.guarded(node, {name}, name):
            return None  # checked (or made) before the write
        for resolved in self.package.callers(key):
            caller_file = resolved.caller.file
            if not self.test_code and is_test_code(caller_file.path, imported(caller_file)):
                continue  # a test's call is no evidence for production code
            arg = argument(caller_file, resolved.call, position)
            if arg is None:
                continue
            caller = self.package.analysis(caller_file.path)

            def api_map(
                a: tree_sitter.Node,
                caller: Analysis = caller,
                call: tree_sitter.Node = resolved.call,
            ) -> str | None:
                found = caller.argument_nilable(a, [], call, depth + 1)
                return found[1] if found is not None else None

            why = nil_argument(
                caller_file,
                arg,
                resolved.call,
                self.pkg.fact(TYPES),
                self.pkg.fact(NIL_FLOW),
                self.package.calls,
                api_map,
            )
            if why is not None:
                where = f"{caller_file.path.rsplit('/', 1)[-1]}:{resolved.call.start_point[0] + 1}"
                return (
                    f"the literal sets {explicit[-1]} to the parameter {name}, and "
                    f"{resolved.caller.name} passes {why} ({where})"
                )
        return None

    def _literal_part(
        self, literal: tree_sitter.Node, explicit: list[str], depth: int
    ) -> str | None:
        """Why the map the literal sets (at ``explicit``, or through a part
        of the object it sets) may be nil: it sets the map to the result of
        a call whose function returns ``nil`` on some path
        (``Annotations: cr.PodAnnotations()``), or it sets a part of the
        object to a value built elsewhere (``Template: *podSpec``, a struct
        copied with its maps), judged at the rest of the path where that
        value comes from."""
        for i in range(len(explicit), 0, -1):
            value = literal_value(self.file, literal, explicit[:i])
            if value is None:
                continue
            value = sx.unparen(value)
            if i == len(explicit):
                returns_nil = self._nil_call(value)
                if returns_nil is None:
                    return None
                return f"the literal sets {explicit[-1]} to {returns_nil}"
            if value.type not in ("identifier", "selector_expression", "call_expression"):
                return None
            if value.type == "identifier" and self._handed_unread(
                self.text(value), explicit[i:], literal
            ):
                return None
            # the value is judged in the same function: no call followed
            found = self.argument_nilable(value, explicit[i:], literal, depth)
            if found is None:
                return None
            shown = re.sub(r"\s+", "", self.text(value))
            return f"the literal sets {explicit[i - 1]} to {shown}, and {found[1]}"
        return None

    def _handed_unread(self, name: str, rest: list[str], literal: tree_sitter.Node) -> bool:
        """Before ``literal``, in its function, a call is handed a pointer to
        ``name`` or to a part of it on the path ``rest`` (``&pod``,
        ``&pod.ObjectMeta``) and what its callee does with it cannot be read
        (no proof of it): it may have made the map, so the part copied into
        the literal is not known to lack it."""
        func = sx.enclosing_function(literal)
        if func is None:
            return False
        handed = {f"&{name}"} | {f"&{name}." + ".".join(rest[:k]) for k in range(1, len(rest))}
        for call in src.of_types(func, ("call_expression",), "func_literal"):
            if call.start_byte >= literal.start_byte:
                break
            args = call.child_by_field_name("arguments")
            texts = {sx.norm(self.text(a)) for a in args.named_children} if args else set()
            if texts & handed and self.guards.proof(call) is None:
                return True
        return False

    def _nil_call(self, value: tree_sitter.Node) -> str | None:
        """``value`` is a call of a function (of the package) or a method
        (of a type of the package or of another package of the module)
        whose one result is a map that some ``return`` gives as ``nil``."""
        if value.type != "call_expression":
            return None
        why = nil_argument(
            self.file,
            value,
            value,
            self.pkg.fact(TYPES),
            self.pkg.fact(NIL_FLOW),
            self.package.calls,
            lambda _: None,
        )
        if why is not None:
            return why
        fn = value.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        method = fn.child_by_field_name("field") if fn is not None else None
        if fn is None or fn.type != "selector_expression" or operand is None or method is None:
            return None
        typed = self.origins.expr_type(operand)
        if typed is None or typed[1] or not isinstance(typed[0], Proj):
            return None
        owner = typed[0]
        decl = owner.package.funcs.get(f"{owner.decl.name}.{self.text(method)}")
        if decl is None or not _returns_nil_map(decl):
            return None
        return f"the result of {self.text(fn)}, which can return nil"

    def _unstructured_decoded(
        self, root: TypeRef, explicit: list[str], base: str, node: tree_sitter.Node, origin: Origin
    ) -> bool:
        """``base`` is an ``unstructured.Unstructured`` (its ``Object`` is
        written) that a JSON decoder filled (``json.Unmarshal``,
        ``sigs.k8s.io/yaml``'s or ``ghodss/yaml``'s ``Unmarshal``, which
        convert to JSON first) with its error leaving before ``node``:
        ``Unstructured.UnmarshalJSON`` stores the decoded object and fails
        unless the input is an object with a ``kind`` (``null`` and an empty
        document fail too), so where the decode succeeded ``Object`` is
        set."""
        if not isinstance(root, Ext) or root.qualified != UNSTRUCTURED or explicit != ["Object"]:
            return False
        call = self._filler(base, node, origin.defined)
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or fn is None or fn.type != "selector_expression":
            return False
        operand = fn.child_by_field_name("operand")
        name = self.text(fn.child_by_field_name("field") or fn)
        path = self.types.imports.get(self.text(operand)) if operand is not None else None
        if name != "Unmarshal" or path not in _JSON_DECODERS:
            return False
        return decode_checked(self.file, call, node)

    def _constant_decoded(
        self, root: TypeRef, explicit: list[str], base: str, node: tree_sitter.Node, origin: Origin
    ) -> bool:
        """``base``, an object of ``k8s.io/api``, was filled by a JSON
        decoder's ``Unmarshal`` (its error leaving before ``node``) from a
        constant text of the package that sets the map ``explicit`` with
        entries (constdecoded)."""
        if not isinstance(root, Ext) or not root.qualified.startswith("k8s.io/api/"):
            return False
        call = self._filler(base, node, origin.defined)
        fn = call.child_by_field_name("function") if call is not None else None
        args = call.child_by_field_name("arguments") if call is not None else None
        if call is None or fn is None or args is None or fn.type != "selector_expression":
            return False
        operand = fn.child_by_field_name("operand")
        name = self.text(fn.child_by_field_name("field") or fn)
        path = self.types.imports.get(self.text(operand)) if operand is not None else None
        if name != "Unmarshal" or path not in _JSON_DECODERS or not args.named_children:
            return False
        if not decode_checked(self.file, call, node):
            return False
        text = constant_text(self.index, re.sub(r"\s+", "", self.text(args.named_children[0])))
        return text is not None and sets_map(text, explicit)

    def object_map_proved(
        self, obj: tree_sitter.Node, field: str, at: tree_sitter.Node, write: tree_sitter.Node
    ) -> bool:
        """The map ``field`` (``Labels``, ``Annotations``) of the object
        ``obj`` is known to be there at ``at`` (where the code reads it, for
        ``write``): a guard on it before (a nil check, a comma-ok lookup or a
        range over ``obj.GetLabels()`` ...), a list call with a label
        selector (``Labels``), or the same for the object it is a copy of,
        before the copy."""
        for _ in range(4):  # through at most three copies
            chain = self.chain(obj)
            if chain is None:
                return False
            base, steps = chain
            names = forms(base, [*steps, field], [*steps, field]) | forms(
                base, [*steps, field], [*steps, "ObjectMeta", field]
            )
            if self.guarded(at, names, base) or self.guards.parsed_range(write, names):
                return True
            origin = self.origin(base, at)
            if origin is None:
                return False
            if field == "Labels" and self._label_selected(base, [*steps, field], at, origin):
                return True
            if (
                not steps
                and origin.type is not None
                and _server_required(origin.type, ["ObjectMeta", field])
                and self._from_server(base, origin, at)
            ):
                return True  # the server never stores the object without it
            if steps or origin.kind not in ("deepcopy", "copy") or origin.source is None:
                return False
            obj = at = origin.source
        return False

    def getter_map_proved(
        self, obj: tree_sitter.Node, field: str, at: tree_sitter.Node, write: tree_sitter.Node
    ) -> bool:
        """``obj.GetLabels()`` (``field`` "Labels") read at ``at`` is not
        nil: :meth:`object_map_proved`, or ``obj`` is a parameter that every
        caller passes with the map made: an unexported function, called in
        the package, whose callers all pass an object with the map
        (:meth:`caller_evidence`, as for a write to ``obj.Labels``), or an
        exported function (not a method) when the module's other packages
        are in sight: its calls there (``pkg.F(obj)``) are judged too, and
        one nothing in the module calls is the module's API (reported)."""
        if self.object_map_proved(obj, field, at, write):
            return True
        if sx.unparen(obj).type != "identifier":
            return False
        name = self.text(obj)
        origin = self.origin(name, at)
        typed = self._declared_type(origin) if origin is not None else None
        if (
            origin is not None
            and self.types.promoted_getter(typed, field)
            and (origin.kind != "param" or isinstance(typed, Proj))
        ):
            # obj.GetLabels() is obj.Labels: judged as a write to the field
            # (a parameter of an API type stays judged by its callers below)
            return self.nilable(name, [field], at, origin) is None
        if origin is None or origin.kind != "param":
            return False
        func, _ = self._declaring_function(name, at)
        func_name = func.child_by_field_name("name") if func is not None else None
        if func is None or func_name is None:
            return False
        key = self.package.calls.key_of(func)
        if key is None:
            return False
        if self.text(func_name)[:1].isupper():
            if func.type != "function_declaration" or not self.package.across:
                return False  # callers in other packages: not all in sight
        elif not self.package.callers(key):
            return False  # no caller in sight: as before, the getter may give nil
        return self.caller_evidence(name, [field], at, 0, origin.type) is None

    def _declared_type(self, origin: Origin, depth: int = 0) -> TypeRef | None:
        """The static type of a variable of ``origin``: its origin's type, or
        for the result of a function of the package (``s := newSecret()``,
        ``s := r.secret()``) the type its declaration gives the first result,
        and for a ``DeepCopy()`` the type of what it copies (the generated
        method of an API type returns ``*T``). ``None`` when not written."""
        if origin.type is not None or depth > 3:
            return origin.type
        if origin.kind == "factory":
            decl = self.index.funcs.get(origin.key)
            if decl is None or not decl.results:
                return None
            return self.types.resolve(decl.results[0].type_text, self.index, decl.file.path)
        if origin.kind != "deepcopy" or origin.source is None:
            return None
        source = sx.unparen(origin.source)
        copier = origin.source.parent
        if source.type == "selector_expression" and copier is not None:
            # ``r.s.DeepCopy()``: a field of the receiver's struct, of the
            # type its declaration writes
            callee = self.origins.method_callee(copier)
            if callee is None or not callee[1].endswith(".DeepCopy"):
                return None
            named = callee[1].removesuffix(".DeepCopy")
            found = (
                self.types.qualified(f"{callee[0]}.{named}")
                if callee[0]
                else self.types.resolve(named, self.index)
            )
            return found if found is not None and is_api_type(found) else None
        if source.type == "identifier":
            inner = self.origin(self.text(source), source)
        elif source.type == "call_expression":
            inner = self.origins.from_value(source, "the copied value")
        else:
            return None
        if inner is None or inner.kind not in ("factory", "deepcopy"):
            return None
        found = self._declared_type(inner, depth + 1)
        # a DeepCopy is the generated method only on an API type
        return found if found is not None and is_api_type(found) else None

    def _from_server(self, base: str, origin: Origin, node: tree_sitter.Node) -> bool:
        """``base`` holds an object as the API server stored it: the result
        of a client's ``Get``/``List`` (or a lister's), an item of such a
        list, or a value a client method (``c.Get(ctx, key, &x)``) read
        into before ``node``, or an object handed over as an interface and
        asserted to its type (an informer's handler, a callback that gets
        the existing object): the reading that makes its optional maps
        nilable says it comes as the server sent it. Decoding bytes
        (``json.Unmarshal``) is not the server's word."""
        if origin.kind in ("lister", "asserted"):
            return True
        if origin.kind == "range" and origin.source is not None:
            listed = self.chain(origin.source)
            found = self.origin(listed[0], origin.source) if listed is not None else None
            if listed is None or found is None:
                return False
            return self._from_server(listed[0], found, origin.source)
        if origin.kind not in ("zero", "literal"):
            return False
        filler = self._filler(base, node, origin.defined)
        return filler is not None and client_read(self.file, filler, self.types.imports)

    def _read_back(self, origin: Origin) -> bool:
        """The object was read from a client or decoded (or is an item of a
        list that was)."""
        if origin.kind in ("lister", "decoded"):
            return True
        if origin.kind != "range" or origin.source is None:
            return False
        listed = self.chain(origin.source)
        if listed is None:
            return False
        found = self.origin(listed[0], origin.source)
        if found is None:
            return False
        return found.kind in ("lister", "decoded") or bool(
            self._filled_by(listed[0], origin.source)
        )

    def _factory_nilable(
        self, origin: Origin, steps: list[str], depth: int, items: bool = False
    ) -> Nilable | None:
        """A value from a function of the package: the map at ``steps`` may
        be nil when some ``return`` gives a value without it (a literal that
        omits it, an object read from the API...), judged in the function.
        ``items``: the value is an item of the slice it returns (``steps``
        start with ``[]``)."""
        assert origin.source is not None
        decl = self.index.funcs.get(origin.key or self.text(origin.source))
        if decl is None or decl.body is None or depth >= ApiObjects.MAX_DEPTH:
            return None
        callee = self.package.analysis(decl.file.path)
        result_type = (
            None if items else callee.types.resolve(decl.results[0].type_text, callee.index)
        )
        errors = len(decl.results) > 1 and decl.results[-1].type_text == "error"
        for ret in src.of_types(decl.body, ("return_statement",), "func_literal"):
            values = ret.named_children[0].named_children if ret.named_children else []
            if not values or sx.unparen(values[0]).type == "nil":
                continue
            if errors and len(values) == len(decl.results) and values[-1].type != "nil":
                continue  # an error path: the caller checks the error first
            found = callee.argument_nilable(values[0], steps, ret, depth + 1, result_type)
            if found is not None:
                # the path below an item, for an item of the returned slice
                explicit = found[2][1:] if items and found[2][:1] == ["[]"] else found[2]
                return found[0], f"{origin.why}, where {found[1]}", explicit
        return None

    # ---- parameters: judged by what the callers pass ----------------------

    def caller_evidence(
        self,
        base: str,
        steps: list[str],
        node: tree_sitter.Node,
        depth: int,
        param_type: TypeRef | None = None,
    ) -> str | None:
        """Why the parameter ``base`` may arrive without the map at
        ``base.steps``: some caller in the package passes a value that lacks
        it (``""`` when the callers cannot all be seen: an exported function
        or method, or one used as a value). ``None`` when every caller passes
        a value with the map made, or there is no caller at all: a parameter
        is not evidence on its own."""
        func, position = self._declaring_function(base, node)
        if func is None:
            # a function literal's parameter: whoever it is handed to calls it
            # with values this analysis cannot follow (a mutate callback gets
            # the caller's own object): not evidence on its own
            return None
        calls = self.package.calls
        key = calls.key_of(func)
        if key is None:
            return ""
        decl = self.index.funcs.get(key)
        if decl is None:
            return ""
        callers = self.package.callers(key)
        if not self.test_code:
            # a call in test code is no evidence for production code
            callers = [
                c for c in callers if not is_test_code(c.caller.file.path, imported(c.caller.file))
            ]
        exported = decl.name[:1].isupper() and not decl.receiver
        if not callers:
            if decl.name[:1].isupper() or self.package.used_as_value(decl.name):
                # called from other packages or through a value: evidence
                # unless every use in the module is a callback's (a function
                # literal's parameter passed on, or the function as a value)
                if self.pkg.module(CALLBACK_USES).callbacks_only(self.index, decl, position):
                    return None
                if (  # a method: its uses through the module's interfaces
                    decl.receiver
                    and position >= 0
                    and self.package.across
                    and depth < ApiObjects.MAX_DEPTH
                ):  # (its values x.M are uses that method_evidence judges)
                    return method_evidence(self.pkg, decl.name, position, steps, depth, param_type)
                if (  # (handed on in the package: its callers are unknown)
                    not exported
                    or not self.package.across
                    or self.package.used_as_value(decl.name)
                    or depth >= ApiObjects.MAX_DEPTH
                ):
                    return ""
                return module_evidence(self.pkg, decl.name, position, steps, depth, param_type)
            return None
        if depth >= ApiObjects.MAX_DEPTH:
            return ""
        for resolved in callers:
            arg = argument(resolved.caller.file, resolved.call, position)
            if arg is None:
                continue
            caller = self.package.analysis(resolved.caller.file.path)
            found = caller.argument_nilable(arg, steps, resolved.call, depth + 1, param_type)
            if found is not None:
                name = resolved.caller.name
                shown = sx.flat_text(caller.file, arg)
                marker = " is a parameter and "
                if marker in found[1]:  # handed on: name the next caller too
                    return f" and {name} passes {shown}; {found[1].split(marker, 1)[1]}"
                return f" and {name} passes {shown} ({found[1]})"
        if exported and self.package.across:
            return module_evidence(self.pkg, decl.name, position, steps, depth, param_type, False)
        return None

    def argument_nilable(
        self,
        arg: tree_sitter.Node,
        steps: list[str],
        call: tree_sitter.Node,
        depth: int,
        param_type: TypeRef | None = None,
    ) -> Nilable | None:
        """Whether the map at ``steps`` below the argument ``arg`` of ``call``
        may be nil there. ``param_type``: the type of the parameter it is
        passed as, which a bare variable of unknown type (a client's
        ``Get`` result) has too."""
        arg = sx.unparen(arg)
        if arg.type == "unary_expression" and self.text(arg).startswith("&"):
            operand = arg.child_by_field_name("operand")
            if operand is None:
                return None
            arg = sx.unparen(operand)
        if arg.type in ("composite_literal", "call_expression"):
            value = self.origins.from_value(arg, "the argument")
            if not value.kind:
                return None
            if value.type is None and param_type is not None:
                value = dataclasses.replace(value, type=param_type)
            return self.nilable("", steps, call, value, depth)
        chain = self.chain(arg)
        if chain is None:
            return None
        base, prefix = chain
        full = [*prefix, *steps]
        origin = self.origin(base, call)
        if origin is not None and origin.type is None and not prefix and param_type is not None:
            origin = dataclasses.replace(origin, type=param_type)
        found = self.nilable(base, full, call, origin, depth)
        if found is None:
            return None
        if self.guarded(call, forms(base, full, found[2]), base):
            return None
        return found

    def _declaring_function(
        self, name: str, node: tree_sitter.Node
    ) -> tuple[tree_sitter.Node | None, int]:
        """The function declaring parameter (or receiver: position -1)
        ``name`` around ``node``, and its position."""
        for func in enclosing_funcs(node):
            position = 0
            receiver = func.child_by_field_name("receiver")
            if receiver is not None and any(
                name in [self.text(n) for n in d.children_by_field_name("name")]
                for d in receiver.named_children
            ):
                return func, -1
            plist = func.child_by_field_name("parameters")
            for decl in plist.named_children if plist is not None else ():
                names = [self.text(n) for n in decl.children_by_field_name("name")]
                if name in names:
                    if decl.type == "variadic_parameter_declaration":
                        return (None, 0)
                    found = func if func.type != "func_literal" else None
                    return found, position + names.index(name)
                position += max(1, len(names))
            if func.type == "func_literal" and self._declares_locally(func, name, node):
                return None, 0
        return None, 0

    def _declares_locally(self, func: tree_sitter.Node, name: str, node: tree_sitter.Node) -> bool:
        body = func.child_by_field_name("body")
        return body is not None and self.origins.origin_in(func, name, node.start_byte) is not None

    def _filled_by(self, base: str, at: tree_sitter.Node, since: int = -1) -> str:
        """The call that decodes into ``&base`` before ``at`` (Get, Unmarshal …)
        and after ``since`` (where ``base`` was last defined: a call before
        it filled the object ``base`` held then)."""
        call = self._filler(base, at, since)
        fn = call.child_by_field_name("function") if call is not None else None
        return self.text(fn) if fn is not None else ""

    def _filler(self, base: str, at: tree_sitter.Node, since: int = -1) -> tree_sitter.Node | None:
        funcs = enclosing_funcs(at)
        if not funcs:
            return None
        body = funcs[0].child_by_field_name("body")
        if body is None:
            return None
        filler: tree_sitter.Node | None = None
        for node in src.walk(body):
            if node.start_byte >= at.start_byte:
                break
            if node.type != "call_expression" or node.start_byte < since:
                continue
            args = node.child_by_field_name("arguments")
            fn = node.child_by_field_name("function")
            if args is None or fn is None:
                continue
            method = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
            reads = method is not None and self.text(method) in READS_INTO
            for i, arg in enumerate(args.named_children):
                text = re.sub(r"\s+", "", self.text(arg))
                if text == "&" + base and not reads and self._untouched(node, i):
                    continue  # the callee only reads the object
                if text == "&" + base or (reads and text == base):
                    filler = node
        return filler

    def _untouched(self, call: tree_sitter.Node, position: int) -> bool:
        """The callee of ``call`` leaves its parameter ``position`` as it was
        (API_CALLEES ``untouched``: it only reads what is below it)."""
        proof = self.guards.proof(call)
        return proof is not None and position in proof.untouched

    def _label_selected(
        self, base: str, steps: list[str], node: tree_sitter.Node, origin: Origin
    ) -> bool:
        """The labels written belong to an item of a list read with a label
        selector (directly, or ranged over)."""
        if origin.kind == "range" and origin.source is not None:
            listed = self.chain(origin.source)
            if listed is None:
                return False
            base, steps, node = listed[0], [*listed[1], "[]", *steps], origin.source
            found = self.origin(base, node)
            if found is None:
                return False
            origin = found
        if "[]" not in steps:
            return False
        lister = origin.source if origin.kind == "lister" else self._filler(base, node)
        return self._selects_labels(lister)

    def _selects_labels(self, call: tree_sitter.Node | None) -> bool:
        """A list call with a label selector (``client.MatchingLabels{...}``,
        ``client.HasLabels{...}``, ``ListOptions{LabelSelector: s}``): every
        item it returns carries labels, so their ``Labels`` are not nil."""
        args = call.child_by_field_name("arguments") if call is not None else None
        for arg in args.named_children if args is not None else []:
            text = re.sub(r"\s+", "", self.text(arg))
            if re.search(r"(MatchingLabels|HasLabels|MatchingLabelsSelector)\b", text):
                return True
            if re.search(r"\bLabelSelector:(?!\"\"|nil\b)", text):
                return True
        return False


# maps that the API server's validation requires on every stored object of
# the type (qualified type, explicit field path): a PersistentVolumeClaim is
# rejected on create and update unless spec.resources.requests holds
# "storage" (ValidatePersistentVolumeClaimSpec), so one read back from the
# server has a non-nil Requests
#
# apps/v1 validation of a Deployment, ReplicaSet, StatefulSet or DaemonSet
# requires a non-empty spec.selector that matches spec.template's labels
# (ValidateNonEmptySelector, "selector does not match template labels"):
# every workload of the group has template labels (a selector of only
# DoesNotExist expressions is the one corner it leaves, not written in
# practice). Not Namespace labels: servers since 1.21 set
# kubernetes.io/metadata.name, older ones do not, and operators shipped the
# nil-map crash on exactly that write
_TEMPLATE_LABELS = ("Spec", "Template", "ObjectMeta", "Labels")
SERVER_REQUIRED = frozenset(
    {
        ("k8s.io/api/core/v1.PersistentVolumeClaim", ("Spec", "Resources", "Requests")),
        *(
            (f"k8s.io/api/apps/v1.{kind}", _TEMPLATE_LABELS)
            for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")
        ),
    }
)


UNSTRUCTURED = "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured.Unstructured"
# packages whose Unmarshal decodes through encoding/json (YAML converted first)
_JSON_DECODERS = frozenset(("encoding/json", "sigs.k8s.io/yaml", "github.com/ghodss/yaml"))


def decode_checked(file: src.SourceFile, call: tree_sitter.Node, at: tree_sitter.Node) -> bool:
    """The error of ``call`` leaves before ``at`` where it is not nil:
    ``if err := call; err != nil { <leaves> }``, or ``err := call`` (``=``)
    followed by ``if err != nil { <leaves> }``, with ``at`` after that
    ``if`` in the same statement list (or below a later statement of it)."""
    stmt = sx.statement_of(call, crossing_functions=False)
    if stmt is None:
        return False
    check: tree_sitter.Node | None = None
    err = ""
    init = stmt.child_by_field_name("initializer") if stmt.type == "if_statement" else None
    if init is not None and init.start_byte <= call.start_byte < init.end_byte:
        check = stmt
    elif stmt.type in ("short_var_declaration", "assignment_statement"):
        left = stmt.child_by_field_name("left")
        names = [file.text(n) for n in left.named_children] if left is not None else []
        err = names[-1] if names else ""
        after = stmt.next_named_sibling
        while after is not None and after.type == "comment":
            after = after.next_named_sibling
        if after is not None and after.type == "if_statement":
            check = after
    if check is None or check.child_by_field_name("alternative") is not None:
        return False
    cond = check.child_by_field_name("condition")
    body = check.child_by_field_name("consequence")
    if cond is None or body is None or not terminates(body):
        return False
    if check.child_by_field_name("initializer") is not None:
        init = check.child_by_field_name("initializer")
        left = init.child_by_field_name("left") if init is not None else None
        names = [file.text(n) for n in left.named_children] if left is not None else []
        err = names[-1] if names else ""
    if not err or err == "_" or sx.norm(file.text(cond)) not in (f"{err}!=nil", f"nil!={err}"):
        return False
    if at.start_byte < check.end_byte or check.parent is None:
        return False
    return check.parent.start_byte <= at.start_byte < check.parent.end_byte


def _server_required(root: TypeRef, explicit: list[str]) -> bool:
    """The map at ``explicit`` below an object of type ``root`` is one the
    API server never stores empty (:data:`SERVER_REQUIRED`)."""
    qualified = root.qualified if isinstance(root, Ext) else ""
    if qualified.endswith("List") and explicit[:2] == ["Items", "[]"]:
        # an item of a list the server returned (``list.Items[i]``)
        qualified, explicit = qualified.removesuffix("List"), explicit[2:]
    return (qualified, tuple(explicit)) in SERVER_REQUIRED


API_OBJECTS: Fact[ApiObjects] = Fact(
    "api-objects",
    ApiObjects,
    # the facts an analysis reads (call-arguments judges its arguments with
    # one, so it requires them all), and the other packages' calls
    (*CALL_ARGUMENTS.requires, CALL_ARGUMENTS, MODULE_IMPORTERS),
    doc="nilable maps of Kubernetes objects, per file",
)


def _statement_of(node: tree_sitter.Node | None) -> tree_sitter.Node | None:
    """The assignment or declaration statement ``node`` is the value of."""
    current = node
    while current is not None and current.type not in sx.FUNCTION_TYPES:
        if current.type in ("assignment_statement", "short_var_declaration", "var_declaration"):
            return current
        if current.type.endswith("_statement") or current.type == "block":
            return None
        current = current.parent
    return None


_ERR_SET = re.compile(r"^\(?\s*\w*[eE]rr\w*\s*!=\s*nil\s*\)?$")


def _fallback_branch(
    file: src.SourceFile, stmt: tree_sitter.Node, write: tree_sitter.Node, func: tree_sitter.Node
) -> tree_sitter.Node | None:
    """The ``if`` around ``stmt`` that sits in a block holding ``write``
    before it, when one of the conditions from there down to ``stmt`` asks
    whether a read failed (a ``NotFound`` check, ``err != nil``) and the
    branch goes on to the write (its blocks do not leave)."""
    current = stmt.parent
    failed = False
    while current is not None and current.id != func.id:
        if current.type == "block" and terminates(current, jumps=False):
            return None
        if current.type == "if_statement":
            condition = current.child_by_field_name("condition")
            text = sx.norm(file.text(condition)) if condition is not None else ""
            failed = failed or "NotFound" in text or bool(_ERR_SET.match(text))
            up = current.parent
            if up is not None and up.start_byte <= write.start_byte < up.end_byte:
                holds = current.start_byte <= write.start_byte < current.end_byte
                return current if failed and not holds and sx.is_statement_list(up) else None
        current = current.parent
    return None


def _returns_nil_map(decl: FuncDecl) -> bool:
    """``decl`` has one result, a map, and some ``return`` of its own (not
    of a function literal in it) gives ``nil``."""
    if decl.body is None or len(decl.results) != 1:
        return False
    if not decl.results[0].type_text.startswith("map["):
        return False
    for ret in src.of_types(decl.body, ("return_statement",), "func_literal"):
        values = ret.named_children[0].named_children if ret.named_children else []
        if len(values) == 1 and sx.unparen(values[0]).type == "nil":
            return True
    return False
