package controllers

import (
	"log"

	corev1 "k8s.io/api/core/v1"
)

// Near misses: none of these proves the map is there.

// The key is missing in the branch that writes.
func Default(cm *corev1.ConfigMap, k string) {
	if _, ok := cm.Data[k]; !ok {
		cm.Data[k] = "default" // want `write to cm.Data, which may be nil`
	}
}

// A missing key is only logged; the write still runs.
func Touch(cm *corev1.ConfigMap, k string) {
	v, ok := cm.Data[k]
	if !ok {
		log.Printf("no %s", k)
	}
	cm.Data[k] = v + "x" // want `write to cm.Data, which may be nil`
}

// Ranging over another map says nothing about the one written.
func Copy(cm *corev1.ConfigMap, from map[string]string) {
	for k, v := range from {
		cm.Labels[k] = v // want `write to cm.Labels, which may be nil`
	}
}

// The helper checks the labels, the write goes to the annotations.
func requireLabels(cm *corev1.ConfigMap) error {
	if cm.Labels == nil {
		return nil
	}
	return nil
}

func Annotate(cm *corev1.ConfigMap) error {
	if err := requireLabels(cm); err != nil {
		return err
	}
	cm.Annotations["checked"] = "true" // want `write to cm.Annotations, which may be nil`
	return nil
}
