package p

import (
	"sync"
	"time"
)

// Only the goroutine Evaluate starts writes results (setResult, under the
// lock, for the checks' snapshot reads). The closure timed runs before it
// returns runs on that goroutine, in the order of its body: its read after
// collect cannot race with those writes, and snapshot only reads.
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
		defer close(done)
		run := func() {
			p.collect()
			done <- len(p.results)
		}
		timed(run)
	}()
	return <-done
}
