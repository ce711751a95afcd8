// Package metadata reconciles the labels and annotations of child objects.
package metadata

import "strings"

// ReconcileAnnotations merges defaults into existing, which it hands on as
// it got it: a caller's nil map reaches the write in merge.
func ReconcileAnnotations(existing map[string]string, defaults ...map[string]string) map[string]string {
	if len(defaults) == 0 {
		return existing
	}
	return merge(keep, existing, defaults...)
}

// ReconcileLabels is called with made maps only.
func ReconcileLabels(existing map[string]string, defaults ...map[string]string) map[string]string {
	return mergeLabels(existing, defaults...)
}

// ReconcileChecked makes the map before handing it on.
func ReconcileChecked(existing map[string]string, defaults ...map[string]string) map[string]string {
	if existing == nil {
		existing = map[string]string{}
	}
	return mergeChecked(existing, defaults...)
}

func merge(filter func(string) bool, base map[string]string, maps ...map[string]string) map[string]string {
	result := base
	for _, m := range maps {
		for k, v := range m {
			if filter(k) {
				result[k] = v // want `merge writes into its parameter base \(as result\), which a caller may pass as nil \(metadata\.go:\d+: resource\.UpdateService passes svc\.GetAnnotations\(\) \(svc is asserted from object\)\); it returns result, so a guard here fixes every caller`
			}
		}
	}
	return result
}

func mergeLabels(base map[string]string, maps ...map[string]string) map[string]string {
	result := base
	for _, m := range maps {
		for k, v := range m {
			result[k] = v
		}
	}
	return result
}

func mergeChecked(base map[string]string, maps ...map[string]string) map[string]string {
	result := base
	for _, m := range maps {
		for k, v := range m {
			result[k] = v
		}
	}
	return result
}

func keep(k string) bool {
	return !strings.Contains(k, "kubernetes.io")
}
