package p

import "sync"

// The package lock is held only around a read: it guards nothing of the
// writers, which run on a goroutine per id with no lock.
var (
	seenMu sync.Mutex
	seen   = map[string]int{}
)

func record(id string) {
	seen[id]++ // want "concurrent write to map seen: record runs on several goroutines without a lock"
}

func Count(id string) int {
	seenMu.Lock()
	defer seenMu.Unlock()
	return seen[id]
}

func Watch(ids chan string) {
	for id := range ids {
		go record(id)
	}
}
