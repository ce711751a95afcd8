package p

import "sync"

func fill(keys []string) int {
	config := map[string]string{}
	var wg sync.WaitGroup
	seen := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, ok := config["ready"]; ok {
			seen++
		}
	}()
	for _, k := range keys {
		config[k] = "on" // want "concurrent write to map config"
	}
	wg.Wait()
	return len(config) + seen
}
