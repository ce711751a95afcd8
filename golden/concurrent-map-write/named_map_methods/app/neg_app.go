package app

import (
	"sync"

	"example.com/namedmaps/sets"
)

// Lookup only reads the set from its goroutines.
func Lookup(names []string) int {
	known := sets.NewString(names...)
	var wg sync.WaitGroup
	hits := make(chan string, len(names))
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			if known.Has(n) {
				hits <- n
			}
		}(n)
	}
	wg.Wait()
	close(hits)
	return len(hits)
}

// Locked inserts under a mutex.
func Locked(names []string) int {
	var mu sync.Mutex
	done := sets.New[string]()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			mu.Lock()
			done.Insert(n)
			mu.Unlock()
		}(n)
	}
	wg.Wait()
	return done.Len()
}

// Own gives each goroutine a set of its own.
func Own(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			mine := sets.New[string]()
			mine.Insert(n)
		}(n)
	}
	wg.Wait()
}

// Visited: what Visit's callback does with the map is not known, and a
// set that Insert hands back may be one the caller shares.
func Visited(names []string, shared sets.Set[string]) {
	s := sets.New[string]()
	alias := sets.Insert(shared, "x")
	var wg sync.WaitGroup
	for range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Visit(func(map[string]sets.Empty) {})
			_ = alias.Len()
		}()
	}
	wg.Wait()
}
