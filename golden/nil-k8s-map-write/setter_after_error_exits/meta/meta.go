// Package meta sets object metadata through metav1.Object.
package meta

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// SetAnnotation sets one annotation, making the map when it is nil.
func SetAnnotation(obj metav1.Object, key, value string) {
	ann := obj.GetAnnotations()
	if ann == nil {
		ann = make(map[string]string, 1)
	}
	ann[key] = value
	obj.SetAnnotations(ann)
}
