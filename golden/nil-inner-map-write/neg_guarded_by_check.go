package golden

// touch writes only when the inner map exists.
func touch(m map[string]map[string]int, a, b string) {
	if m[a] != nil {
		m[a][b]++
	}
	if inner, ok := m[a]; ok && inner != nil {
		m[a][b] = 2
	}
}

// early returns when the inner map is missing.
func early(m map[string]map[string]int, a, b string) {
	if m[a] == nil {
		return
	}
	m[a][b] = 3
}
