package golden

// refined writes only where the map is known to be non-nil.
func refined(m map[string]int, k string) {
	var local map[string]int
	if len(m) > 0 {
		local = m
	}
	if local != nil {
		local[k] = 1
	}
	if len(local) > 0 {
		local[k]++
	}
	if local[k] > 0 {
		local[k] = 2
	}
	if _, ok := local[k]; ok {
		local[k] = 3
	}
}
