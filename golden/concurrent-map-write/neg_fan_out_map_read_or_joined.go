package p

import (
	"fmt"
	"sync"
)

func show(cfg map[string]string, worker string) {
	fmt.Println(cfg["server"], worker)
}

func record(cfg map[string]string, worker string) {
	cfg["last"] = worker
}

func settings() map[string]string {
	return map[string]string{"server": "s"}
}

// The goroutines only read the map they share.
func ShowAll(workers []string) {
	cfg := settings()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			show(cfg, w)
		}(w)
	}
	wg.Wait()
}

// Each iteration waits for its goroutine before the next one starts: the
// writes happen one after another.
func RecordInTurn(workers []string) {
	cfg := settings()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			record(cfg, w)
		}(w)
		wg.Wait()
	}
}

// The goroutines write under one lock.
func RecordLocked(workers []string) {
	cfg := settings()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			record(cfg, w)
		}(w)
	}
	wg.Wait()
}
