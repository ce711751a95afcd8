package controllers

import (
	"encoding/json"
	"errors"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Near misses: the compared value may be empty, so a missing key (a nil
// map) passes the test.

// A local assigned again after its definition may be empty when compared.
func UpgradeReassigned(cm *corev1.ConfigMap, strict bool) error {
	expected := "v2"
	if !strict {
		expected = ""
	}
	if v := cm.Data["version"]; v != expected {
		return errors.New("unexpected version")
	}
	cm.Data["upgraded"] = "true" // want `write to cm.Data, which may be nil`
	return nil
}

// A local defined from the empty string.
func TagEmpty(cm *corev1.ConfigMap) {
	want := ""
	if cm.Labels["color"] == want {
		cm.Labels["seen"] = "true" // want `write to cm.Labels, which may be nil`
	}
}

// A local whose address is taken may be changed through the pointer.
func TagPointer(cm *corev1.ConfigMap, set func(*string)) {
	want := "blue"
	set(&want)
	if cm.Labels["color"] == want {
		cm.Labels["seen"] = "true" // want `write to cm.Labels, which may be nil`
	}
}

// A parameter may be "".
func ConfigureWith(data []byte, expected string) ([]byte, error) {
	var config unstructured.Unstructured
	if err := decode(data, &config); err != nil {
		return nil, err
	}
	if config.GetAPIVersion() != expected {
		return nil, errors.New("invalid apiVersion")
	}
	config.Object["clientConnection"] = map[string]any{} // want `write to config.Object, which may be nil`
	return json.Marshal(config.Object)
}

// The getter's result is only logged: the write runs whatever it is.
func ConfigureLogged(data []byte, logf func(string)) ([]byte, error) {
	var config unstructured.Unstructured
	if err := decode(data, &config); err != nil {
		return nil, err
	}
	if config.GetAPIVersion() != "v1" {
		logf("unexpected apiVersion")
	}
	config.Object["clientConnection"] = map[string]any{} // want `write to config.Object, which may be nil`
	return json.Marshal(config.Object)
}

// The getter reads another object.
func ConfigureOther(data []byte, other *unstructured.Unstructured) ([]byte, error) {
	var config unstructured.Unstructured
	if err := decode(data, &config); err != nil {
		return nil, err
	}
	if other.GetKind() != "KubeSchedulerConfiguration" {
		return nil, errors.New("invalid kind")
	}
	config.Object["clientConnection"] = map[string]any{} // want `write to config.Object, which may be nil`
	return json.Marshal(config.Object)
}

// decode stands for a YAML decoder the analysis does not know.
var decode func([]byte, any) error
