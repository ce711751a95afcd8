package p

import "sync"

// sync.WaitGroup.Go (Go 1.25) runs its function on a new goroutine, as go
// does: the closures write the shared map at the same time.
func count(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			counts[w]++ // want "concurrent write to map counts: shared with goroutines without a lock"
		})
	}
	wg.Wait()
	return counts
}
