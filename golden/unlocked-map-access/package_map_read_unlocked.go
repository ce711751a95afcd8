package p

import "sync"

// A package-level map that every writer updates under a package-level
// mutex, read without it in Names (while the writers run on request
// goroutines) and ranged without it in Trigger, which calls the hooks.
var (
	hooks     = map[string]func(){}
	hooksLock sync.RWMutex
)

func AddHook(name string, f func()) {
	hooksLock.Lock()
	defer hooksLock.Unlock()
	hooks[name] = f
}

func DeleteHook(name string) {
	hooksLock.Lock()
	defer hooksLock.Unlock()
	delete(hooks, name)
}

func Names() []string {
	names := make([]string, 0, len(hooks)) // want "read of map hooks without holding hooksLock: AddHook locks it"
	for name := range hooks {              // want "read of map hooks without holding hooksLock: AddHook locks it"
		names = append(names, name)
	}
	return names
}
