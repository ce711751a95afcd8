package p

import "sync"

// Counter is safe for concurrent use by multiple goroutines.
type Counter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *Counter) Add(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[k]++
}
