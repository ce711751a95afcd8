package p

import "sync"

// `finish` is a local closure that only calls its func parameter, where it
// still holds the lock: the literal handed to it runs under the lock.
type Screen struct {
	mu    sync.Mutex
	marks map[int]bool
}

func (s *Screen) Render(events []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	finish := func(code func() int) {
		println(code())
	}
	for _, e := range events {
		if e < 0 {
			finish(func() int { return len(s.marks) })
			return
		}
		s.marks[e] = true
	}
}

func (s *Screen) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.marks {
		delete(s.marks, k)
	}
}
