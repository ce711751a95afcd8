package golden

// viaClosure makes the map inside a closure: the analysis gives up on it.
func viaClosure(keys []string) map[string]bool {
	var m map[string]bool
	ensure := func() {
		m = make(map[string]bool)
	}
	ensure()
	for _, k := range keys {
		m[k] = true
	}
	return m
}
