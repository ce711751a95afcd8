package p

import (
	"fmt"
	"sync"
)

// debugPut turns on bookkeeping that is compiled out.
const debugPut = false

type Pool struct {
	mu      sync.Mutex
	lastPut map[int]string
}

func (p *Pool) Put(id int, who string) {
	if debugPut {
		// Never runs: the check reads lastPut without the lock.
		fmt.Println("put", id, "last put by", p.lastPut[id])
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if debugPut {
		p.lastPut[id] = who
	}
}

func (p *Pool) Last(id int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastPut[id]
}
