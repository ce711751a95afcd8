// Package fs writes files on goroutines of their own.
package fs

import "sync"

type writer struct {
	wg *sync.WaitGroup
	mu *sync.Mutex
}

// Writer runs each write it is handed on a new goroutine.
var Writer = New()

func New() *writer {
	return &writer{wg: &sync.WaitGroup{}, mu: &sync.Mutex{}}
}

// Write starts writeFunc on a goroutine and returns at once.
func (w *writer) Write(writeFunc func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		writeFunc()
	}()
}

// WaitUntilWritesDone waits for every write started so far.
func (w *writer) WaitUntilWritesDone() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wg.Wait()
}

// Later runs fn on a goroutine of its own.
func Later(fn func()) {
	go fn()
}

// Now runs fn and waits for it.
func Now(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
}
