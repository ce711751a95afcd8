package main

import (
	"fmt"

	"example.com/uncalled/internal/registry"
	"example.com/uncalled/store"
)

func main() {
	r := registry.New()
	go r.Add("a")
	go func() { fmt.Println(r.Len()) }()
	fmt.Println(r)
	s := &store.Store{}
	s.Put("k", "v")
}

func init() {
	d := &registry.Digest{}
	fmt.Fprintln(d, "x")
}
