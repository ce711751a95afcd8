// Package shadow declares a local named like an import: conf.Enabled is then
// the field of each goroutine's own value, not the package map.
package shadow

import "example.com/pkgmaps/conf"

type settings struct{ Enabled map[string]bool }

// Fill starts goroutines that each fill their own settings.
func Fill(n int) {
	for range n {
		go func() {
			conf := &settings{Enabled: map[string]bool{}}
			conf.Enabled["a"] = true
		}()
	}
	conf.Set("shadow")
}
