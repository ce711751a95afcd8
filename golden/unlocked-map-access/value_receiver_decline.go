package p

import "sync"

type Bag struct {
	mu    *sync.Mutex
	items map[string]int
}

func (b *Bag) Put(k string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items[k]++
}

func (b Bag) Drop(k string) {
	delete(b.items, k) // want "write to map b.items without holding b.mu"
}
