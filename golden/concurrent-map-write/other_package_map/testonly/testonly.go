// Package testonly reads another package's map from its goroutines; only its
// tests write the map, on the test's goroutine, before they start them.
package testonly

import "example.com/pkgmaps/conf"

// Watch starts readers.
func Watch(n int) {
	for range n {
		go func() {
			_ = conf.Weights["a"]
		}()
	}
}
