package controllers

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
)

func SelectorFor(svc *corev1.Service, extra string) map[string]string {
	sel := maps.Clone(svc.Spec.Selector)
	sel["extra"] = extra // want `write to sel, which is nil when svc.Spec.Selector is: svc is a parameter`
	return sel
}

func labelsOf(pod *corev1.Pod) map[string]string {
	labels := maps.Clone(pod.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	labels["copied"] = "true"
	return labels
}
