package controllers

import (
	corev1 "k8s.io/api/core/v1"
)

// A non-zero value read from the map proves the key, so the map, is there.
func Enable(cm *corev1.ConfigMap) {
	if cm.Data["mode"] == "legacy" {
		cm.Data["mode"] = "current"
	}
}

func Migrate(cm *corev1.ConfigMap) {
	if v := cm.Annotations["version"]; v != "" {
		cm.Annotations["migrated-from"] = v
	}
}

func Rename(cm *corev1.ConfigMap) {
	old := cm.Labels["team"]
	if old == "" {
		return
	}
	cm.Labels["owner"] = old
}

func Route(cm *corev1.ConfigMap) {
	switch cm.Data["provider"] {
	case "vault", "kms":
		cm.Data["secure"] = "true"
	}
}

// Constants of the package with a non-zero value prove the key as a
// literal does.
const (
	engineKV  = "kv"
	engineKey = "secret-engine"
)

func Engine(cm *corev1.ConfigMap) {
	engine := cm.Data[engineKey]
	switch engine {
	case engineKV:
		cm.Data["backend"] = "v2"
	}
	if cm.Labels["engine"] == engineKV {
		cm.Labels["checked"] = "true"
	}
}

// param gives a non-empty value only for a key found in the map, so a
// non-empty value it gave proves the map, as m[k] would.
func param(config map[string]string, key string) string {
	if v, ok := config[key]; ok && v != "" {
		return v
	}
	return ""
}

func Provider(cm *corev1.ConfigMap) {
	provider := param(cm.Data, "provider")
	switch provider {
	case "ibm", engineKV:
		cm.Data["token"] = "from-secret"
	}
}
