package p

import "sync"

// This func is deferred before the lock is taken: it runs after the
// deferred Unlock, with nothing held.
type Keeper struct {
	mu     sync.RWMutex
	intent map[string]int
	report func(int)
}

func (r *Keeper) Update(name string, n int) {
	defer func() {
		r.report(len(r.intent)) // want "read of map r.intent without holding r.mu"
	}()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.intent[name] = n
}

func (r *Keeper) Get(name string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.intent[name]
}
