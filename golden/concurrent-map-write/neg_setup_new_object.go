package p

import (
	"fmt"
	"net/http"
)

// The constructor fills the map of the object it has just made, before any
// goroutine can have it; the handlers only read it.
type Server struct {
	keys map[string]bool
}

func NewServer(trusted []string) *Server {
	s := &Server{keys: map[string]bool{}}
	s.loadKeys(trusted)
	return s
}

func (s *Server) loadKeys(trusted []string) {
	for _, k := range trusted {
		s.keys[k] = true
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, s.keys[r.Header.Get("Key")])
}
