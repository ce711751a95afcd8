package workers

import (
	"context"
	"runtime/pprof"
)

// Pool starts its workers through a function of another package that runs
// the method value it is handed on the new goroutine: each worker runs
// process, and the workers share the pool's map.
type Pool struct {
	seen map[string]int
	jobs chan string
}

func NewPool() *Pool {
	return &Pool{seen: map[string]int{}, jobs: make(chan string)}
}

func (p *Pool) Start(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		go pprof.Do(ctx, pprof.Labels("role", "worker"), p.work)
	}
}

func (p *Pool) work(ctx context.Context) {
	for job := range p.jobs {
		p.process(job)
	}
}

func (p *Pool) process(job string) {
	p.seen[job]++ // want "concurrent write to map p.seen"
}

// Near miss: one goroutine, started once, is the map's only user.
type Tracker struct {
	seen   map[string]int
	events chan string
}

func NewTracker() *Tracker {
	return &Tracker{seen: map[string]int{}, events: make(chan string)}
}

func (t *Tracker) Start(ctx context.Context) {
	go pprof.Do(ctx, pprof.Labels("role", "tracker"), t.track)
}

func (t *Tracker) track(ctx context.Context) {
	for e := range t.events {
		t.seen[e]++
	}
}
