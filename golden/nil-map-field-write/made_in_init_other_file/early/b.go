package early

func init() {
	peak = peakT{counts: make(map[string]int)}
}

// Record counts k; the init of a.go calls it before b.go's init ran.
func Record(k string) {
	peak.counts[k]++ // want `write to nil map field peak.counts`
}
