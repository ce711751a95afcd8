package collector

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// The registry runs Collect on every scrape, several at once.
type cache struct {
	descs map[string]*prometheus.Desc
}

func (c *cache) Describe(ch chan<- *prometheus.Desc) {}

func (c *cache) Collect(ch chan<- prometheus.Metric) {
	for _, name := range []string{"a", "b"} {
		ch <- prometheus.MustNewConstMetric(c.desc(name), 1)
	}
}

func (c *cache) desc(name string) *prometheus.Desc {
	d, ok := c.descs[name]
	if !ok {
		d = prometheus.NewDesc(name)
		c.descs[name] = d // want "concurrent write to map c.descs: desc runs on several goroutines"
	}
	return d
}

// A method that a Collect fans out to sends on the same channel.
type netCollector struct {
	seen map[string]bool
}

func (n *netCollector) Update(ch chan<- prometheus.Metric) error {
	n.seen["eth0"] = true // want "concurrent write to map n.seen: Update runs on several goroutines"
	return nil
}

// Locked: no finding.
type lockedCollector struct {
	mu    sync.Mutex
	descs map[string]*prometheus.Desc
}

func (c *lockedCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.descs["x"] = prometheus.NewDesc("x")
}

// A map made per call: no finding.
func (c *lockedCollector) Update(ch chan<- prometheus.Metric) error {
	local := map[string]int{}
	local["x"]++
	return nil
}

// Describe is called on registration, not per scrape.
type describer struct {
	described map[string]bool
}

func (d *describer) Describe(ch chan<- *prometheus.Desc) {
	d.described["x"] = true
}
