package p

import "sync"

type Ring struct {
	mu    sync.Mutex
	nodes map[string]int
}

func (r *Ring) Add(n string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(n)
}

func (r *Ring) Remove(n string) {
	r.mu.Lock()
	r.remove(n)
	r.mu.Unlock()
}

func (r *Ring) addLocked(n string) {
	r.nodes[n] = len(r.nodes)
}

func (r *Ring) remove(n string) {
	delete(r.nodes, n)
}
