// Package registry keeps tables filled while the program starts and read by
// the handlers of its server.
package registry

import (
	"fmt"
	"net/http"
)

var kinds = map[string]string{}

// Register is called only during package initialization: directly by init
// functions, and through plugin.Add, which only init functions call. Go
// runs initialization on one goroutine before main starts.
func Register(name, kind string) {
	kinds[name] = kind
}

var routes = map[string]string{}

// Route is called by the command's run, which main calls before anything
// starts a goroutine; the server starts after it.
func Route(path, target string) {
	routes[path] = target
}

var extras = map[string]string{}

// Extra is called by an init function, and also by a handler of the
// command while the server serves.
func Extra(name, value string) {
	extras[name] = value // want "concurrent write to map extras"
}

func handle(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, kinds[r.URL.Path], routes[r.URL.Path], extras[r.URL.Path])
}

// Serve serves the tables; its handlers run on goroutines of the server.
func Serve(addr string) error {
	http.HandleFunc("/", handle)
	return http.ListenAndServe(addr, nil)
}
