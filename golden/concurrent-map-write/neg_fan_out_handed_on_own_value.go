package p

import "sync"

type spec struct {
	labels map[string]string
}

type recurringJob struct {
	name string
	spec spec
}

// Each goroutine makes its own job and hands it on: no map is shared.
func startAll(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			job := &recurringJob{name: name, spec: spec{labels: map[string]string{}}}
			startVolume(job)
		})
	}
	wg.Wait()
}

// The loop's own pointer per iteration, handed on two calls deep.
func startEach(jobs []recurringJob) {
	var wg sync.WaitGroup
	for i := range jobs {
		job := &jobs[i]
		wg.Go(func() {
			startVolume(job)
		})
	}
	wg.Wait()
}

func startVolume(job *recurringJob) {
	label(job)
}

func label(job *recurringJob) {
	job.spec.labels["job"] = job.name
}
