package p

import "sync"

// bump writes the package map with no lock of its own, but its only call
// holds mu, the lock every other access of the map takes: the writes are
// serialised. A map a package lock guards at its writes is MR002's to judge
// (which knows the functions called only under the lock), not MR001's.
var (
	mu      sync.Mutex
	counter = map[string]int{}
)

func bump(id string) { counter[id]++ }

func launch(id string) {
	mu.Lock()
	bump(id)
	mu.Unlock()
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
