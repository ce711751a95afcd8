package main

import "example.com/uncalledentry/internal/api"

func main() {
	_ = api.Serve(api.NewExecutor())
}
