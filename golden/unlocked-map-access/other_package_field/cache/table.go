// Package cache counts rows; its users may take the table's lock.
package cache

import "sync"

// Table counts rows; Mu guards Rows.
type Table struct {
	Mu   sync.Mutex
	Rows map[string]int
}

// Add counts one more row k.
func (t *Table) Add(k string) {
	t.Mu.Lock()
	defer t.Mu.Unlock()
	t.Rows[k]++
}
