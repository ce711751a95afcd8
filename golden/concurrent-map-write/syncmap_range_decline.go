// gofixmap:strategy syncmap
package p

import "sync"

func find(ids []int) int {
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			seen[id] = true // want "concurrent write to map seen"
		}(id)
	}
	wg.Wait()
	for id := range seen {
		if id > 10 {
			return id
		}
	}
	return -1
}
