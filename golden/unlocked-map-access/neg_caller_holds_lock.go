package p

import "sync"

// Registry's map is read and written by helpers that never lock: the only
// ways in (Add and Reset) take the lock first, directly or through withLock.
type Registry struct {
	mu    sync.Mutex
	names map[string]int
}

func withLock(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

func (r *Registry) Add(parts []string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.add(parts)
}

func (r *Registry) add(parts []string) int {
	if len(parts) == 0 {
		return 0
	}
	return r.store(parts[0]) + r.add(parts[1:])
}

func (r *Registry) store(name string) int {
	n := r.names[name]
	r.names[name] = n + 1
	return n
}

func (r *Registry) Reset() {
	withLock(&r.mu, func() {
		for k := range r.names {
			delete(r.names, k)
		}
	})
}

func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.names)
}
