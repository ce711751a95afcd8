package p

import "sync"

// Methods documented to run with the receiver's lock held (exported ones
// too, which callers outside the package call), and a closure called only
// where the lock is held.
type Store struct {
	mu   sync.Mutex
	msgs map[uint64]string
}

func (s *Store) Put(seq uint64, m string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[seq] = m
}

// Lock should be held.
func (s *Store) removeNoCB(seq uint64) {
	delete(s.msgs, seq)
}

// Returns the message.
// Store lock is held on entry.
func (s *Store) get(seq uint64) string {
	return s.msgs[seq]
}

func (s *Store) Sweep(limit uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	expired := func(seq uint64) bool {
		return seq < limit && s.msgs[seq] != ""
	}
	for seq := range limit {
		if expired(seq) {
			s.removeNoCB(seq)
		}
	}
}

// Compact drops empty messages.
// Write lock should be held.
func (s *Store) Compact() {
	for seq, m := range s.msgs {
		if m == "" {
			delete(s.msgs, seq)
		}
	}
}

// Len reports the number of messages. Store lock is held on entry.
func (s *Store) Len() int {
	return len(s.msgs)
}

// Assume the lock is held upon entry.
func (s *Store) Reset() {
	clear(s.msgs)
}

// Caller must hold s.mu.
func (s *Store) First() string {
	return s.msgs[0]
}

// Assumes write lock is held.
func (s *Store) Prune() {
	delete(s.msgs, 0)
}
