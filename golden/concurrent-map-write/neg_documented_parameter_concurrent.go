package p

type Pool struct {
	seen   map[string]bool
	checks []func(string) error
}

func NewPool() *Pool {
	return &Pool{seen: map[string]bool{}}
}

// AddWithCheck adds name to the pool. check may be called concurrently
// from multiple goroutines: the sentence is about the parameter, not about
// AddWithCheck, which callers use from one goroutine.
func (p *Pool) AddWithCheck(name string, check func(string) error) {
	if p.seen[name] {
		return
	}
	p.seen[name] = true
	p.checks = append(p.checks, check)
}
