package p

import "sync"

// SafeWrite and SafeRead call their func parameter while holding the cache's
// lock, so the closures handed to them (and the helpers called only from
// those closures) run under it.
type Cache struct {
	byName map[string][]string
	stops  map[string]chan struct{}
	mu     sync.RWMutex
}

func (c *Cache) SafeRead(f func()) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f()
}

func (c *Cache) SafeWrite(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

func (c *Cache) add(group, name string) {
	if c.byName == nil {
		c.byName = map[string][]string{}
	}
	if c.stops == nil {
		c.stops = map[string]chan struct{}{}
	}
	c.byName[group] = append(c.byName[group], name)
	c.stops[name] = make(chan struct{})
}

func (c *Cache) remove(group, name string) {
	if ch, ok := c.stops[name]; ok {
		close(ch)
		delete(c.stops, name)
	}
	delete(c.byName, group)
}

func (c *Cache) Stop(name string) chan struct{} {
	var ch chan struct{}
	c.SafeRead(func() {
		ch = c.stops[name]
	})
	return ch
}

func watch(c *Cache, events <-chan [2]string, gone <-chan [2]string) {
	go func() {
		for e := range events {
			c.SafeWrite(func() {
				c.add(e[0], e[1])
			})
		}
	}()
	go func() {
		for e := range gone {
			c.SafeWrite(func() {
				c.remove(e[0], e[1])
			})
		}
	}()
}

// withLock's lock is its parameter: the closure runs with the argument held.
func guard(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

type Counter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *Counter) Inc(k string) {
	guard(&c.mu, func() {
		c.counts[k]++
	})
}

func (c *Counter) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[k]
}
