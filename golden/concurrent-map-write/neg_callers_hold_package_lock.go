package p

import "sync"

// registry is not safe for concurrent use; every call holds the package's
// regMu, which serialises the calls of every handle.
type registry struct {
	items map[string]int
}

func (r *registry) Add(k string) {
	r.items[k]++
}

var regMu sync.Mutex

type Server struct {
	reg *registry
}

func (s *Server) handle(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			regMu.Lock()
			defer regMu.Unlock()
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
