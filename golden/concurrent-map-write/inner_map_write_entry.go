package p

import "net/http"

// ServeHTTP runs once per request, many at once: two requests for one path
// write the same inner map of hits (it only reads hits itself).
type counter struct {
	hits map[string]map[string]int
}

func newCounter() *counter {
	return &counter{hits: map[string]map[string]int{"/": {}, "/healthz": {}}}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.hits[r.URL.Path]; !ok {
		http.NotFound(w, r)
		return
	}
	c.hits[r.URL.Path][r.Method]++ // want "concurrent write to map c.hits: ServeHTTP runs on several goroutines"
}

// A handler registered with HandleFunc deletes from an inner map of a
// package-level map of maps, and another sets an entry of it.
var sessions = map[string]map[string]bool{"admin": {}, "user": {}}

func logout(w http.ResponseWriter, r *http.Request) {
	delete(sessions[r.URL.Query().Get("role")], r.URL.Query().Get("id")) // want "concurrent write to map sessions: log(in|out) runs on several goroutines"
}

func login(w http.ResponseWriter, r *http.Request) {
	sessions["user"][r.URL.Query().Get("id")] = true // want "concurrent write to map sessions: log(in|out) runs on several goroutines"
}

func routes(mux *http.ServeMux) {
	mux.Handle("/count", newCounter())
	mux.HandleFunc("/logout", logout)
	mux.HandleFunc("/login", login)
}
