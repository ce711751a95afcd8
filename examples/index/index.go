// Package index keeps two-level indexes of watched objects: namespace then
// name, and kind then name.
package index

// Ref names one object and the generation the operator last observed.
type Ref struct {
	Namespace  string
	Name       string
	Generation int64
}

// ByNamespace indexes refs by namespace, then by name.
func ByNamespace(refs []Ref) map[string]map[string]int64 {
	idx := make(map[string]map[string]int64)
	for _, r := range refs {
		idx[r.Namespace][r.Name] = r.Generation
	}
	return idx
}

// Object is a cached object of some kind.
type Object struct {
	Kind string
	Name string
	UID  string
}

// Store indexes objects by kind, then by name.
type Store struct {
	byKind map[string]map[string]Object
	owners map[string]map[string]bool
}

// NewStore returns an empty store. The outer maps are made; the inner ones
// are not.
func NewStore() *Store {
	return &Store{
		byKind: make(map[string]map[string]Object),
		owners: make(map[string]map[string]bool),
	}
}

// Add stores obj, replacing any object of the same kind and name.
func (s *Store) Add(obj Object) {
	s.byKind[obj.Kind][obj.Name] = obj
}

// Get returns the object of kind with name. Indexing a missing inner map
// reads from nil, which is legal.
func (s *Store) Get(kind, name string) (Object, bool) {
	obj, ok := s.byKind[kind][name]
	return obj, ok
}

// Remove deletes an object. delete on a nil inner map is a no-op.
func (s *Store) Remove(kind, name string) {
	delete(s.byKind[kind], name)
}

// Len returns the number of objects of kind.
func (s *Store) Len(kind string) int {
	return len(s.byKind[kind])
}

// SetOwner records that owner owns uid. The inner map is made before the
// write: correct, must not be reported.
func (s *Store) SetOwner(owner, uid string) {
	inner, ok := s.owners[owner]
	if !ok {
		inner = make(map[string]bool)
		s.owners[owner] = inner
	}
	inner[uid] = true
}

// Owns reports whether owner owns uid.
func (s *Store) Owns(owner, uid string) bool {
	return s.owners[owner][uid]
}

// ByKind groups objs by kind and name. Both levels are made before they are
// written: correct, must not be reported.
func ByKind(objs []Object) map[string]map[string]Object {
	out := make(map[string]map[string]Object)
	for _, o := range objs {
		if out[o.Kind] == nil {
			out[o.Kind] = make(map[string]Object)
		}
		out[o.Kind][o.Name] = o
	}
	return out
}
