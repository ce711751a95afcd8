package p

import "sync"

// View holds only the read lock while its func parameter runs: a write in
// a closure handed to it is not guarded.
type Cache struct {
	mu     sync.RWMutex
	byName map[string]int
}

func (c *Cache) View(f func()) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f()
}

func (c *Cache) Update(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

func (c *Cache) Set(name string, v int) {
	c.Update(func() {
		c.byName[name] = v
	})
}

func (c *Cache) Touch(name string) {
	c.View(func() {
		c.byName[name]++ // want "without holding"
	})
}
