package p

import "sync"

type Store struct {
	mu       sync.Mutex
	sessions map[string]string
}

func (s *Store) Put(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = user
}

func (s *Store) Expire(id string) {
	delete(s.sessions, id) // want "write to map s.sessions without holding s.mu: Put locks it"
}
