package main

import (
	"fmt"
	"net/http"

	"example.com/lazycache/handlers"
)

func main() {
	for _, n := range []string{"pods", "nodes"} {
		fmt.Println(handlers.Route(n))
	}
	srv := &http.Server{Addr: ":8080"}
	go func() { _ = srv.ListenAndServe() }()
	fmt.Println(handlers.Kind("pods"))
}
