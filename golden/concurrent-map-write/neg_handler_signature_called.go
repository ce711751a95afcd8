package p

import (
	"fmt"
	"net/http"
)

// A function with the handler signature that is only ever called directly,
// once, by the package (never handed to a server) is not a handler.
var last = map[string]string{}

func remember(w http.ResponseWriter, r *http.Request) {
	last[r.RemoteAddr] = r.URL.Path
	fmt.Fprintln(w, "ok")
}

func Replay(w http.ResponseWriter, r *http.Request) {
	remember(w, r)
}
