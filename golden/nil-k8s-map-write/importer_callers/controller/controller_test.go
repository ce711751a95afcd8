package controller

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"example.com/importers/labeling"
)

// A test that stamps a bare pod panics under go test: it is not evidence
// about the production callers, which all build the pod with labels.
func TestStampBare(t *testing.T) {
	defer func() { _ = recover() }()
	labeling.Stamp(&corev1.Pod{})
}
