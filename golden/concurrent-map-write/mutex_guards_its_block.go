package p

import "sync"

// mu guards the fields of its block: its use in Subscribe says the type is
// shared, and Save writes state, of the same block, without it.
type Store struct {
	state map[string][]byte
	mu    sync.Mutex
	subs  map[string]chan struct{}
}

func (s *Store) Save(key string, value []byte) {
	s.state[key] = value // want "concurrent write to map s.state: Store locks a mutex in other methods"
}

func (s *Store) Load(key string) []byte {
	return s.state[key]
}

func (s *Store) Subscribe(id string) chan struct{} {
	ch := make(chan struct{})
	s.mu.Lock()
	s.subs[id] = ch
	s.mu.Unlock()
	return ch
}
