package p

import "sync"

// The constructor's goroutine reads plugins under mu while load fills it
// without: the goroutine can run before load is done.
type reader struct {
	mu       sync.RWMutex
	plugins  map[string]int
	messages chan string
}

func newReader(names []string) *reader {
	r := &reader{plugins: map[string]int{}, messages: make(chan string)}
	go func() {
		for msg := range r.messages {
			r.mu.RLock()
			_ = r.plugins[msg]
			r.mu.RUnlock()
		}
	}()
	r.load(names)
	return r
}

func (r *reader) load(names []string) {
	for _, n := range names {
		r.plugins[n] = len(r.plugins) // want "write to map r.plugins without holding r.mu"
	}
}

func (r *reader) Info(name string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.plugins[name]
}

func (r *reader) Add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.plugins[name] = len(r.plugins)
}
