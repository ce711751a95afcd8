package p

import (
	"net/http"
	"sync"
)

// The near misses of inner_map_write_entry.go: the handler holds the lock
// for the inner write, another only reads an inner map, and goroutines the
// package starts itself each write the inner map of their own key.
type lockedCounter struct {
	mu   sync.Mutex
	hits map[string]map[string]int
}

func (c *lockedCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.hits[r.URL.Path]; ok {
		c.hits[r.URL.Path][r.Method]++
	}
}

type report struct {
	hits map[string]map[string]int
}

func (p *report) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.hits[r.URL.Path][r.Method] == 0 {
		http.NotFound(w, r)
	}
}

type shards struct {
	counts map[int]map[string]int
}

func (s *shards) fill(words []string) {
	var wg sync.WaitGroup
	for i := range s.counts {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, w := range words {
				s.counts[i][w]++
			}
		}(i)
	}
	wg.Wait()
}

func serve(mux *http.ServeMux, s *shards, words []string) {
	s.fill(words)
	mux.Handle("/locked", &lockedCounter{hits: map[string]map[string]int{}})
	mux.Handle("/report", &report{hits: map[string]map[string]int{}})
}
