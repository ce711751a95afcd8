// Package builders builds pods for the scenarios of other packages.
package builders

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// BuildPod builds a pod whose container has made resource lists, then
// hands it to apply.
func BuildPod(name string, apply func(*corev1.Pod)) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{},
				Limits:   corev1.ResourceList{},
			},
		}}},
	}
	if apply != nil {
		apply(pod)
	}
	return pod
}

// Guaranteed is only handed to BuildPod as a value.
func Guaranteed(pod *corev1.Pod) {
	pod.Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = pod.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU]
}

// Request is only called by callbacks, with the pod they were given.
func Request(pod *corev1.Pod, name corev1.ResourceName, n int64) {
	pod.Spec.Containers[0].Resources.Requests[name] = *resource.NewQuantity(n, resource.DecimalSI)
}

// Limit is called by a callback with a pod it built itself.
func Limit(pod *corev1.Pod, name corev1.ResourceName, n int64) {
	pod.Spec.Containers[0].Resources.Limits[name] = *resource.NewQuantity(n, resource.DecimalSI) // want `write to pod\.Spec\.Containers\[0\]\.Resources\.Limits, which may be nil: pod is a parameter`
}

// Label is called by a callback and by a function with a pod of its own.
func Label(pod *corev1.Pod, key, value string) {
	pod.Labels[key] = value // want `write to pod\.Labels, which may be nil: pod is a parameter`
}

// Annotate has no caller in the module: other modules may pass anything.
func Annotate(pod *corev1.Pod, key, value string) {
	pod.Annotations[key] = value // want `write to pod\.Annotations, which may be nil: pod is a parameter`
}

// Taint is handed to an informer's handlers, which pass pods read from the
// cluster.
func Taint(pod *corev1.Pod) {
	pod.Annotations["tainted"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter`
}

// Stamp is called by a handler literal stored for an informer.
func Stamp(pod *corev1.Pod) {
	pod.Labels["stamped"] = "true" // want `write to pod\.Labels, which may be nil: pod is a parameter`
}
