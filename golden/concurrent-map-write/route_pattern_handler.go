package p

import (
	"fmt"
	"net/http"
)

// A router's registration: any call whose first argument is a route
// pattern hands over a handler the server runs per request.
type Router struct{ routes map[string]http.HandlerFunc }

func (rt *Router) Get(pattern string, h http.HandlerFunc) { rt.routes[pattern] = h }

var hits = map[string]int{}

func listUsers(w http.ResponseWriter, r *http.Request) {
	hits["users"]++ // want "concurrent write to map hits: listUsers runs on several goroutines"
	fmt.Fprintln(w, "users")
}

func Routes(rt *Router) {
	rt.Get("/users", listUsers)
}
