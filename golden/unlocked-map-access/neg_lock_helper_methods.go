package p

import "sync"

// acquire and release lock the receiver's mutex and return: a method that
// calls acquire (and defers release) holds the lock for its body.
type Monitor struct {
	mu      sync.Mutex
	timeout map[string]int
}

func (m *Monitor) acquire() {
	println("acquiring")
	m.mu.Lock()
}

func (m *Monitor) release() {
	m.mu.Unlock()
}

func (m *Monitor) Check(name string) {
	m.acquire()
	defer m.release()
	m.timeout[name]++
}

func (m *Monitor) Reset(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.timeout, name)
}
