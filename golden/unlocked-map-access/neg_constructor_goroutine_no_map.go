package p

import (
	"errors"
	"sync"
)

// newManager starts a goroutine that captures the manager but only
// receives from its channel: it touches none of the maps, so what load and
// initialize write while the constructor builds the value races with
// nothing. Afterwards plugins is only read, and instances is written under
// mu.
type manager struct {
	mu        *sync.RWMutex
	plugins   map[string]int
	instances map[int]string
	messages  chan string
}

func newManager(names []string, users []int, notify func(string)) (*manager, error) {
	m := &manager{
		mu:        &sync.RWMutex{},
		plugins:   map[string]int{},
		instances: map[int]string{},
		messages:  make(chan string),
	}
	go func() {
		for {
			msg := <-m.messages
			notify(msg)
		}
	}()
	if err := m.loadAll(names); err != nil {
		return nil, err
	}
	for _, u := range users {
		m.initialize(u)
	}
	return m, nil
}

func (m *manager) loadAll(names []string) error {
	for _, n := range names {
		if err := m.Load(n); err != nil {
			return err
		}
	}
	return nil
}

// Load is exported for tests, which call it sequentially.
func (m *manager) Load(name string) error {
	if _, ok := m.plugins[name]; ok {
		return errors.New("loaded twice")
	}
	m.plugins[name] = len(m.plugins)
	return nil
}

func (m *manager) initialize(user int) {
	for name := range m.plugins {
		m.instances[user] = name
	}
}

func (m *manager) InitializeFor(user int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.initialize(user)
}

func (m *manager) Info(name string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.plugins[name]
}

func (m *manager) Instance(user int) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.instances[user]
}

func (m *manager) RemoveUser(user int) {
	for range m.plugins {
		m.mu.Lock()
		delete(m.instances, user)
		m.mu.Unlock()
	}
}
