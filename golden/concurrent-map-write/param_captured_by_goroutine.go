package p

import "fmt"

// cfg is the caller's map: the goroutine started here ranges over it while
// this function goes on writing it.
func watch(cfg map[string]string, updates <-chan [2]string) {
	go func() {
		for k, v := range cfg {
			fmt.Println(k, v)
		}
	}()
	for u := range updates {
		cfg[u[0]] = u[1] // want "concurrent write to map cfg: shared with goroutines without a lock"
	}
}
