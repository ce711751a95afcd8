package p

import "sync"

// newTasks hands back one value shared by every caller, not a new one.
type Tasks struct {
	byOp map[string][]string
}

var current = &Tasks{byOp: map[string][]string{}}

func newTasks() *Tasks {
	return current
}

func (t *Tasks) Add(op, name string) {
	t.byOp[op] = append(t.byOp[op], name) // want "concurrent write to map t.byOp"
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
