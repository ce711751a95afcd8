package p

import "sync"

type spec struct {
	labels map[string]string
}

type recurringJob struct {
	name string
	spec spec
}

// startVolume hands the shared job on under a mutex: one goroutine writes
// its labels at a time.
func startAll(volumes []string, job *recurringJob) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, v := range volumes {
		wg.Go(func() {
			startVolume(&mu, v, job)
		})
	}
	wg.Wait()
}

func startVolume(mu *sync.Mutex, volume string, job *recurringJob) {
	mu.Lock()
	defer mu.Unlock()
	label(job, volume)
}

func label(job *recurringJob, volume string) {
	job.spec.labels[volume] = job.name
}

func newJob(name string) *recurringJob {
	return &recurringJob{name: name, spec: spec{labels: map[string]string{}}}
}
