// Package index counts names; its workers fill sets of their own.
package index

import (
	"sync"

	"example.com/namesake/set"
)

// Table counts the names it is given.
type Table struct {
	inserted map[string]int
	put      map[string]int
	removed  map[string]int
	merged   map[string]int
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{
		inserted: map[string]int{},
		put:      map[string]int{},
		removed:  map[string]int{},
		merged:   map[string]int{},
	}
}

// Insert counts name. The workers of Rebuild call set.Set's Insert, a
// method of another package's type, never this one.
func (t *Table) Insert(name string) {
	t.inserted[name]++
}

// Put counts name. A worker calls Put on the interface set.AsPutter
// returns: which method runs is not known from the declarations, so the
// call is taken for this one.
func (t *Table) Put(name string) {
	t.put[name]++ // want "concurrent write to map t.put"
}

// Remove counts name. A worker calls Remove on what the generic set.Must
// returns: its type is not read, so the call is taken for this one.
func (t *Table) Remove(name string) {
	t.removed[name]++ // want "concurrent write to map t.removed"
}

// Merge counts name. The workers call it on the shared table itself.
func (t *Table) Merge(name string) {
	t.merged[name]++ // want "concurrent write to map t.merged"
}

// count adds n to the set it is given, a set.Set.
func count(s set.Set, n string) {
	s.Insert(n)
}

// Rebuild starts one worker per name, each with sets of its own.
func Rebuild(t *Table, names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := set.Empty()
			ids.Insert(n)
			var declared set.Set = set.Empty()
			declared.Insert(n)
			converted := set.Set(map[string]struct{}{})
			converted.Insert(n)
			count(set.Empty(), n)
			putter := set.AsPutter()
			putter.Put(n)
			must := set.Must(set.Empty())
			must.Remove(n)
			t.Merge(n)
		}()
	}
	wg.Wait()
	t.Insert("done")
	t.Put("done")
	t.Remove("done")
}
