package p

import "sync"

type Translator struct {
	mu      sync.Mutex
	entries map[string]int
}

func (t *Translator) Merge(entries map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, v := range entries {
		t.entries[k] = v
	}
}

// Rebuild compares the guarded map with a fresh one outside the lock: equal
// reads the map it is handed.
func (t *Translator) Rebuild(entries map[string]int) bool {
	if same(t.entries, entries) { // want "read of map t.entries without holding t.mu"
		return false
	}
	t.mu.Lock()
	t.entries = entries
	t.mu.Unlock()
	return true
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
