package p

import "sync"

type set map[string]struct{}

func (s set) add(k string) { s[k] = struct{}{} }

// drain swaps the guarded map for a fresh one under the lock and hands out
// the old one: the writer writes the new map from then on.
type pending struct {
	mu    sync.Mutex
	nodes set
}

func (p *pending) notify(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nodes.add(name)
}

func (p *pending) drain() set {
	p.mu.Lock()
	defer p.mu.Unlock()
	nodes := p.nodes
	p.nodes = set{}
	return nodes
}
