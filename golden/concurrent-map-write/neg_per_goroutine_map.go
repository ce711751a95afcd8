package p

import "sync"

// Every goroutine makes its own seen map; the caller's map of the same
// name is another variable.
func dedupe(c chan int, workers int) map[int]int {
	done := make(chan map[int]int)
	for w := 0; w < workers; w++ {
		go func() {
			seen := make(map[int]int)
			for v := range c {
				seen[v]++
			}
			done <- seen
		}()
	}
	seen := make(map[int]int)
	for w := 0; w < workers; w++ {
		for k, n := range <-done {
			seen[k] += n
		}
	}
	return seen
}

// The loop grows m only after the readers of the previous round are done.
func growAndRead(rounds, readers int) int {
	m := make(map[int]int)
	total := 0
	var mu sync.Mutex
	for r := 0; r < rounds; r++ {
		m[r] = r
		var wg sync.WaitGroup
		for i := 0; i < readers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := 0
				for range m {
					n++
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	return total
}
