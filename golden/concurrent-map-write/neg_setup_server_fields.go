package p

import (
	"fmt"
	"net/http"
	"sync"
)

// A server's handler table filled by its own setup before it serves; the
// workers started afterwards only read it.
type Server struct {
	handlers map[string]http.HandlerFunc
	names    map[int]string
}

func (s *Server) Handle(pattern string, h http.HandlerFunc) {
	s.handlers[pattern] = h
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := s.handlers[r.URL.Path]; ok {
		h(w, r)
	}
}

func (s *Server) work(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println(s.names[id])
}

func Run(addr string) error {
	s := &Server{handlers: map[string]http.HandlerFunc{}, names: map[int]string{}}
	s.Handle("/health", func(w http.ResponseWriter, r *http.Request) {})
	var wg sync.WaitGroup
	for i := range 4 {
		s.names[i] = fmt.Sprint("worker", i)
	}
	for i := range 4 {
		wg.Add(1)
		go s.work(i, &wg)
	}
	wg.Wait()
	return http.ListenAndServe(addr, s)
}
