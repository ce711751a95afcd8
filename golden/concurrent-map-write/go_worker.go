package p

import "sync"

func worker(counts map[string]int, w string, wg *sync.WaitGroup) {
	defer wg.Done()
	counts[w]++
}

func tally(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go worker(counts, w, &wg) // want "concurrent write to map counts: worker writes it on a goroutine without a lock"
	}
	wg.Wait()
	return counts
}
