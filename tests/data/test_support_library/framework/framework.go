// Package framework belongs to a library module (no command): its
// packages are for its importers, whatever its own tests use.
package framework

// Labels returns the labels of an object.
func Labels(name string) map[string]string {
	var labels map[string]string
	labels["test"] = name
	return labels
}
