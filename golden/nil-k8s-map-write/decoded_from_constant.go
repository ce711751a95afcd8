package controllers

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// configMapTemplate is the program's own manifest: data and labels set.
const configMapTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: template
  labels:
    app.kubernetes.io/part-of: demo
data:
  template: |
    labels:
      nested: text
`

// bareTemplate has no labels and an empty data mapping.
const bareTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: bare
data: {}
`

// jsonTemplate is JSON text with annotations.
var jsonTemplate = `{"metadata": {"name": "j", "annotations": {"a": "b"}}}`

// Template may be changed by importers of the package.
var Template = configMapTemplate

// FromTemplate decodes the constant manifest that sets data and labels: both
// maps decode non-nil.
func FromTemplate(body string) (*corev1.ConfigMap, error) {
	cm := &corev1.ConfigMap{}
	if err := yaml.Unmarshal([]byte(configMapTemplate), cm); err != nil {
		return nil, err
	}
	cm.Data["template"] = body
	cm.Labels["runtime"] = "go"
	cm.Annotations["a"] = "b" // want `write to cm\.Annotations, which may be nil: cm is decoded by yaml\.Unmarshal`
	return cm, nil
}

// FromJSON decodes JSON text of a variable nothing assigns.
func FromJSON() (*corev1.ConfigMap, error) {
	var cm corev1.ConfigMap
	if err := json.Unmarshal([]byte(jsonTemplate), &cm); err != nil {
		return nil, err
	}
	cm.Annotations["c"] = "d"
	cm.Labels["c"] = "d" // want `write to cm\.Labels, which may be nil: cm is decoded by json\.Unmarshal`
	return &cm, nil
}

// FromBare decodes a manifest whose data is empty and labels absent.
func FromBare() (*corev1.ConfigMap, error) {
	cm := &corev1.ConfigMap{}
	if err := yaml.Unmarshal([]byte(bareTemplate), cm); err != nil {
		return nil, err
	}
	cm.Data["x"] = "y" // want `write to cm\.Data, which may be nil: cm is decoded by yaml\.Unmarshal`

	cm.Labels["x"] = "y" // want `write to cm\.Labels, which may be nil: cm is decoded by yaml\.Unmarshal`
	return cm, nil
}

// FromExported decodes an exported variable another package may reassign.
func FromExported() (*corev1.ConfigMap, error) {
	cm := &corev1.ConfigMap{}
	if err := yaml.Unmarshal([]byte(Template), cm); err != nil {
		return nil, err
	}
	cm.Data["x"] = "y" // want `write to cm\.Data, which may be nil: cm is decoded by yaml\.Unmarshal`
	return cm, nil
}

// FromUnchecked ignores the decode error: a failed decode leaves the maps.
func FromUnchecked() *corev1.ConfigMap {
	cm := &corev1.ConfigMap{}
	_ = yaml.Unmarshal([]byte(configMapTemplate), cm)
	cm.Data["x"] = "y" // want `write to cm\.Data, which may be nil: cm is decoded by yaml\.Unmarshal`
	return cm
}
