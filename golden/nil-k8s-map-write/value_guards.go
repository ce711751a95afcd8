package controllers

import (
	corev1 "k8s.io/api/core/v1"
)

// Near misses: a missing key reads as the zero value, which these allow.
func Reset(cm *corev1.ConfigMap) {
	if cm.Data["mode"] == "" {
		cm.Data["mode"] = "default" // want `write to cm.Data, which may be nil`
	}
}

func Retag(cm *corev1.ConfigMap) {
	if v := cm.Annotations["version"]; v != "2" {
		cm.Annotations["version"] = "2" // want `write to cm.Annotations, which may be nil`
	}
}

func Fallback(cm *corev1.ConfigMap) {
	switch cm.Data["provider"] {
	case "vault":
	default:
		cm.Data["provider"] = "none" // want `write to cm.Data, which may be nil`
	}
}

// Near misses: a constant whose value is the zero value, and a local that
// shadows a non-zero constant of the package.
const (
	engineNone = ""
	engineKV   = "kv"
)

func EngineNone(cm *corev1.ConfigMap) {
	switch cm.Data["engine"] {
	case engineNone:
		cm.Data["engine"] = "kv" // want `write to cm.Data, which may be nil`
	}
}

func EngineShadowed(cm *corev1.ConfigMap, engineKV string) {
	if cm.Labels["engine"] == engineKV {
		cm.Labels["checked"] = "true" // want `write to cm.Labels, which may be nil`
	}
}

// Near misses: a getter with a default for a missing key gives a non-empty
// value whatever the map, and one whose lookup's ok is not what guards the
// return.
func paramOr(config map[string]string, key string) string {
	if v, ok := config[key]; ok {
		return v
	}
	return "vault"
}

func paramAny(config map[string]string, key string, strict bool) string {
	if _, ok := config[key]; ok || !strict {
		return key
	}
	return ""
}

func ProviderOr(cm *corev1.ConfigMap) {
	provider := paramOr(cm.Data, "provider")
	switch provider {
	case "vault":
		cm.Data["token"] = "from-secret" // want `write to cm.Data, which may be nil`
	}
}

func ProviderAny(cm *corev1.ConfigMap) {
	provider := paramAny(cm.Data, "provider", false)
	if provider == "provider" {
		cm.Data["token"] = "from-secret" // want `write to cm.Data, which may be nil`
	}
}
