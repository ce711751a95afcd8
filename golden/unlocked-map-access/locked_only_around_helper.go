package p

import "sync"

type result struct{ image string }

// The map is touched under the lock only inside a helper that the lock's
// holders call: the accesses elsewhere without it race with those.
type Reconciler struct {
	mu      sync.Mutex
	results map[string]*result
}

func (r *Reconciler) ensureResult(name string) *result {
	res, ok := r.results[name]
	if !ok {
		res = &result{}
		r.results[name] = res
	}
	return res
}

func (r *Reconciler) SetImage(name, image string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ensureResult(name).image = image
}

func (r *Reconciler) Delete(name string) {
	delete(r.results, name) // want "write to map r.results without holding r.mu: SetImage locks it around ensureResult"
}

func (r *Reconciler) Image(name string) string {
	if res, ok := r.results[name]; ok { // want "read of map r.results without holding r.mu: SetImage locks it around ensureResult"
		return res.image
	}
	return ""
}

// Near misses: a helper no caller calls with the lock held, and one only
// named for the lock (no call holds it) say nothing of the map.
type Cache struct {
	mu      sync.Mutex
	entries map[string]int
	hits    int
}

func (c *Cache) ensure(name string) int {
	if _, ok := c.entries[name]; !ok {
		c.entries[name] = len(c.entries)
	}
	return c.entries[name]
}

func (c *Cache) Hit(name string) int {
	c.mu.Lock()
	c.hits++
	c.mu.Unlock()
	return c.ensure(name)
}

func (c *Cache) Drop(name string) {
	delete(c.entries, name)
}

type Table struct {
	mu   sync.Mutex
	rows map[string]int
	n    int
}

func (t *Table) growLocked(name string) {
	t.rows[name] = len(t.rows)
}

func (t *Table) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	return t.n
}

func (t *Table) Put(name string) {
	t.rows[name] = 1
}

// Near miss: a helper also called while another value's lock is held.
type Client struct {
	mu      sync.Mutex
	pending map[*Client]struct{}
}

func (c *Client) addPending(other *Client) {
	c.pending[other] = struct{}{}
}

func (c *Client) Deliver(other *Client) {
	other.mu.Lock()
	c.addPending(other)
	other.mu.Unlock()
}

func (c *Client) Reply() {
	c.mu.Lock()
	c.addPending(c)
	c.mu.Unlock()
}

func (c *Client) Flush() {
	for other := range c.pending {
		delete(c.pending, other)
	}
}

// Near miss: the helper the lock's holder calls only reads the map (the
// lock is taken for the counter next to it).
type Index struct {
	mu    sync.Mutex
	names map[string]int
	reads int
}

func (x *Index) lookup(name string) int {
	return x.names[name]
}

func (x *Index) Get(name string) int {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.reads++
	return x.lookup(name)
}

func (x *Index) Load(names []string) {
	for i, n := range names {
		x.names[n] = i
	}
}
