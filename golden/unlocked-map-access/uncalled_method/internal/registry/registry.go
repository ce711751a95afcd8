package registry

import "sync"

type Registry struct {
	mu sync.Mutex
	m  map[string]int
}

func New() *Registry { return &Registry{m: map[string]int{}} }

func (r *Registry) Add(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[k]++
}

// Size has no caller in the module, and the package is internal: no other
// module can import it, and no interface of a package the module imports
// has a method Size that a Registry could satisfy.
func (r *Registry) Size() int {
	return len(r.m)
}

// count is unexported and nothing calls it.
func (r *Registry) count(k string) int {
	return r.m[k]
}

// Len is called from main, on a goroutine of its own.
func (r *Registry) Len() int {
	return len(r.m) // want "read of map r.m without holding r.mu"
}

// String has no caller in the module, but fmt's Stringer has just this one
// method: fmt.Println(r) calls it.
func (r *Registry) String() string {
	for k := range r.m { // want "read of map r.m without holding r.mu"
		return k
	}
	return ""
}

// Keys is called by a test only.
func (r *Registry) Keys() []string {
	var out []string
	for k := range r.m { // want "read of map r.m without holding r.mu"
		out = append(out, k)
	}
	return out
}
