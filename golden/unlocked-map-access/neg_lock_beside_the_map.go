package p

import "sync"

// countersMu guards counters against Counters; updateStats takes it to
// publish them and reads len(a.inUse) on the way. Every call of updateStats
// comes from an operation that touches inUse without the lock anyway
// (Assign, Release, and Reset through release), so the lock says nothing
// about inUse being shared: whoever calls those operations serialises them.
type Allocator struct {
	inUse      map[string]int
	counters   map[string]int
	countersMu sync.RWMutex
}

func (a *Allocator) Assign(key string) {
	a.inUse[key]++
	a.updateStats()
}

func (a *Allocator) Release(key string) {
	a.release(key)
	a.updateStats()
}

func (a *Allocator) release(key string) {
	if a.inUse[key] > 1 {
		a.inUse[key]--
		return
	}
	delete(a.inUse, key)
}

func (a *Allocator) Reset(keys []string) {
	for _, key := range keys {
		a.release(key)
	}
	a.refresh()
}

func (a *Allocator) refresh() {
	a.updateStats()
}

func (a *Allocator) updateStats() {
	a.countersMu.Lock()
	defer a.countersMu.Unlock()
	a.counters["used"] = len(a.inUse)
}

func (a *Allocator) Counters(name string) int {
	a.countersMu.RLock()
	defer a.countersMu.RUnlock()
	return a.counters[name]
}
