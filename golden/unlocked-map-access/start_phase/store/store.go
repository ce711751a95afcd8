// Package store keeps a table that its handlers read under the lock.
package store

import (
	"fmt"
	"net/http"
	"sync"
)

type Store struct {
	mu   sync.RWMutex
	rows map[string]int
}

func New() *Store {
	return &Store{rows: map[string]int{}}
}

// Load is called only by main, before anything starts a goroutine: no
// other goroutine exists while it fills the table.
func (s *Store) Load(names []string) {
	for i, n := range names {
		s.rows[n] = i
	}
}

// Put is called by main before serving and by a handler while serving.
func (s *Store) Put(name string) {
	s.rows[name] = len(name) // want "write to map s.rows without holding s.mu"
}

func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fmt.Fprintln(w, s.rows[r.URL.Path])
}

func (s *Store) Set(name string, v int) {
	s.mu.Lock()
	s.rows[name] = v
	s.mu.Unlock()
}
