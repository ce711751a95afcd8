package p

import "sync"

// Work starts the notify loop on a goroutine of its own, then goes on
// recording events into the maps the loop reads. The loop reads them under
// notifyMu, which the writes never take: no common lock.
type Aggregator struct {
	events    chan string
	kicks     chan struct{}
	notifyMu  sync.Mutex
	ids       map[string]bool
	resources map[string][]string
	sent      int
}

func NewAggregator() *Aggregator {
	return &Aggregator{
		events:    make(chan string),
		kicks:     make(chan struct{}),
		ids:       map[string]bool{},
		resources: map[string][]string{},
	}
}

func (a *Aggregator) Kick() { a.kicks <- struct{}{} }

func (a *Aggregator) Work() {
	go func() {
		for range a.kicks {
			a.maybeNotify()
		}
	}()
	for e := range a.events {
		a.handle(e)
	}
}

// one call deep on the launcher's side, two on the goroutine's
func (a *Aggregator) handle(e string) {
	a.ids[e] = true // want "concurrent write to map a.ids: Work starts a goroutine at line 29 that uses it, then writes it"
	a.record(e)
}

// two calls deep
func (a *Aggregator) record(e string) {
	a.resources[e] = append(a.resources[e], e) // want "concurrent write to map a.resources: Work starts a goroutine"
}

func (a *Aggregator) maybeNotify() {
	a.notifyMu.Lock()
	defer a.notifyMu.Unlock()
	if a.complete() {
		a.sent += a.snapshot()
	}
}

func (a *Aggregator) complete() bool {
	_, ok := a.ids[""]
	return ok
}

func (a *Aggregator) snapshot() int {
	n := 0
	for _, r := range a.resources {
		n += len(r)
	}
	return n
}

// The goroutine writes; Start goes on reading the map under a lock the
// goroutine never takes.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
	total int
}

func NewCache() *Cache { return &Cache{items: map[string]int{}} }

func (c *Cache) Start(keys []string) {
	go c.refresh(keys)
	c.mu.Lock()
	c.total = c.sum()
	c.mu.Unlock()
}

func (c *Cache) refresh(keys []string) {
	for _, k := range keys {
		c.load(k)
	}
}

func (c *Cache) load(k string) {
	c.items[k] = len(k) // want "concurrent write to map c.items: the goroutine Start starts at line 82 writes it while Start goes on using it"
}

func (c *Cache) sum() int {
	n := 0
	for _, v := range c.items {
		n += v
	}
	return n
}
