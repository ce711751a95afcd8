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
