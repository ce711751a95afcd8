package p

import "sync"

// Where TryLock returned false the mutex is not held.
type Board struct {
	mu    sync.Mutex
	items map[string]int
}

func (b *Board) Poke(k string) {
	if !b.mu.TryLock() {
		b.items[k]++ // want "write to map b.items without holding b.mu"
		return
	}
	defer b.mu.Unlock()
	b.items[k] = 0
}

func (b *Board) Set(k string, v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items[k] = v
}
