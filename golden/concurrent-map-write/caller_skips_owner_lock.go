package p

import "sync"

// registry is not safe for concurrent use, but one caller forgets the
// owner's mutex: add can run while another goroutine's add holds it.
type registry struct {
	items map[string]int
}

func (r *registry) add(k string) {
	r.items[k]++ // want "concurrent write to map r.items"
}

type Server struct {
	mu  sync.Mutex
	reg *registry
}

func (s *Server) handle(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reg.add(k)
}

func (s *Server) quick(k string) {
	s.reg.add(k)
}

func (s *Server) Run(keys []string) {
	for _, k := range keys {
		go s.handle(k)
		go s.quick(k)
	}
}
