package p

// merge compares each element with the desired value before writing it: a
// nil map's elements are all zero, so a non-zero desired value is written
// into the nil map.
func merge(target, desired map[string]string) bool {
	changed := false
	for k, v := range desired {
		if target[k] != v {
			target[k] = v
			changed = true
		}
	}
	return changed
}

func Apply(desired map[string]string) bool {
	return merge(nil, desired) // want "nil map passed to merge"
}
