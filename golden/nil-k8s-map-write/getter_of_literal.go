package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GetLabels of an API type is ObjectMeta's, promoted: it returns the
// Labels the literal just above set, so the map is there.
func NewPod(name string, controlPlane bool) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:   name,
			Labels: map[string]string{"app": name},
		},
	}
	if controlPlane {
		labels := pod.GetLabels()
		labels["control-plane"] = ""
		pod.SetLabels(labels)
	}
	return pod
}

// Near miss: the literal leaves Labels out, so GetLabels returns nil.
func NewBarePod(name string, controlPlane bool) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
	}
	if controlPlane {
		labels := pod.GetLabels()
		labels["control-plane"] = "" // want `write to labels, which is nil when pod.GetLabels\(\) is: it returns nil for an object without labels`
		pod.SetLabels(labels)
	}
	return pod
}
