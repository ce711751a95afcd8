package p

import "sync"

// registry is not safe for concurrent use; the lock held at the call is
// another Server's, which does not guard this Server's registry.
type registry struct {
	items map[string]int
}

func (r *registry) Add(k string) {
	r.items[k]++ // want "concurrent write to map r.items"
}

type Server struct {
	mu   sync.Mutex
	reg  *registry
	peer *Server
}

func (s *Server) handle(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.peer.mu.Lock()
			defer s.peer.mu.Unlock()
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
