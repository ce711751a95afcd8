package controllers

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func CapCPU(pod *corev1.Pod) {
	for i := range pod.Spec.Containers {
		pod.Spec.Containers[i].Resources.Limits[corev1.ResourceCPU] = resource.MustParse("500m") // want `write to pod.Spec.Containers\[i\].Resources.Limits`
	}
	pod.Spec.NodeSelector["kubernetes.io/os"] = "linux" // want `write to pod.Spec.NodeSelector`
}
