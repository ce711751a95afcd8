// Package d starts a registry.
package d

import "example.com/freshparam/registry"

// Start runs r's loop.
func Start(r *registry.Registry) error {
	r.Run()
	return nil
}
