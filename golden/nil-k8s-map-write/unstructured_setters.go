package controllers

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// SetGroupVersionKind makes Object: apimachinery's SetAPIVersion and SetKind
// go through setNestedField, which makes u.Object when it is nil, whatever
// the value.
func target(gvk schema.GroupVersionKind, name string, spec map[string]any) *unstructured.Unstructured {
	obj := &unstructured.Unstructured{}
	obj.SetGroupVersionKind(gvk)
	obj.SetName(name)
	obj.Object["spec"] = spec
	return obj
}

// So do SetAPIVersion and SetKind on their own.
func withKind(kind string) *unstructured.Unstructured {
	var u unstructured.Unstructured
	u.SetKind(kind)
	u.Object["data"] = map[string]any{}
	return &u
}

// SetName and SetNamespace remove the field when given "" instead of
// setting it, and leave Object nil then.
func named(name, namespace string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetName(name)
	u.SetNamespace(namespace)
	u.Object["spec"] = map[string]any{} // want `Object`
	return u
}

// A setter on one branch does not run on the other.
func maybeKind(kind string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	if kind != "" {
		u.SetKind(kind)
	}
	u.Object["spec"] = map[string]any{} // want `Object`
	return u
}

// Another object's setter says nothing of this one.
func other(gvk schema.GroupVersionKind) (*unstructured.Unstructured, *unstructured.Unstructured) {
	a := &unstructured.Unstructured{}
	b := &unstructured.Unstructured{}
	a.SetGroupVersionKind(gvk)
	b.Object["spec"] = map[string]any{} // want `Object`
	return a, b
}
