// Package plugin registers modules with the framework: the values it
// builds leave through the framework's interfaces.
package plugin

import (
	"errors"

	"example.com/handed/framework"
)

func init() {
	framework.Register(Cache{})
	framework.Register(&Counter{})
	framework.Register(Tally{})
}

// Cache makes its map in Provision, which returns without an error only
// after making it; the framework provisions every module before it serves.
type Cache struct {
	Size    int
	entries map[string]int
}

// Info makes new Cache values for the framework.
func (Cache) Info() framework.Info {
	return framework.Info{ID: "cache", New: func() framework.Module { return new(Cache) }}
}

// Provision makes the map.
func (c *Cache) Provision() error {
	if c.Size < 0 {
		return errors.New("negative size")
	}
	c.entries = make(map[string]int, c.Size)
	return nil
}

// Serve writes the map.
func (c *Cache) Serve(name string) {
	c.entries[name]++
}

// Counter makes its map lazily in Provision.
type Counter struct {
	hits map[string]int
}

// Info makes new Counter values.
func (*Counter) Info() framework.Info {
	return framework.Info{ID: "counter", New: func() framework.Module { return &Counter{} }}
}

// Provision makes the map when it is missing.
func (c *Counter) Provision() error {
	if c.hits == nil {
		c.hits = map[string]int{}
	}
	return nil
}

// Serve writes the map.
func (c *Counter) Serve(name string) {
	c.hits[name]++
}

// Tally leaves by value: the framework can call only its value methods,
// and Record has a pointer receiver.
type Tally struct {
	seen map[string]bool
}

// Info describes Tally; its values are never made by the framework.
func (Tally) Info() framework.Info {
	return framework.Info{ID: "tally"}
}

// Record writes the map.
func (t *Tally) Record(name string) {
	t.seen[name] = true
}
