package p

import "sync"

// Each goroutine started by wg.Go writes a map of its own; the caller reads
// the results only after Wait.
func lengths(groups [][]string) []map[string]int {
	out := make([]map[string]int, len(groups))
	var wg sync.WaitGroup
	for i, group := range groups {
		wg.Go(func() {
			m := map[string]int{}
			for _, w := range group {
				m[w] = len(w)
			}
			out[i] = m
		})
	}
	wg.Wait()
	total := map[string]int{}
	for _, m := range out {
		for k, v := range m {
			total[k] += v
		}
	}
	return append(out, total)
}
