package golden

// merge has a local slice named new; make is still the built-in.
func merge(old []string, extra ...string) map[string]int {
	new := append([]string{}, old...)
	new = append(new, extra...)
	var index map[string]int
	for i, s := range new {
		index[s] = i // want "write to nil map index"
	}
	if len(new) > 0 {
		_ = new[0]
	}
	return index
}
