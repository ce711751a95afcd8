// Package hooks keeps functions that its server runs later.
package hooks

import (
	"fmt"
	"net/http"
)

var hooks = map[string]func(){}

// Add keeps a function to run later: it does not call it. Only the
// command's run calls Add, before it serves.
func Add(name string, f func()) {
	hooks[name] = f
}

var names = map[string]int{}

// Name is called by the command's run after a call that starts a
// goroutine reading the table.
func Name(name string) {
	names[name]++ // want "concurrent write to map names"
}

func handle(w http.ResponseWriter, r *http.Request) {
	_, ok := hooks[r.URL.Path]
	fmt.Fprintln(w, ok, names[r.URL.Path])
}

// Serve serves the tables; its handlers run on goroutines of the server.
func Serve(addr string) error {
	http.HandleFunc("/hooks", handle)
	return http.ListenAndServe(addr, nil)
}

// Watch starts a goroutine that reads the tables.
func Watch() {
	go func() {
		fmt.Println(len(hooks), len(names))
	}()
}
