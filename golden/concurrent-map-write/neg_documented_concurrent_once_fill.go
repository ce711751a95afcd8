package p

import "sync"

// Catalog is safe for concurrent use: its index is built once, inside
// indexOnce.Do, whose completion the Go memory model synchronizes before
// the return of every Do call.
type Catalog struct {
	Names     []string
	index     map[string]int
	indexOnce sync.Once
}

func (c *Catalog) Find(name string) (int, bool) {
	c.indexOnce.Do(func() {
		c.index = make(map[string]int, len(c.Names))
		for i, n := range c.Names {
			c.index[n] = i
		}
	})
	i, ok := c.index[name]
	return i, ok
}
