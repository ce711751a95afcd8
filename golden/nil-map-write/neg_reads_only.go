package golden

// reads only reads, ranges, deletes and clears a nil map: all legal.
func reads(key string) (int, int, bool) {
	var m map[string]int
	delete(m, key)
	clear(m)
	n := 0
	for range m {
		n++
	}
	v, ok := m[key]
	return v + n, len(m), ok
}
