package p

import (
	"sync"
	"time"
)

// later starts report on a goroutine of its own: its read of results runs
// beside collect's writes on the goroutine Evaluate starts, not after them.
type Pipeline struct {
	mu      sync.RWMutex
	results map[string]int
	checks  []string
}

func later(f func()) time.Duration {
	start := time.Now()
	go f()
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
				answers <- c + time.Duration(len(p.snapshot())).String()
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
		report := func() {
			done <- len(p.results) // want "read of map p.results without holding p.mu"
		}
		later(report)
		p.collect()
	}()
	return <-done
}
