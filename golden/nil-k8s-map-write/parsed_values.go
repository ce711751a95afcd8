package controllers

import (
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

type lookups interface {
	Get(name string, into *corev1.ConfigMap) error
	List(into *corev1.PodList) error
}

type mapping struct {
	Peers []string `json:"peers"`
}

func parse(in string) (mapping, error) {
	var m mapping
	err := json.Unmarshal([]byte(in), &m)
	if err != nil {
		return m, fmt.Errorf("parse mapping: %w", err)
	}
	return m, nil
}

// A value read from the map that equals a non-empty string, or that a
// parser which rejects "" accepted, was there: the map is not nil.
func Update(c lookups, id int, data string) error {
	pods := &corev1.PodList{}
	if err := c.List(pods); err != nil {
		return err
	}
	for i := range pods.Items {
		pod := pods.Items[i]
		member := pod.Annotations["member-id"]
		if member != fmt.Sprintf("%d", id) {
			continue
		}
		updated := pod.DeepCopy()
		updated.Annotations["removed"] = "true"
	}
	cm := &corev1.ConfigMap{}
	if err := c.Get("mapping", cm); err != nil {
		return err
	}
	existing := cm.Data["mapping"]
	if _, err := parse(existing); err != nil {
		return err
	}
	cm.Data["mapping"] = data
	return nil
}

func lenient(in string) (mapping, error) {
	var m mapping
	if in == "" {
		return m, nil
	}
	err := json.Unmarshal([]byte(in), &m)
	return m, err
}

func parseActions(in string) map[string]string {
	actions := map[string]string{}
	for _, item := range strings.Split(in, ",") {
		if key, value, ok := strings.Cut(item, ":"); ok {
			actions[key] = value
		}
	}
	return actions
}

// The body of a loop over a value parsed out of the annotations runs only
// when the annotation was there.
func Reset(c lookups) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get("actions", cm); err != nil {
		return err
	}
	annotations := cm.GetAnnotations()
	actions := parseActions(annotations["actions"])
	copied := cm.DeepCopy()
	for key := range actions {
		reset := copied.GetAnnotations()
		reset[key] = ""
		copied.SetAnnotations(reset)
	}
	return nil
}

// "%s" of an empty value is empty, and lenient accepts "": neither proves the key.
func UpdateLoose(c lookups, name, data string) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get("mapping", cm); err != nil {
		return err
	}
	owner := cm.Annotations["owner"]
	if owner != fmt.Sprintf("%s", name) {
		return nil
	}
	cm.Annotations["seen"] = "true" // want `write to cm.Annotations, which may be nil: cm is decoded by c.Get`
	return nil
}

func UpdateLenient(c lookups, data string) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get("mapping", cm); err != nil {
		return err
	}
	existing := cm.Data["mapping"]
	if _, err := lenient(existing); err != nil {
		return err
	}
	cm.Data["mapping"] = data // want `write to cm.Data, which may be nil: cm is decoded by c.Get`
	return nil
}
