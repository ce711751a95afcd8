package p

import "sync"

type job struct {
	results map[string]int
}

// Each goroutine gets its own *job (declared in the loop body): no map is
// written by two goroutines.
func runAll(names []string) []*job {
	jobs := make([]*job, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		j := &job{results: map[string]int{}}
		jobs[i] = j
		wg.Go(func() {
			run(j, name)
		})
	}
	wg.Wait()
	return jobs
}

func run(j *job, name string) {
	j.results[name] = len(name)
}

// One goroutine, not a loop of them: it alone writes the map.
func runOne(j *job, name string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(j, name)
	}()
	<-done
}
