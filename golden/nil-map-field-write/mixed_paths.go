package pool

// Pool holds named workers.
type Pool struct {
	workers map[string]int
}

// NewPool forgets the map.
func NewPool() *Pool {
	return &Pool{}
}

// Default is built by new, too.
func Default() *Pool {
	return new(Pool)
}

// Add registers a worker: both construction paths leave workers nil.
func (p *Pool) Add(name string, id int) {
	p.workers[name] = id // want "write to nil map field p.workers: .*\\(and 1 other construction path\\)"
}
