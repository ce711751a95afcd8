"""API_OBJECTS and TYPES.api on their own: a small package of Kubernetes
code (types from the built-in table: no module cache needed), the facts run
through the real framework, the values they must give."""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.codemod.facts import PackageFacts
from gofixmap.rules import facts as F
from gofixmap.rules.facts.apitypes import Ext, MapField

CODE = b"""package p

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

func read(ctx context.Context, c client.Client, key client.ObjectKey) {
	var pod corev1.Pod
	_ = c.Get(ctx, key, &pod)
	pod.Labels["read"] = "x"
}

func built() {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"a": "b"}}}
	cm.Labels["set"] = "x"
	cm.Annotations["unset"] = "x"
}

func checked(ctx context.Context, c client.Client, key client.ObjectKey) {
	var pod corev1.Pod
	_ = c.Get(ctx, key, &pod)
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels["guarded"] = "x"
}

func label(pod *corev1.Pod) {
	pod.Labels["param"] = "x"
}

func callers() {
	label(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{}}})
}
"""


class Package:
    def __init__(self) -> None:
        self.file = src.parse("p.go", CODE)
        self.index = idx.build("p", "/nonexistent/p", [self.file])
        self.store = PackageFacts(self.index)

    def write(self, key: str) -> tree_sitter.Node:
        """The operand of the index expression whose key is ``"key"``."""
        for node in src.walk(self.file.root):
            index = node.child_by_field_name("index") if node.type == "index_expression" else None
            if index is not None and self.file.text(index) == f'"{key}"':
                operand = node.child_by_field_name("operand")
                assert operand is not None
                return operand
        raise KeyError(key)


def test_api_types_walk_embedded_fields_to_the_map() -> None:
    pkg = Package()
    api = pkg.store.value(F.TYPES).api(pkg.file)
    assert api is pkg.store.value(F.TYPES).api(pkg.file)  # one view per file
    pod = api.resolve("*corev1.Pod")
    assert isinstance(pod, Ext) and pod.qualified == "k8s.io/api/core/v1.Pod"
    steps = api.member(pod, "Labels")
    assert steps is not None
    assert [name for name, _, _ in steps] == ["ObjectMeta", "Labels"]
    assert steps[-1][1] == MapField("map[string]string", "Labels")
    assert api.member(pod, "NoSuchField") is None
    assert api.resolve("context.Context") is None  # the standard library: not an API type
    assert "k8s.io/api/core/v1" in pkg.store.builtin  # the table stood in for the source


def test_origins_and_nilable_maps() -> None:
    pkg = Package()
    objects = pkg.store.value(F.API_OBJECTS)
    a = objects.analysis("p.go")
    assert objects.analysis("p.go") is a

    read = pkg.write("read")
    origin = a.origin("pod", read)
    assert origin is not None and origin.kind == "zero"
    found = a.unguarded_map(read, read)
    assert found is not None
    assert found[0][0] == MapField("map[string]string", "Labels")
    assert found[0][1] == "pod is decoded by c.Get"
    assert found[0][2] == ["ObjectMeta", "Labels"]

    cm = a.origin("cm", pkg.write("set"))
    assert cm is not None and cm.kind == "literal"
    assert a.nilable_map(pkg.write("set")) is None  # the literal sets Labels
    unset = a.nilable_map(pkg.write("unset"))
    assert unset is not None and unset[1] == "cm's literal does not set Annotations"

    guarded = pkg.write("guarded")
    assert a.nilable_map(guarded) is not None
    assert a.unguarded_map(guarded, guarded) is None  # the nil check before it


def test_a_parameter_is_judged_by_its_callers() -> None:
    pkg = Package()
    a = pkg.store.value(F.API_OBJECTS).analysis("p.go")
    param = pkg.write("param")
    origin = a.origin("pod", param)
    assert origin is not None and origin.kind == "param"
    # the only caller passes an object built with Labels
    assert a.nilable_map(param) is None


SHADOWED = b"""package p

import corev1 "k8s.io/api/core/v1"

func nested(list *corev1.PodList) {
	for _, list := range list.Items {
		list.Labels["shadow"] = "x"
	}
}
"""


def test_a_range_variable_is_not_in_scope_in_its_range_expression() -> None:
    # `for _, list := range list.Items` ranges over the parameter: asking the
    # origin of the item must not ask the item's own origin again (it recursed
    # until RecursionError and NM004 failed on the package)
    file = src.parse("p.go", SHADOWED)
    store = PackageFacts(idx.build("p", "/nonexistent/p", [file]))
    a = store.value(F.API_OBJECTS).analysis("p.go")
    write = next(
        n.child_by_field_name("operand")
        for n in src.walk(file.root)
        if n.type == "index_expression" and file.text(n).endswith('["shadow"]')
    )
    assert write is not None
    origin = a.origin("list", write)
    assert origin is not None and origin.kind == "range"
    assert origin.why == "list is an item of list.Items"
    found = a.nilable_map(write)
    assert found is not None
