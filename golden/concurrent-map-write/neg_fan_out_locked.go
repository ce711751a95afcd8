package p

import "sync"

type tally struct {
	mu     sync.Mutex
	counts map[string]int
}

// The goroutines share one *tally, and the callee writes its map under the
// tally's mutex.
func countAll(words []string, t *tally) {
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			add(t, w)
		})
	}
	wg.Wait()
}

func add(t *tally, w string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[w]++
}

// The goroutine calls the writer with a lock held.
func countAllLocked(words []string, t *tally, mu *sync.Mutex) {
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			mu.Lock()
			bump(t, w)
			mu.Unlock()
		})
	}
	wg.Wait()
}

func bump(t *tally, w string) {
	t.counts[w] += 2
}
