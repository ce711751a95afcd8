package p

import "sync"

// collect hands the value to the receiver of out before it fills it: the
// receiving goroutine can read the map while Add writes it.
type Tasks struct {
	byOp map[string][]string
}

func newTasks() *Tasks {
	return &Tasks{byOp: map[string][]string{}}
}

func (t *Tasks) Add(op, name string) {
	t.byOp[op] = append(t.byOp[op], name) // want "concurrent write to map t.byOp"
}

func collect(items []string, out chan<- *Tasks) {
	ts := newTasks()
	out <- ts
	for _, it := range items {
		ts.Add(it, it)
	}
}

func worker(jobs <-chan []string, out chan<- *Tasks) {
	var wg sync.WaitGroup
	for b := range jobs {
		wg.Add(1)
		collect(b, out)
		wg.Done()
	}
	wg.Wait()
}

func Run(n int, jobs <-chan []string, out chan<- *Tasks) {
	for range n {
		go worker(jobs, out)
	}
}
