package p

import (
	"strings"
	"sync"
)

// The closure that writes bindings is also started with go: that write runs
// on another goroutine, so Loop's unlocked read races with it.
type Keys struct {
	mu       sync.Mutex
	bindings map[string][]string
	events   chan string
}

func (k *Keys) Loop() {
	var do func(action string)
	doAll := func(actions []string) {
		for _, a := range actions {
			do(a)
		}
	}
	do = func(action string) {
		name, rest, _ := strings.Cut(action, ":")
		k.mu.Lock()
		switch name {
		case "unbind":
			delete(k.bindings, rest)
		case "bind":
			k.bindings[rest] = []string{"noop"}
		}
		k.mu.Unlock()
		if name == "later" {
			go doAll(strings.Split(rest, ","))
		}
	}
	for {
		event, ok := <-k.events
		if !ok {
			return
		}
		actions := k.bindings[event] // want "read of map k.bindings without holding k.mu"
		doAll(actions)
	}
}

func (k *Keys) Lookup(event string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.bindings[event]
}
