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

// fetchAgain assigns c a new client before the write: the write is to the
// new client's map, silent.
func fetchAgain(src string) error {
	c, err := Client{Src: src, Handlers: registry.Handlers}, error(nil)
	c, err = newClient(src)
	if err != nil {
		return err
	}
	c.Handlers["http"] = src
	return nil
}

// fetchRedeclared is fetchAgain with a short variable redeclaration, which
// assigns c (only err is new): silent.
func fetchRedeclared(src string) error {
	c := Client{Src: src, Handlers: registry.Handlers}
	if c.Src == "" {
		return nil
	}
	c, err := newClient(src)
	if err != nil {
		return err
	}
	c.Handlers["http"] = src
	return nil
}

func newClient(src string) (Client, error) {
	return Client{Src: src, Handlers: map[string]string{}}, nil
}

// Fetch runs the fetches at once.
func Fetch(srcs []string) {
	for _, s := range srcs {
		go fetch(s)
		go fetchOwn(s)
		go fetchLocal(s)
		go fetchAgain(s)
		go fetchRedeclared(s)
	}
}
