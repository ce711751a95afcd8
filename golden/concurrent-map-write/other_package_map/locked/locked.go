// Package locked writes another package's map from several goroutines, each
// holding that package's mutex.
package locked

import "example.com/pkgmaps/conf"

// Count starts n goroutines that count under conf.Mu.
func Count(n int) {
	for i := range n {
		go func() {
			conf.Mu.Lock()
			conf.Locked["count"] += i
			conf.Mu.Unlock()
		}()
	}
}
