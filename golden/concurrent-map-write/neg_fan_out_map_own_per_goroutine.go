package p

import "sync"

func stamp(cfg map[string]string, worker string) {
	cfg["secretName"] = worker
}

func base() map[string]string {
	return map[string]string{}
}

// Each iteration makes its own map: no two goroutines share one.
func StampEach(workers []string) {
	var wg sync.WaitGroup
	for _, w := range workers {
		cfg := base()
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			stamp(cfg, w)
		}(w)
	}
	wg.Wait()
}

// The variable is assigned a new map in every iteration before `go` hands
// its value on: each goroutine gets its own map.
func StampAssigned(workers []string) {
	cfg := base()
	stamp(cfg, "first")
	for _, w := range workers {
		cfg = base()
		go stamp(cfg, w)
	}
}
