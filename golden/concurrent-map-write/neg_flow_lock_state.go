package p

import (
	"sync"
	"time"
)

var (
	mu     sync.Mutex
	counts = map[string]int{}
)

// Each worker holds mu on every path to its writes: both arms of the if
// take it, an early Unlock is followed by continue, TryLock guards the
// other write.
func worker(keys <-chan string) {
	for k := range keys {
		if k == "" {
			mu.Lock()
		} else {
			time.Sleep(time.Millisecond)
			mu.Lock()
		}
		if k == "skip" {
			mu.Unlock()
			continue
		}
		counts[k]++
		mu.Unlock()
		if !mu.TryLock() {
			continue
		}
		counts["tries"]++
		mu.Unlock()
	}
}

func Start(keys <-chan string) {
	for i := 0; i < 4; i++ {
		go worker(keys)
	}
}
