// Package catalog keeps the names of the plugins.
package catalog

import "sync"

// Catalog locks its mutex to enable a name.
type Catalog struct {
	mu      sync.Mutex
	enabled map[string]bool
	names   map[string]bool
	extra   map[string]bool
	late    map[string]bool
}

// New returns an empty catalog.
func New() *Catalog {
	return &Catalog{
		enabled: map[string]bool{},
		names:   map[string]bool{},
		extra:   map[string]bool{},
		late:    map[string]bool{},
	}
}

// Enable marks n enabled.
func (c *Catalog) Enable(n string) {
	c.enable(n)
}

func (c *Catalog) enable(n string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled[n] = true
}

// Add is called, through a plain function that takes the catalog as a
// parameter and that a loop runs from a slice literal, on a catalog its
// caller has just made and not yet returned.
func (c *Catalog) Add(n string) {
	c.add(n)
}

func (c *Catalog) add(n string) {
	c.names[n] = true
}

// AddShared is called through a parameter that receives the catalog of a
// package variable: anyone may use it meanwhile (a goroutine main started
// reads it).
func (c *Catalog) AddShared(n string) {
	c.addShared(n)
}

func (c *Catalog) addShared(n string) {
	c.extra[n] = true // want "concurrent write to map c.extra"
}

// AddLate is called, through a parameter, on a new catalog that a
// goroutine its maker started already holds.
func (c *Catalog) AddLate(n string) {
	c.addLate(n)
}

func (c *Catalog) addLate(n string) {
	c.late[n] = true // want "concurrent write to map c.late"
}

// Has tells whether n is known.
func (c *Catalog) Has(n string) bool {
	return c.names[n] || c.extra[n] || c.late[n]
}
