package p

import corev1 "k8s.io/api/core/v1"

// The lookup itself is tested against its zero value and the function
// leaves: a nil map reads "", so past the check Data holds the key.
func MarkImage(cm *corev1.ConfigMap) {
	if cm.Data["image"] == "" {
		return
	}
	cm.Data["seen"] = "yes"
}

// Also through len.
func MarkConfig(cm *corev1.ConfigMap) {
	if len(cm.Data["config"]) == 0 {
		return
	}
	cm.Data["seen"] = "yes"
}

// Near miss: the function leaves when the key is there, so the write runs
// when it is missing, nil map included.
func MarkMissing(cm *corev1.ConfigMap) {
	if cm.Data["image"] != "" {
		return
	}
	cm.Data["seen"] = "yes" // want `write to cm\.Data, which may be nil: cm is a parameter`
}
