package p

import "sync"

// Near miss of neg_parts_under_owner_lock: Drain ranges over the parts
// without the owner's lock, so the part's method runs unguarded.
type bucket struct {
	hits map[string]int
}

func (b *bucket) clearAll()    { clear(b.hits) } // want "concurrent write to map b.hits"
func (b *bucket) hit(k string) { b.hits[k]++ }

type Table struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

func (t *Table) Hit(name, k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, b := range t.buckets {
		b.hit(k)
	}
}

func (t *Table) Drain() {
	for _, b := range t.buckets {
		b.clearAll()
	}
}

func Run(t *Table, keys <-chan string, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				t.Hit("a", k)
				t.Drain()
			}
		}()
	}
	wg.Wait()
}
