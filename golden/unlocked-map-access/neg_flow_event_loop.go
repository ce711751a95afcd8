package p

import "sync"

// The event loop takes the lock near the top of each iteration and releases
// it at the bottom; the branches that leave early release it before they
// `continue` or `return`, so every statement between the Lock and the last
// Unlock runs with it held (the lock state follows the control flow).
type Loop struct {
	mu      sync.Mutex
	pending map[string]int
	events  chan string
}

func (l *Loop) Run() {
	for ev := range l.events {
		l.mu.Lock()
		if ev == "" {
			l.mu.Unlock()
			continue
		}
		if ev == "quit" {
			l.mu.Unlock()
			return
		}
		switch ev {
		case "reset":
			for k := range l.pending {
				delete(l.pending, k)
			}
		default:
			l.pending[ev]++
		}
		n := len(l.pending)
		l.mu.Unlock()
		_ = n
	}
}

// Held across iterations: the loop releases the lock only around the wait
// and takes it again before the next iteration.
func (l *Loop) Drain(wait func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.pending) > 0 {
		for k := range l.pending {
			delete(l.pending, k)
			break
		}
		l.mu.Unlock()
		wait()
		l.mu.Lock()
	}
}

// Both arms of the if take the lock: it is held after it.
func (l *Loop) Add(k string, fast bool) {
	if fast {
		l.mu.Lock()
	} else {
		wait()
		l.mu.Lock()
	}
	l.pending[k]++
	l.mu.Unlock()
}

func (l *Loop) Get(k string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending[k]
}

func wait() {}
