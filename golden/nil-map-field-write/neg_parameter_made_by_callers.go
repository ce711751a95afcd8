package stats

// Counter keeps the map its builder is given; every caller gives one.
type Counter struct {
	name   string
	counts map[string]int
}

func newCounter(name string, counts map[string]int) *Counter {
	return &Counter{name: name, counts: counts}
}

func (c *Counter) inc(key string) {
	c.counts[key]++
}

func global() *Counter {
	return newCounter("global", make(map[string]int))
}

func local() *Counter {
	return newCounter("local", map[string]int{})
}

// Gauge is built from a parameter given nil, then made before use.
type Gauge struct {
	name   string
	values map[string]float64
}

func newGauge(name string, values map[string]float64) *Gauge {
	g := &Gauge{name: name, values: values}
	g.values = make(map[string]float64)
	return g
}

func (g *Gauge) set(key string, v float64) {
	g.values[key] = v
}

func defaultGauge() *Gauge {
	return newGauge("default", nil)
}
