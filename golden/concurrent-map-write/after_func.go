package p

import "time"

// time.AfterFunc runs its function in its own goroutine when the timer
// fires, while the caller goes on writing the same map.
func mark(keys []string) map[string]bool {
	seen := map[string]bool{}
	timer := time.AfterFunc(time.Millisecond, func() {
		seen["timeout"] = true // want "concurrent write to map seen: shared with goroutines without a lock"
	})
	for _, k := range keys {
		seen[k] = true // want "concurrent write to map seen: shared with goroutines without a lock"
	}
	timer.Stop()
	return seen
}
