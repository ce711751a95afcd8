package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func build(name string) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      map[string]string{"app": name},
			Annotations: make(map[string]string),
		},
		Spec: corev1.PodSpec{NodeSelector: map[string]string{}},
	}
	pod.Labels["tier"] = "web"
	pod.Annotations["built"] = "true"
	pod.Spec.NodeSelector["os"] = "linux"
	return pod
}

func relabel(pod *corev1.Pod) {
	pod.Labels = map[string]string{"fresh": "true"}
	pod.Labels["again"] = "true"
	pod.SetAnnotations(map[string]string{})
	pod.Annotations["set"] = "true"
	labels := map[string]string{}
	labels["local"] = "ok"
}
