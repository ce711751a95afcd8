package clustercache

// Cache includes Reconcile, which reaches the write: the fake's value can
// get there through the interface.
type Cache interface {
	Get(name string) int
	Reconcile(name string)
}

type cache struct {
	accessors map[string]int
}

// New makes the map.
func New() *cache {
	return &cache{accessors: make(map[string]int)}
}

// NewFakeEmpty returns a Cache without the map.
func NewFakeEmpty() Cache {
	return &cache{}
}

func (c *cache) Get(name string) int { return c.accessors[name] }

func (c *cache) Reconcile(name string) {
	c.add(name)
}

func (c *cache) add(name string) {
	c.accessors[name]++ // want "write to nil map field c.accessors: the cache literal in NewFakeEmpty omits accessors"
}
