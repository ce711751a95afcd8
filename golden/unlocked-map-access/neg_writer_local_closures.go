package p

import (
	"strings"
	"sync"
)

// Only the Loop goroutine writes bindings: the writes are in local closures
// that call each other and are only ever called from Loop's body (or from a
// callback Loop runs itself), so Loop's unlocked reads run on the writer's
// own goroutine and race with nothing; Lookup only reads under the lock.
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
		if name == "chain" {
			doAll(strings.Split(rest, ","))
		}
	}
	defer func() {
		k.mu.Lock()
		k.bindings["exit"] = nil
		k.mu.Unlock()
	}()
	for {
		event, ok := <-k.events
		if !ok {
			return
		}
		actions := k.bindings[event]
		doAll(actions)
	}
}

func (k *Keys) Lookup(event string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.bindings[event]
}
