package counter

// Counter counts events per key.
type Counter struct {
	name   string
	counts map[string]int
}

// NewCounter sets only the name.
func NewCounter(name string) *Counter {
	return &Counter{name: name}
}

// Inc adds one to key.
func (c *Counter) Inc(key string) {
	c.counts[key]++ // want "write to nil map field c.counts"
}

// Add adds n to key.
func (c *Counter) Add(key string, n int) {
	c.counts[key] += n // want "write to nil map field c.counts"
}
