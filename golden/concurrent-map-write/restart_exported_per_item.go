package p

import "time"

// Event is one change of a watched source.
type Event struct {
	Key  string
	RV   string
	Gone bool
}

// Watcher turns the events of many sources into notifications.
type Watcher struct {
	events chan string
	lastRV map[string]string
}

// NewWatcher makes a Watcher.
func NewWatcher() *Watcher {
	return &Watcher{events: make(chan string), lastRV: make(map[string]string)}
}

// Add starts a watch of one more source. Each call starts a goroutine of its
// own on the one Watcher, and watch writes w.lastRV without a lock: the
// goroutines of two Add calls write the map at once.
func (w *Watcher) Add(source <-chan Event, name string) {
	go func() {
		for {
			w.watch(source, name)
			time.Sleep(time.Second)
		}
	}()
}

func (w *Watcher) watch(source <-chan Event, name string) {
	for ev := range source {
		if ev.Gone {
			delete(w.lastRV, ev.Key) // want "concurrent write to map w.lastRV: Add starts a goroutine \(line 27\) that writes it and is exported, one goroutine per call's arguments"
			continue
		}
		if w.lastRV[ev.Key] == ev.RV {
			continue
		}
		w.lastRV[ev.Key] = ev.RV // want "concurrent write to map w.lastRV: Add starts a goroutine"
		w.events <- name + ev.Key
	}
}

// Counter counts the items of the channels it is handed.
type Counter struct {
	counts map[string]int
}

// Count starts counting the items of one more channel: the goroutine writes
// c.counts itself, in the literal.
func (c *Counter) Count(items <-chan string, prefix string) {
	go func() {
		for item := range items {
			c.counts[prefix+item]++ // want "concurrent write to map c.counts: Count starts a goroutine \(line 57\) that writes it and is exported"
		}
	}()
}

// Registry starts one watch per key: the check of its key is no start once
// per value, so two keys' goroutines write r.last at once.
type Registry struct {
	watching map[string]bool
	last     map[string]string
}

// NewRegistry makes a Registry.
func NewRegistry() *Registry {
	return &Registry{watching: map[string]bool{}, last: map[string]string{}}
}

// Watch follows the values of key, unless it is followed already.
func (r *Registry) Watch(key string, values <-chan string) {
	if r.watching[key] {
		return
	}
	r.watching[key] = true
	go func() {
		for v := range values {
			r.last[key] = v // want "concurrent write to map r.last: Watch starts a goroutine \(line 82\) that writes it and is exported"
		}
	}()
}

// Tailer makes its map on first use before each start: that fill goes on to
// the go statement either way, no start once per value.
type Tailer struct {
	lines map[string]int
}

// Tail counts the lines of one more file.
func (t *Tailer) Tail(name string, lines <-chan string) {
	if t.lines == nil {
		t.lines = map[string]int{}
	}
	go func() {
		for range lines {
			t.lines[name]++ // want "concurrent write to map t.lines: Tail starts a goroutine \(line 100\) that writes it and is exported"
		}
	}()
}
