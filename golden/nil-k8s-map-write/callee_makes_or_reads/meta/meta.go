// Package meta sets and reads the metadata of objects.
package meta

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// SetOwner labels the object with its owner, making the labels when there
// are none, and stores them with the setter.
func SetOwner(obj metav1.Object, owner string) {
	objLabels := obj.GetLabels()
	if objLabels == nil {
		objLabels = map[string]string{}
	}
	objLabels["owner"] = owner
	obj.SetLabels(objLabels)
}

// SetCopied stores labels that may be nil.
func SetCopied(obj metav1.Object, from metav1.Object) {
	obj.SetLabels(from.GetLabels())
}

// SetThenClear makes the labels and then drops them again.
func SetThenClear(obj metav1.Object, clear bool) {
	obj.SetLabels(map[string]string{})
	if clear {
		obj.SetLabels(nil)
	}
}

// NamespacedName only reads the object's name and namespace.
func NamespacedName(obj metav1.Object) types.NamespacedName {
	return types.NamespacedName{Namespace: obj.GetNamespace(), Name: obj.GetName()}
}

// Loader fills objects from somewhere.
type Loader interface {
	Load(obj any) error
}

// Reload hands the object on to a loader, which may replace all of it.
func Reload(l Loader, obj metav1.Object) error {
	return l.Load(obj)
}

// Merge copies src into *dst, making *dst when it is nil.
func Merge(dst *map[string]string, src map[string]string) {
	if *dst == nil {
		*dst = make(map[string]string, len(src))
	}
	for k, v := range src {
		(*dst)[k] = v
	}
}

// Annotate merges through Merge.
func Annotate(dst *map[string]string, src map[string]string) {
	Merge(dst, src)
}

// MergeLoose merges only when there is something to copy.
func MergeLoose(dst *map[string]string, src map[string]string) {
	if len(src) == 0 {
		return
	}
	Merge(dst, src)
}
