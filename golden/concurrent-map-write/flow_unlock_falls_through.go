package p

import "sync"

var (
	mu     sync.Mutex
	counts = map[string]int{}
)

// The branch that releases mu falls through to the write: on that path the
// workers write without the lock.
func worker(keys <-chan string) {
	for k := range keys {
		mu.Lock()
		if k == "slow" {
			mu.Unlock()
		}
		counts[k]++ // want "concurrent write to map counts"
		if k != "slow" {
			mu.Unlock()
		}
	}
}

func Start(keys <-chan string) {
	for i := 0; i < 4; i++ {
		go worker(keys)
	}
}
