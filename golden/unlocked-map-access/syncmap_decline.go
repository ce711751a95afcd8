// gofixmap:strategy syncmap
package p

import "sync"

type Votes struct {
	mu     sync.Mutex
	byName map[string]int
}

func (v *Votes) Vote(name string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.byName[name]++
}

func (v *Votes) Clear(name string) {
	delete(v.byName, name) // want "write to map v.byName without holding v.mu"
}
