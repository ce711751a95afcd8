package golden

func lookup(ok bool) map[string]int {
	if !ok {
		return nil
	}
	return map[string]int{}
}

func pair(ok bool) (int, map[string]int) {
	if ok {
		return 1, make(map[string]int)
	}
	return 0, nil
}

// record writes into a map that lookup returns nil for.
func record(ok bool) map[string]int {
	r := lookup(ok)
	r["a"] = 1 // want "write to map r that may be nil: lookup can return nil"
	return r
}

// second writes into the second result of pair.
func second(ok bool) int {
	n, m := pair(ok)
	m["b"] = n // want "write to map m that may be nil: pair can return nil"
	return len(m)
}
