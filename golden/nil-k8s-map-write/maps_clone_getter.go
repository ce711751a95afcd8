package controllers

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
)

// maps.Clone of nil is nil, and GetAnnotations returns nil for an object
// without annotations: the clone is nil too.
func MergeAnnotations(oldNs, newNs *corev1.Namespace) map[string]string {
	annotations := maps.Clone(oldNs.GetAnnotations())
	for key, value := range newNs.GetAnnotations() {
		if _, ok := annotations[key]; !ok {
			annotations[key] = value // want `write to annotations, which is nil when maps.Clone\(oldNs.GetAnnotations\(\)\) is: maps.Clone of nil is nil, and oldNs.GetAnnotations\(\) returns nil for an object without annotations`
		}
	}
	return annotations
}
