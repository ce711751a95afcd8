package golden

// Store indexes objects by kind, then by name.
type Store struct {
	byKind map[string]map[string]string
}

// NewStore makes the outer map only.
func NewStore() *Store {
	return &Store{byKind: make(map[string]map[string]string)}
}

// Add writes into an inner map nothing made.
func (s *Store) Add(kind, name, uid string) {
	s.byKind[kind][name] = uid // want "write to inner map s.byKind\\[kind\\] that may be nil"
}
