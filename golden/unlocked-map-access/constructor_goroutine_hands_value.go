package p

import "sync"

// The constructor's goroutine is handed the value itself: it can reach
// every map of it.
type server struct {
	mu      sync.Mutex
	plugins map[string]int
	done    chan struct{}
}

func newServer(names []string) *server {
	s := &server{plugins: map[string]int{}, done: make(chan struct{})}
	go func() {
		serve(s)
	}()
	s.load(names)
	return s
}

func serve(s *server) {
	<-s.done
}

func (s *server) load(names []string) {
	for _, n := range names {
		s.plugins[n] = len(s.plugins) // want "write to map s.plugins without holding s.mu"
	}
}

func (s *server) Info(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plugins[name]
}

func (s *server) Add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.plugins[name] = len(s.plugins)
}
