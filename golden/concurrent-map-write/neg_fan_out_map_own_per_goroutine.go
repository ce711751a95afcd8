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

func stampCopy(cfg map[string]string, worker string) {
	own := make(map[string]string, len(cfg)+1)
	for k, v := range cfg {
		own[k] = v
	}
	cfg = own
	cfg["secretName"] = worker
}

// The callee writes a copy of its own: the goroutines only read the map
// they share.
func StampCopies(workers []string) {
	cfg := base()
	for _, w := range workers {
		go stampCopy(cfg, w)
	}
}
