// Package scenarios lists the pods of a scenario.
package scenarios

import (
	corev1 "k8s.io/api/core/v1"

	"example.com/callbacks/builders"
)

// Pods builds the scenario's pods through callbacks.
func Pods() []*corev1.Pod {
	return []*corev1.Pod{
		builders.BuildPod("a", builders.Guaranteed),
		builders.BuildPod("b", func(pod *corev1.Pod) {
			builders.Request(pod, corev1.ResourceCPU, 1)
			builders.Label(pod, "app", "b")
		}),
		builders.BuildPod("c", func(pod *corev1.Pod) {
			pod = &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{}}}}
			builders.Limit(pod, corev1.ResourceCPU, 1)
		}),
	}
}

// Bare labels a pod it built without labels.
func Bare() *corev1.Pod {
	pod := &corev1.Pod{}
	builders.Label(pod, "app", "bare")
	return pod
}

// Handlers are called by an informer with the pods it reads from the
// cluster.
type Handlers struct {
	OnAdd    func(*corev1.Pod)
	OnUpdate func(*corev1.Pod)
}

// Register hands the builders to the informer's handlers.
func Register() Handlers {
	return Handlers{
		OnAdd:    builders.Taint,
		OnUpdate: func(pod *corev1.Pod) { builders.Stamp(pod) },
	}
}
