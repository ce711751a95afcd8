package p

import (
	"maps"
	"sync"
)

type member struct{ zone, id string }

// The near misses of selector_keys_inner_write.go: the inner map leaves the
// lock as a copy, and every write of the map of maps holds the mutex.
type members struct {
	lock   sync.RWMutex
	byZone map[string]map[string]*member
}

func (r *members) Join(m *member) {
	r.lock.Lock()
	defer r.lock.Unlock()
	if r.byZone[m.zone] == nil {
		r.byZone[m.zone] = map[string]*member{}
	}
	r.byZone[m.zone][m.id] = m
}

func (r *members) Lookup(zone string) map[string]*member {
	r.lock.RLock()
	defer r.lock.RUnlock()
	return maps.Clone(r.byZone[zone])
}

type beats struct {
	mu     sync.Mutex
	byZone map[string]map[string]int
}

func (b *beats) Track(zone string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.byZone[zone] = map[string]int{}
}

func (b *beats) Seen(m *member, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.byZone[m.zone] == nil {
		b.byZone[m.zone] = map[string]int{}
	}
	b.byZone[m.zone][m.id] = n
}
