package p

import "sync"

// The map is only ever written in ensure, a helper every caller of which
// holds r.mu (the setters run on build goroutines); Forget and Status touch
// it without the lock.
type result struct{ status string }

type Builds struct {
	mu      sync.Mutex
	results map[string]*result
}

func NewBuilds() *Builds {
	return &Builds{results: map[string]*result{}}
}

func (r *Builds) ensure(name string) *result {
	res, ok := r.results[name]
	if !ok {
		res = &result{}
		r.results[name] = res
	}
	return res
}

func (r *Builds) SetStatus(name, status string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ensure(name).status = status
}

func (r *Builds) Forget(name string) {
	delete(r.results, name) // want "write to map r.results without holding r.mu: the callers of ensure hold it"
}

func (r *Builds) Status(name string) string {
	if res, ok := r.results[name]; ok { // want "read of map r.results without holding r.mu: the callers of ensure hold it"
		return res.status
	}
	return ""
}

func (r *Builds) Run(names <-chan string) {
	for name := range names {
		go r.SetStatus(name, "done")
	}
}
