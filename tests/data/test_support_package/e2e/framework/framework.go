// Package framework is end-to-end test scaffolding: only the tests of
// another directory import it, no command links it, so only go test runs
// it, and a nil-map write here panics in the test that runs it.
package framework

// Labels returns the labels of a test object.
func Labels(name string) map[string]string {
	var labels map[string]string
	labels["test"] = name
	return labels
}
