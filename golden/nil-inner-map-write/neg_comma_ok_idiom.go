package golden

// Store records owners.
type Store struct {
	owners map[string]map[string]bool
}

// SetOwner makes the inner map with the comma-ok idiom.
func (s *Store) SetOwner(owner, uid string) {
	inner, ok := s.owners[owner]
	if !ok {
		inner = make(map[string]bool)
		s.owners[owner] = inner
	}
	inner[uid] = true
}

// SetOwner2 makes the inner map in the if statement and writes through the outer map.
func (s *Store) SetOwner2(owner, uid string) {
	if _, ok := s.owners[owner]; !ok {
		s.owners[owner] = map[string]bool{}
	}
	s.owners[owner][uid] = true
}
