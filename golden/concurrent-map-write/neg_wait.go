package p

import "sync"

func build(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, k := range keys {
			m[k] = i
		}
	}()
	wg.Wait()
	m["total"] = len(keys)
	return m
}

func viaChannel(keys []string) map[string]int {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		for i, k := range keys {
			m[k] = i
		}
		close(done)
	}()
	<-done
	m["n"] = len(m)
	return m
}
