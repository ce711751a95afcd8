package controllers

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// A lookup that found a key proves the map is not nil.
func Bump(cm *corev1.ConfigMap, k string) {
	if _, ok := cm.Data[k]; ok {
		cm.Data[k] = "bumped"
	}
}

func Append(cm *corev1.ConfigMap, k string) {
	v, ok := cm.Data[k]
	if !ok {
		return
	}
	cm.Data[k] = v + "x"
}

// The body of a range over the map runs only when the map has keys.
func Upper(cm *corev1.ConfigMap) {
	for k, v := range cm.Labels {
		cm.Labels[k] = v + "!"
	}
}

// requireKey returns an error when the key (and so the map) is missing.
func requireKey(cm *corev1.ConfigMap, k string) error {
	if _, ok := cm.Data[k]; !ok {
		return fmt.Errorf("configmap %s has no key %s", cm.Name, k)
	}
	return nil
}

func requireData(cm *corev1.ConfigMap) error {
	if cm.Data == nil {
		return errors.New("configmap has no data")
	}
	return nil
}

func Rotate(cm *corev1.ConfigMap, k string) error {
	if err := requireKey(cm, k); err != nil {
		return err
	}
	cm.Data[k] = "rotated"
	return nil
}

func Reset(cm *corev1.ConfigMap) error {
	if err := requireData(cm); err != nil {
		return err
	}
	cm.Data["reset"] = "true"
	return nil
}
