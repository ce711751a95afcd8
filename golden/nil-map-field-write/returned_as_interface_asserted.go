package clustercache

// Cache does not include Reconcile, but the package asserts a Cache back
// to *cache, so the fake's value reaches the write.
type Cache interface {
	Get(name string) int
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

// Reconcile runs on any Cache that is really a *cache.
func Reconcile(cc Cache, name string) {
	if c, ok := cc.(*cache); ok {
		c.Reconcile(name)
	}
}

func (c *cache) Get(name string) int { return c.accessors[name] }

func (c *cache) Reconcile(name string) {
	c.add(name)
}

func (c *cache) add(name string) {
	c.accessors[name]++ // want "write to nil map field c.accessors: the cache literal in NewFakeEmpty omits accessors"
}
