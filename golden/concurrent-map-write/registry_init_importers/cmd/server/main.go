package main

import (
	"fmt"

	"example.com/registry/adapters"
	_ "example.com/registry/jsonadapter"
)

func main() {
	names := make(chan string)
	out := make(chan string)
	adapters.Serve(names, out)
	adapters.AddExtra("yaml", "application/yaml")
	names <- "json"
	fmt.Println(<-out)
}
