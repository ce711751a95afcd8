package p

import "sync"

// registry is not safe for concurrent use: its owner's mutex is held at
// every call of its methods, so they run one at a time. (The goroutines
// also call Add of a sync.WaitGroup, which is not registry's Add.)
type registry struct {
	items map[string]int
}

func (r *registry) Add(k string) {
	r.items[k]++
}

func (r *registry) drop(k string) {
	delete(r.items, k)
}

// reset runs only from dropAll, whose callers hold the lock.
func (r *registry) reset() {
	for k := range r.items {
		r.drop(k)
	}
}

func (r *registry) dropAll() {
	r.reset()
}

type Server struct {
	mu  sync.Mutex
	reg *registry
}

func (s *Server) handle(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			defer s.mu.Unlock()
			s.addLocked(k)
		}()
	}
	wg.Wait()
}

// addLocked must be called with s.mu held.
func (s *Server) addLocked(k string) {
	s.reg.Add(k)
}

func (s *Server) forget(k string) {
	s.mu.Lock()
	s.reg.drop(k)
	s.mu.Unlock()
}

func (s *Server) clearLocked() {
	s.reg.dropAll()
}

func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearLocked()
}

func (s *Server) Run(keys []string) {
	go s.handle(keys)
	for _, k := range keys {
		go s.forget(k)
	}
	go s.Clear()
}
