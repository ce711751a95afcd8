package p

import "sync"

// Remove does not wait on <-q.ready: the fill before the close is not
// ordered before it.
type Queue struct {
	mu    sync.Mutex
	items map[string]int
	ready chan struct{}
}

func (q *Queue) Load(names []string) {
	for i, n := range names {
		q.items[n] = i // want "write to map q.items without holding q.mu"
	}
	close(q.ready)
}

func (q *Queue) Get(name string) int {
	<-q.ready
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items[name]
}

func (q *Queue) Remove(name string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.items, name)
}
