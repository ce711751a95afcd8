package p

import "sync"

// An event loop takes work back from its helper goroutines as func values
// on a channel and runs them under its lock. A callback handed to a helper
// that posts it runs where the loop calls the received values: under t.mu.
type Loop struct {
	mu       sync.Mutex
	selected map[string]bool
	results  chan result
	tasks    chan func()
	version  int
}

type result struct {
	version int
	fn      func()
}

// later runs work on another goroutine and posts cb back to the loop.
func NewLoop() *Loop {
	return &Loop{selected: map[string]bool{}, results: make(chan result), tasks: make(chan func())}
}

func (t *Loop) later(work func() string, cb func(string)) {
	version := t.version
	go func() {
		out := work()
		t.results <- result{version, func() { cb(out) }}
	}()
}

// soon posts cb back as a bare func value.
func (t *Loop) soon(cb func(string)) {
	go func() {
		t.tasks <- func() { cb("ready") }
	}()
}

func (t *Loop) Run(events <-chan string) {
	var pending []result
	for {
		select {
		case name := <-events:
			t.handle(name, pending)
			pending = nil
		case r := <-t.results:
			pending = append(pending, r)
		case f := <-t.tasks:
			t.mu.Lock()
			f()
			t.mu.Unlock()
		}
	}
}

func (t *Loop) handle(name string, pending []result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var do func(string)
	capture := func(async bool, cb func(string)) {
		if async {
			t.later(func() string { return name }, cb)
			t.soon(cb)
		} else {
			cb(name)
		}
	}
	do = func(n string) {
		for _, r := range pending {
			if r.version == t.version {
				r.fn()
			}
		}
		t.selected[n] = true
		capture(len(n) > 3, func(s string) {
			if len(s) > 1 {
				do(s[1:])
			}
		})
	}
	do(name)
}

func (t *Loop) Selected(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.selected[name]
}
