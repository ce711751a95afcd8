package controllers

import (
	"encoding/json"
	"errors"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// A local defined from a non-empty literal and never assigned again holds
// that value: a value read from the map that equals it is not empty, so the
// key, and the map, is there.
func Upgrade(cm *corev1.ConfigMap) error {
	expected := "v2"
	if v := cm.Data["version"]; v != expected {
		return errors.New("unexpected version")
	}
	cm.Data["upgraded"] = "true"
	return nil
}

func Tag(cm *corev1.ConfigMap) {
	want := "blue"
	if cm.Labels["color"] == want {
		cm.Labels["seen"] = "true"
	}
}

// Unstructured's GetAPIVersion and GetKind read Object and give "" when the
// field is missing: a result equal to a non-empty value proves Object.
func Configure(data []byte, kubeconfig string) ([]byte, error) {
	var config unstructured.Unstructured
	if err := decode(data, &config); err != nil {
		return nil, err
	}
	expectedAPIVersion := "kubescheduler.config.k8s.io/v1"
	if apiVersion := config.GetAPIVersion(); apiVersion != expectedAPIVersion {
		return nil, errors.New("invalid apiVersion")
	}
	config.Object["clientConnection"] = map[string]any{"kubeconfig": kubeconfig}
	return json.Marshal(config.Object)
}

func Rekind(data []byte) ([]byte, error) {
	var config unstructured.Unstructured
	if err := decode(data, &config); err != nil {
		return nil, err
	}
	if config.GetKind() == "Deployment" {
		config.Object["checked"] = true
	}
	return json.Marshal(config.Object)
}

// decode stands for a YAML decoder the analysis does not know.
var decode func([]byte, any) error
