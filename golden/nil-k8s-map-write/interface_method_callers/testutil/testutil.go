// Package testutil is test support code: what it passes is no evidence
// for production code.
package testutil

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"example.com/ifacecallers/provider"
)

// InjectBare injects a pod without annotations (it panics under go test).
func InjectBare(t *testing.T, p provider.Provider) {
	t.Helper()
	_ = p.Inject(&corev1.Pod{})
}
