package p

import "sync"

// Resync calls syncSlots without mu: slots is guarded by mu (held in
// Create and Update), not by the struct's first mutex. No fix: Create
// holds c.mu when it calls syncSlots, so a c.mu.Lock() there would
// deadlock (sync.Mutex is not reentrant).
type Cluster struct {
	subscribers   map[string]chan int
	subscribersMu sync.RWMutex
	mu            sync.Mutex
	slots         map[string]int
}

func (c *Cluster) Subscribe(name string) {
	c.subscribersMu.Lock()
	defer c.subscribersMu.Unlock()
	c.subscribers[name] = make(chan int)
}

func (c *Cluster) Create(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slots[name] = 0
	c.syncSlots()
}

func (c *Cluster) Update() {
	c.mu.Lock()
	defer c.mu.Unlock()
	func() {
		c.syncSlots()
	}()
}

func (c *Cluster) Resync() {
	c.syncSlots()
}

func (c *Cluster) syncSlots() {
	for name := range c.slots { // want "read of map c.slots without holding c.mu"
		if c.slots[name] > 1 { // want "read of map c.slots without holding c.mu"
			delete(c.slots, name) // want "write to map c.slots without holding c.mu"
		}
	}
}
