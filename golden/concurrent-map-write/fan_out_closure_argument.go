package p

import "sync"

type plan struct{ steps map[string]int }

func record(seen map[string]int, name string) {
	seen[name]++ // want "concurrent write to map seen: CountAll starts goroutines in a loop that all pass seen to record, which writes it without a lock"
}

// The launched literal takes the map as its argument: every iteration
// evaluates the same variable, so every goroutine gets the one map.
func CountAll(names []string) {
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(s map[string]int, n string) {
			defer wg.Done()
			record(s, n)
		}(seen, n)
	}
	wg.Wait()
}

func step(p *plan, name string) {
	p.steps[name] = len(name) // want "concurrent write to map p.steps"
}

// A pointer handed through the literal's parameter is one object too.
func StepAll(names []string) {
	shared := &plan{steps: map[string]int{}}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(p *plan, n string) {
			defer wg.Done()
			step(p, n)
		}(shared, n)
	}
	wg.Wait()
}
