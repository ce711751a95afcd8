package main

import (
	"example.com/buildtools/app/internal/api"
	"example.com/gen"
)

func main() {
	_ = gen.Double(1)
	_ = api.Serve(api.NewExecutor())
}
