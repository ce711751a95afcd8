package p

import "sync"

// clearRoutes is called once with the lock held and once without it: the
// unlocked call races with Route; taking the lock inside clearRoutes would
// deadlock Reset, so the finding comes without a fix.
var (
	table   = map[string]string{}
	tableMu sync.Mutex
)

func Route(path, target string) {
	tableMu.Lock()
	defer tableMu.Unlock()
	table[path] = target
}

func clearRoutes() {
	for name := range table { // want "read of map table without holding tableMu"
		delete(table, name) // want "write to map table without holding tableMu"
	}
}

func Reset() {
	tableMu.Lock()
	clearRoutes()
	tableMu.Unlock()
}

func ResetFast() {
	clearRoutes()
}
