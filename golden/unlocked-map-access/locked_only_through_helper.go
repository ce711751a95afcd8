package p

import "sync"

type entry struct{ status string }

// Builds records their results through ensure, which every caller runs
// with b.mu held; Forget and Status touch the map without it.
type Builds struct {
	mu      sync.Mutex
	results map[string]*entry
}

func NewBuilds() *Builds {
	return &Builds{results: map[string]*entry{}}
}

func (b *Builds) ensure(name string) *entry {
	e, ok := b.results[name]
	if !ok {
		e = &entry{}
		b.results[name] = e
	}
	return e
}

func (b *Builds) SetStatus(name, status string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ensure(name).status = status
}

func (b *Builds) Forget(name string) {
	delete(b.results, name) // want "write to map b.results without holding b.mu: ensure runs with it held"
}

func (b *Builds) Status(name string) string {
	if e, ok := b.results[name]; ok { // want "read of map b.results without holding b.mu: ensure runs with it held"
		return e.status
	}
	return ""
}

// Near miss: every access of the queue's map is in a helper that each
// caller runs with q.mu held.
type Queue struct {
	mu    sync.Mutex
	items map[string]int
}

func NewQueue() *Queue {
	return &Queue{items: map[string]int{}}
}

func (q *Queue) put(k string) { q.items[k]++ }

func (q *Queue) count(k string) int { return q.items[k] }

func (q *Queue) Add(k string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.put(k)
	return q.count(k)
}
