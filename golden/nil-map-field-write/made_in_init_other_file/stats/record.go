package stats

func init() {
	peak = peakT{counts: make(map[string]int)}
}

// Record counts k: every init of the package has run before it.
func Record(k string) {
	peak.counts[k]++
}
