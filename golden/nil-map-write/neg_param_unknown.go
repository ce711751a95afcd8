package golden

// add writes into a parameter it knows nothing about: no finding (the
// callers decide; NM005 follows them).
func add(m map[string]int, k string) {
	m[k]++
}

// ensure makes the parameter where it is nil before writing: no finding.
func ensure(m map[string]int) map[string]int {
	if m == nil {
		m = make(map[string]int)
	}
	m["a"] = 1
	return m
}

// guarded returns early where the parameter is nil: no finding.
func guarded(m map[string]int) {
	if m == nil {
		return
	}
	m["b"] = 2
}

// either writes on the branch where the parameter is not nil: no finding.
func either(m map[string]int) {
	if m != nil {
		m["c"] = 3
	}
}
