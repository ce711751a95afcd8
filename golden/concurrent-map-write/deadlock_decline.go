package p

import "sync"

type Index struct {
	mu   sync.Mutex
	docs map[string]string
	n    int
}

func (ix *Index) Count() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.n
}

func (ix *Index) Add(id, body string) {
	ix.docs[id] = body + string(rune('0'+ix.Count())) // want "concurrent write to map ix.docs"
}
