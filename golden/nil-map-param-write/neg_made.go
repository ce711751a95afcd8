package labels

func put(m map[string]int, k string) {
	m[k] = 1
}

func made() map[string]int {
	m := make(map[string]int)
	put(m, "a")
	literal := map[string]int{}
	put(literal, "b")
	return m
}
