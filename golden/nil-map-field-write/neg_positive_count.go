package store

type Counter struct {
	counts map[string]int
	name   string
}

func NewCounter(name string) *Counter { return &Counter{name: name} }

// A count above zero read from the map proves the map holds the key.
func (c *Counter) Release(k string) {
	if n := c.counts[k]; n > 1 {
		c.counts[k] = n - 1
	}
}

func (c *Counter) Drop(k string) {
	if n := c.counts[k]; n >= 2 {
		c.counts[k] = 1
	}
}
