package clustercache

// Cache is what other packages see of a cluster cache.
type Cache interface {
	Get(name string) int
	Len() int
}

// cache is built with its map by New; the fake for unit tests leaves it
// nil, but a Cache can only be used through Get and Len, which never reach
// the write in add.
type cache struct {
	accessors map[string]int
}

// New makes the map.
func New() *cache {
	return &cache{accessors: make(map[string]int)}
}

// NewFakeEmpty returns an empty Cache, used only through the interface.
func NewFakeEmpty() Cache {
	return &cache{}
}

// NewFakeNamed is another fake: its variable leaves only as a Cache.
func NewFakeNamed(name string) Cache {
	c := &cache{}
	_ = c.Get(name)
	return c
}

func (c *cache) Get(name string) int { return c.accessors[name] }

func (c *cache) Len() int { return len(c.accessors) }

// Reconcile is not part of Cache.
func (c *cache) Reconcile(name string) {
	c.add(name)
}

func (c *cache) add(name string) {
	c.accessors[name]++
}
