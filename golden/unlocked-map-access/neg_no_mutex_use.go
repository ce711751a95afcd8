package p

import "sync"

type Names struct {
	mu    sync.Mutex
	byID  map[int]string
	count int
}

func (n *Names) Inc() {
	n.mu.Lock()
	n.count++
	n.mu.Unlock()
}

func (n *Names) Lookup(id int) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.byID[id]
}

func (n *Names) Has(id int) bool {
	_, ok := n.byID[id]
	return ok
}
