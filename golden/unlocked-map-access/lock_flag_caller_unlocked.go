package p

import "sync"

// Peek passes doLock=false without holding the lock: the flag does not
// guard match's accesses.
type Sublist struct {
	sync.RWMutex
	cache map[string]int
}

func (s *Sublist) match(subject string, doLock bool) int {
	if doLock {
		s.Lock()
		defer s.Unlock()
	}
	s.cache[subject]++      // want "write to map s.cache without holding s"
	return s.cache[subject] // want "read of map s.cache without holding s"
}

func (s *Sublist) Match(subject string) int {
	return s.match(subject, true)
}

func (s *Sublist) Peek(subject string) int {
	return s.match(subject, false)
}

func (s *Sublist) Remove(subject string) {
	s.Lock()
	defer s.Unlock()
	delete(s.cache, subject)
}
