package labels

// setInvalidated overwrites ok before the check: the guard proves nothing.
func setInvalidated(m map[int]*int, present bool) {
	_, ok := m[0]
	ok = present
	if !ok {
		return
	}
	m[1] = new(int)
}

// setOtherMap checks another map.
func setOtherMap(m, other map[int]*int) {
	_, ok := other[0]
	if !ok {
		return
	}
	m[1] = new(int)
}

func callers(other map[int]*int) {
	setInvalidated(nil, true) // want "nil map passed to setInvalidated"
	setOtherMap(nil, other)   // want "nil map passed to setOtherMap"
}
