package p

import (
	"maps"
	"sync"
	"testing"
)

// The only lock of external is taken by a test helper (a testing.TB
// parameter): no evidence that production code shares it.
type Manager struct {
	external map[string]string
	mu       sync.RWMutex
}

func (m *Manager) RegisterExternal(kind string) {
	m.external[kind] = kind
}

func (m *Manager) External(kind string) (string, bool) {
	v, ok := m.external[kind]
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
