package p

import (
	"context"
	"sync"
	"time"
)

// Forget writes running from outside the Run loop: the loop's unlocked
// read races with it.
type Manager struct {
	lock    sync.Mutex
	running map[string]context.CancelFunc
	desired func() []string
}

func (m *Manager) Run(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			m.reconcile(ctx)
		}
	}
}

func (m *Manager) observed() map[string]bool {
	seen := map[string]bool{}
	for name := range m.running { // want "read of map m.running without holding m.lock"
		seen[name] = true
	}
	return seen
}

func (m *Manager) reconcile(ctx context.Context) {
	seen := m.observed()
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, name := range m.desired() {
		if !seen[name] {
			_, cancel := context.WithCancel(ctx)
			m.running[name] = cancel
		}
	}
}

func (m *Manager) Count() int {
	m.lock.Lock()
	defer m.lock.Unlock()
	return len(m.running)
}

func (m *Manager) Forget(name string) {
	m.lock.Lock()
	defer m.lock.Unlock()
	delete(m.running, name)
}
