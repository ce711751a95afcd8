package p

import "sync"

// Every method of Discovery holds d.lock around timestamps; a collector
// that reads the map of each registered Discovery under its own lock only
// races with writeTimestamp.
type Discovery struct {
	timestamps map[string]float64
	lock       sync.RWMutex
}

func NewDiscovery() *Discovery {
	d := &Discovery{timestamps: map[string]float64{}}
	d.timestamps["start"] = 0
	return d
}

func (d *Discovery) writeTimestamp(name string, ts float64) {
	d.lock.Lock()
	d.timestamps[name] = ts
	d.lock.Unlock()
}

func (d *Discovery) Refresh(name string) {
	d.writeTimestamp(name, 1)
}

type Collector struct {
	lock        sync.RWMutex
	discoverers map[*Discovery]struct{}
}

func (c *Collector) Collect() map[string]float64 {
	unique := map[string]float64{}
	c.lock.RLock()
	defer c.lock.RUnlock()
	for d := range c.discoverers {
		for name, ts := range d.timestamps { // want "read of map d.timestamps without holding d.lock: writeTimestamp locks it"
			unique[name] = ts
		}
	}
	return unique
}

func (c *Collector) Reset(name string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	for d := range c.discoverers {
		delete(d.timestamps, name) // want "write to map d.timestamps without holding d.lock: writeTimestamp locks it"
	}
}

// A parameter may come with its lock held by the caller.
func drop(d *Discovery, name string) {
	delete(d.timestamps, name)
}

func (d *Discovery) Drop(name string) {
	d.lock.Lock()
	defer d.lock.Unlock()
	drop(d, name)
}

// Near misses: the value's own lock held, and the map of a value another
// type guards badly (its own methods write without the lock: MR002 reports
// those, not readers elsewhere).
func (c *Collector) CollectLocked() int {
	n := 0
	c.lock.RLock()
	defer c.lock.RUnlock()
	for d := range c.discoverers {
		d.lock.RLock()
		n += len(d.timestamps)
		for range d.timestamps {
			n++
		}
		d.lock.RUnlock()
	}
	return n
}

type Loose struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (l *Loose) Mark(name string) {
	l.seen[name] = true // want "write to map l.seen without holding l.mu: MarkLocked locks it"
}

func (l *Loose) MarkLocked(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen[name] = true
}

func Seen(l *Loose, name string) bool {
	return l.seen[name]
}
