package p

import (
	"fmt"
	"net/http"
)

// Each request builds its own store: its map is not shared.
type Store struct {
	counts map[string]int
}

func (st *Store) Add(k string) {
	st.counts[k]++
}

type Server struct{}

func (s *Server) visit(w http.ResponseWriter, r *http.Request) {
	st := &Store{counts: map[string]int{}}
	st.Add(r.URL.Path)
	fmt.Fprintln(w, len(st.counts))
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/visit", s.visit)
}
