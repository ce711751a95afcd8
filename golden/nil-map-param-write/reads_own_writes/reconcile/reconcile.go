// Package reconcile syncs services with their rendered configuration.
package reconcile

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"example.com/readsown/render"
)

// Sync is handed the service as the cluster has it: its annotations may be nil.
func Sync(object runtime.Object, extra map[string]string) (string, int, int) {
	svc := object.(*corev1.Service)
	text := render.Ini(svc.Annotations)
	render.Merge(svc.Labels, extra)
	text += render.Checked(svc.Labels)
	n := render.Skipped(svc.Labels)
	return text, n, render.Defaults(map[string]string{})
}
