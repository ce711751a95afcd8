package p

// Table is safe for concurrent use: its map is filled by NewTable before
// the value is shared, and the methods only read it.
type Table struct {
	names map[int]string
}

func NewTable(names []string) *Table {
	t := &Table{names: map[int]string{}}
	for i, n := range names {
		t.names[i] = n
	}
	return t
}

func (t *Table) Name(i int) string {
	return t.names[i]
}

func (t *Table) Len() int {
	return len(t.names)
}
