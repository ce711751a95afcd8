package p

import "sync"

// subsMu is named after subs: by Go convention it guards subs, not state
// declared next to it, so its use in Subscribe says nothing about state.
type Store struct {
	state  map[string][]byte
	subsMu sync.Mutex
	subs   map[string]chan struct{}
}

func (s *Store) Save(key string, value []byte) {
	s.state[key] = value
}

func (s *Store) Load(key string) []byte {
	return s.state[key]
}

func (s *Store) Subscribe(id string) chan struct{} {
	ch := make(chan struct{})
	s.subsMu.Lock()
	s.subs[id] = ch
	s.subsMu.Unlock()
	return ch
}
