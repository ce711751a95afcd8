package main

import (
	"fmt"
	"net/http"
)

// Routes and options written before the server starts are set up before
// any request runs; while serving the maps are only read.
var routes = map[string]string{}

var options = map[string]bool{}

func register(path, name string) {
	routes[path] = name
}

func lookup(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, routes[r.URL.Path], options["verbose"])
}

func main() {
	options["verbose"] = true
	register("/a", "alpha")
	register("/b", "beta")
	http.HandleFunc("/", lookup)
	routes["/c"] = "gamma" // after the registration, still before serving
	http.ListenAndServe(":8080", nil)
}
