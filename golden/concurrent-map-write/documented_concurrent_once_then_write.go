package p

import "sync"

// Registry is safe for concurrent use: the index is built once, but Add
// writes it afterwards outside the once, while Find reads it.
type Registry struct {
	Names     []string
	index     map[string]int
	indexOnce sync.Once
}

func (r *Registry) build() {
	r.indexOnce.Do(func() {
		r.index = make(map[string]int, len(r.Names))
		for i, n := range r.Names {
			r.index[n] = i
		}
	})
}

func (r *Registry) Find(name string) (int, bool) {
	r.build()
	i, ok := r.index[name]
	return i, ok
}

func (r *Registry) Add(name string) {
	r.build()
	r.Names = append(r.Names, name)
	r.index[name] = len(r.Names) - 1 // want "concurrent write to map r.index"
}
