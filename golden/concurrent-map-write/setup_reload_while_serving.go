package p

import (
	"fmt"
	"net/http"
)

// Near miss: the same loader is also reached from an exported Reload, which
// can run while the server serves.
type Server struct {
	keys map[string]bool
}

func NewServer(trusted []string) *Server {
	s := &Server{keys: map[string]bool{}}
	s.loadKeys(trusted)
	return s
}

func (s *Server) Reload(trusted []string) {
	s.loadKeys(trusted)
}

func (s *Server) loadKeys(trusted []string) {
	for _, k := range trusted {
		s.keys[k] = true // want "concurrent write to map s.keys: ServeHTTP runs on several goroutines"
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, s.keys[r.Header.Get("Key")])
}
