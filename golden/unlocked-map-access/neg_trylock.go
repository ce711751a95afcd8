package p

import (
	"sync"
	"time"
)

// TryLock holds the mutex where it returned true: below `if !TryLock() {
// return }`, inside `if TryLock() {...}`, and after a call of a method that
// returns true only once TryLock succeeded.
type Status struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *Status) tryLock(timeout time.Duration) bool {
	for {
		if s.mu.TryLock() {
			return true
		}
		timeout -= time.Millisecond
		if timeout <= 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

func (s *Status) Dump() int {
	if !s.tryLock(time.Second) {
		return -1
	}
	defer s.mu.Unlock()
	return len(s.items)
}

func (s *Status) Poke(k string) {
	if !s.mu.TryLock() {
		return
	}
	s.items[k]++
	s.mu.Unlock()
}

func (s *Status) Maybe(k string) {
	if s.mu.TryLock() {
		delete(s.items, k)
		s.mu.Unlock()
	}
}

func (s *Status) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
}
