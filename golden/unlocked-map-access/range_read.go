package p

import "sync"

type Set struct {
	mu    sync.RWMutex
	items map[string]struct{}
}

func (s *Set) Add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = struct{}{}
}

func (s *Set) Keys() []string {
	out := make([]string, 0)
	for k := range s.items { // want "read of map s.items without holding s.mu"
		out = append(out, k)
	}
	return out
}
