package golden

// reset writes only under keys that exist in the outer map.
func reset(m map[string]map[string]int) {
	for k := range m {
		m[k]["count"] = 0
	}
}
