package p

import "sync"

// The callbacks handed to InTx and to the retry function run before those
// calls return: Acquire reads what they computed right after the calls (a
// transaction wrapper, a retry loop). tryAcquire and holders run only
// there, with s.mu held.
type Tx interface {
	InTx(fn func() error) error
}

type Locks struct {
	mu      sync.Mutex
	holders map[string]int
	db      Tx
	retry   func(fn func() error) error
}

func (s *Locks) Acquire(key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ok bool
	n := 0
	err := s.retry(func() error {
		return s.db.InTx(func() error {
			ok = s.tryAcquire(key)
			n = s.count(key)
			return nil
		})
	})
	if err != nil {
		return false, err
	}
	return ok && n > 0, nil
}

func (s *Locks) tryAcquire(key string) bool {
	if s.holders[key] > 0 {
		return false
	}
	s.holders[key]++
	return true
}

func (s *Locks) count(key string) int {
	return s.holders[key]
}

func (s *Locks) Release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.holders, key)
}
