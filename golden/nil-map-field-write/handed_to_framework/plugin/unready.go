package plugin

import (
	"example.com/handed/framework"
)

func init() {
	framework.Register(&Limiter{})
	framework.Register(Gauge{})
	used := &Queue{}
	used.Serve("warm-up")
	framework.Register(used)
}

// Limiter makes its map only on one branch of Provision: a provisioned
// Limiter can still have none.
type Limiter struct {
	Strict bool
	limits map[string]int
}

// Info makes new Limiter values.
func (*Limiter) Info() framework.Info {
	return framework.Info{ID: "limiter", New: func() framework.Module { return new(Limiter) }}
}

// Provision makes the map only in strict mode.
func (l *Limiter) Provision() error {
	if l.Strict {
		l.limits = map[string]int{}
	}
	return nil
}

// Serve writes the map.
func (l *Limiter) Serve(name string) {
	l.limits[name]++ // want "write to nil map field l.limits: the Limiter literal in init omits limits"
}

// Gauge leaves by value and writes through a value receiver: a value in an
// interface has its value methods, and nothing makes the map.
type Gauge struct {
	levels map[string]int
}

// Info describes Gauge.
func (Gauge) Info() framework.Info {
	return framework.Info{ID: "gauge"}
}

// Serve writes the map of the copy.
func (g Gauge) Serve(name string) {
	g.levels[name]++ // want "write to nil map field g.levels: the Gauge literal in init omits levels"
}

// Queue has a Provision, but the package serves through the value itself
// before it hands it to the framework.
type Queue struct {
	items map[string]int
}

// Info describes Queue.
func (*Queue) Info() framework.Info {
	return framework.Info{ID: "queue"}
}

// Provision makes the map.
func (q *Queue) Provision() error {
	q.items = map[string]int{}
	return nil
}

// Serve writes the map.
func (q *Queue) Serve(name string) {
	q.items[name]++ // want "write to nil map field q.items: the Queue literal in init omits items"
}

// Store is returned as an interface by an unexported function: its callers
// are the package's own, and one serves without calling Reset.
type Store struct {
	data map[string]int
}

// Reset makes the map.
func (s *Store) Reset() error {
	s.data = map[string]int{}
	return nil
}

// Serve writes the map.
func (s *Store) Serve(name string) {
	s.data[name]++ // want "write to nil map field s.data: the Store literal in newStore omits data"
}

func newStore() framework.Server {
	return &Store{}
}

func serveOnce(name string) {
	newStore().Serve(name)
}
