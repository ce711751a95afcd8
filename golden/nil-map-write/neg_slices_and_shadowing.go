package golden

// slices writes into slices and arrays, never maps.
func slices(n int) ([]int, [3]int) {
	s := make([]int, n+1)
	var a [3]int
	s[0] = 1
	a[1] = 2
	return s, a
}

// shadowed writes into a new, made map that shadows the nil one.
func shadowed(k string) int {
	var m map[string]int
	if k != "" {
		m := make(map[string]int)
		m[k] = 1
		return len(m)
	}
	return len(m)
}
