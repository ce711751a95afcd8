package p

import (
	"maps"
	"sync"
)

// A copy made under the lock is the caller's own.
type cloned struct {
	mu   sync.RWMutex
	data map[string]int
}

func (c *cloned) Items() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return maps.Clone(c.data)
}

func (c *cloned) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
}

// Copy on write: the writers replace the map and never write into it, so
// a map once handed out is never written again.
type snapshot struct {
	mu   sync.RWMutex
	data map[string]int
}

func (s *snapshot) Items() map[string]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.data
}

func (s *snapshot) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := maps.Clone(s.data)
	next[k] = v
	s.data = next
}
