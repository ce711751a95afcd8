// Package readonly only reads another package's map from its goroutines;
// the writes are that package's own business.
package readonly

import "example.com/pkgmaps/conf"

// Watch starts readers.
func Watch(n int, names []string) {
	for range n {
		go func() {
			for _, name := range names {
				if conf.Read[name] {
					return
				}
			}
		}()
	}
}
