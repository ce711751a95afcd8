package golden

// addDeep checks m[a][b], which says nothing about m[a]: the write into m[a] panics.
func addDeep(m map[string]map[string]map[string]int, a, b string) {
	if _, ok := m[a][b]; !ok {
		m[a][b] = make(map[string]int) // want "write to inner map m\\[a\\] that may be nil"
	}
	m[a][b]["n"]++
}

// addDeepNil checks m[a][b] against nil.
func addDeepNil(m map[string]map[string]map[string]int, a, b string) {
	if m[a][b] == nil {
		m[a][b] = map[string]int{} // want "write to inner map m\\[a\\] that may be nil"
	}
	m[a][b]["n"]++
}
