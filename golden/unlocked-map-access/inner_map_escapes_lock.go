package p

import "sync"

type listener struct{ id, node string }

// ForNode hands out an inner map of byNode (reported at the return): the read lock ends when it
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
	found, ok := m.byNode[node]
	if !ok {
		return nil
	}
	return found // want "map m.byNode\\[node\\] escapes m.lock: ForNode returns it, and its callers read it after the unlock while (Add|Remove) writes it under the lock"
}

func (m *listeners) Direct(node string) map[string]*listener {
	m.lock.RLock()
	defer m.lock.RUnlock()
	return m.byNode[node] // want "map m.byNode\\[node\\] escapes m.lock: Direct returns it"
}

// Drop writes the inner map through a local it binds it to.
type watchers struct {
	mu     sync.Mutex
	byKind map[string]map[string]int
}

func (w *watchers) Drop(kind, id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ids, ok := w.byKind[kind]
	if ok {
		delete(ids, id)
	}
}

func (w *watchers) Kind(kind string) map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	ids := w.byKind[kind]
	return ids // want "map w.byKind\\[kind\\] escapes w.mu: Kind returns it, and its callers read it after the unlock while Drop writes it under the lock"
}
