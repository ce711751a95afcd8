package p

import "sync"

// Near misses of neg_posted_callbacks: the loop calls the posted values
// after its Unlock, and a helper that keeps the callback in a slice (not a
// channel) may run it anywhere.
type Board struct {
	mu      sync.Mutex
	marks   map[string]bool
	done    chan job
	waiting []func()
}

type job struct {
	run func()
}

func NewBoard() *Board {
	return &Board{marks: map[string]bool{}, done: make(chan job)}
}

func (b *Board) post(cb func(string)) {
	go func() {
		b.done <- job{run: func() { cb("x") }}
	}()
}

func (b *Board) keep(cb func(string)) {
	b.waiting = append(b.waiting, func() { cb("y") })
}

func (b *Board) Run(events <-chan string) {
	for {
		select {
		case name := <-events:
			b.handle(name)
		case j := <-b.done:
			j.run()
		}
	}
}

func (b *Board) handle(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mark := func(async bool, cb func(string)) {
		if async {
			b.post(cb)
		} else {
			cb(name)
		}
	}
	mark(len(name) > 3, func(s string) {
		b.marks[s] = true // want "write to map b.marks without holding b.mu"
	})
	hold := func(cb func(string)) {
		b.keep(cb)
	}
	hold(func(s string) {
		delete(b.marks, s) // want "write to map b.marks without holding b.mu"
	})
}

func (b *Board) Marked(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.marks[name]
}
