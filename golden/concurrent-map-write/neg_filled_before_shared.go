package p

import "sync"

// Tasks is built and filled by one call before it is handed on: collect
// fills a value no other goroutine can reach until it returns it.
type Tasks struct {
	byOp map[string][]string
}

func newTasks() *Tasks {
	return &Tasks{byOp: map[string][]string{}}
}

func (t *Tasks) Add(op, name string) {
	t.byOp[op] = append(t.byOp[op], name)
}

func collect(items []string) *Tasks {
	ts := newTasks()
	for _, it := range items {
		ts.Add(it, it)
	}
	return ts
}

func worker(jobs <-chan []string, out chan<- *Tasks) {
	var wg sync.WaitGroup
	for b := range jobs {
		wg.Add(1)
		out <- collect(b)
		wg.Done()
	}
	wg.Wait()
}

func Run(n int, jobs <-chan []string, out chan<- *Tasks) {
	for range n {
		go worker(jobs, out)
	}
}
