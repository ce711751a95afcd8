package p

import "sync"

// The struct has two mutexes; slots is guarded by mu, which every caller of
// syncSlots holds (also through a func literal called on the spot).
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

func (c *Cluster) syncSlots() {
	for name := range c.slots {
		if c.slots[name] > 1 {
			delete(c.slots, name)
		}
	}
}
