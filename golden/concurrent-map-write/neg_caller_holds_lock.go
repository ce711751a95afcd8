package p

import "sync"

// The helpers write the map without locking: every caller holds typeLock,
// so the goroutines below never write it at the same time.
var (
	typeLock sync.Mutex
	types    = map[string]int{}
)

func register(name string) int {
	typeLock.Lock()
	defer typeLock.Unlock()
	return registerLocked(name)
}

func registerLocked(name string) int {
	if id, ok := types[name]; ok {
		return id
	}
	id := len(types)
	types[name] = id
	return id
}

func registerAll(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			register(n)
		}(n)
	}
	wg.Wait()
}
