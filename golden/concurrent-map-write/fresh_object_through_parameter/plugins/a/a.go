// Package a registers the kind a.
package a

import (
	"example.com/freshparam/catalog"
	"example.com/freshparam/registry"
)

// Register registers a on r.
func Register(r *registry.Registry) error {
	r.Register("a")
	return nil
}

// AddTo adds a to c.
func AddTo(c *catalog.Catalog) {
	c.Add("a")
}
