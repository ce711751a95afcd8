package p

import (
	"fmt"
	"sync"
)

// The goroutine that reads the caller's map is waited for before the
// function writes it.
func report(cfg map[string]string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k, v := range cfg {
			fmt.Println(k, v)
		}
	}()
	wg.Wait()
	cfg["reported"] = "yes"
}
