// Package stats keeps counters in package variables declared here and
// made by the init functions of the other files.
package stats

type peakT struct {
	counts map[string]int
}

type touchedT struct {
	counts map[string]int
	total  int
}

type resetT struct {
	counts map[string]int
	total  int
}

type lateT struct {
	counts map[string]int
}

// peak is made by the init function of record.go.
var peak peakT

// touched: the init function of other.go sets a field, not the map.
var touched touchedT

// reset: the init function of other.go assigns a literal without the map.
var reset resetT

// late is made by a function some caller may skip, not by an init.
var late lateT
