package p

import "sync"

// count reads the map in its return statement while the goroutines may
// still write it: the lock is taken right before the return, after the
// mutex is declared and the goroutines started.
func count(names []string) int {
	seen := map[string]bool{}
	for _, n := range names {
		go func(n string) {
			seen[n] = true // want "concurrent write to map seen: shared with goroutines without a lock"
		}(n)
	}
	return len(seen)
}

// total waits for its goroutines before the return.
func total(names []string) int {
	sizes := map[string]int{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			sizes[n] = len(n) // want "concurrent write to map sizes: shared with goroutines without a lock"
		}(n)
	}
	wg.Wait()
	return sum(sizes)
}

func sum(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

// first writes the map before and while its goroutines run, then reads it
// in the return: the region of the return never spans the go statement.
func first(names []string) int {
	seen := map[string]bool{}
	for _, n := range names {
		go func(n string) {
			seen[n] = true // want "concurrent write to map seen: shared with goroutines without a lock"
		}(n)
		seen[n+"/"] = false // want "concurrent write to map seen: shared with goroutines without a lock"
	}
	return len(seen)
}
