package controllers

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// ok is assigned anew by a lookup in another map: when the limits lack
// the key, ok tells of the requests, and the limits may still be nil.
func Scale(ctr *corev1.Container, name corev1.ResourceName) {
	count, ok := ctr.Resources.Limits[name]
	if !ok {
		count, ok = ctr.Resources.Requests[name]
	}
	if ok {
		ctr.Resources.Limits[name+"-cores"] = count // want `write to ctr.Resources.Limits, which may be nil`
	}
}

// The same with a redeclaration in the function's block.
func Share(ctr *corev1.Container, name corev1.ResourceName) {
	_, ok := ctr.Resources.Limits[name]
	count, ok := ctr.Resources.Requests[name]
	if ok {
		ctr.Resources.Limits[name] = count // want `write to ctr.Resources.Limits, which may be nil`
	}
}

// Near misses: these still prove the limits are there.

// ok assigned anew by a lookup in the same map.
func Rescale(ctr *corev1.Container, name, other corev1.ResourceName) {
	count, ok := ctr.Resources.Requests[name]
	if !ok {
		count, ok = ctr.Resources.Limits[other]
	}
	_, ok = ctr.Resources.Limits[name]
	if ok {
		ctr.Resources.Limits[name] = count
	}
}

// A redeclaration in a block that ended before the write does not reach it.
func Keep(ctr *corev1.Container, name corev1.ResourceName) {
	_, ok := ctr.Resources.Limits[name]
	if len(name) > 3 {
		_, ok := ctr.Resources.Requests[name]
		_ = ok
	}
	if ok {
		ctr.Resources.Limits[name] = resource.MustParse("1")
	}
}
