// Package prometheus stands in for the real package.
package prometheus

// Desc describes a metric.
type Desc struct{ name string }

// Metric is one sample.
type Metric interface{ Desc() *Desc }

// Collector is what a registry collects; Collect may be called concurrently.
type Collector interface {
	Describe(chan<- *Desc)
	Collect(chan<- Metric)
}

// NewDesc makes a Desc.
func NewDesc(name string) *Desc { return &Desc{name} }

type constMetric struct{ desc *Desc }

func (m constMetric) Desc() *Desc { return m.desc }

// MustNewConstMetric makes a Metric.
func MustNewConstMetric(desc *Desc, value float64) Metric { return constMetric{desc} }
