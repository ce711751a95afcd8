package controllers

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
)

// Made when the clone is nil.
func mergeLabelsMade(oldNs, newNs *corev1.Namespace) map[string]string {
	labels := maps.Clone(oldNs.GetLabels())
	if labels == nil {
		labels = map[string]string{}
	}
	for key, value := range newNs.GetLabels() {
		labels[key] = value
	}
	return labels
}

// Written only while ranging over the clone: it has entries, so it is made.
func rewriteLabels(ns *corev1.Namespace) map[string]string {
	labels := maps.Clone(ns.GetLabels())
	for key, value := range labels {
		labels[key] = value + "-copy"
	}
	return labels
}
