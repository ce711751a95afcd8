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
// takes the lock first: `done: mu.Lock()` locks as if unlabeled.
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
	mu.Lock()
	delete(pending, key)
	mu.Unlock()
}

func start(keys []string, quit chan struct{}) {
	for _, k := range keys {
		go serve(k, quit)
	}
}
