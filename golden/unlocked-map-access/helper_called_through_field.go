package p

import "sync"

// An unexported method called from another type's method through a field
// (c.topo.fill) has a known caller: it is no helper of the lock unless that
// caller holds c.topo's mutex. Near miss: Locked holds it around the call.
type topology struct {
	mu    sync.RWMutex
	infos map[string]int
}

func (t *topology) fill(k string) {
	t.infos[k] = 1 // want "write to map t.infos without holding t.mu: Get locks it"
}

func (t *topology) refill(k string) {
	t.infos[k] = 2
}

func (t *topology) Get(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.infos[k]
}

// Controller holds a topology.
type Controller struct {
	topo *topology
}

// Refresh fills the topology without its lock.
func (c *Controller) Refresh(k string) {
	c.topo.fill(k)
}

// Locked refills it under the topology's own lock.
func (c *Controller) Locked(k string) {
	c.topo.mu.Lock()
	defer c.topo.mu.Unlock()
	c.topo.refill(k)
}

// NewController makes the topology's map.
func NewController() *Controller {
	return &Controller{topo: &topology{infos: map[string]int{}}}
}
