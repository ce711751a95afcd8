package golden

// countByLabel makes the map lazily behind a nil guard.
func countByLabel(values []string) map[string]int {
	var counts map[string]int
	for _, v := range values {
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[v]++
	}
	return counts
}

// first returns early when the map is nil.
func first(m map[string]int, k string) {
	var local map[string]int
	if m == nil {
		return
	}
	local = m
	local[k] = 1
}
