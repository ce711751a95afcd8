package app

import (
	"sync"

	"example.com/namedmaps/sets"
)

// Replicate inserts into one set from a goroutine per name.
func Replicate(names []string) int {
	done := sets.NewString()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			done.Insert(n) // want "concurrent write to map done"
		}(n)
	}
	wg.Wait()
	return done.Len()
}

// Forget deletes from a generic set from a goroutine per group.
func Forget(groups [][]string, keep sets.Set[string]) int {
	seen := sets.New[string]()
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func(g []string) {
			defer wg.Done()
			for _, n := range g {
				if !keep.Has(n) {
					seen.Delete(n) // want "concurrent write to map seen"
				}
			}
		}(g)
	}
	wg.Wait()
	return seen.Len()
}
