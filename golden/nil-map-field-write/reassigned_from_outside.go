package p

// The constructor leaves values nil, and Reload puts back whatever the
// source holds: making the map in NewStore would not stop Set from
// panicking after a Reload from a source without values. The guard at the
// write covers both.

type Source struct {
	Values map[string]string
}

type Store struct {
	name   string
	values map[string]string
}

func NewStore(name string) *Store {
	return &Store{name: name}
}

func (s *Store) Reload(src *Source) {
	s.values = src.Values
}

func (s *Store) Set(k, v string) {
	s.values[k] = v // want "write to nil map field s.values: the Store literal in NewStore omits values"
}
