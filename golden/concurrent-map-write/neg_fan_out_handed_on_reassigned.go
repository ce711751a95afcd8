package p

import (
	"maps"
	"sync"
)

type spec struct {
	labels map[string]string
}

type recurringJob struct {
	name string
	spec spec
}

func (j *recurringJob) clone() *recurringJob {
	return &recurringJob{name: j.name, spec: spec{labels: maps.Clone(j.spec.labels)}}
}

// startVolume replaces the shared job by a copy of its own before handing it
// on: label writes the copy's map.
func startAll(volumes []string, job *recurringJob) {
	var wg sync.WaitGroup
	for range volumes {
		wg.Go(func() {
			startVolume(job)
		})
	}
	wg.Wait()
}

func startVolume(job *recurringJob) {
	job = job.clone()
	label(job)
}

func label(job *recurringJob) {
	job.spec.labels["job"] = job.name
}
