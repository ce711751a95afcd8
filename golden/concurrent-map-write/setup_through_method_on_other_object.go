package p

import (
	"fmt"
	"net/http"
)

// Near miss: the method between the constructor and the writer calls it on
// another object (a shared parent), not on its own receiver: that object is
// not the one just made.
type Table struct {
	rows   map[string]bool
	parent *Table
}

func NewTable(parent *Table, rows []string) *Table {
	t := &Table{rows: map[string]bool{}, parent: parent}
	t.inherit(rows)
	return t
}

func (t *Table) inherit(rows []string) {
	if t.parent != nil {
		t.parent.add(rows)
	}
}

func (t *Table) add(rows []string) {
	for _, r := range rows {
		t.rows[r] = true // want "concurrent write to map t.rows: ServeHTTP runs on several goroutines"
	}
}

func (t *Table) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, t.rows[r.URL.Path])
}
