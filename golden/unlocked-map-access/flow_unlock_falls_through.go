package p

import "sync"

// The branch that releases the lock does not leave: on that path the write
// below runs without it.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Put(k string, v int, slow bool) {
	c.mu.Lock()
	if slow {
		c.mu.Unlock()
		prepare()
	}
	c.items[k] = v // want "write to map c.items without holding c.mu"
	if !slow {
		c.mu.Unlock()
	}
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func prepare() {}
