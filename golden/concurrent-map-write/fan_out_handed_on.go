package p

import "sync"

type spec struct {
	labels      map[string]string
	concurrency int
}

type recurringJob struct {
	name string
	spec spec
}

type volumeJob struct {
	volume string
	labels map[string]string
}

// Every goroutine of the loop gets the same *recurringJob; startVolume hands
// it on to newVolumeJob, which takes the job's labels when it has them and
// writes them: the goroutines write the one job's map.
func startAll(volumes []string, job *recurringJob) []*volumeJob {
	var wg sync.WaitGroup
	jobs := make([]*volumeJob, len(volumes))
	for i, v := range volumes {
		wg.Go(func() {
			jobs[i] = startVolume(v, job)
		})
	}
	wg.Wait()
	return jobs
}

func startVolume(volume string, job *recurringJob) *volumeJob {
	return newVolumeJob(job, volume)
}

func newVolumeJob(job *recurringJob, volume string) *volumeJob {
	labels := map[string]string{}
	if job.spec.labels != nil {
		labels = job.spec.labels
	}
	labels["job"] = job.name // want "concurrent write to map labels: startAll starts goroutines in a loop that all pass job to startVolume, which hands it to newVolumeJob, which writes it without a lock"
	return &volumeJob{volume: volume, labels: labels}
}

// Two calls deep, through a method of the package: the write is the same.
type runner struct{ n int }

func (r *runner) runAll(volumes []string, job *recurringJob) {
	var wg sync.WaitGroup
	for _, v := range volumes {
		wg.Go(func() {
			r.run(v, job)
		})
	}
	wg.Wait()
}

func (r *runner) run(volume string, job *recurringJob) {
	r.n++
	mark(job, volume)
}

func mark(job *recurringJob, volume string) {
	job.spec.labels[volume] = "seen" // want "concurrent write to map job.spec.labels: runAll starts goroutines in a loop that all pass job to run, which hands it to mark, which writes it without a lock"
}
