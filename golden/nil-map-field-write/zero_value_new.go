package stats

// Stats is meant to be usable after new(Stats).
type Stats struct {
	hits map[string]int
}

// Hit counts a hit on path.
func (s *Stats) Hit(path string) {
	s.hits[path]++ // want "write to nil map field s.hits: new\\(Stats\\) in Collect leaves it nil"
}

// Collect counts the paths.
func Collect(paths []string) *Stats {
	s := new(Stats)
	for _, p := range paths {
		s.Hit(p)
	}
	return s
}
