package p

import "sync"

func tally(seen map[string]int, name string) {
	seen[name]++
}

// Each iteration makes a map before it starts its goroutine, and the literal
// hands on the argument it was given: one map per goroutine.
func TallyEach(names []string) {
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, n := range names {
		seen = map[string]int{}
		wg.Add(1)
		go func(s map[string]int, n string) {
			defer wg.Done()
			tally(s, n)
		}(seen, n)
	}
	wg.Wait()
}

// The literal replaces its parameter with a map of its own before the call.
func TallyCopies(names []string) {
	seen := map[string]int{"base": 1}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(s map[string]int, n string) {
			defer wg.Done()
			s = map[string]int{"base": s["base"]}
			tally(s, n)
		}(seen, n)
	}
	wg.Wait()
}
