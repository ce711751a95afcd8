package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func render(settings map[string]string) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}
	for k, v := range settings {
		cm.Data[k] = v // want `write to cm.Data, which may be nil: cm's literal does not set Data`
	}
	cm.BinaryData["blob"] = []byte("x") // want `write to cm.BinaryData`
	return cm
}
