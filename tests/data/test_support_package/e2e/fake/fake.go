// Package fake is a fake the tests use, but it imports no test framework:
// a program could link it, so its nil-map writes are reported.
package fake

// Store is a fake store.
func Store(name string) map[string]string {
	var items map[string]string
	items["name"] = name
	return items
}
