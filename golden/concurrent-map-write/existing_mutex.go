package p

import "sync"

type Registry struct {
	mu    sync.RWMutex
	names []string
	ids   map[string]int
}

func (r *Registry) AddName(n string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, n)
}

func (r *Registry) SetID(n string, id int) {
	r.ids[n] = id // want "concurrent write to map r.ids: Registry locks a mutex in other methods, not here"
}

func (r *Registry) ID(n string) (int, bool) {
	id, ok := r.ids[n]
	return id, ok
}
