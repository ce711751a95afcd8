package p

import (
	"sync"
	"sync/atomic"
)

// The fixed form of double_checked_read_after_unlock: bump reads the
// counter's pointer under countsMu too, and only the atomic add runs after
// the Unlock; its callers' queueMu plays no part.
type Timers struct {
	queueMu  sync.Mutex
	queue    []string
	countsMu sync.RWMutex
	counts   map[string]*int64
}

func NewTimers() *Timers {
	return &Timers{counts: map[string]*int64{}}
}

func (t *Timers) bump(kind string, inc int64) int64 {
	t.countsMu.RLock()
	_, ok := t.counts[kind]
	t.countsMu.RUnlock()
	if !ok {
		t.countsMu.Lock()
		if _, ok = t.counts[kind]; !ok {
			t.counts[kind] = new(int64)
		}
		t.countsMu.Unlock()
	}
	t.countsMu.RLock()
	c := t.counts[kind]
	t.countsMu.RUnlock()
	return atomic.AddInt64(c, inc)
}

func (t *Timers) Add(kind string) {
	t.queueMu.Lock()
	defer t.queueMu.Unlock()
	t.queue = append(t.queue, kind)
	t.bump(kind, 1)
}

func (t *Timers) Remove(kind string) {
	t.queueMu.Lock()
	defer t.queueMu.Unlock()
	t.bump(kind, -1)
}

func (t *Timers) Count(kind string) int64 {
	t.countsMu.RLock()
	defer t.countsMu.RUnlock()
	if c := t.counts[kind]; c != nil {
		return atomic.LoadInt64(c)
	}
	return 0
}
