package p

import "sync"

// Near misses of a lock beside the map: the locked read of inUse also runs
// where nothing touches inUse unlocked (InUse, exported: any goroutine may
// call it; and publish, started on a goroutine of its own), so the lock does
// say that inUse is shared, and the unlocked writes race with those reads.
type Pool struct {
	inUse      map[string]int
	counters   map[string]int
	countersMu sync.RWMutex
}

func (p *Pool) Assign(key string) {
	p.inUse[key]++ // want "write to map p.inUse without holding p.countersMu: updateStats locks it"
	p.updateStats()
}

func (p *Pool) Release(key string) {
	delete(p.inUse, key) // want "write to map p.inUse without holding p.countersMu: updateStats locks it"
	p.updateStats()
}

func (p *Pool) updateStats() {
	p.countersMu.Lock()
	defer p.countersMu.Unlock()
	p.counters["used"] = len(p.inUse)
}

func (p *Pool) InUse() int {
	p.updateStats()
	return p.Counter("used")
}

func (p *Pool) Counter(name string) int {
	p.countersMu.RLock()
	defer p.countersMu.RUnlock()
	return p.counters[name]
}

type Cache struct {
	entries map[string]string
	size    int
	mu      sync.Mutex
}

func (c *Cache) Put(k, v string) {
	c.entries[k] = v // want "write to map c.entries without holding c.mu: measure locks it"
	go c.publish()
}

func (c *Cache) publish() {
	c.measure()
}

func (c *Cache) measure() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size = len(c.entries)
}
