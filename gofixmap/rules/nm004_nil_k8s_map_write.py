"""NM004 nil-k8s-map-write: writes to nilable map fields of Kubernetes API types.

The policy and the fixes; what the objects are and where their maps may be
nil is the fact :data:`~gofixmap.rules.facts.apiobjects.API_OBJECTS`. The
module is longer than 600 lines because the rule's docstring, from which the
rules page is generated, names every origin and every guard the rule knows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

import tree_sitter

from gofixmap.codemod import prefilter
from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.imports import is_std
from gofixmap.codemod.model import Diagnostic, Fix
from gofixmap.codemod.rule import Invalid, Pass, files_of
from gofixmap.rules.facts import CALLEE_WRITES, MAP_SUMMARIES, TYPES
from gofixmap.rules.facts.apiguards import forms
from gofixmap.rules.facts.apiobjects import API_OBJECTS, Analysis
from gofixmap.rules.facts.apiorigins import enclosing_funcs, metadata_getter
from gofixmap.rules.facts.apitypes import (
    META,
    PROJECT_PACKAGES,
    SIMPLE,
    MapField,
    reaches_api_types,
)
from gofixmap.rules.facts.callees import CalleeWrites, imported_writes, value_writes
from gofixmap.rules.fixes.guard import guard_fix
from gofixmap.rules.fixes.metadata import get_modify_set, set_metadata
from gofixmap.rules.nilmaprule import NilMapRule


class NilK8sMapWrite(NilMapRule):
    """Writes to nilable map fields of Kubernetes API types without a nil check.

    What it does:
        Finds writes (``m[k] = v``, ``m[k] += v``, ``m[k]++``, ``maps.Copy(m, src)``)
        into the map fields of Kubernetes API objects that arrive nil:
        ``Labels`` and ``Annotations`` of ``metav1.ObjectMeta`` (through Pod,
        ConfigMap, Deployment, pod templates and the project's own CRD types),
        ``ConfigMap.Data``, ``Secret.Data``, ``PodSpec.NodeSelector``,
        ``ServiceSpec.Selector``, ``LabelSelector.MatchLabels``, resource
        ``Limits``/``Requests`` and the map fields of the project's CRD specs and
        statuses, when the object was built by a literal that omits the field,
        read with a client ``Get``/``List``, a lister, ``DeepCopy``, decoding,
        returned by a function of the package that builds or reads it so,
        or asserted from an interface value (informer event handlers:
        ``pod := obj.(*corev1.Pod)``), or held in a field of a struct of the package (a
        reconcile context's ``rc.Datacenter``: judged by each value the package stores
        there, unless the storing function makes the map through the holder before it
        returns). ``x.ObjectMeta.Labels`` is ``x.Labels``. A read whose not-found branch
        builds the object with the map made and goes on to the write (get-or-create)
        leaves the found object's map as the read gave it, content maps too (only the
        object the program creates has it made). A parameter is judged by its callers in the package
        (four calls back) and, for an exported function, by its calls ``pkg.F(obj)`` in
        the module's other packages: reported when a caller passes such an object or one
        whose origin it cannot trace, or when the callers cannot all be seen (a method, a
        function handed on as a value in its package) unless every use in the module is a
        callback's (a function literal's parameter passed on, or the function as a value,
        handed to a function of the module; one handed to another module, such as an
        informer's handler, gets objects from the cluster); not when every caller in the
        module passes an object built with the map (calls in test code are no evidence for
        production code), nor for an unexported function nothing calls, nor for a function
        literal's parameter. An exported function nothing in the module calls is the
        module's API: any value of the parameter's type (the zero value, an object read
        from the cluster) may come from another module: reported. A write is also safe after a nil
        or ``len`` check, inside ``if _, ok := m[k]; ok``, after ``v, ok :=
        m[k]; if !ok { return }``, inside ``for k := range m``, and after
        ``if err := check(obj); err != nil { return err }`` where ``check``
        returns an error while the map (or a key) is missing. A call that
        runs before the write (not deferred, not on the right of ``&&`` or
        ``||``) proves the map too when its callee (a function of the
        package, of another package of the module or of a dependency) makes
        the map below its pointer argument before it can return (``if
        m.Annotations == nil { m.Annotations = make(...) }``, an assignment
        of a made map or of the result of a function whose every return
        gives a made map, such as ``labels.Merge``, or a write into it,
        which would panic on nil), or returns an error unless the map
        holds its keys (``v, ok := s.Data[k]; if !ok { return nil, err }``,
        or a value read at a key tested zero: ``if len(s.Data[k]) == 0``,
        ``if s == nil || s.Labels[k] == ""``, ``v := s.Labels[k]; if v ==
        ""``: a nil map reads every key as zero) and the caller leaves when
        that error is not nil (``pair, err := parse(secret); if err != nil {
        return err }``). The callee may take the object's struct by value
        (``clusterOf(pod.ObjectMeta)``) when it only reads it: the copy's
        maps are the caller's. Such a callee may be
        a method (``s.ensure()``; ``cr.CheckNSetDefaults()`` on an object
        of another package's type is that package's method, and one that
        validates first, returning only errors, then makes the map checks
        it; one that checks each element in ``for _, x := range cr.Spec.Sets``,
        a slice of pointers, with no ``continue`` or ``break``, checks every
        element's map, which proves ``rs.Config`` of a later ``for _, rs :=
        range cr.Spec.Sets``, also in a function the object is handed to,
        unless the slice or an element is assigned there; a check inside ``if
        v.Claim.Spec != nil {``, ``Spec`` the one embedded field of ``Claim``'s type,
        covers ``v.Claim.Resources.Requests`` when ``Resources`` is not a field of
        ``Claim``'s own: it is promoted from ``Spec``, so the write dereferences it),
        return first for a
        nil pointer, make the
        map by calling another such function or by ObjectMeta's setter given
        a made map (``obj.SetLabels(l)``, also on a ``metav1.Object``), or
        make ``*dst`` given ``&obj.Labels``. A callee that makes the map only
        under a condition that reads nothing but fields of the object (``if
        !l.Spec.CheckDisabled && l.Status.Results == nil { l.Status.Results =
        make(...) }``, before any ``return``, neither the map nor those fields
        assigned after) proves it for a write inside ``if`` statements that test
        the same terms of the same object, or after ``if`` statements that leave
        when one of them is false (``if l.Spec.CheckDisabled { return }``),
        also when the object reaches the write through parameters and fields
        (``New(&logging)`` storing it in ``r.Logging``, ``if
        !r.Logging.Spec.CheckDisabled {``). Inside
        ``if isWorker(node) {``, or after
        ``if !isWorker(node) { return }``, the map is there when the bool
        function returns true only when a comma-ok lookup found a key in it
        (every ``return`` gives ``false`` or a conjunction with that ``ok``,
        or it starts with ``if s == nil || len(s.Data[k]) == 0 { return
        false }``). Likewise inside ``if c != nil {``, or after ``if c ==
        nil { return }``, for ``c, err := clusterOf(pod.ObjectMeta)``
        (``c`` assigned nowhere else) whose function starts with ``if
        meta.Labels[k] == "" { return nil, err }``: a result that is not
        nil means the key was found.
        A value read from the map that equals a non-zero literal or constant
        of the package (``if m[k] == "on"``, ``switch v { case kvEngine: }``)
        proves it, also a value ``v := get(m, k)`` of a function that gives a
        non-zero value only for a key found in its map parameter.
        A call handed ``&obj`` is not a decoder that may leave the map nil
        when the callee only reads the object (its fields, ObjectMeta's
        getters such as ``GetName()``, a nil check, or functions that only
        read it in turn): ``c.Get(ctx, key(&expected), &existing)`` leaves
        ``expected`` as its literal built it. An object of ``k8s.io/api``
        decoded by ``Unmarshal`` of ``encoding/json``, ``sigs.k8s.io/yaml`` or
        ``ghodss/yaml`` (its error leaving) from a constant of the package, or
        an unexported variable initialized with a string literal and never
        assigned, whose text sets the map with entries (``data:`` with a key
        below it) holds that map: the decoder makes it to store them. The API server rejects a
        PersistentVolumeClaim without ``spec.resources.requests[storage]``,
        so ``Spec.Resources.Requests`` of a claim read from it (a client's
        ``Get``/``List``, the items of such a list) is not nil; nor are the
        template labels of an apps/v1 Deployment, ReplicaSet, StatefulSet or
        DaemonSet read from it (validation requires a non-empty selector that
        matches them); a Namespace's labels stay reported (servers before
        1.21 do not set ``kubernetes.io/metadata.name``). An Unstructured's
        ``Object`` is made by ``SetAPIVersion``, ``SetKind`` and
        ``SetGroupVersionKind`` (apimachinery makes it when nil, whatever the
        value), so a write to ``u.Object`` after such a call in a block around
        it is safe; ``SetName``, ``SetNamespace`` or ``SetLabels`` do not
        count (given an empty value they only remove the field). In a
        function literal invoked where it is written (``defer func() { ...
        }()``, ``go func() { ... }()``) what guards that statement guards the
        writes in its body (they run only once it is reached). An
        object the program itself stores with the map is not nil when read
        back: get-or-create, where the path on which the read (``c.Get(ctx,
        key, x)``, a helper handed ``x``) did not find it creates ``x``, or an
        object named as the read's key, with the map set non-empty (a literal
        with entries, a local map written before, writes into the map; also in
        a function of the package the path hands the object to), on a path the
        write is not on; a copy or a callee given that object inherits it.
        Likewise in the block of ``if err := c.Get(ctx, key, x); err == nil
        {`` when, after that ``if``, controller-runtime's
        ``controllerutil.CreateOrUpdate`` (or ``CreateOrPatch``) of ``x`` at
        that key runs a mutate function that sets the map non-empty before
        each return that can give nil (the upsert creates ``x`` with it when
        the read did not find it). Likewise for an object read at the name a
        reference field of a custom resource's status records (``c.Get(ctx,
        types.NamespacedName{Name: inv.Status.Plan.SecretRef.Name}, s)``,
        leaving on the read's error) when every place in the module's
        production code that sets that field (``SecretRef: &Ref{Name:
        o.Name}``, ``x.SecretRef.Name = o.Name``) names an object ``o`` the
        same function stored before (a client's ``Create``, ``Update`` or
        ``Patch`` on every path there) with the map set non-empty: only the
        controller writes its status. Kept when the field is also set
        otherwise, handed on, copied into a variable or held in ``Spec``. Not
        for labels and annotations: an object created before the program set
        them, or relabelled since, may have none. The getter
        (``obj.GetLabels()``) names the same map: a lookup or range over it
        proves ``obj.Labels`` too; for a project type that embeds
        ``ObjectMeta`` and declares no getter of its own, a write through
        ``obj.GetLabels()`` is judged as a write to ``obj.Labels``. A value
        read from the map proves it when it equals a string that is never
        empty (``if v != fmt.Sprintf("%d", id) { continue }``), when a
        parser that rejects "" accepted it (``json.Unmarshal``,
        ``strconv.Atoi``, or a function of the package that starts with one and
        returns its error), or when the write runs in a loop over a value parsed
        out of it. A ``DeepCopy`` has the maps of what it copies, and is judged
        by that value's origin when it is known, and by the guards on that value
        before the copy; so is the map of a copy taken in one expression, ``m :=
        obj.DeepCopy().Annotations``, and the copy of a function's result,
        ``s := newSecret(ns).DeepCopy()``, judged by what the function of the
        package returns. A map passed to a function-typed parameter
        (``f(m)``, ``m`` an object's map or a local holding one) is written when
        a function the package's calls pass for that parameter writes into it:
        a named function, or a function literal (``patch(obj, func(m
        map[string]string) { m[k] = v })``). Objects listed with a label selector have labels, also
        read through ``GetLabels()``. ``obj.GetLabels()`` of a parameter of an
        unexported function is judged by the callers, as ``obj.Labels`` is, when
        it has some; of an exported function, also by its calls in the module's
        other packages (one nothing in the module calls stays reported). In
        test code (``_test.go`` files, and files that import ``testing``,
        ginkgo, gomega or testify: they run only in a test binary) objects
        read back from a client or decoder, directly, as a ``DeepCopy`` or as
        the items of a list, are not reported: the test stored them itself.
        Also ``obj.GetLabels()[k] = v``, and a variable that holds the
        object's map (``l := obj.GetLabels()``, ``l := obj.Labels``,
        ``l := maps.Clone(obj.Labels)``, ``l := maps.Clone(obj.GetLabels())``:
        the clone of nil is nil) written as ``l[k] = v``; and a call
        ``merge(obj.Labels, extra)`` to a function of the package that writes
        into that map parameter without making it (reported at the argument:
        only the caller can make the map).
        The fields of types of other modules (API groups, CRD types of other
        modules) are read from their source, found through go.mod in the
        module cache or ``vendor/``; a built-in table of the common Kubernetes
        types is the fallback when the source is not there. A literal that sets
        the map to a map parameter of the function building it
        (``ObjectMeta{Annotations: annotations}``), never assigned there, is
        judged by the callers in the package: reported when one passes ``nil``,
        the result of a function of the package that can return nil (also
        through a local not checked before the call), or an object's map that
        may be nil. A literal that sets the map to the result of a call whose
        function (of the package) or method (of a type of the package or of
        another package of the module) has one map result that some
        ``return`` gives as ``nil`` (``Annotations: cr.PodAnnotations()``)
        leaves it nil on that path; a literal that sets a part of the object
        to a value built elsewhere (``Template: *podSpec``: a struct copied
        with its maps) has that value's maps, judged where it comes from,
        unless a pointer to it was handed before to a call whose callee
        cannot be read. A method called on the result of a function of
        another package of the module, or on a field of an API object, is
        the method of that named type (``cephv1.Annotations``), whose proof
        of making the map counts as for a variable of that type. A
        comma-ok (or value) name assigned anew (``count, ok =
        other[k]``, or redeclared where the write sees it) tells no longer
        of the map it first looked up. A struct of another
        package of the module held in a field of an API type (``obj.Spec.Telemetry``
        of a package that declares no API object) is part of what the server sends:
        its maps are judged as the object's. A struct of another
        module that is not an API type (controller-runtime's ``manager.Options``)
        is reported only when it is a zero value or built by a literal that
        leaves the map out; so is a struct of the project that no API object
        holds (one that embeds ``ObjectMeta``, ``ListMeta`` or ``TypeMeta``,
        and the structs of its fields, transitively), such as a test double.
        Where a variable comes from is its definition on the way to the write:
        one in a branch that returns or panics never reaches it, and a ``Get``
        into the variable before ``x = &T{...}`` filled the object it held
        then, not the new one. An object read anew into the same variable (a
        conflict retry's ``c.Get(ctx, key, p)``, also into a ``DeepCopy``
        inside a retry closure) is the server's: a map made or checked
        before that read no longer guards a write after it, nor does one
        made or checked before the variable is pointed at another object on
        some path to the write (``pod = &corev1.Pod{}`` and a decode into it
        in a branch that goes on): the new object is judged on its own. A nil (or
        ``len``) check guards a write only where it decides it: in the
        branch where the map is there, or after a check whose nil branch
        leaves (``if m != nil { range m }`` and then ``m[k] = v`` stays
        reported). ``GetLabels()``/``GetAnnotations()`` of an API type that
        embeds ``ObjectMeta`` is ObjectMeta's promoted getter: of a literal
        that sets the map, it is not nil; nor of the result of a function of
        the package declared to return such a type (``s := newSecret(ns)``),
        of a ``DeepCopy`` of one, or of a ``DeepCopy`` of a field of that type
        of the receiver's struct (``h.secret.DeepCopy()``), when every value it
        returns (or the package stores in the field) sets the map; a result
        declared as an interface (``client.Object``) stays reported. A
        function of another package of the module that returns what a
        client read (``ns, found, err := kubeapi.GetNamespace(cs, name)``)
        is judged as that read: also one
        that returns an item of a list it read (``&list.Items[0]``), what
        another such function of its package returns, or a part of that
        (``&cr.Spec.Workloads``: its maps are judged as the object's), when
        it does not touch the object before the return. A part of an
        API object of the project passed by value (``status api.RunStatus``)
        is judged by what its callers pass, on a caller's evidence only (not
        other modules' structs such as ``unstructured.Unstructured``, whose
        ``Object`` a client's read always fills), and ``run.Status
        = f(run.Status)`` assigns after the call, it guards nothing in it.

    Why is this bad:
        The API server omits empty maps, so an object read back has ``Labels ==
        nil`` until something sets one; the write panics with ``assignment to
        entry in nil map`` and the operator goes into CrashLoopBackOff.

    Example:
        var pod corev1.Pod
        if err := r.Get(ctx, req.NamespacedName, &pod); err != nil {
            return err
        }
        pod.Labels["managed-by"] = "me" // panics when the pod has no labels

        becomes ``metav1.SetMetaDataLabel(&pod.ObjectMeta, "managed-by", "me")``.

    Fix safety:
        Safe: ``SetMetaDataLabel``/``SetMetaDataAnnotation`` create the map only
        when it is nil; a nil guard before the write changes only the path that
        panicked; ``GetLabels()[k] = v`` becomes get, guard, write, ``SetLabels``;
        the guard for a variable that holds the object's map also puts the
        made map back (``obj.Labels = l``, ``obj.SetLabels(l)``), so the write
        lands in the object as it does when the map exists.
    """

    code = "NM004"
    name = "nil-k8s-map-write"
    summary = "writes to nilable map fields of Kubernetes API types without a nil check"
    # Kubernetes objects come from k8s.io imports, or from the module's own CRD
    # packages; their map fields need no `map[` in this package.
    PREFILTER = (b"k8s.io/", b"ObjectMeta", prefilter.MODULE_IMPORT, prefilter.DEPENDENCY_IMPORT)
    REQUIRES = (
        API_OBJECTS,
        TYPES,
        MAP_SUMMARIES,
        CALLEE_WRITES,
        PROJECT_PACKAGES,
        *NilMapRule.SCAFFOLDING,
    )

    EVIDENCE: ClassVar[dict[str, tuple[str, str]]] = {
        "api-field": (
            "low",
            "a map field of an API object that the API server, a decoder or a caller may "
            "leave unset: whether the objects this code sees have it is not told",
        ),
    }
    VALID = (
        """package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func label(pod *corev1.Pod) {
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels["a"] = "b"
	metav1.SetMetaDataAnnotation(&pod.ObjectMeta, "c", "d")
}
""",
    )
    INVALID = (
        Invalid(
            """package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func Label(pod *corev1.Pod) {
	pod.Labels["a"] = "b"
}
""",
            fixed="""package p

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func Label(pod *corev1.Pod) {
	metav1.SetMetaDataLabel(&pod.ObjectMeta, "a", "b")
}
""",
        ),
    )

    def check(self, pkg: Pass) -> Iterable[Diagnostic]:
        objects = pkg.fact(API_OBJECTS)
        for ctx in files_of(pkg):
            data = ctx.file.data
            if (
                b"k8s.io/" not in data
                and b"metav1" not in data
                and not reaches_api_types(pkg.package, ctx.file, pkg.module(PROJECT_PACKAGES))
            ):
                continue
            yield from self._writes(pkg, objects.analysis(ctx.path))

    # ---- the checks ------------------------------------------------------

    def _writes(self, pkg: Pass, a: Analysis) -> Iterator[Diagnostic]:
        seen_unfixed: set[tuple[int, str]] = set()
        for node in src.walk(a.file.root):
            if node.type == "assignment_statement":
                left = node.child_by_field_name("left")
                if left is None:
                    continue
                for lhs in left.named_children:
                    if lhs.type == "index_expression":
                        yield from self._index_write(a, node, lhs, seen_unfixed)
            elif node.type in ("inc_statement", "dec_statement"):
                target = node.named_children[0] if node.named_children else None
                if target is not None and target.type == "index_expression":
                    yield from self._index_write(a, node, target, seen_unfixed)
            elif node.type == "call_expression":
                yield from self._maps_copy(a, node, seen_unfixed)
                yield from self._callee_writes(pkg, a, node)

    def _index_write(
        self,
        a: Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        seen: set[tuple[int, str]],
    ) -> Iterator[Diagnostic]:
        operand = target.child_by_field_name("operand")
        if operand is None:
            return
        operand = sx.unparen(operand)
        if operand.type == "call_expression":
            yield from self._getter_write(a, stmt, target, operand)
            return
        if operand.type == "identifier":
            yield from self._clone_write(a, stmt, target, operand, seen)
            return
        unguarded = a.unguarded_map(operand, target)
        if unguarded is None:
            return
        (mapfield, why, explicit), (base, steps) = unguarded
        name = re.sub(r"\s+", "", a.text(operand))
        message = f"write to {name}, which may be nil: {why}"
        fixes = []
        index = target.child_by_field_name("index")
        is_plain = (
            stmt.type == "assignment_statement"
            and a.text(stmt.child(1) or stmt) == "="
            and len((stmt.child_by_field_name("left") or stmt).named_children) == 1
        )
        if mapfield.meta_field and is_plain and index is not None and "[]" not in steps:
            fix = self._set_metadata(a, stmt, operand, mapfield, explicit, base, index)
            if fix is not None:
                fixes.append(fix)
        if not fixes:
            key = (enclosing_funcs(stmt)[0].id if enclosing_funcs(stmt) else 0, name)
            if key not in seen:
                guard = self._guard(a, stmt, name, mapfield)
                if guard is not None:
                    seen.add(key)
                    fixes.append(guard)
        note = "" if fixes else "add a nil check before the write"
        yield self.diagnostic(a.file, target, message, fixes, note, name, evidence="api-field")

    def _clone_write(
        self,
        a: Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        operand: tree_sitter.Node,
        seen: set[tuple[int, str]],
    ) -> Iterator[Diagnostic]:
        """A variable that holds an object's map: ``l := maps.Clone(obj.Labels)``
        (Clone of nil is nil), ``l := obj.Labels`` or ``l := obj.GetLabels()``,
        then ``l[k] = v``."""
        found = self._variable_map(a, operand, target)
        if found is None:
            return
        mapfield, why, source, also = found
        name = a.text(operand)
        message = f"write to {name}, which is nil when {source} is: {why}"
        fixes = []
        funcs = enclosing_funcs(stmt)
        key = (funcs[0].id if funcs else 0, name)
        if key not in seen:
            guard = self._guard(a, stmt, name, mapfield, also)
            if guard is not None:
                seen.add(key)
                fixes.append(guard)
        yield self.diagnostic(a.file, target, message, fixes, "", name, evidence="api-field")

    def _variable_map(
        self, a: Analysis, operand: tree_sitter.Node, at: tree_sitter.Node
    ) -> tuple[MapField, str, str, str] | None:
        """The local ``operand`` holds an object's map that may be nil at
        ``at`` (``l := maps.Clone(obj.Labels)``, ``l := obj.Labels``, ``l :=
        obj.GetLabels()``): the map, why, the source's text, and the statement
        that puts a made map back into the object (``""``: none)."""
        name = a.text(operand)
        origin = a.origin(name, operand)
        if origin is None or origin.literal is None:
            return None
        source = re.sub(r"\s+", "", a.text(origin.literal))
        # the made map goes back into the object, where the write was meant
        # to land (a clone is a copy on purpose)
        also = ""
        getter_call = sx.unparen(origin.literal)
        cloned = origin.kind == "clone" and _getter_call(a, getter_call)
        if cloned or origin.kind == "getter":  # obj.GetLabels() / obj.GetAnnotations()
            if a.guarded(at, {name}, name):
                return None
            obj, _, method = source.removesuffix("()").rpartition(".")
            field = method.removeprefix("Get")
            getter = getter_call.child_by_field_name("function")
            owner = getter.child_by_field_name("operand") if getter is not None else None
            if owner is not None and a.getter_map_proved(owner, field, getter_call, at):
                return None
            mapfield = MapField("map[string]string", field)
            why = f"it returns nil for an object without {field.lower()}"
            if cloned:
                # maps.Clone(obj.GetLabels()): the clone of nil is nil; the
                # clone is a copy on purpose, the made map stays the caller's
                source = f"maps.Clone({source})"
                why = f"maps.Clone of nil is nil, and {obj}.{method}() {why.removeprefix('it ')}"
            else:
                also = f"{obj}.Set{field}({name})"
        elif origin.kind in ("clone", "alias"):
            source_node = sx.unparen(origin.literal)
            chain = a.chain(source_node)
            copied = False
            if chain is None:
                # ``obj.DeepCopy().Annotations``: a deep copy has the maps of
                # what it copies (nil stays nil), so it is ``obj.Annotations``
                chain = _through_deep_copy(a, source_node)
                copied = chain is not None
            if chain is None or not chain[1] or chain[1][-1] == "[]":
                return None
            found = a.nilable(chain[0], chain[1], source_node)
            if found is None or a.guarded(at, {name}, name):
                return None
            mapfield, why, explicit = found
            if a.guarded(source_node, forms(*chain, explicit), chain[0]):
                return None  # made (or checked) before it was copied
            if copied and a.guarded(at, forms(*chain, explicit), chain[0]):
                return None  # the copy is nil only with the original: checked there
            if copied:
                why = f"a DeepCopy keeps a nil map nil, and {why}"
            elif origin.kind == "alias":
                also = f"{source} = {name}"
        else:
            return None
        return mapfield, why, source, also

    def _set_metadata(
        self,
        a: Analysis,
        stmt: tree_sitter.Node,
        operand: tree_sitter.Node,
        mapfield: MapField,
        explicit: list[str],
        base: str,
        index: tree_sitter.Node,
    ) -> Fix | None:
        right = stmt.child_by_field_name("right")
        if right is None or len(right.named_children) != 1:
            return None
        if mapfield.make_type != "map[string]string":
            return None
        owner = explicit[:-1]
        if owner:
            target = "&" + base + "".join("." + s for s in owner)
        else:
            # the variable is an ObjectMeta itself, or a pointer to one
            origin = a.origin(base, stmt)
            if origin is None or origin.type is None:
                return None
            pointer = origin.kind == "param" and a.origins.is_pointer_param(base, stmt)
            target = base if pointer else "&" + base
        return set_metadata(
            a.file,
            stmt,
            a.types.local_name(META),
            mapfield.meta_field,
            target,
            a.text(index),
            a.text(right.named_children[0]),
        )

    def _guard(
        self,
        a: Analysis,
        stmt: tree_sitter.Node,
        name: str,
        mapfield: MapField,
        also: str = "",
    ) -> Fix | None:
        if not sx.in_statement_list(stmt):
            return None
        title = f"Guard the write with a nil check on {name}"
        return guard_fix(a.file, stmt, name, mapfield.make_type, title, statement=stmt, also=also)

    def _getter_write(
        self,
        a: Analysis,
        stmt: tree_sitter.Node,
        target: tree_sitter.Node,
        call: tree_sitter.Node,
    ) -> Iterator[Diagnostic]:
        getter = metadata_getter(a.file, call)
        if getter is None:
            return
        operand, field = getter
        obj = a.text(operand)
        method = f"Get{field}"
        if a.getter_map_proved(operand, field, call, target):
            return
        message = (
            f"write to {obj}.{method}(), which may be nil; use {obj}.Set{field} to change {field}"
        )
        fixes = []
        right = stmt.child_by_field_name("right")
        index = target.child_by_field_name("index")
        plain = stmt.type == "assignment_statement" and a.text(stmt.child(1) or stmt) == "="
        if (
            plain
            and right is not None
            and index is not None
            and len(right.named_children) == 1
            and SIMPLE.match(obj)
            and sx.in_statement_list(stmt)
        ):
            funcs = enclosing_funcs(stmt)
            used = a.text(funcs[0]) if funcs else ""
            value = a.text(right.named_children[0])
            fixes.append(get_modify_set(a.file, stmt, obj, field, a.text(index), value, used))
        note = "" if fixes else "use Set" + field
        yield self.diagnostic(
            a.file, target, message, fixes, note, a.text(target), evidence="api-field"
        )

    def _maps_copy(
        self, a: Analysis, call: tree_sitter.Node, seen: set[tuple[int, str]]
    ) -> Iterator[Diagnostic]:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "selector_expression":
            return
        operand = fn.child_by_field_name("operand")
        if operand is None or a.types.imports.get(a.text(operand)) != "maps":
            return
        if a.text(fn.child_by_field_name("field") or fn) != "Copy" or not args.named_children:
            return
        dst = sx.unparen(args.named_children[0])
        unguarded = a.unguarded_map(dst, call)
        if unguarded is None:
            return
        mapfield, why, _ = unguarded[0]
        name = re.sub(r"\s+", "", a.text(dst))
        stmt = call.parent
        fixes = []
        if stmt is not None and stmt.type == "expression_statement":
            guard = self._guard(a, stmt, name, mapfield)
            if guard is not None:
                fixes.append(guard)
        message = f"maps.Copy into {name}, which may be nil: {why}"
        yield self.diagnostic(a.file, dst, message, fixes, "", name, evidence="api-field")

    def _callee_writes(
        self, pkg: Pass, a: Analysis, call: tree_sitter.Node
    ) -> Iterator[Diagnostic]:
        """``merge(obj.Labels, extra)`` where ``merge``, a function of the
        package, writes into that map parameter without making it: the
        callee cannot make the caller's map, so the write panics there. Reported
        at the argument, with a guard before the call's statement."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is not None and args is not None and fn.type == "selector_expression":
            yield from self._imported_callee_writes(pkg, a, call, fn, args)
            return
        if fn is None or args is None or fn.type != "identifier":
            return
        decl = pkg.package.funcs.get(a.text(fn))
        if decl is None:
            yield from self._value_callee_writes(pkg, a, call, fn, args)
            return
        if decl.receiver or decl.body is None:
            return
        binding = pkg.fact(TYPES).resolve(a.file, a.text(fn), call)
        if binding is not None and binding.kind != "package":
            return  # a local function value of the same name
        summaries = pkg.fact(MAP_SUMMARIES)
        for i, arg in enumerate(args.named_children):
            arg = sx.unparen(arg)
            if arg.type != "selector_expression":
                continue
            param = summaries.param_write(decl, i)
            if param is None:
                continue
            unguarded = a.unguarded_map(arg, call)
            if unguarded is None:
                continue
            mapfield, why, _ = unguarded[0]
            name, fixes = self._argument_guard(a, call, arg, mapfield)
            message = (
                f"{decl.name} writes into its parameter {param}, which is {name} here "
                f"and may be nil: {why}"
            )
            yield self.diagnostic(a.file, arg, message, fixes, "", name, evidence="api-field")

    def _value_callee_writes(
        self,
        pkg: Pass,
        a: Analysis,
        call: tree_sitter.Node,
        fn: tree_sitter.Node,
        args: tree_sitter.Node,
    ) -> Iterator[Diagnostic]:
        """``apply(obj.Labels)`` where ``apply`` is a function-typed
        parameter and a caller passes a function that writes into that map
        parameter (``run(ctx, util.AddLabel)``, or a function literal); also
        ``apply(m)`` with ``m`` a local that holds an object's map."""
        for i, arg in enumerate(args.named_children):
            arg = sx.unparen(arg)
            if arg.type == "identifier":
                # a local that holds an object's map (``m := obj.Labels``)
                held = self._variable_map(a, arg, call)
                if held is None:
                    continue
                found = value_writes(pkg, a.file, fn, i)
                if found is None:
                    continue
                value, param = found
                mapfield, why, source, also = held
                name, fixes = self._argument_guard(a, call, arg, mapfield, also)
                message = (
                    f"{a.text(fn)} may be {value}, which writes into its parameter {param}; "
                    f"that is {name} here, which is nil when {source} is: {why}"
                )
                yield self.diagnostic(a.file, arg, message, fixes, "", name, evidence="api-field")
                continue
            if arg.type != "selector_expression":
                continue
            unguarded = a.unguarded_map(arg, call)
            if unguarded is None:
                continue
            found = value_writes(pkg, a.file, fn, i)
            if found is None:
                continue
            value, param = found
            mapfield, why, _ = unguarded[0]
            name, fixes = self._argument_guard(a, call, arg, mapfield)
            message = (
                f"{a.text(fn)} may be {value}, which writes into its parameter {param}; "
                f"that is {name} here and may be nil: {why}"
            )
            yield self.diagnostic(a.file, arg, message, fixes, "", name, evidence="api-field")

    def _argument_guard(
        self,
        a: Analysis,
        call: tree_sitter.Node,
        arg: tree_sitter.Node,
        mapfield: MapField,
        also: str = "",
    ) -> tuple[str, list[Fix]]:
        """The argument's text and the guard before the call's statement that
        makes the map it passes (none when no statement holds the call);
        ``also``: the statement that puts the made map back into its object."""
        name = re.sub(r"\s+", "", a.text(arg))
        stmt = sx.statement_of(call, crossing_functions=False)
        guard = self._guard(a, stmt, name, mapfield, also) if stmt is not None else None
        return name, [guard] if guard is not None else []

    def _imported_callee_writes(
        self,
        pkg: Pass,
        a: Analysis,
        call: tree_sitter.Node,
        fn: tree_sitter.Node,
        args: tree_sitter.Node,
    ) -> Iterator[Diagnostic]:
        """``utils.MergeMap(obj.Labels, extra)`` where ``MergeMap``, a function
        of another package of the module or of a dependency, writes into that
        map parameter (CALLEE_WRITES, read from its source only for an
        argument that is an object's map that may be nil here)."""
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier":
            return
        path = pkg.package.imports.get(a.file.path, {}).get(a.text(operand))
        if path is None or is_std(path):
            return
        if pkg.fact(TYPES).resolve(a.file, a.text(operand), operand) is not None:
            return  # a local that shadows the import
        writes: CalleeWrites | None = None
        for i, arg in enumerate(args.named_children):
            arg = sx.unparen(arg)
            if arg.type != "selector_expression":
                continue
            unguarded = a.unguarded_map(arg, call)
            if unguarded is None:
                continue
            if writes is None:
                writes = imported_writes(pkg, path)
                if writes is None:
                    return
            write = writes.write(a.text(field), i)
            if write is None:
                continue
            mapfield, why, _ = unguarded[0]
            name, fixes = self._argument_guard(a, call, arg, mapfield)
            callee = f"{a.text(operand)}.{a.text(field)}"
            message = (
                f"{callee} writes into its parameter {write.name}, which is {name} here "
                f"and may be nil: {why}"
            )
            yield self.diagnostic(a.file, arg, message, fixes, "", name, evidence="api-field")


def _through_deep_copy(a: Analysis, node: tree_sitter.Node) -> tuple[str, list[str]] | None:
    """``x.A.DeepCopy().B.C`` → ("x", ["A", "B", "C"]): the chain of the
    value a ``DeepCopy()`` (no arguments) copies, then the fields below the
    copy."""
    steps: list[str] = []
    node = sx.unparen(node)
    while node.type == "selector_expression":
        field = node.child_by_field_name("field")
        operand = node.child_by_field_name("operand")
        if field is None or operand is None:
            return None
        steps.append(a.text(field))
        node = sx.unparen(operand)
    fn = node.child_by_field_name("function") if node.type == "call_expression" else None
    args = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    if fn is None or args is None or args.named_children or fn.type != "selector_expression":
        return None
    method = fn.child_by_field_name("field")
    copied = fn.child_by_field_name("operand")
    if method is None or copied is None or a.text(method) != "DeepCopy":
        return None
    chain = a.chain(copied)
    if chain is None or not steps:
        return None
    return chain[0], [*chain[1], *reversed(steps)]


def _getter_call(a: Analysis, node: tree_sitter.Node) -> bool:
    """``obj.GetLabels()`` / ``obj.GetAnnotations()`` (no arguments)."""
    return metadata_getter(a.file, node) is not None
