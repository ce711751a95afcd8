// Package resource builds and updates the child objects of a cluster.
package resource

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"example.com/mergeimporter/metadata"
)

// UpdateService is handed the service as the cluster has it.
func UpdateService(object runtime.Object, defaults map[string]string) {
	svc := object.(*corev1.Service)
	svc.Annotations = metadata.ReconcileAnnotations(svc.GetAnnotations(), defaults)
	svc.Labels = metadata.ReconcileLabels(map[string]string{}, defaults)
	svc.Spec.Selector = metadata.ReconcileChecked(svc.GetLabels(), defaults)
}

// BuildService builds a new service: its maps are made here.
func BuildService(name string, defaults map[string]string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Annotations: metadata.ReconcileAnnotations(map[string]string{}, defaults),
			Labels:      metadata.ReconcileLabels(map[string]string{}, defaults),
		},
	}
}
