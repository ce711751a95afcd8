package conns

// Pool counts connections per host; the counts exist before they change.
type Pool struct {
	perHost map[string]int
}

// NewPool omits the map; Inc makes it.
func NewPool() *Pool {
	return &Pool{}
}

// Inc makes the map lazily.
func (p *Pool) Inc(host string) {
	if p.perHost == nil {
		p.perHost = make(map[string]int)
	}
	p.perHost[host]++
}

// Dec panics on a zero count, so the write below runs on a non-nil map.
func (p *Pool) Dec(host string) {
	n := p.perHost[host]
	if n == 0 {
		panic("count underflow")
	}
	if n--; n == 0 {
		delete(p.perHost, host)
	} else {
		p.perHost[host] = n
	}
}

// Reset rewrites only the hosts already present.
func (p *Pool) Reset() {
	for h := range p.perHost {
		p.perHost[h] = 0
	}
	if len(p.perHost) > 0 {
		p.perHost["total"] = 0
	}
}
