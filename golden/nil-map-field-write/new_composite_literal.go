//go:build go1.26

package stats

// Stats counts hits per path.
type Stats struct {
	name string
	hits map[string]int
}

// Hit counts a hit on path.
func (s *Stats) Hit(path string) {
	s.hits[path]++ // want "write to nil map field s.hits: the Stats literal in Collect omits hits"
}

// Collect builds its Stats with Go 1.26's new(expr): a pointer to a literal
// without hits, as &Stats{name: ...} would be.
func Collect(paths []string) *Stats {
	s := new(Stats{name: "collect"})
	for _, p := range paths {
		s.Hit(p)
	}
	return s
}

// Named has a composite literal too.
func Named(paths []string) *Stats {
	s := &Stats{name: "named"}
	for _, p := range paths {
		s.Hit(p)
	}
	return s
}
