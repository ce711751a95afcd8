package p

import (
	"sync"
	"time"
)

// Synced copies the keys under mu.RLock, then reads ids after RUnlock while
// update (called only with mu held) writes it: the guarding mutex is mu,
// which its callers hold at every write, not stateMu (never held around ids).
type State struct {
	mu  sync.RWMutex
	ids map[string]string

	stateMu sync.RWMutex
	changed time.Time
}

func (s *State) Synced() bool {
	s.mu.RLock()
	names := make([]string, 0, len(s.ids))
	for n := range s.ids {
		names = append(names, n)
	}
	s.mu.RUnlock()
	for _, n := range names {
		if s.ids[n] == "" { // want "read of map s.ids without holding s.mu"
			return false
		}
	}
	return true
}

func (s *State) Set(name, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.update(name, id)
}

func (s *State) Delete(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(name)
}

func (s *State) update(name, id string) {
	s.ids[name] = id
	s.touch()
}

func (s *State) forget(name string) {
	if id := s.ids[name]; id != "" {
		s.touch()
	}
	delete(s.ids, name)
}

func (s *State) touch() {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	s.changed = time.Now()
}
