// Package alias copies a dependency's package map into a field of a struct
// literal: the field then holds that very map, so writing it writes the
// package map every importer shares.
package alias

import "example.com/registry"

// Client fetches with the handlers it holds.
type Client struct {
	Handlers map[string]string
	Src      string
}

func fetch(src string) {
	c := Client{Src: src, Handlers: registry.Handlers}
	c.Handlers["http"] = src // want `concurrent write to map c\.Handlers \(registry\.Handlers\): fetch runs on several goroutines without a lock`
}

// fetchOwn gives the copy a map of its own first: silent.
func fetchOwn(src string) {
	c := &Client{Src: src, Handlers: registry.Handlers}
	c.Handlers = map[string]string{}
	c.Handlers["http"] = src
}

// fetchLocal fills the field with a map it made: silent.
func fetchLocal(src string) {
	own := map[string]string{}
	c := Client{Src: src, Handlers: own}
	c.Handlers["http"] = src
}

// Fetch runs the fetches at once.
func Fetch(srcs []string) {
	for _, s := range srcs {
		go fetch(s)
		go fetchOwn(s)
		go fetchLocal(s)
	}
}
