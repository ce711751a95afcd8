package labels

func maybePut(m map[string]int, k string) {
	if m == nil {
		return
	}
	m[k] = 1
}

func readOnly(m map[string]int) int {
	return m["a"] + len(m)
}

func callers() int {
	maybePut(nil, "a")
	var m map[string]int
	maybePut(m, "b")
	return readOnly(nil) + readOnly(m)
}
