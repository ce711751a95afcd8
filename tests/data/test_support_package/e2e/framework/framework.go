// Package framework is end-to-end test scaffolding: it imports testing,
// only the tests of another directory import it, no command links it, so
// only go test runs it, and a nil-map write here panics in the test that
// runs it.
package framework

import "testing"

// Labels returns the labels of a test object.
func Labels(t testing.TB, name string) map[string]string {
	t.Helper()
	var labels map[string]string
	labels["test"] = name
	return labels
}
