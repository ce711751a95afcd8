package main

import (
	"example.com/typednamesake/internal/api"
	"example.com/typednamesake/internal/client"
)

func main() {
	h := client.NewHandler()
	_ = api.Serve(api.NewExecutor(), func(method string) {
		h.SetExtension(method, func(s string) string { return s })
	})
}
