package testutil

import (
	"testing"

	"example.com/paramnil/framework"
)

// NewVolumes is a test helper: its nil map is test evidence, which a
// passing suite shows never reaches Bind.
func NewVolumes(t *testing.T, node string) *framework.Volumes {
	t.Helper()
	return framework.WrapVolumes(node, nil)
}
