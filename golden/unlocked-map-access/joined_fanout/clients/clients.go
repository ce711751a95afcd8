// Package clients holds a client set that goroutines fill under its lock:
// once as a local joined by the function that made it, and once through a
// wrapper that embeds it, held in a field of a request that another
// function's goroutines share.
package clients

import (
	"strconv"
	"sync"
)

// Set caches one client per index.
type Set struct {
	mu      sync.Mutex
	clients map[int]string
}

// NewSet returns an empty set.
func NewSet() *Set {
	return &Set{clients: make(map[int]string)}
}

// Get returns the client of index i, making it on first use. Sync calls it
// from goroutines that share one set: this read runs beside another Get's
// write, the lock on the writing side only does not order them.
func (s *Set) Get(i int) string {
	if c, ok := s.clients[i]; ok { // want "read of map s.clients without holding s.mu"
		return c
	}
	c := strconv.Itoa(i)
	s.mu.Lock()
	s.clients[i] = c
	s.mu.Unlock()
	return c
}

// Len counts the clients under the lock.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// Count starts goroutines on a set of its own and waits for them: only Len
// runs while they share it.
func Count(n int) int {
	s := NewSet()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Len()
		}()
	}
	wg.Wait()
	return s.Len()
}

// Wrapped embeds a set: its promoted Get acts on the embedded set.
type Wrapped struct {
	*Set
}

// Request holds the wrapped set of one run.
type Request struct {
	set *Wrapped
}

// Sync calls Get from goroutines on the set the request holds. It waits for
// them, but they share the set with each other: Get runs in that window
// although no goroutine captures a *Set by name.
func Sync(req *Request, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = req.set.Get(i)
		}()
	}
	wg.Wait()
}

// Run makes a request and syncs its set.
func Run(n int) {
	req := &Request{set: &Wrapped{Set: NewSet()}}
	Sync(req, n)
}
