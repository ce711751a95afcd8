// Package b registers the kind b, and the kinds of the late and shared
// registries.
package b

import (
	"example.com/freshparam/catalog"
	"example.com/freshparam/registry"
)

// Register registers b on r.
func Register(r *registry.Registry) error {
	r.Register("b")
	return nil
}

// Late registers on r, which its caller has already started.
func Late(r *registry.Registry) {
	r.RegisterLate("late")
}

// Shared registers on r, which its caller gets from a package variable.
func Shared(r *registry.Registry) {
	r.RegisterShared("shared")
}

// AddShared adds b to c, which its caller gets from a package variable.
func AddShared(c *catalog.Catalog) {
	c.AddShared("b")
}

// AddLate adds b to c, which a goroutine may hold already.
func AddLate(c *catalog.Catalog) {
	c.AddLate("b")
}
