package p

import "sync"

// Two local closures that call each other run under the lock held at every
// call from outside them (solved as a greatest fixed point).
type Menu struct {
	mu       sync.Mutex
	selected map[int]bool
}

type act struct {
	id   int
	subs []act
}

func (m *Menu) Handle(acts []act) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var doOne func(a act) bool
	doAll := func(as []act) bool {
		for _, a := range as {
			if !doOne(a) {
				return false
			}
		}
		return true
	}
	doOne = func(a act) bool {
		if len(a.subs) > 0 {
			return doAll(a.subs)
		}
		m.selected[a.id] = !m.selected[a.id]
		return true
	}
	doAll(acts)
}

func (m *Menu) Selected(id int) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.selected[id]
}
