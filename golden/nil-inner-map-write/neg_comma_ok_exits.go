package golden

// addExisting leaves when m[a] is missing.
func addExisting(m map[string]map[string]int, a, b string) {
	if _, ok := m[a]; !ok {
		return
	}
	m[a][b] = 1
}

// addAll skips the keys whose inner map is missing.
func addAll(m map[string]map[string]int, keys []string, b string) {
	for _, k := range keys {
		if m[k] == nil {
			continue
		}
		m[k][b]++
	}
}

// addOrPanic panics when m[a] is missing.
func addOrPanic(m map[string]map[string]int, a, b string) {
	if _, ok := m[a]; ok {
		m[a][b] = 2
	} else {
		panic("missing " + a)
	}
	m[a][b] = 3
}
