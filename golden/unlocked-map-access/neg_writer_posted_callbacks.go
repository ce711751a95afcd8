package p

import "sync"

// The write to bindings is in a callback that a helper goroutine posts back
// on a channel; Run receives the posted values and calls them itself, so the
// write runs on Run's goroutine, and Run's unlocked read races with nothing.
// Bound only reads, under the lock.
type Loop struct {
	mu       sync.Mutex
	bindings map[string]bool
	results  chan result
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

func (t *Loop) Run(events <-chan string) {
	var pending []result
	capture := func(async bool, cb func(string)) {
		if async {
			t.later(func() string { return "done" }, cb)
		} else {
			cb("now")
		}
	}
	do := func(n string) {
		for _, r := range pending {
			if r.version == t.version {
				r.fn()
			}
		}
		pending = nil
		capture(len(n) > 3, func(s string) {
			t.mu.Lock()
			delete(t.bindings, s)
			t.mu.Unlock()
		})
	}
	for {
		select {
		case name := <-events:
			bound := t.bindings[name]
			if bound {
				do(name)
			}
		case r := <-t.results:
			pending = append(pending, r)
		}
	}
}

func (t *Loop) Bound(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bindings[name]
}
