package set

// Set is generic: its map has type-parameter types.
type Set[K comparable] struct {
	m map[K]struct{}
}

// New omits the map.
func New[K comparable]() *Set[K] {
	return &Set[K]{}
}

// Add writes to the map.
func (s *Set[K]) Add(k K) {
	s.m[k] = struct{}{}
}
