package store

import "errors"

type Cache struct {
	entries map[string]int
	name    string
}

func NewCache(name string) *Cache { return &Cache{name: name} }

// An else-if chain without a final else leaves a path with the map nil.
func (c *Cache) Init(size int) {
	if size == 0 {
		c.entries = map[string]int{}
	} else if size < 16 {
		c.entries = make(map[string]int, size)
	}
	c.entries["init"] = size // want `write to nil map field c.entries`
}

// A check that returns nil whatever the map says proves nothing.
func (c *Cache) check() error {
	if c.entries == nil {
		return nil
	}
	return errors.New("busy")
}

func (c *Cache) Set(k string) error {
	if err := c.check(); err != nil {
		return err
	}
	c.entries[k] = 1 // want `write to nil map field c.entries`
	return nil
}

// `len(m) > 0` in the test: the make runs only when the map already has keys.
func (c *Cache) Refresh() {
	if len(c.entries) > 0 {
		c.entries = map[string]int{}
	}
	c.entries["refresh"] = 1 // want `write to nil map field c.entries`
}
