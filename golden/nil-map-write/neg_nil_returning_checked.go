package golden

func find(ok bool) map[string]int {
	if !ok {
		return nil
	}
	return map[string]int{}
}

func made() map[string]int {
	return make(map[string]int)
}

// record checks the result before writing.
func record(ok bool) map[string]int {
	r := find(ok)
	if r == nil {
		return nil
	}
	r["a"] = 1
	s := made()
	s["b"] = 2
	return r
}
