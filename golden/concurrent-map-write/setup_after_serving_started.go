package p

import (
	"fmt"
	"net/http"
)

// Near misses of setup: the server already runs (started on a goroutine)
// when the map is written, or the writer is also a handler.
var routes = map[string]string{}

func lookup(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, routes[r.URL.Path])
}

func learn(w http.ResponseWriter, r *http.Request) {
	add(r.URL.Path, "learned")
}

func add(path, name string) {
	routes[path] = name // want "concurrent write to map routes"
}

func Run(addr string) {
	http.HandleFunc("/", lookup)
	http.HandleFunc("/learn", learn)
	go http.ListenAndServe(addr, nil)
	routes["/late"] = "late" // want "concurrent write to map routes"
	add("/early", "x")
}
