package p

import "sync"

// The near miss of concurrent-map-write's
// neg_package_map_callers_hold_lock.go: launch calls bump without the lock
// compute takes, so bump's write races with compute's.
var (
	mu      sync.Mutex
	counter = map[string]int{}
)

func bump(id string) {
	counter[id]++ // want "write to map counter without holding mu: compute locks it"
}

func launch(id string) {
	bump(id)
	go compute(id)
}

func compute(id string) {
	mu.Lock()
	counter[id]--
	mu.Unlock()
}

func Serve(ids chan string) {
	for id := range ids {
		go launch(id)
	}
}
