package p

import "sync"

// registry is not safe for concurrent use; the lock is held where the go
// statement runs, not on the goroutines it starts.
type registry struct {
	items map[string]int
}

func (r *registry) Add(k string) {
	r.items[k]++ // want "concurrent write to map r.items"
}

type Server struct {
	mu  sync.Mutex
	reg *registry
}

func (s *Server) handle(keys []string) {
	var wg sync.WaitGroup
	wg.Add(len(keys))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		go func() {
			defer wg.Done()
			s.reg.Add(k)
		}()
	}
	wg.Wait()
}

func (s *Server) Run(batches [][]string) {
	for _, keys := range batches {
		go s.handle(keys)
	}
}
