package p

import (
	corev1 "k8s.io/api/core/v1"
)

// The object's map is taken into a variable, then written: nil when the
// object came without labels or annotations.
func tag(pod *corev1.Pod) {
	labels := pod.GetLabels()
	labels["managed"] = "yes" // want "write to labels, which is nil when pod.GetLabels\(\) is: it returns nil for an object without labels"
	pod.SetLabels(labels)
}

func Note(pod *corev1.Pod) {
	ann := pod.Annotations
	ann["seen"] = "yes" // want "write to ann, which is nil when pod.Annotations is: pod is a parameter"
}

func tagGuarded(pod *corev1.Pod) {
	labels := pod.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels["managed"] = "yes"
	pod.SetLabels(labels)
}

func noteMade(pod *corev1.Pod) {
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	ann := pod.Annotations
	ann["seen"] = "yes"
}
