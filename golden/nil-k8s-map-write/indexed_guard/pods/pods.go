// Package pods sets container limits.
package pods

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// LimitFirst makes the first container's limits before writing them.
func LimitFirst(pod *corev1.Pod) {
	if pod.Spec.Containers[0].Resources.Limits == nil {
		pod.Spec.Containers[0].Resources.Limits = corev1.ResourceList{}
	}
	pod.Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = resource.MustParse("1")
}

// LimitSecond checks the first container and writes the second's.
func LimitSecond(pod *corev1.Pod) {
	if pod.Spec.Containers[0].Resources.Limits == nil {
		return
	}
	pod.Spec.Containers[1].Resources.Limits[corev1.ResourceCPU] = resource.MustParse("1") // want `write to pod\.Spec\.Containers\[1\]\.Resources\.Limits, which may be nil`
}
