package p

import "sync"

// Get reads the map under RLock; Set writes it without any lock: the
// forgotten lock of the classic cache. Nothing in this package starts a
// goroutine, but the RLock says that callers read concurrently.
type Store struct {
	mu sync.RWMutex
	m  map[string]string
}

func NewStore() *Store {
	return &Store{m: map[string]string{}}
}

func (s *Store) Get(k string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k]
}

func (s *Store) Set(k, v string) {
	s.m[k] = v // want "write to map s.m without holding s.mu: Get locks it"
}
