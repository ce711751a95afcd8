// Package server serves HTTP: net/http runs each request on its own
// goroutine.
package server

import (
	"net/http"

	"example.com/httpcache/locale"
)

func greet(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(locale.NewPrinter(r.URL.Query().Get("lang")).Print("hello")))
}

// Start serves until the listener fails.
func Start(addr string) error {
	if err := locale.Override("en", map[string]string{"hello": "hi"}); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/greet", greet)
	srv := &http.Server{Addr: addr, Handler: mux}
	return srv.ListenAndServe()
}
