package p

import "sync"

// The map is filled without the lock before close(t.ready); every other
// access waits on <-t.ready first (or runs after the close on the closing
// goroutine). The close happens before those receives return, so the fill
// happens before every other access: no race without the lock.
type Tracker struct {
	mu      sync.Mutex
	once    sync.Once
	pending map[string]bool
	ready   chan struct{}
}

func NewTracker() *Tracker {
	return &Tracker{pending: map[string]bool{}, ready: make(chan struct{})}
}

func (t *Tracker) Start(names [][]string) {
	t.once.Do(func() {
		for _, group := range names {
			for _, n := range group {
				t.register(n)
			}
		}
		t.pending["start"] = true
		close(t.ready)
	})
}

func (t *Tracker) register(name string) {
	if _, ok := t.pending[name]; !ok {
		t.pending[name] = true
	}
}

func (t *Tracker) Done(name string) {
	<-t.ready
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pending, name)
}

func (t *Tracker) Wait() bool {
	select {
	case <-t.ready:
	default:
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) == 0
}
