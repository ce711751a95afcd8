package p

import "sync"

type Peers struct {
	sync.Mutex
	addrs map[string]int
}

func (p *Peers) Add(a string) {
	p.Lock()
	p.addrs[a]++
	p.Unlock()
}

func (p *Peers) Forget(a string) {
	delete(p.addrs, a) // want "write to map p.addrs without holding p: Add locks it"
}
