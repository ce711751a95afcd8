// Package set is a set of strings.
package set

// Set is a set of strings.
type Set map[string]struct{}

// Empty returns an empty set.
func Empty() Set {
	return Set{}
}

// Insert adds v.
func (s Set) Insert(v string) {
	s[v] = struct{}{}
}

// Put adds v.
func (s Set) Put(v string) {
	s[v] = struct{}{}
}

// Remove deletes v.
func (s Set) Remove(v string) {
	delete(s, v)
}

// Putter puts strings.
type Putter interface {
	Put(v string)
}

// AsPutter returns an empty set as a Putter.
func AsPutter() Putter {
	return Set{}
}

// Must returns v.
func Must[T any](v T) T {
	return v
}
