package p

import (
	"sync"
	"time"
)

// write is a local closure handed to timed, which only calls it before it
// returns: it runs where timed is called, under c.mu.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

func (c *Cache) Put(k string, v int) {
	write := func() {
		c.m[k] = v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	timed(write)
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}
