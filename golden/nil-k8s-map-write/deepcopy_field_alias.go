package p

import (
	corev1 "k8s.io/api/core/v1"
)

// A map taken from a deep copy in one expression is nil when the
// original's is: DeepCopy keeps a nil map nil.
func Escaped(secret *corev1.Secret) map[string][]byte {
	m := secret.DeepCopy().Data
	m["escaped"] = []byte("yes") // want `write to m, which is nil when secret\.DeepCopy\(\)\.Data is: a DeepCopy keeps a nil map nil, and secret is a parameter`
	return m
}

// Written only inside a range over the original: the original has entries,
// so the copy is not nil there.
func EscapedKeys(secret *corev1.Secret) map[string][]byte {
	m := secret.DeepCopy().Data
	for k, v := range secret.Data {
		m[k+"_escaped"] = v
	}
	return m
}

// The original is made before the copy.
func EscapedMade(secret *corev1.Secret) map[string][]byte {
	if secret.Data == nil {
		secret.Data = map[string][]byte{}
	}
	m := secret.DeepCopy().Data
	m["escaped"] = []byte("yes")
	return m
}
