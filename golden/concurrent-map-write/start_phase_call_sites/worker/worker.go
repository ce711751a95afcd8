// Package worker runs background loops.
package worker

import (
	"log"
	"time"

	"example.com/callsites/registry"
)

// Pool ticks in the background: its goroutine never reaches the tables.
type Pool struct{ period time.Duration }

// Start starts the pool's loop.
func (p *Pool) Start() {
	go p.loop()
}

func (p *Pool) loop() {
	for range time.Tick(p.period) {
		log.Println("tick")
	}
}

// Watcher watches zones in the background.
type Watcher struct{}

// Start starts a goroutine that reads the zones of registry.
func (w *Watcher) Start() {
	go func() {
		for range time.Tick(time.Second) {
			log.Println(registry.Zones("w"))
		}
	}()
}

// Set is a set of names with iterators.
type Set struct {
	names []string
	next  *Set
}

// Range calls f for each name until f returns false: f runs on the
// caller's goroutine, and is what the caller passes.
func (s *Set) Range(f func(name string) bool) {
	for _, n := range s.names {
		if !f(n) {
			return
		}
	}
}

// All yields each name: a range over it runs the loop's body.
func (s *Set) All(yield func(string) bool) {
	s.Range(yield)
}

// Each calls f for each name, then for the names of the next set through a
// literal that calls f again: f holds what Each's callers pass, however
// deep the sets go.
func (s *Set) Each(f func(string)) {
	for _, n := range s.names {
		f(n)
	}
	if s.next != nil {
		s.next.Each(func(n string) { f(n) })
	}
}
