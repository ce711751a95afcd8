package p

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func (c *Cache) Bump(k string) {
	c.mu.Lock()
	c.m[k]++
	c.mu.Unlock()
}

func fillLocked(keys []string) map[string]int {
	var mu sync.Mutex
	out := map[string]int{}
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			out[k] = i
		}(i, k)
	}
	wg.Wait()
	return out
}
