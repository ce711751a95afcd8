package p

import (
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	pending = map[string]int{}
)

// serve runs on one goroutine per session; the cleanup after the label
// forgets the lock: the label does not lock anything. (A package map whose
// writes a package lock guards elsewhere is MR002's: the unlocked delete is
// reported here, not by MR001.)
func serve(key string, quit <-chan struct{}) {
	mu.Lock()
	pending[key]++
	mu.Unlock()
	for {
		select {
		case <-quit:
			goto done
		case <-time.After(time.Second):
		}
	}
done:
	delete(pending, key) // want "write to map pending without holding mu"
	mu.Lock()
	mu.Unlock()
}

func start(keys []string, quit chan struct{}) {
	for _, k := range keys {
		go serve(k, quit)
	}
}
