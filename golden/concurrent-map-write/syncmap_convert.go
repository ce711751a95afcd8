// gofixmap:strategy syncmap
package p

import (
	"fmt"
	"sync"
)

func collect(ids []int) (int, string) {
	names := map[int]string{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			if _, ok := names[-id]; !ok {
				names[-id] = "pending" // want "concurrent write to map names"
			}

			names[id] = fmt.Sprint(id) // want "concurrent write to map names"
		}(id)
	}
	wg.Wait()
	n := len(names)
	first := names[0]
	for id, name := range names {
		if id < 0 {
			continue
		}
		if name == "" {
			break
		}
		fmt.Println(id, name)
	}
	for id := range names {
		delete(names, id)
	}
	return n, first
}
