// Package c registers the kind c through a kept hook.
package c

import "example.com/freshparam/registry"

// Register registers c on r.
func Register(r *registry.Registry) error {
	r.RegisterKept("c")
	return nil
}
