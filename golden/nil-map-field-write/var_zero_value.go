package labels

// Set is a label set used through its zero value.
type Set struct {
	values map[string]string
}

// Put stores key=value.
func (s *Set) Put(key, value string) {
	s.values[key] = value // want "write to nil map field s.values: the zero value of var s Set in Build leaves it nil"
}

// Build makes a set from pairs.
func Build(pairs [][2]string) int {
	var s Set
	for _, p := range pairs {
		s.Put(p[0], p[1])
	}
	return len(s.values)
}
