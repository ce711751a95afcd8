package p

import "sync"

func put(seen map[string]bool, w string, wg *sync.WaitGroup) {
	defer wg.Done()
	seen[w] = true
}

// Each iteration waits for the goroutine it starts before the next one:
// the writes happen one after another.
func VisitInTurn(words []string) map[string]bool {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			seen[w] = true
		}(w)
		wg.Wait()
	}
	return seen
}

// Likewise with the map handed to a function started with go.
func PutInTurn(words []string, seen map[string]bool) {
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go put(seen, w, &wg)
		wg.Wait()
	}
}

// The iteration waits only for another group: the goroutines overlap.
func VisitWaitingElsewhere(words []string, other *sync.WaitGroup) map[string]bool {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			seen[w] = true // want "concurrent write to map seen: shared with goroutines without a lock"
		}(w)
		other.Wait()
	}
	wg.Wait()
	return seen
}
