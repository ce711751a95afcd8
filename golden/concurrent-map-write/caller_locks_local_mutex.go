package p

import "sync"

// registry is not safe for concurrent use; the lock held at the call is a
// local mutex of handle: each call of handle has its own, so the calls of
// two handles do not exclude each other.
type registry struct {
	items map[string]int
}

func (r *registry) Add(k string) {
	r.items[k]++ // want "concurrent write to map r.items"
}

type Server struct {
	reg *registry
}

func (s *Server) handle(keys []string) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
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
