package p

import "sync"

// Items hands out the map itself: the read lock ends when Items returns,
// and the caller ranges the map while Set writes it under the lock.
type store[K comparable, V any] struct {
	lock sync.RWMutex
	data map[K]V
}

func (s *store[K, V]) Items() map[K]V {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.data // want "map s.data escapes s.lock: Items returns it, and its callers read it after the unlock while Set writes it under the lock"
}

func (s *store[K, V]) Set(key K, value V) {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.data[key] = value
}

type blocks struct {
	sync.Mutex
	all map[string]int
}

func (c *blocks) list() (map[string]int, error) {
	c.Lock()
	defer c.Unlock()
	found := c.all // want "map c.all escapes c: list returns it"
	return found, nil
}

func (c *blocks) update(k string, v int) {
	c.Lock()
	defer c.Unlock()
	if v == 0 {
		delete(c.all, k)
		return
	}
	c.all[k] = v
}
