package p

import "sync"

type Conf struct{ Name string }

type Pipeline struct {
	mu       sync.RWMutex
	Identity map[*Conf]string
	Metadata map[*Conf]string
}

// copyObjs reads the map it is handed only under the read lock of the
// pipeline it is handed with it.
func copyObjs(m map[*Conf]string, p *Pipeline) map[*Conf]string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[*Conf]string, len(m))
	for c, v := range m {
		out[c] = v
	}
	return out
}

// count reads its map under its receiver's read lock.
func (p *Pipeline) count(m map[*Conf]string) int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(m)
}

// The field is only loaded here to be handed on: the callee reads the map
// under p.mu, the lock the writes take.
func (p *Pipeline) IdentityObjs() map[*Conf]string {
	return copyObjs(p.Identity, p)
}

func (p *Pipeline) MetadataCount() int {
	return p.count(p.Metadata)
}

func (p *Pipeline) Set(c *Conf, v string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Identity[c] = v
	p.Metadata[c] = v
}
