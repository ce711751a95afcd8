package stats

// Counter keeps the map its builder is given.
type Counter struct {
	name   string
	counts map[string]int
}

func newCounter(name string, counts map[string]int) *Counter {
	return &Counter{name: name, counts: counts}
}

func (c *Counter) inc(key string) {
	c.counts[key]++ // want "write to nil map field c.counts: the Counter literal in newCounter sets counts from its parameter counts, which global passes as nil"
}

func global() *Counter {
	return newCounter("global", nil)
}

func local() *Counter {
	return newCounter("local", map[string]int{})
}
