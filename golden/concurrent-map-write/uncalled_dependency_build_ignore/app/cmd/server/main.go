package main

import (
	"example.com/buildignore/app/internal/api"
	"example.com/gen"
)

func main() {
	_ = gen.Double(1)
	_ = api.Serve(api.NewExecutor())
}
