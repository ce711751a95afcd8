package p

import "sync"

// refresh locks and unlocks inside: after it returns nothing is held, so
// the write that follows is unlocked.
type Monitor struct {
	mu      sync.Mutex
	timeout map[string]int
	gen     int
}

func (m *Monitor) refresh() {
	m.mu.Lock()
	m.gen++
	m.mu.Unlock()
}

func (m *Monitor) Check(name string) {
	m.refresh()
	m.timeout[name]++ // want "write to map m.timeout without holding m.mu"
}

func (m *Monitor) Reset(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.timeout, name)
}
