// Package router copies the user's objects for a canary.
package router

import (
	"context"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Client reads objects from the cluster.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Router builds the canary's objects from the user's.
type Router struct {
	c      Client
	prefix string
}

// filterMetadata writes into meta as it gets it and returns it.
func filterMetadata(meta map[string]string) map[string]string {
	meta["toolkit/reconcile"] = "disabled" // want `filterMetadata writes into its parameter meta, which a caller may pass as nil \(router\.go:\d+: Reconcile passes clone\.Annotations \(clone is a DeepCopy of svc, and svc is decoded by r\.c\.Get\)\); it returns meta, so a guard here fixes every caller`
	return meta
}

// makeAnnotations hands annotations to filterMetadata as it got it: one
// unexported helper deep.
func (r *Router) makeAnnotations(annotations map[string]string) map[string]string {
	res := make(map[string]string)
	for k, v := range filterMetadata(annotations) {
		if !strings.HasPrefix(k, r.prefix) {
			res[k] = v
		}
	}
	return res
}

// markLabels writes into labels as it gets it and returns it.
func markLabels(labels map[string]string) map[string]string {
	labels["canary"] = "true" // want `markLabels writes into its parameter labels, which a caller may pass as nil \(router\.go:\d+: labelsOf passes labels; Canary passes svc\.Labels \(svc is decoded by r\.c\.Get\)\); it returns labels, so a guard here fixes every caller`
	return labels
}

// copyLabels and labelsOf hand labels on as they got it: two helpers deep.
func copyLabels(labels map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range markLabels(labels) {
		out[k] = v
	}
	return out
}

func (r *Router) labelsOf(labels map[string]string) map[string]string {
	return copyLabels(labels)
}

// markSelector writes into its parameter and returns it.
func markSelector(selector map[string]string) map[string]string {
	selector["canary"] = "true" // want `markSelector writes into its parameter selector, which a caller may pass as nil \(router\.go:\d+: Selector passes selectorOf\(svc\.Spec\.Selector\), which selectorOf returns as it gets it: svc\.Spec\.Selector \(svc is decoded by r\.c\.Get\)\); it returns selector, so a guard here fixes every caller`
	return selector
}

// selectorOf returns its parameter as it got it.
func selectorOf(selector map[string]string) map[string]string {
	return selector
}

// Reconcile builds the canary service from a deep copy of the user's.
func (r *Router) Reconcile(ctx context.Context, key types.NamespacedName) (*corev1.Service, error) {
	var svc corev1.Service
	if err := r.c.Get(ctx, key, &svc); err != nil {
		return nil, err
	}
	clone := svc.DeepCopy()
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:        key.Name + "-canary",
			Annotations: r.makeAnnotations(clone.Annotations),
		},
	}, nil
}

// Canary builds the canary's labels from the user's service.
func (r *Router) Canary(ctx context.Context, key types.NamespacedName) (map[string]string, error) {
	var svc corev1.Service
	if err := r.c.Get(ctx, key, &svc); err != nil {
		return nil, err
	}
	return r.labelsOf(svc.Labels), nil
}

// Selector marks the user's selector.
func (r *Router) Selector(ctx context.Context, key types.NamespacedName) (map[string]string, error) {
	var svc corev1.Service
	if err := r.c.Get(ctx, key, &svc); err != nil {
		return nil, err
	}
	return markSelector(selectorOf(svc.Spec.Selector)), nil
}

// The near misses: no caller's nil map reaches these writes.

// stamp writes into its parameter and returns it.
func stamp(meta map[string]string) map[string]string {
	meta["stamped"] = "true"
	return meta
}

// ensured makes the map when nil before handing it on.
func (r *Router) ensured(meta map[string]string) map[string]string {
	if meta == nil {
		meta = map[string]string{}
	}
	return stamp(meta)
}

// tag writes into its parameter and returns it.
func tag(meta map[string]string) map[string]string {
	meta["tagged"] = "true"
	return meta
}

// freshOf returns a map it makes, not its parameter.
func freshOf(meta map[string]string) map[string]string {
	out := make(map[string]string, len(meta))
	for k, v := range meta {
		out[k] = v
	}
	return out
}

// mark writes into its parameter and returns it.
func mark(meta map[string]string) map[string]string {
	meta["marked"] = "true"
	return meta
}

// markAll hands its parameter on as it got it; every call passes a made map.
func (r *Router) markAll(meta map[string]string) map[string]string {
	return mark(meta)
}

// seal writes into its parameter and returns it.
func seal(meta map[string]string) map[string]string {
	meta["sealed"] = "true"
	return meta
}

// sealAll is a function: NM004 reports the object's map given to it at the
// call, where the caller can make it.
func sealAll(meta map[string]string) map[string]string {
	return seal(meta)
}

// NearMisses reads the user's service and passes its maps made or copied.
func (r *Router) NearMisses(ctx context.Context, key types.NamespacedName) ([]map[string]string, error) {
	var svc corev1.Service
	if err := r.c.Get(ctx, key, &svc); err != nil {
		return nil, err
	}
	return []map[string]string{
		r.ensured(svc.Annotations),
		tag(freshOf(svc.Labels)),
		r.markAll(map[string]string{}),
		r.markAll(make(map[string]string)),
		sealAll(svc.Labels),
	}, nil
}
