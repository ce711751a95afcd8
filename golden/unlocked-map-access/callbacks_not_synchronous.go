package p

import (
	"sort"
	"sync"
)

// Near misses of synchronous callbacks: the lock is released before the
// call, the callback is stored for later, or started on a goroutine.
type Table struct {
	mu      sync.Mutex
	rows    map[string]int
	keys    []string
	onEvict func(string)
}

func (t *Table) Set(k string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[k] = v
}

func (t *Table) Sorted() []string {
	t.mu.Lock()
	keys := append([]string(nil), t.keys...)
	t.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		return t.rows[keys[i]] < t.rows[keys[j]] // want "read of map t.rows without holding t.mu: Set locks it"
	})
	return keys
}

func (t *Table) later(f func(string)) {
	t.onEvict = f
}

func (t *Table) Watch() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.later(func(k string) {
		delete(t.rows, k) // want "write to map t.rows without holding t.mu: Set locks it"
	})
}

func (t *Table) async(f func()) {
	go f()
}

func (t *Table) Clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.async(func() {
		clear(t.rows) // want "write to map t.rows without holding t.mu: Set locks it"
	})
}
