package p

// bump writes only keys whose element is not the zero value: such an
// element exists only in a non-nil map.
func bump(counts map[string]int, keys []string) {
	for _, k := range keys {
		if counts[k] != 0 {
			counts[k]++
		}
	}
}

func Apply(keys []string) {
	bump(nil, keys)
}
