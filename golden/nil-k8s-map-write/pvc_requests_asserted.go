package controllers

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
)

// Strategy is how a reconcile helper updates the existing object it read.
type Strategy struct {
	UpdateInPlace func(obj runtime.Object)
}

func grow(obj *corev1.PersistentVolumeClaim, size resource.Quantity) {
	cur := obj.Spec.Resources.Requests[corev1.ResourceStorage]
	if size.Cmp(cur) > 0 {
		// the claim comes as the API server stored it (asserted from the
		// object the helper hands over), and the server requires
		// spec.resources.requests[storage]: Requests is there
		obj.Spec.Resources.Requests[corev1.ResourceStorage] = size
	}
	obj.Labels["grown"] = "true" // want `write to obj\.Labels, which may be nil: obj is a parameter and Claims passes claim \(claim is asserted from obj\)`
}

// Claims grows the claims a helper reads and hands over as runtime.Object.
func Claims(size resource.Quantity) Strategy {
	return Strategy{
		UpdateInPlace: func(obj runtime.Object) {
			claim := obj.(*corev1.PersistentVolumeClaim)
			grow(claim, size)
		},
	}
}
