package p

import "sync"

type listener struct{ id, node string }

// ForNode hands out an inner map of byNode: the read lock ends when it
// returns, and the caller ranges the inner map while Add and Remove write
// it under the lock.
type listeners struct {
	lock   sync.RWMutex
	byNode map[string]map[string]*listener
}

func (m *listeners) Add(l *listener) {
	m.lock.Lock()
	defer m.lock.Unlock()
	if _, ok := m.byNode[l.node]; !ok {
		m.byNode[l.node] = map[string]*listener{}
	}
	m.byNode[l.node][l.id] = l
}

func (m *listeners) Remove(l *listener) {
	m.lock.Lock()
	defer m.lock.Unlock()
	delete(m.byNode[l.node], l.id)
}

func (m *listeners) ForNode(node string) map[string]*listener {
	m.lock.RLock()
	defer m.lock.RUnlock()
	found, ok := m.byNode[node] // want "map m.byNode\\[node\\] escapes m.lock: ForNode returns it, and its callers read it after the unlock while (Add|Remove) writes it under the lock"
	if !ok {
		return nil
	}
	return found
}

func (m *listeners) Direct(node string) map[string]*listener {
	m.lock.RLock()
	defer m.lock.RUnlock()
	return m.byNode[node] // want "map m.byNode\\[node\\] escapes m.lock: Direct returns it"
}
