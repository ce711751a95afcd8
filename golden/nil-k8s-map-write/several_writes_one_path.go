package golden

import corev1 "k8s.io/api/core/v1"

// The loop writes Data for each key, the last write always: one guard
// before the loop covers both, also when keys is empty (a guard inside the
// loop alone leaves the last write panicking).
func summary(keys []string) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{}
	for _, k := range keys {
		cm.Data[k] = "x" // want "write to cm.Data, which may be nil"
	}
	cm.Data["total"] = "y" // want "write to cm.Data, which may be nil"
	return cm
}
