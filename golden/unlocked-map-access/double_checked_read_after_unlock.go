package p

import (
	"sync"
	"sync/atomic"
)

// bump makes the counter under countsMu and then reads the map after the
// Unlock. Its callers hold queueMu, another lock of the same value, which
// does not serialise with the writers of counts (bump itself takes
// countsMu, so no caller can hold that one).
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
	return atomic.AddInt64(t.counts[kind], inc) // want "read of map t.counts without holding t.countsMu"
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
