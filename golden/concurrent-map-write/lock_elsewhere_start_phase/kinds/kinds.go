// Package kinds keeps the kinds the program knows. Its registry locks a
// mutex for its counter; the kinds are registered from init functions,
// which Go runs on one goroutine before main starts.
package kinds

import "sync"

// Registry maps kinds to their sizes.
type Registry struct {
	mu     sync.Mutex
	hits   int
	byName map[string]int
	late   map[string]int
	extra  map[string]int
}

// Default is the program's registry.
var Default = &Registry{
	byName: map[string]int{},
	late:   map[string]int{},
	extra:  map[string]int{},
}

// Register adds a kind to the default registry; only init functions call
// it.
func Register(name string) {
	Default.add(name)
}

func (r *Registry) add(name string) {
	r.byName[name] = len(name)
}

// RegisterExtra adds a kind to the default registry; main calls it once
// it has started serving.
func RegisterExtra(name string) {
	Default.addExtra(name)
}

func (r *Registry) addExtra(name string) {
	r.extra[name] = len(name) // want "concurrent write to map r.extra"
}

// RegisterLate adds a kind later: nothing in the module calls it, so its
// callers' goroutines are not known.
func (r *Registry) RegisterLate(name string) {
	r.late[name] = len(name) // want "concurrent write to map r.late"
}

// Size returns the size of a kind.
func (r *Registry) Size(name string) int {
	r.mu.Lock()
	r.hits++
	r.mu.Unlock()
	return r.byName[name] + r.late[name] + r.extra[name]
}
