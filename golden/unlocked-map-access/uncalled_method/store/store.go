package store

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// Size has no caller in the module, but the package is not internal:
// another module may import it and call Size.
func (s *Store) Size() int {
	return len(s.m) // want "read of map s.m without holding s.mu"
}
