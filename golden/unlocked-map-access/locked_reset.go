package p

import "sync"

// Reset replaces the map under the lock, so the lock guards the field's
// writes: Put's unlocked write is the forgotten one.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Reset() {
	c.mu.Lock()
	c.m = map[string]int{}
	c.mu.Unlock()
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *Cache) Put(k string, v int) {
	c.m[k] = v // want "write to map c.m without holding c.mu: Reset locks it"
}
