package labels

// setGuarded returns when key 0 is missing, which it always is in a nil map.
func setGuarded(m map[int]*int) {
	v, ok := m[0]
	if !ok {
		return
	}
	m[1] = v
}

// setGuardedValue reassigns v, not ok: the guard still holds.
func setGuardedValue(m map[int]*int) {
	v, ok := m[0]
	v = new(int)
	if !ok {
		return
	}
	m[1] = v
}

// setIfPresent writes only when key 0 exists.
func setIfPresent(m map[int]*int) {
	_, ok := m[0]
	if ok {
		m[1] = new(int)
	}
}

func callers() {
	setGuarded(nil)
	setGuardedValue(nil)
	setIfPresent(nil)
}
