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

// Counter embeds its lock: its users lock the counter itself.
type Counter struct {
	sync.Mutex
	Hits map[string]int
}

// Hit counts one more hit of k.
func (c *Counter) Hit(k string) {
	c.Lock()
	defer c.Unlock()
	c.Hits[k]++
}
