package p

import (
	"strings"
	"sync"
)

// Encoder serialises every message under mu; the helpers that fill the
// sent map run only inside Encode, so they never overlap.
type Encoder struct {
	mu   sync.Mutex
	sent map[string]bool
	out  strings.Builder
}

func (e *Encoder) Encode(parts []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range parts {
		e.sendType(p)
	}
}

func (e *Encoder) sendType(name string) {
	if e.sent[name] {
		return
	}
	e.sent[name] = true
	e.out.WriteString(name)
}

func encodeAll(e *Encoder, batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func(b []string) {
			defer wg.Done()
			e.Encode(b)
		}(b)
	}
	wg.Wait()
}
