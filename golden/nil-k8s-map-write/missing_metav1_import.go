package webhook

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
)

// Default is a mutating webhook's defaulter: the pod is decoded from the
// admission request.
func Default(pod *corev1.Pod, revision int) {
	pod.Annotations["revision"] = strconv.Itoa(revision) // want `write to pod.Annotations, which may be nil: pod is a parameter`
}
