// Package table keeps names registered by other packages' init functions
// and read by its workers.
package table

import "fmt"

var names = map[string]int{}

// Add is called only from init functions, but an init function of the
// module starts a goroutine first: that goroutine runs while the rest of
// initialization does, so the writes are not alone.
func Add(name string, n int) {
	names[name] = n // want "concurrent write to map names"
}

// Watch reads the table on goroutines of its own.
func Watch(keys <-chan string) {
	for i := 0; i < 2; i++ {
		go func() {
			for k := range keys {
				fmt.Println(names[k])
			}
		}()
	}
}
