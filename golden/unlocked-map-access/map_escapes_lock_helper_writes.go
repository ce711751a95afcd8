package p

import "sync"

// The writes are in helpers that the package calls only with the lock held
// (upsert and remove lock, put and drop write): getImages hands out the map
// itself, and its callers read it after the unlock while put writes it.
type imageState struct {
	mu     sync.RWMutex
	images map[string]int
}

func (d *imageState) upsert(key string, size int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.put(key, size)
}

func (d *imageState) remove(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.drop(key)
}

func (d *imageState) put(key string, size int) {
	d.images[key] = size
}

func (d *imageState) drop(key string) {
	for k := range d.images {
		if k == key {
			delete(d.images, k)
		}
	}
}

func (d *imageState) getImages() map[string]int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.images // want "map d.images escapes d.mu: getImages returns it, and its callers read it after the unlock while put writes it under the lock"
}

// size reads under the lock and returns a number: nothing escapes.
func (d *imageState) size() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.images)
}

// A helper's write is no writer of the map when the helper writes a map of
// its own: the getter's map is only ever read (filled by the constructor).
type catalog struct {
	mu      sync.RWMutex
	entries map[string]int
	scratch map[string]int
}

func newCatalog(entries map[string]int) *catalog {
	return &catalog{entries: entries, scratch: map[string]int{}}
}

func (c *catalog) note(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mark(k)
}

func (c *catalog) mark(k string) {
	c.scratch[k]++
}

func (c *catalog) all() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries
}
