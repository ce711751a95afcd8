// Package cache keeps sizes that its watchers read on goroutines of their
// own.
package cache

import "fmt"

var sizes = map[string]int{}

// Size fills the table on first use; only the size command's run function
// calls it, which cobra runs on main's goroutine before anything starts.
func Size(name string) int {
	if n, ok := sizes[name]; ok {
		return n
	}
	n := len(name)
	sizes[name] = n
	return n
}

var seen = map[string]bool{}

// Mark is called by the serve command after it starts the watchers.
func Mark(name string) {
	seen[name] = true // want "concurrent write to map seen"
}

// Watch reads the tables on goroutines of its own.
func Watch(names <-chan string) {
	for i := 0; i < 2; i++ {
		go func() {
			for n := range names {
				fmt.Println(sizes[n], seen[n])
			}
		}()
	}
}
