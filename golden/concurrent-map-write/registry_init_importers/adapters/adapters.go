// Package adapters keeps the config adapters, registered by the packages
// that implement them, and serves lookups from worker goroutines.
package adapters

import "fmt"

var adapters = map[string]string{}

// RegisterAdapter is called only from the importers' init functions:
// package initialization runs on one goroutine before main starts, and the
// workers start from main, after it.
func RegisterAdapter(name, format string) {
	if _, ok := adapters[name]; ok {
		panic(fmt.Sprintf("%s: adapter already registered", name))
	}
	adapters[name] = format
}

var extras = map[string]string{}

// AddExtra is called from main once the workers run.
func AddExtra(name, format string) {
	extras[name] = format // want "concurrent write to map extras: a goroutine in Serve runs on several goroutines without a lock"
}

func Serve(names <-chan string, out chan<- string) {
	for i := 0; i < 4; i++ {
		go func() {
			for n := range names {
				out <- adapters[n] + extras[n]
			}
		}()
	}
}
