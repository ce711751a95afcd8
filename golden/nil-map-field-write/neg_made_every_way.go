package store

import "errors"

type Store struct {
	items map[string]int
	name  string
}

func NewStore(name string) *Store { return &Store{name: name} }

// `len(m) == 0` holds for a nil map: the test makes the map like `m == nil`.
func (s *Store) Reset() {
	if len(s.items) == 0 {
		s.items = map[string]int{}
	}
	s.items["reset"] = 0
}

// Every arm of the if/else chain, down to its final else, makes the map.
func (s *Store) Init(size int) {
	if size == 0 {
		s.items = map[string]int{}
	} else if size < 16 {
		s.items = make(map[string]int, size)
	} else {
		s.items = make(map[string]int, 16)
	}
	s.items["init"] = size
}

// loaded returns an error while the map is missing; past the check it is there.
func (s *Store) loaded() error {
	if s.items == nil {
		return errors.New("store not loaded")
	}
	return nil
}

func (s *Store) Set(k string) error {
	if err := s.loaded(); err != nil {
		return err
	}
	s.items[k] = 1
	return nil
}

func requireKey(s *Store, k string) error {
	if _, ok := s.items[k]; !ok {
		return errors.New("no such key")
	}
	return nil
}

func Incr(s *Store, k string) error {
	if err := requireKey(s, k); err != nil {
		return err
	}
	s.items[k]++
	return nil
}
