package sublist

// The stored check is overridden before the write: the bool no longer
// says the map was made.
type Sublist struct {
	root  map[string]int
	cache map[string]int
}

func NewSublist(enableCache bool) *Sublist {
	if enableCache {
		return &Sublist{root: make(map[string]int), cache: make(map[string]int)}
	}
	return &Sublist{root: make(map[string]int)}
}

func (s *Sublist) match(subject string, force bool) int {
	cacheEnabled := s.cache != nil
	if force {
		cacheEnabled = true
	}
	n := s.root[subject]
	if cacheEnabled {
		s.cache[subject] = n // want "write to nil map field s.cache: the Sublist literal in NewSublist omits cache"
	}
	return n
}
