// Package sched starts workers that each write package maps of other
// packages: conf's and a dependency's.
package sched

import (
	"example.com/pkgmaps/conf"
	"example.com/registry"
)

type Worker struct{ names []string }

func (w *Worker) runOnce() {
	conf.Enabled = make(map[string]bool)
	for _, n := range w.names {
		conf.Enabled[n] = true          // want "concurrent write to map conf.Enabled: runOnce runs on several goroutines without a lock"
		registry.Handlers[n] = "worker" // want "concurrent write to map registry.Handlers: runOnce runs on several goroutines without a lock"
	}
	delete(conf.Weights, "old") // want "concurrent write to map conf.Weights: runOnce runs on several goroutines without a lock"
}

// Run starts n workers.
func Run(n int, stop <-chan struct{}) {
	for range n {
		w := &Worker{names: []string{"a"}}
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
					w.runOnce()
				}
			}
		}()
	}
}
