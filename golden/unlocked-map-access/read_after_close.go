package p

import "sync"

// The fill before close(t.ready) is ordered before Done's deletes, but the
// read after the close is not: Done may be deleting under the lock then.
type Gate struct {
	mu      sync.Mutex
	once    sync.Once
	pending map[string]bool
	ready   chan struct{}
}

func (g *Gate) Start(names []string) {
	g.once.Do(func() {
		for _, n := range names {
			g.pending[n] = true
		}
		close(g.ready)
		if len(g.pending) == 0 { // want "read of map g.pending without holding g.mu"
			println("ready")
		}
	})
}

func (g *Gate) Done(name string) {
	<-g.ready
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.pending, name)
}
