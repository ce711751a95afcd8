package cache

// Cache makes its map right after the literal.
type Cache struct {
	m map[string]int
}

// New assigns the field before the value escapes.
func New() *Cache {
	c := &Cache{}
	c.m = make(map[string]int)
	return c
}

// NewWithInit uses an initialiser method.
func NewWithInit() *Cache {
	c := new(Cache)
	c.init()
	return c
}

func (c *Cache) init() {
	c.m = make(map[string]int)
}

// Put writes a made map.
func (c *Cache) Put(k string, v int) {
	c.m[k] = v
}
