package p

import (
	"strings"
	"sync"
)

// The closure that writes bindings is handed to Watch, which may call it
// from anywhere: that write need not run on Loop's goroutine, so Loop's
// unlocked read races with it.
type Keys struct {
	mu       sync.Mutex
	bindings map[string][]string
	events   chan string
	watchers []func(string)
}

func (k *Keys) Watch(f func(string)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.watchers = append(k.watchers, f)
}

func (k *Keys) Loop() {
	unbind := func(action string) {
		name, rest, _ := strings.Cut(action, ":")
		if name == "unbind" {
			k.mu.Lock()
			delete(k.bindings, rest)
			k.mu.Unlock()
		}
	}
	k.Watch(unbind)
	for {
		event, ok := <-k.events
		if !ok {
			return
		}
		actions := k.bindings[event] // want "read of map k.bindings without holding k.mu"
		for _, a := range actions {
			unbind(a)
		}
	}
}

func (k *Keys) Lookup(event string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.bindings[event]
}
