package p

import "sync"

// A value built with the receiver's map (stores: g.stores) holds the same
// map: its accesses without the lock race with the receiver's locked ones.
type Gauge struct {
	mu      *sync.RWMutex
	stores  map[string]*float64
	current *float64
}

func NewGauge() *Gauge {
	return &Gauge{mu: &sync.RWMutex{}, stores: map[string]*float64{}}
}

func (g *Gauge) Record(v float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.current == nil {
		g.current = new(float64)
		g.stores[""] = g.current
	}
	*g.current = v
}

func (g *Gauge) With(set string) *Gauge {
	m := &Gauge{mu: g.mu, stores: g.stores}
	if _, ok := m.stores[set]; !ok { // want "read of map m.stores without holding g.mu: Record locks it"
		m.stores[set] = new(float64) // want "write to map m.stores without holding g.mu: Record locks it"
	}
	m.current = m.stores[set] // want "read of map m.stores without holding g.mu: Record locks it"
	return m
}

// Near misses: a value built with a map of its own, and the shared map
// accessed under the shared lock.
func (g *Gauge) Fresh(set string) *Gauge {
	m := &Gauge{mu: &sync.RWMutex{}, stores: map[string]*float64{}}
	m.stores[set] = new(float64)
	return m
}

func (g *Gauge) WithLocked(set string) *Gauge {
	m := &Gauge{mu: g.mu, stores: g.stores}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.stores[set]; !ok {
		m.stores[set] = new(float64)
	}
	m.current = m.stores[set]
	return m
}
