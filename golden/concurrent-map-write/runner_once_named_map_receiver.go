package p

import "sync"

// writer runs each function it is handed on a goroutine of its own and
// returns at once: a caller that hands it a literal per element of a map
// it ranges has the literals delete from that map while the loop goes on.
type writer struct {
	wg *sync.WaitGroup
}

func (w *writer) Write(fn func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		fn()
	}()
}

func (w *writer) Wait() { w.wg.Wait() }

var files = &writer{wg: &sync.WaitGroup{}}

type entry struct {
	rows []string
}

// The receiver of a method of a named map type is the caller's map.
type table map[string]*entry

func (t table) Refresh() {
	for name, e := range t {
		files.Write(func() {
			if len(e.rows) == 0 {
				delete(t, name) // want "concurrent write to map t: shared with goroutines without a lock"
			}
		})
	}
}

func (t table) Prune() {
	for name, e := range t {
		go func() {
			if len(e.rows) == 0 {
				delete(t, name) // want "concurrent write to map t: shared with goroutines without a lock"
			}
		}()
	}
}

// The names are collected and deleted after every writer is done.
func (t table) Collect() {
	var mu sync.Mutex
	var empty []string
	for name, e := range t {
		files.Write(func() {
			if len(e.rows) == 0 {
				mu.Lock()
				empty = append(empty, name)
				mu.Unlock()
			}
		})
	}
	files.Wait()
	for _, name := range empty {
		delete(t, name)
	}
}

// waited runs the function and waits for it before returning: a plain call.
func waited(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
}

func (t table) Drop() {
	for name, e := range t {
		waited(func() {
			if len(e.rows) == 0 {
				delete(t, name)
			}
		})
	}
}

// each runs fn for every index at once and waits for them all.
func each(n int, fn func(int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i)
		}()
	}
	wg.Wait()
}

// The literals only read; the write comes after each has waited for them.
func readsThenWrites(out map[int]int) {
	each(3, func(i int) {
		_ = out[i]
	})
	out[5] = 1
}

// The literals write at once.
func writes(out map[int]int) {
	each(3, func(i int) {
		out[i] = i // want "concurrent write to map out: shared with goroutines without a lock"
	})
}
