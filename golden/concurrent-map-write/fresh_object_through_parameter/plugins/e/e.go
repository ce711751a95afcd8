// Package e registers the kind e.
package e

import "example.com/freshparam/registry"

// Register registers e on r.
func Register(r *registry.Registry) error {
	r.RegisterStarted("e")
	return nil
}
