package p

import "sync"

// Only reads of names are locked, but the package itself runs Register on
// goroutines: the unlocked write races with Lookup.
type Table struct {
	mu    sync.Mutex
	names map[int]string
}

func (t *Table) Register(id int, name string) {
	t.names[id] = name // want "write to map t.names without holding t.mu: Lookup locks it"
}

func (t *Table) Lookup(id int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.names[id]
}

func (t *Table) RegisterAll(names []string) {
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Register(i, n)
		}()
	}
	wg.Wait()
}
