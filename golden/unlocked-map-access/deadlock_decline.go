package p

import "sync"

type Table struct {
	mu   sync.Mutex
	rows map[int]string
}

func (t *Table) Insert(id int, row string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[id] = row
}

func (t *Table) Upsert(id int, row string) {
	if _, ok := t.rows[id]; ok { // want "read of map t.rows without holding t.mu"
		t.rows[id] = row // want "write to map t.rows without holding t.mu"
		return
	}
	t.Insert(id, row)
}
