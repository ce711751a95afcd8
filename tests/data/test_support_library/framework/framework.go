// Package framework belongs to a library module (no command): its
// packages are for its importers, whatever its own tests use, also when
// they help tests.
package framework

import "testing"

// Labels returns the labels of an object.
func Labels(t testing.TB, name string) map[string]string {
	t.Helper()
	var labels map[string]string
	labels["test"] = name
	return labels
}
