// Package sets is a set type of another package of the module: its methods
// write or read the receiver map, through a conversion to the generic set.
package sets

type Empty struct{}

type Set[T comparable] map[T]Empty

func cast[T comparable](s map[T]Empty) Set[T] { return s }

func New[T comparable](items ...T) Set[T] {
	ss := make(Set[T], len(items))
	ss.Insert(items...)
	return ss
}

func Insert[T comparable](s Set[T], items ...T) Set[T] {
	return s.Insert(items...)
}

func (s Set[T]) Insert(items ...T) Set[T] {
	for _, item := range items {
		s[item] = Empty{}
	}
	return s
}

func (s Set[T]) Delete(items ...T) Set[T] {
	for _, item := range items {
		delete(s, item)
	}
	return s
}

func (s Set[T]) Has(item T) bool {
	_, ok := s[item]
	return ok
}

func (s Set[T]) Len() int { return len(s) }

// Visit hands the map to a function the set cannot see into.
func (s Set[T]) Visit(f func(map[T]Empty)) { f(s) }

type String map[string]Empty

func NewString(items ...string) String {
	return String(New[string](items...))
}

func (s String) Insert(items ...string) String {
	return String(cast(s).Insert(items...))
}

func (s String) Has(item string) bool {
	return cast(s).Has(item)
}

func (s String) Len() int { return len(s) }
