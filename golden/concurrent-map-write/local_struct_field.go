package p

import "sync"

type Info struct {
	Nodes map[string]int
	Jobs  map[string]int
}

// Snapshot's goroutines all write the Nodes map of the one Info the
// function made: a field of a local literal is shared as a local map is.
func Snapshot(names []string) *Info {
	snapshot := &Info{Nodes: make(map[string]int), Jobs: map[string]int{}}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			snapshot.Nodes[name] = len(name) // want "concurrent write to map snapshot.Nodes: shared with goroutines without a lock"
		}(n)
	}
	wg.Wait()
	snapshot.Jobs["total"] = len(snapshot.Nodes)
	return snapshot
}

// Near miss: each goroutine fills an Info of its own and sends it back;
// the function's own Info is written after every goroutine is done.
func Collect(names []string) *Info {
	total := &Info{Nodes: map[string]int{}}
	out := make(chan *Info, len(names))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			mine := &Info{Nodes: map[string]int{}}
			mine.Nodes[name] = len(name)
			out <- mine
		}(n)
	}
	wg.Wait()
	close(out)
	for info := range out {
		for k, v := range info.Nodes {
			total.Nodes[k] = v
		}
	}
	return total
}
