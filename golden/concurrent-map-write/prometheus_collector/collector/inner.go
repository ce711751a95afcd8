package collector

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Collect remembers every queue it has seen, by node type, in an inner map
// of known: two scrapes at once write one inner map.
type queueCollector struct {
	pending map[string]map[string]int
	known   map[string]map[string]bool
}

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	for queue, byType := range q.pending {
		for nodeType, n := range byType {
			q.remember(queue, nodeType)
			ch <- prometheus.MustNewConstMetric(prometheus.NewDesc(queue+nodeType), float64(n))
		}
	}
}

func (q *queueCollector) remember(queue, nodeType string) {
	if _, ok := q.known[queue]; !ok {
		q.known[queue] = map[string]bool{} // want "concurrent write to map q.known: remember runs on several goroutines"
	}
	q.known[queue][nodeType] = true // want "concurrent write to map q.known: remember runs on several goroutines"
}

// The same under the collector's lock: no finding.
type lockedQueues struct {
	mu    sync.Mutex
	known map[string]map[string]bool
}

func (q *lockedQueues) Collect(ch chan<- prometheus.Metric) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.known["default"]; ok {
		q.known["default"]["cpu"] = true
	}
}
