package p

import "sync"

// The callback that writes bindings is posted back on a channel, but the
// posted values are called by Flush, which any goroutine may call: that
// write need not run on Run's goroutine, so Run's unlocked read races with
// it.
type Loop struct {
	mu       sync.Mutex
	bindings map[string]bool
	results  chan result
	pending  []result
	version  int
}

type result struct {
	version int
	fn      func()
}

// later runs work on another goroutine and posts cb back to the loop.
func (t *Loop) later(work func() string, cb func(string)) {
	version := t.version
	go func() {
		out := work()
		t.results <- result{version, func() { cb(out) }}
	}()
}

func (t *Loop) Flush() {
	for r := range t.results {
		r.fn()
	}
}

func (t *Loop) Run(events <-chan string) {
	capture := func(async bool, cb func(string)) {
		if async {
			t.later(func() string { return "done" }, cb)
		} else {
			cb("now")
		}
	}
	do := func(n string) {
		capture(len(n) > 3, func(s string) {
			t.mu.Lock()
			delete(t.bindings, s)
			t.mu.Unlock()
		})
	}
	for name := range events {
		bound := t.bindings[name] // want "read of map t.bindings without holding t.mu"
		if bound {
			do(name)
		}
	}
}

func (t *Loop) Bound(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bindings[name]
}
