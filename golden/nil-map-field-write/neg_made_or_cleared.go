package debuginfo

// state is reused: its map is made on first use and cleared afterwards.
type state struct {
	parts map[string][]int
}

// newState leaves parts nil.
func newState() *state {
	return &state{}
}

// build makes or clears the map before writing to it.
func (s *state) build(names []string) {
	if s.parts == nil {
		s.parts = make(map[string][]int)
	} else {
		clear(s.parts)
	}
	for i, name := range names {
		s.parts[name] = append(s.parts[name], i)
	}
}

// Build runs build on a fresh state.
func Build(names []string) int {
	s := newState()
	s.build(names)
	return len(s.parts)
}
