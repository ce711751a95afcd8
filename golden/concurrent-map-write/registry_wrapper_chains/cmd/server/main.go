package main

import (
	"fmt"

	"example.com/chains/plugins"
	"example.com/chains/registry"
	_ "example.com/chains/transport/tcp"
)

func setup() {
	registry.Setup("json", "application/json")
}

func main() {
	setup()
	names := make(chan string)
	out := make(chan string)
	registry.Serve(names, out)
	plugins.Enable("yaml")
	names <- "tcp"
	fmt.Println(<-out)
}
