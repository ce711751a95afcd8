package p

import "sync"

// match takes the lock when doLock is set; the callers that pass false
// hold it already (or are documented to run with it held).
type Sublist struct {
	sync.RWMutex
	cache map[string]int
}

func (s *Sublist) match(subject string, doLock bool) int {
	if doLock {
		s.RLock()
	}
	n, ok := s.cache[subject]
	if doLock {
		s.RUnlock()
	}
	if ok {
		return n
	}
	if doLock {
		s.Lock()
		defer s.Unlock()
	}
	s.cache[subject] = len(subject)
	return len(subject)
}

func (s *Sublist) Match(subject string) int {
	return s.match(subject, true)
}

func (s *Sublist) Insert(subject string) {
	s.Lock()
	defer s.Unlock()
	s.cache = map[string]int{}
	s.match(subject, false)
}

// matchNoLock runs with the lock held by its caller.
func (s *Sublist) matchNoLock(subject string) int {
	return s.match(subject, false)
}

func (s *Sublist) Remove(subject string) {
	s.Lock()
	defer s.Unlock()
	delete(s.cache, subject)
	s.matchNoLock(subject)
}
