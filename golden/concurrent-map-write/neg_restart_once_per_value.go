package p

import (
	"context"
	"sync/atomic"
)

// Methods that start a goroutine on their receiver but run once per value:
// no second goroutine of the same value writes the map.

// Each key gets a worker of its own: start runs once on each new value.
type worker struct {
	key  string
	seen map[string]int
}

func (w *worker) start(ticks <-chan int) {
	go w.run(ticks)
}

func (w *worker) run(ticks <-chan int) {
	for n := range ticks {
		w.seen[w.key] = n
	}
}

func startAll(keys []string, ticks <-chan int) []*worker {
	var all []*worker
	for _, key := range keys {
		w := &worker{key: key, seen: map[string]int{}}
		w.start(ticks)
		all = append(all, w)
	}
	return all
}

// Each value of a slice, picked by the loop: start runs once on each.
func startEach(workers []*worker, ticks <-chan int) {
	for _, w := range workers {
		w.start(ticks)
	}
	for i := range workers {
		workers[i].start(ticks)
	}
}

// One call or the other, never both.
func startOne(w *worker, a, b <-chan int, first bool) {
	if first {
		w.start(a)
	} else {
		w.start(b)
	}
}

// Server's Start takes only a context: it starts the value's one loop.
type Server struct {
	requests chan string
	hits     map[string]int
}

// NewServer makes a Server.
func NewServer() *Server {
	return &Server{requests: make(chan string), hits: map[string]int{}}
}

// Start starts serving until ctx is done.
func (s *Server) Start(ctx context.Context) {
	go s.loop(ctx)
}

func (s *Server) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-s.requests:
			s.hits[r]++
		}
	}
}

// Pump guards its start by a field it tests and sets first: one goroutine
// per value, however often Attach is called.
type Pump struct {
	started bool
	counts  map[string]int
}

// NewPump makes a Pump.
func NewPump() *Pump {
	return &Pump{counts: map[string]int{}}
}

// Attach starts pumping the items of in, once.
func (p *Pump) Attach(in <-chan string, prefix string) {
	if p.started {
		return
	}
	p.started = true
	go func() {
		for item := range in {
			p.counts[prefix+item]++
		}
	}()
}

// Feed guards its start by an atomic flag it swaps first.
type Feed struct {
	running atomic.Bool
	counts  map[string]int
}

// NewFeed makes a Feed.
func NewFeed() *Feed {
	return &Feed{counts: map[string]int{}}
}

// Attach starts feeding the items of in, once.
func (f *Feed) Attach(in <-chan string, prefix string) {
	if !f.running.CompareAndSwap(false, true) {
		return
	}
	go func() {
		for item := range in {
			f.counts[prefix+item]++
		}
	}()
}
