package p

// A channel of a Metric type of the package's own: not a Prometheus
// collector, nothing runs it concurrently.
type Metric struct{ Name string }

type exporter struct {
	seen map[string]bool
}

func (e *exporter) Collect(ch chan<- Metric) {
	e.seen["x"] = true
	ch <- Metric{Name: "x"}
}
