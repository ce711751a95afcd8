package p

import (
	"maps"
	"sync"
)

type route struct{ id, host string }

// The inner maps are never written once stored (Put replaces a host's map
// with a new one), so handing one out after the unlock races with nothing.
type routes struct {
	lock   sync.RWMutex
	byHost map[string]map[string]*route
	hits   map[string][]int
}

func (r *routes) Put(host string, next map[string]*route) {
	r.lock.Lock()
	defer r.lock.Unlock()
	r.byHost[host] = next
}

func (r *routes) ForHost(host string) map[string]*route {
	r.lock.RLock()
	defer r.lock.RUnlock()
	return r.byHost[host]
}

// A slice value is no map; a copy made under the lock escapes nothing.
type counters struct {
	lock   sync.RWMutex
	hits   map[string][]int
	byName map[string]map[string]int
}

func (c *counters) Hit(name string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.hits[name] = append(c.hits[name], 1)
	if c.byName[name] == nil {
		c.byName[name] = map[string]int{}
	}
	c.byName[name]["hits"]++
}

func (c *counters) Hits(name string) []int {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.hits[name]
}

func (c *counters) Names(name string) map[string]int {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return maps.Clone(c.byName[name])
}

// The local bound to the inner map is replaced by a fresh map before the
// write: the write goes to the new map, never to the stored one.
type tags struct {
	mu     sync.Mutex
	byName map[string]map[string]string
}

func (t *tags) Rebuild(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := t.byName[name]
	cur = map[string]string{}
	cur["rebuilt"] = "yes"
	t.byName[name] = cur
}

func (t *tags) Of(name string) map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byName[name]
}
