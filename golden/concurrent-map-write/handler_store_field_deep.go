package p

import (
	"fmt"
	"net/http"
)

// The handler is a method value; the map sits two fields down, in a store
// the server keeps, and is written through its method.
type Store struct {
	counts map[string]int
}

func (st *Store) Add(k string) {
	st.counts[k]++ // want "concurrent write to map st.counts: Add runs on several goroutines"
}

type Service struct {
	store *Store
}

func (v *Service) Record(path string) {
	v.store.Add(path)
}

type Server struct {
	svc *Service
}

func (s *Server) visit(w http.ResponseWriter, r *http.Request) {
	s.svc.Record(r.URL.Path)
	fmt.Fprintln(w, "ok")
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/visit", s.visit)
}
