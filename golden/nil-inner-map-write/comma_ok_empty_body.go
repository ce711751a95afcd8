package golden

// addEmpty checks m[a] with the comma-ok idiom but does not make it.
func addEmpty(m map[string]map[string]int, a, b string) {
	if _, ok := m[a]; !ok {
	}
	m[a][b] = 1 // want "write to inner map m\\[a\\] that may be nil"
}

// addLogged checks m[a] and only logs when it is missing.
func addLogged(m map[string]map[string]int, a, b string, log func(string)) {
	if m[a] == nil {
		log(a)
	}
	m[a][b]++ // want "write to inner map m\\[a\\] that may be nil"
}
