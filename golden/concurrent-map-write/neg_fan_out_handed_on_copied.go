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

type volumeJob struct {
	labels map[string]string
}

// newVolumeJob copies the shared job's labels before writing, and a local
// assigned the job's map is made again before the write: each goroutine
// writes a map of its own.
func startAll(volumes []string, job *recurringJob) {
	var wg sync.WaitGroup
	for range volumes {
		wg.Go(func() {
			startVolume(job)
		})
	}
	wg.Wait()
}

func startVolume(job *recurringJob) *volumeJob {
	first := newVolumeJob(job)
	return reset(job, first)
}

func newVolumeJob(job *recurringJob) *volumeJob {
	labels := map[string]string{}
	if job.spec.labels != nil {
		labels = maps.Clone(job.spec.labels)
	}
	labels["job"] = job.name
	return &volumeJob{labels: labels}
}

func reset(job *recurringJob, v *volumeJob) *volumeJob {
	labels := job.spec.labels
	labels = map[string]string{}
	labels["job"] = job.name
	v.labels = labels
	return v
}
