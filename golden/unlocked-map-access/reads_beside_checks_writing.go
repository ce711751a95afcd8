package p

import (
	"sync"
	"time"
)

// The checks write results themselves (setResult, under the lock) on their
// own goroutines while the goroutine Evaluate starts reads it without the
// lock after collect: the writes are not all that goroutine's own, so the
// read races with them.
type Pipeline struct {
	mu      sync.RWMutex
	results map[string]int
	checks  []string
}

func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

func (p *Pipeline) snapshot() map[string]int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[string]int, len(p.results))
	for k, v := range p.results {
		out[k] = v
	}
	return out
}

func (p *Pipeline) setResult(name string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.results[name] = n
}

func (p *Pipeline) collect() {
	answers := make(chan string)
	go func() {
		defer close(answers)
		var wg sync.WaitGroup
		for _, c := range p.checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.setResult(c, len(p.snapshot()))
				answers <- c
			}()
		}
		wg.Wait()
	}()
	for a := range answers {
		p.setResult(a, len(a))
	}
}

func (p *Pipeline) Evaluate() int {
	done := make(chan int)
	go func() {
		defer close(done)
		run := func() {
			p.collect()
			done <- len(p.results) // want "read of map p.results without holding p.mu"
		}
		timed(run)
	}()
	return <-done
}
