package p

import "sync"

// Trigger ranges the package map without the lock and calls the hooks it
// holds: a hook may add or delete hooks, so holding the lock around the
// calls could deadlock; the finding comes without a fix.
var (
	watchers     = map[string]func(string){}
	watchersLock sync.Mutex
)

func Watch(name string, f func(string)) {
	watchersLock.Lock()
	defer watchersLock.Unlock()
	watchers[name] = f
}

func Notify(event string) {
	for _, f := range watchers { // want "read of map watchers without holding watchersLock: Watch locks it"
		f(event)
	}
}
