// Package jobs builds the pods and services of jobs.
package jobs

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"example.com/importers/controller"
	lb "example.com/importers/labeling"
)

// JobPod builds a pod whose labels it makes before tagging it.
func JobPod(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	lb.Tag(pod, "job")
	return pod
}

// Expose selects the pods of a job with a zero-value service.
func Expose() corev1.Service {
	var svc corev1.Service
	lb.Select(&svc)
	return svc
}

// Marked marks a pod that another package builds.
func Marked() *corev1.Pod {
	pod := controller.NewPod("marked")
	lb.Mark(pod)
	return pod
}
