// Package plugins registers every plugin's kinds.
package plugins

import (
	"example.com/freshparam/catalog"
	"example.com/freshparam/plugins/a"
	"example.com/freshparam/plugins/b"
	"example.com/freshparam/plugins/c"
	"example.com/freshparam/plugins/d"
	"example.com/freshparam/plugins/e"
	"example.com/freshparam/registry"
)

// Hooks are run by whoever holds them.
var Hooks = []func(*registry.Registry) error{c.Register}

// RegisterAll registers a and b on r, one after the other.
func RegisterAll(r *registry.Registry) error {
	for _, register := range []func(*registry.Registry) error{
		a.Register,
		b.Register,
	} {
		if err := register(r); err != nil {
			return err
		}
	}
	return nil
}

// StartAll starts r, then registers e on it.
func StartAll(r *registry.Registry) error {
	for _, step := range []func(*registry.Registry) error{d.Start, e.Register} {
		if err := step(r); err != nil {
			return err
		}
	}
	return nil
}

// Catalog returns a new catalog holding every plugin's names.
func Catalog() *catalog.Catalog {
	c := catalog.New()
	for _, add := range []func(*catalog.Catalog){a.AddTo} {
		add(c)
	}
	return c
}

// Watched returns a new catalog that a goroutine enables names in while
// the plugins add theirs.
func Watched() *catalog.Catalog {
	c := catalog.New()
	go c.Enable("w")
	for _, add := range []func(*catalog.Catalog){b.AddLate} {
		add(c)
	}
	return c
}
