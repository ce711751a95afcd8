package p

import "sync"

// Table's names are registered before the table is used and only read
// after that. Lookup reads them under the lock it takes for hits, but no
// write of names is ever made under the lock: a lock around reads alone
// excludes nothing on the map (reads never conflict with each other), and
// no goroutine of the package runs Register.
type Table struct {
	mu    sync.Mutex
	names map[int]string
	hits  int
}

func NewTable() *Table {
	return &Table{names: map[int]string{}}
}

func (t *Table) Register(id int, name string) {
	if _, ok := t.names[id]; ok {
		panic("registered twice")
	}
	t.names[id] = name
}

func (t *Table) Lookup(id int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hits++
	return t.names[id]
}

func (t *Table) Names() []string {
	out := make([]string, 0, len(t.names))
	for _, n := range t.names {
		out = append(out, n)
	}
	return out
}
