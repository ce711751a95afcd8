// gofixmap:strategy syncmap
package p

import "sync"

type Memo struct {
	cache map[int]int
}

func (m *Memo) Square(n int) int {
	if v, ok := m.cache[n]; ok {
		return v
	}
	v := n * n
	m.cache[n] = v // want "concurrent write to map m.cache"
	return v
}

func use(m *Memo) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Square(3)
		}()
	}
	wg.Wait()
}
