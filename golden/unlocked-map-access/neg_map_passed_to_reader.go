package p

import "sync"

type Translator struct {
	mu      sync.Mutex
	entries map[string]int
	sink    func(map[string]int)
}

func (t *Translator) Merge(entries map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, v := range entries {
		t.entries[k] = v
	}
}

// Rebuild compares under the lock.
func (t *Translator) Rebuild(entries map[string]int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if same(t.entries, entries) {
		return false
	}
	t.entries = entries
	return true
}

// Publish hands the map to a function that keeps it: what happens to it
// then is not a read here.
func (t *Translator) Publish() {
	keep(t, t.entries)
}

func keep(t *Translator, m map[string]int) {
	t.sink(m)
}

func same(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
