package golden

// walk makes the map and writes into it under the same condition.
func walk(items []string, debug bool) int {
	var seen map[string]bool
	if debug {
		seen = make(map[string]bool)
	}
	n := 0
	for _, it := range items {
		if debug {
			seen[it] = true
		}
		n++
	}
	return n + len(seen)
}

// reset remakes the map every n iterations, starting with the first.
func reset(keys []int, n int) int {
	var m map[int]int
	total := 0
	for i := 0; i < len(keys); i++ {
		if i%n == 0 {
			m = make(map[int]int)
		}
		m[keys[i]] = i
		total += len(m)
	}
	return total
}
