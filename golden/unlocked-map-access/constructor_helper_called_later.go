package p

import "sync"

// load also runs after construction (Add), with no lock: the reads race with it.
type registry struct {
	mu      sync.RWMutex
	plugins map[string]int
}

func newRegistry(names []string) *registry {
	g := &registry{plugins: map[string]int{}}
	for _, n := range names {
		g.load(n)
	}
	return g
}

func (g *registry) load(name string) {
	g.plugins[name] = len(g.plugins) // want "write to map g.plugins without holding g.mu" "read of map g.plugins"
}

func (g *registry) Add(name string) {
	g.load(name)
}

func (g *registry) Info(name string) int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.plugins[name]
}

func (g *registry) Names() []string {
	var names []string
	for n := range g.plugins { // want "read of map g.plugins without holding g.mu"
		names = append(names, n)
	}
	return names
}
