// Package watch has methods that start goroutines: a call of a method of
// the same name on a value of another type starts nothing.
package watch

import "time"

type Watcher struct{ ticks chan time.Time }

// Replace starts the watcher's goroutine.
func (w *Watcher) Replace(s string) string {
	go w.loop()
	return s
}

// prepare starts the watcher's goroutine; unexported, so only this package
// can call it.
func (w *Watcher) prepare() {
	go w.loop()
}

func (w *Watcher) loop() {
	for t := range w.ticks {
		_ = t
	}
}

func New() *Watcher {
	w := &Watcher{ticks: make(chan time.Time)}
	w.prepare()
	return w
}
