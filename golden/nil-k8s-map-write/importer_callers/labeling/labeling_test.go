package labeling

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestRelabelBare(t *testing.T) {
	defer func() { _ = recover() }()
	Relabel(&corev1.Pod{})
}
