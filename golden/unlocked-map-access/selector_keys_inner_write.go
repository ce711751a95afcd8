package p

import "sync"

type endpoint struct{ zone, id string }

// Join writes an inner map of byZone, keyed by fields (`s.m[a.b][c.d] = v`:
// an index chain, which tree-sitter-go read as an instantiation of a generic
// type), and Lookup hands that inner map out past the read lock.
type registry struct {
	lock   sync.RWMutex
	byZone map[string]map[string]*endpoint
}

func (r *registry) Join(e *endpoint) {
	r.lock.Lock()
	defer r.lock.Unlock()
	if r.byZone[e.zone] == nil {
		r.byZone[e.zone] = map[string]*endpoint{}
	}
	r.byZone[e.zone][e.id] = e
}

func (r *registry) Lookup(zone string) map[string]*endpoint {
	r.lock.RLock()
	defer r.lock.RUnlock()
	return r.byZone[zone] // want "map r.byZone\\[zone\\] escapes r.lock: Lookup returns it, and its callers read it after the unlock while Join writes it under the lock"
}

// Seen reads byZone (for the inner map it writes) without the mutex that
// Track holds when it writes byZone.
type health struct {
	mu     sync.Mutex
	byZone map[string]map[string]int
}

func (h *health) Track(zone string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.byZone[zone] = map[string]int{}
}

func (h *health) Seen(e *endpoint, n int) {
	h.byZone[e.zone][e.id] = n // want "read of map h.byZone without holding h.mu: Track locks it"
}
