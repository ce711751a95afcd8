package p

import "sync"

type Spec struct {
	Labels map[string]string
}

type Job struct {
	mu   sync.Mutex
	spec Spec
}

func (j *Job) Label(k string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.spec.Labels[k]
}

func label(s Spec) {
	s.Labels["seen"] = "yes" // want "write to map s.Labels without holding job.mu: sp := job.spec in Touch copies the struct but shares its map"
}

func relabel(s *Spec) {
	label(*s)
}

// Touch hands the copy by value two calls deep.
func Touch(job *Job) {
	sp := job.spec
	relabel(&sp)
}
