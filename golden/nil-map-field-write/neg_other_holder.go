package summary

import "time"

// ExecStats is embedded by value in two summaries.
type ExecStats struct {
	ExecTime      time.Duration
	BlockByReason map[string]time.Duration
}

// RegionSummary holds ExecStats but never writes to its map.
type RegionSummary struct {
	Name string
	ExecStats
}

// GoroutineSummary holds ExecStats and always makes its map.
type GoroutineSummary struct {
	ID int
	ExecStats
}

// NewRegion leaves BlockByReason nil: only GoroutineSummary values are
// written to.
func NewRegion(name string) *RegionSummary {
	return &RegionSummary{Name: name}
}

// NewGoroutine makes the map.
func NewGoroutine(id int) *GoroutineSummary {
	return &GoroutineSummary{
		ID:        id,
		ExecStats: ExecStats{BlockByReason: make(map[string]time.Duration)},
	}
}

// Block writes through a *GoroutineSummary: a RegionSummary cannot be there.
func (g *GoroutineSummary) Block(reason string, d time.Duration) {
	g.BlockByReason[reason] += d
}
