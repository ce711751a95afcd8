package index

// Index is built without its map; only reads, len, range and delete follow.
type Index struct {
	byName map[string]int
}

// NewIndex omits byName.
func NewIndex() *Index {
	return &Index{}
}

// Get reads.
func (i *Index) Get(name string) (int, bool) {
	v, ok := i.byName[name]
	return v, ok
}

// Len uses len.
func (i *Index) Len() int {
	return len(i.byName)
}

// Names ranges.
func (i *Index) Names() []string {
	var names []string
	for n := range i.byName {
		names = append(names, n)
	}
	return names
}

// Remove deletes.
func (i *Index) Remove(name string) {
	delete(i.byName, name)
}
