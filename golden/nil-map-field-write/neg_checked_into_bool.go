package sublist

// Sublist has a cache only when built with one; match records whether it
// has one before it takes the lock, and writes only then.
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

func (s *Sublist) match(subject string) int {
	cacheEnabled := s.cache != nil
	n := s.root[subject]
	if cacheEnabled {
		s.cache[subject] = n
	}
	return n
}
