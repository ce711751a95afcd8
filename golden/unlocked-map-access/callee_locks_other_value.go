package p

import "sync"

type Entry struct{ Name string }

type Registry struct {
	mu      sync.RWMutex
	Entries map[string]*Entry
}

// snapshot locks the registry it is handed, after reading the map it got.
func snapshot(m map[string]*Entry, r *Registry) int {
	n := len(m)
	r.mu.RLock()
	defer r.mu.RUnlock()
	return n
}

// Another registry's lock does not guard this one's map.
func (r *Registry) Size(other *Registry) int {
	return snapshot(r.Entries, other) // want "read of map r.Entries without holding r.mu"
}

// The map is read before the callee takes the lock.
func (r *Registry) Count() int {
	return snapshot(r.Entries, r) // want "read of map r.Entries without holding r.mu"
}

func (r *Registry) Add(e *Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Entries[e.Name] = e
}
