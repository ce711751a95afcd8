package p

import "sync"

var defaults = map[string]string{"a": "1"}

func lookup(keys []string) []string {
	var seen sync.Map
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			seen.Store(k, true)
			out[i] = defaults[k]
		}(i, k)
	}
	wg.Wait()
	return out
}

func readers(m map[string]int, keys []string) int {
	local := map[string]int{"x": 1}
	var wg sync.WaitGroup
	total := make([]int, len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			total[i] = local[k] + m[k]
		}(i, k)
	}
	wg.Wait()
	return len(total)
}
