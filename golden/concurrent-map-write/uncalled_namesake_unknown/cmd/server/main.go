package main

import (
	"example.com/namesakeunknown/internal/api"
	"example.com/namesakeunknown/internal/client"
)

func main() {
	h := client.NewHandler()
	_ = api.Serve(api.NewExecutor(), func(method string) {
		h.SetExtension(method, func(s string) string { return s })
	})
}
