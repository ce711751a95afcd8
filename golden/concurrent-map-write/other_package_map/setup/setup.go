// Package setup writes another package's map only in init and before it
// starts the goroutines that read it: not concurrent with them.
package setup

import "example.com/pkgmaps/conf"

func init() {
	conf.Plugins["init"] = "setup"
}

// Start registers a plugin, then starts readers.
func Start(n int, names []string) {
	conf.Plugins["start"] = "setup"
	for range n {
		go func() {
			for _, name := range names {
				_ = conf.Plugins[name]
			}
		}()
	}
}
