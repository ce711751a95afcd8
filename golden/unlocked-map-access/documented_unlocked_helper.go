package p

import "sync"

// Near misses: a doc comment that says the lock is NOT held, another
// object's lock, and a closure that is also called after the unlock.
type Store struct {
	mu   sync.Mutex
	msgs map[uint64]string
}

func (s *Store) Put(seq uint64, m string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[seq] = m
}

func (s *Store) Drop(seq uint64) { s.drop(seq) }

func (s *Store) Peek(seq uint64) string { return s.peek(seq) }

// No lock held on entry.
func (s *Store) drop(seq uint64) {
	delete(s.msgs, seq) // want "write to map s.msgs without holding s.mu: Put locks it"
}

// Server lock should be held.
func (s *Store) peek(seq uint64) string {
	return s.msgs[seq] // want "read of map s.msgs without holding s.mu: Put locks it"
}

func (s *Store) Sweep(limit uint64) {
	expired := func(seq uint64) bool {
		return s.msgs[seq] == "" // want "read of map s.msgs without holding s.mu: Put locks it"
	}
	s.mu.Lock()
	_ = expired(1)
	s.mu.Unlock()
	_ = expired(2)
}
