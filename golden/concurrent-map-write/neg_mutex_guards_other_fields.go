package p

import "sync"

// Table's mutex only serialises parsing (its own block of fields); the
// name cache below is ordinary single-goroutine state.
type Table struct {
	data []byte

	// mu keeps parsing synchronous.
	mu     sync.Mutex
	parsed bool

	names map[int]string // cache of decoded names
}

func (t *Table) parse() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.parsed = true
}

func (t *Table) Name(off int) string {
	t.parse()
	if s, ok := t.names[off]; ok {
		return s
	}
	s := string(t.data[off:])
	t.names[off] = s
	return s
}

// Ctxt's mutex says which maps it protects; statics is not one of them.
type Ctxt struct {
	hashmu   sync.Mutex     // protects hash, funchash
	hash     map[string]int // name -> index
	funchash map[string]int
	statics  map[string]*int8 // name -> static symbol
}

func (c *Ctxt) Lookup(name string) int {
	c.hashmu.Lock()
	defer c.hashmu.Unlock()
	return c.hash[name]
}

func (c *Ctxt) Static(name string) *int8 {
	s := c.statics[name]
	if s == nil {
		s = new(int8)
		c.statics[name] = s
	}
	return s
}
