package p

import "sync"

// Deferred calls run last in, first out: a func deferred after
// `defer r.mu.Unlock()` runs while the lock is still held.
type Keeper struct {
	mu     sync.RWMutex
	intent map[string]int
	report func(int)
}

func (r *Keeper) Update(name string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		r.report(len(r.intent))
	}()
	r.intent[name] = n
}

func (r *Keeper) Get(name string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.intent[name]
}
