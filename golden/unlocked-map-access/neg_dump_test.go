package p

import (
	"fmt"
	"sync"
	"testing"
)

// Pool locks its map in the package; this file is a test file, whose
// dump helper reads the map on the test's goroutine once the pool is quiet.
type Pool struct {
	mu   sync.Mutex
	deps map[string]int
}

func (p *Pool) Add(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deps[name]++
}

func (p *Pool) dump() {
	for name, n := range p.deps {
		fmt.Println(name, n)
	}
}

func TestPool(t *testing.T) {
	p := &Pool{deps: map[string]int{}}
	p.Add("a")
	p.dump()
}
