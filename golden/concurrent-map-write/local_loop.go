package p

import "sync"

func count(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++ // want "concurrent write to map counts"
		}(w)
	}
	wg.Wait()
	return counts
}
