package p

import (
	"maps"
	"sync"
	"testing"
)

// Reset, production code, also locks to replace external: the unlocked
// accesses race with it.
type Manager struct {
	external map[string]string
	mu       sync.RWMutex
}

func (m *Manager) RegisterExternal(kind string) {
	m.external[kind] = kind // want "write to map m.external without holding m.mu"
}

func (m *Manager) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.external = map[string]string{}
}

func (m *Manager) External(kind string) (string, bool) {
	v, ok := m.external[kind] // want "read of map m.external without holding m.mu"
	return v, ok
}

func (m *Manager) EnableExternalForTest(tb testing.TB, kinds ...string) func() {
	tb.Helper()
	old := maps.Clone(m.external)
	for _, kind := range kinds {
		m.RegisterExternal(kind)
	}
	return func() {
		m.mu.Lock()
		m.external = old
		m.mu.Unlock()
	}
}
