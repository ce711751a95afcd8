package p

import "sync"

// set is a named map type of the package: add writes its map, has reads it.
type set map[string]struct{}

func (s set) add(k string) { s[k] = struct{}{} }

func (s set) has(k string) bool {
	_, ok := s[k]
	return ok
}

type Tracker struct {
	mu   sync.Mutex
	seen set
}

func (t *Tracker) Seen(k string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seen.has(k)
}

func (t *Tracker) Forget(k string) {
	t.mu.Lock()
	delete(t.seen, k)
	t.mu.Unlock()
}

func (t *Tracker) Mark(k string) {
	t.mu.Lock()
	t.seen.add(k)
	t.mu.Unlock()
}
