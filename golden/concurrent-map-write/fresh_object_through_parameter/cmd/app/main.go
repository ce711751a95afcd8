package main

import (
	"example.com/freshparam/catalog"
	"example.com/freshparam/plugins"
	"example.com/freshparam/plugins/b"
	"example.com/freshparam/registry"
)

// Default is one registry for the whole program.
var Default = registry.New()

// Shared is one catalog for the whole program.
var Shared = catalog.New()

// watch reads the shared catalog while main goes on.
func watch() {
	for !Shared.Has("b") {
	}
}

func main() {
	r := registry.New()
	if err := plugins.RegisterAll(r); err != nil {
		panic(err)
	}
	r.Run()
	r.Send("a")
	b.Late(r)

	Default.Run()
	b.Shared(Default)

	k := registry.New()
	k.Run()
	for _, hook := range plugins.Hooks {
		_ = hook(k)
	}

	s := registry.New()
	_ = plugins.StartAll(s)

	c := plugins.Catalog()
	c.Enable("a")
	go watch()
	b.AddShared(Shared)
	Shared.Enable("b")
	_ = plugins.Watched().Has("b")
}
