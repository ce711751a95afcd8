package p

import (
	"fmt"
	"net/http"
)

// A function with the handler signature handed to a server as a value.
var last = map[string]string{}

func remember(w http.ResponseWriter, r *http.Request) {
	last[r.RemoteAddr] = r.URL.Path // want "concurrent write to map last: remember runs on several goroutines"
	fmt.Fprintln(w, "ok")
}

func Server() *http.Server {
	return &http.Server{Handler: http.HandlerFunc(remember)}
}
